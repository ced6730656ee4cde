from django.urls import path

from omur.meals.views import delivery, menus, points

app_name = "meals"

urlpatterns = [
    path("", points.dashboard, name="dashboard"),
    # Kitchens, points, prices
    path("noktalar/", points.point_list, name="point-list"),
    path("noktalar/yeni/", points.point_edit, name="point-create"),
    path("noktalar/<int:pk>/", points.point_edit, name="point-edit"),
    path("mutfaklar/<int:pk>/", points.kitchen_edit, name="kitchen-edit"),
    path("fiyatlar/", points.price_list, name="price-list"),
    path("fiyatlar/yeni/", points.price_add, name="price-add"),
    # Daily figures and suspended meals
    path("gunluk/", points.point_days, name="point-days"),
    path("gunluk/<int:point_id>/", points.point_day_record, name="point-day-record"),
    path("askida/", points.donation_list, name="donation-list"),
    path("askida/bagis/", points.donation_create, name="donation-create"),
    path("askida/dagit/", points.redeem, name="redeem"),
    # Dishes and menus
    path("yemekler/", menus.dish_list, name="dish-list"),
    path("yemekler/yeni/", menus.dish_edit, name="dish-create"),
    path("yemekler/<int:pk>/", menus.dish_edit, name="dish-edit"),
    path("menuler/", menus.menu_calendar, name="menu-calendar"),
    path("menuler/<str:day>/", menus.menu_edit, name="menu-edit"),
    path("donguler/", menus.cycle_list, name="cycle-list"),
    path("donguler/<int:pk>/", menus.cycle_detail, name="cycle-detail"),
    path("donguler/<int:pk>/uret/", menus.cycle_generate, name="cycle-generate"),
    path("uretim/", menus.production, name="production"),
    path("uretim/pdf/", menus.production_pdf, name="production-pdf"),
    # Home delivery
    path("evde/", delivery.profile_list, name="profile-list"),
    path("evde/<int:enrolment_id>/", delivery.profile_edit, name="profile-edit"),
    path("evde/<int:enrolment_id>/askiya-al/", delivery.suspension_add, name="suspension-add"),
    path("evde/askilar/<int:pk>/bitir/", delivery.suspension_end, name="suspension-end"),
    path("teslimat/", delivery.delivery_day, name="delivery-day"),
    path("teslimat/planla/", delivery.plan_start, name="plan-start"),
    path("teslimat/plan/<int:pk>/", delivery.plan_status, name="plan-status"),
    path("teslimat/etiketler/", delivery.labels, name="labels"),
    path("seferler/<int:pk>/sofor/", delivery.run_assign, name="run-assign"),
    # Drivers
    path("seferlerim/", delivery.my_runs, name="my-runs"),
    path("seferler/<int:pk>/", delivery.run_detail, name="run-detail"),
    path("duraklar/<int:pk>/", delivery.stop_record, name="stop-record"),
]
