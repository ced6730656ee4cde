from django.urls import path

from omur.homecare.views import feed, field, planner, repairs, staff, visits

app_name = "homecare"

urlpatterns = [
    path("", planner.planner, name="planner"),
    path("planla/", planner.plan_run, name="plan-run"),
    path("plan/<int:pk>/durum/", planner.plan_status, name="plan-status"),
    path("ziyaretleri-guncelle/", planner.materialise, name="materialise"),
    path("hastalik/", planner.staff_sick, name="staff-sick"),
    path("ziyaret/<int:pk>/tasi/", planner.visit_move, name="visit-move"),
    path("ziyaret/<int:pk>/sabitlemeyi-kaldir/", planner.visit_unpin, name="visit-unpin"),
    path("rota/<int:staff_id>/", planner.route_sheet, name="route-sheet"),
    path("personel/", staff.staff_list, name="staff-list"),
    path("personel/yeni/", staff.staff_create, name="staff-create"),
    path("personel/<int:pk>/", staff.staff_detail, name="staff-detail"),
    path("personel/<int:pk>/duzenle/", staff.staff_edit, name="staff-edit"),
    path("personel/<int:pk>/takvim/", staff.staff_feed, name="staff-feed"),
    path("izin/<int:pk>/sil/", staff.absence_delete, name="absence-delete"),
    path("bugun/", field.field_today, name="field-today"),
    path("bugun/takvim/", field.field_feed, name="field-feed"),
    path("ziyaret/yeni/", visits.visit_create, name="visit-create"),
    path("ziyaret/<int:pk>/", field.visit_detail, name="visit-detail"),
    path("ziyaret/<int:pk>/giris/", field.visit_check_in, name="visit-check-in"),
    path("ziyaret/<int:pk>/sonuc/", field.visit_outcome, name="visit-outcome"),
    path("takvim/<str:token>.ics", feed.ical_feed, name="ical-feed"),
    path("onarim/", repairs.repair_list, name="repair-list"),
    path("onarim/yeni/<int:person_id>/", repairs.repair_create, name="repair-create"),
    path("onarim/<int:pk>/", repairs.repair_detail, name="repair-detail"),
    path("onarim/<int:pk>/iptal/", repairs.repair_cancel, name="repair-cancel"),
]
