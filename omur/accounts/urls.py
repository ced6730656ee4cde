from django.contrib.auth.decorators import login_not_required
from django.urls import path

from omur.accounts import views

app_name = "accounts"

urlpatterns = [
    path("giris/", login_not_required(views.LoginView.as_view()), name="login"),
    path("cikis/", views.LogoutView.as_view(), name="logout"),
    path("iki-adim/", views.otp_verify, name="otp-verify"),
    path("iki-adim/kurulum/", views.otp_setup, name="otp-setup"),
    path("profil/", views.profile, name="profile"),
]
