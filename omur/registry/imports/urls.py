from django.urls import path

from omur.registry.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("sablon.<str:fmt>", views.template_download, name="template"),
    path("<str:token>/", views.review, name="review"),
    path("<str:token>/onayla/", views.confirm, name="confirm"),
    path("<str:token>/vazgec/", views.discard, name="discard"),
    path("<str:token>/sorunlar.csv", views.problems_csv, name="problems"),
]
