from django.urls import path

from omur.intake import views

app_name = "intake"

urlpatterns = [
    # Staff
    path("", views.request_list, name="request-list"),
    path("yeni/", views.request_create, name="request-create"),
    path("yeni/kisi-ara/", views.person_search, name="person-search"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/durum/", views.request_transition, name="request-transition"),
    path("<int:pk>/ata/", views.request_assign, name="request-assign"),
    # Public (no login)
    path("basvuru/", views.apply, name="apply"),
    path("basvuru/alindi/", views.apply_done, name="apply-done"),
    path("takip/", views.track, name="track"),
    path("mahalleler/", views.neighbourhood_options, name="neighbourhood-options"),
]
