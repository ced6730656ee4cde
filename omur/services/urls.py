from django.urls import path

from omur.services import views

app_name = "services"

urlpatterns = [
    # Staff: the catalogue, locations, eligibility and worklists
    path("", views.service_list, name="service-list"),
    path("katalog/<slug:code>/", views.service_detail, name="service-detail"),
    path("katalog/<slug:code>/duzenle/", views.service_edit, name="service-edit"),
    path("katalog/<slug:code>/uygun-kisiler/", views.worklist, name="worklist"),
    path("yerler/", views.location_list, name="location-list"),
    path("yerler/<slug:code>/", views.location_detail, name="location-detail"),
    path("uygunluk/<int:person_id>/", views.person_eligibility, name="person-eligibility"),
    # Public directory (no login)
    path("rehber/", views.directory, name="directory"),
    path("rehber/hizmet/<slug:code>/", views.directory_service, name="directory-service"),
    path("rehber/yer/<slug:code>/", views.directory_location, name="directory-location"),
]
