from django.urls import path

from omur.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("denetim/", views.audit_list, name="audit-list"),
    path("denetim/disa-aktar.csv", views.audit_export, name="audit-export"),
]
