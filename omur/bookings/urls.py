from django.urls import path

from omur.bookings.views import halls, mercan, therapy

app_name = "bookings"

urlpatterns = [
    # Therapy appointments (Otizm Aile Danışma Merkezi)
    path("terapi/", therapy.therapy_week, name="therapy-week"),
    path("terapi/musaitlik/", therapy.availability, name="therapy-availability"),
    path("terapi/musaitlik/<int:pk>/kaldir/", therapy.slot_remove, name="therapy-slot-remove"),
    path("terapi/planlar/", therapy.plan_list, name="therapy-plan-list"),
    path("terapi/planlar/yeni/", therapy.plan_create, name="therapy-plan-create"),
    path("terapi/cocuk-ara/", therapy.child_search, name="therapy-child-search"),
    path("terapi/planlar/<int:pk>/", therapy.plan_detail, name="therapy-plan-detail"),
    path("terapi/planlar/<int:pk>/uzat/", therapy.plan_extend, name="therapy-plan-extend"),
    path("terapi/planlar/<int:pk>/durdur/", therapy.plan_stop, name="therapy-plan-stop"),
    path("terapi/seanslar/<int:pk>/", therapy.session_detail, name="therapy-session-detail"),
    path("terapi/seanslar/<int:pk>/yoklama/", therapy.session_mark, name="therapy-session-mark"),
    path("terapi/seanslar/<int:pk>/iptal/", therapy.session_cancel, name="therapy-session-cancel"),
    path("terapi/seanslar/<int:pk>/not/", therapy.session_note, name="therapy-session-note"),
    # Mercan: staff
    path("mercan/", mercan.session_list, name="mercan-sessions"),
    path("mercan/oturumlar/yeni/", mercan.session_edit, name="mercan-session-create"),
    path("mercan/oturumlar/<int:pk>/", mercan.session_detail, name="mercan-session-detail"),
    path("mercan/oturumlar/<int:pk>/duzenle/", mercan.session_edit, name="mercan-session-edit"),
    path("mercan/rezervasyonlar/<int:pk>/iptal/", mercan.booking_cancel, name="mercan-booking-cancel"),
    path("mercan/kapi/", mercan.walk_ins, name="mercan-walkins"),
    path("mercan/kapi/say/", mercan.walk_in_bump, name="mercan-walkin-bump"),
    path("mercan/istatistik/", mercan.statistics, name="mercan-stats"),
    # Mercan: public (no login)
    path("mercan/ziyaret/", mercan.public_sessions, name="public-sessions"),
    path("mercan/ziyaret/<int:pk>/", mercan.public_book, name="public-book"),
    path("mercan/ziyaret/tamam/", mercan.public_done, name="public-done"),
    path("mercan/ziyaret/rezervasyonum/", mercan.public_manage, name="public-manage"),
    # Halls and meeting rooms
    path("salonlar/", halls.hall_calendar, name="hall-calendar"),
    path("salonlar/taziye/yeni/", halls.condolence_create, name="hall-condolence-create"),
    path("salonlar/toplanti/yeni/", halls.meeting_create, name="hall-meeting-create"),
    path("salonlar/<int:pk>/", halls.booking_detail, name="hall-booking-detail"),
    path("salonlar/<int:pk>/iptal/", halls.booking_cancel, name="hall-booking-cancel"),
]
