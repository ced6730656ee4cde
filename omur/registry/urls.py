from django.urls import path

from omur.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.person_search, name="person-search"),
    path("yeni/", views.person_create, name="person-create"),
    path("mahalleler/", views.neighbourhood_options, name="neighbourhood-options"),
    path("secim/", views.person_options, name="person-options"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/duzenle/", views.person_update, name="person-update"),
    path("<int:pk>/tc-kimlik-no/", views.person_reveal_tckn, name="person-reveal-tckn"),
    path("<int:pk>/ozel-nitelikli/", views.person_health, name="person-health"),
    path("<int:pk>/ozel-nitelikli/duzenle/", views.person_health_update, name="person-health-update"),
    path("<int:pk>/yakinlar/yeni/", views.contact_add, name="contact-add"),
    path("<int:pk>/yakinlar/<int:contact_pk>/sil/", views.contact_remove, name="contact-remove"),
    path("<int:pk>/yasal-dayanak/yeni/", views.basis_add, name="basis-add"),
    path("<int:pk>/yasal-dayanak/<int:basis_pk>/geri-cek/", views.basis_withdraw, name="basis-withdraw"),
    path("haneler/", views.household_list, name="household-list"),
    path("haneler/yeni/", views.household_create, name="household-create"),
    path("haneler/<int:pk>/", views.household_detail, name="household-detail"),
    path("haneler/<int:pk>/uye-ekle/", views.household_member_add, name="household-member-add"),
    path(
        "haneler/<int:pk>/uyeler/<int:member_pk>/cikar/", views.household_member_remove, name="household-member-remove"
    ),
    path("haneler/<int:pk>/hane-reisi/", views.household_head_change, name="household-head-change"),
]
