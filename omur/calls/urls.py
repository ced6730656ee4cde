from django.urls import path

from omur.calls import views

app_name = "calls"

urlpatterns = [
    # Operators: the day's list and the call screen.
    path("", views.work, name="work"),
    path("siradaki/", views.next_call, name="next"),
    path("arama/<int:pk>/", views.call, name="call"),
    path("arama/<int:pk>/surdur/", views.call_keep, name="call-keep"),
    path("arama/<int:pk>/birak/", views.call_release, name="call-release"),
    path("arama/<int:pk>/gecmis/", views.call_detail, name="call-detail"),
    path("arama/<int:pk>/ihtiyac/", views.need_add, name="need-add"),
    # Supervisors: the live dashboard, programmes, needs waiting for a referral.
    path("pano/", views.dashboard, name="dashboard"),
    path("pano/listeler/", views.lists_generate, name="lists-generate"),
    path("programlar/", views.programme_list, name="programme-list"),
    path("programlar/yeni/", views.programme_edit, name="programme-create"),
    path("programlar/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programlar/<int:pk>/duzenle/", views.programme_edit, name="programme-edit"),
    path("programlar/<int:pk>/sorular/", views.questions_edit, name="questions-edit"),
    path("programlar/<int:pk>/uye/", views.member_add, name="member-add"),
    path("programlar/<int:pk>/uye/<int:member_id>/cikar/", views.member_remove, name="member-remove"),
    path("programlar/<int:pk>/liste/", views.list_generate, name="list-generate"),
    path("ihtiyaclar/", views.need_list, name="need-list"),
    path("ihtiyaclar/<int:pk>/yonlendir/", views.need_refer, name="need-refer"),
    path("ihtiyaclar/<int:pk>/kapat/", views.need_dismiss, name="need-dismiss"),
]
