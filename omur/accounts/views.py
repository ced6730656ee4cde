import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from omur.accounts.forms import TokenForm
from omur.core.audit import audit_record
from omur.core.models import AuditEvent


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@sensitive_post_parameters("token")
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:otp-setup")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        audit_record(actor=request.user, action="auth.otp_verified", obj=device.user, kind=AuditEvent.Kind.AUTH)
        return redirect(_safe_next(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@sensitive_post_parameters("token")
def otp_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists() and not user.is_verified():
        return redirect("accounts:otp-verify")
    # One pending device per user, kept across reloads so the QR code does not change under the user.
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": str(_("Authenticator app"))}
    )
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        audit_record(actor=user, action="auth.otp_enrolled", obj=user, kind=AuditEvent.Kind.AUTH)
        return redirect(_safe_next(request))
    secret = base64.b32encode(device.bin_key).decode()
    context = {"form": form, "qr": _qr_data_uri(device.config_url), "secret": secret, "next": _safe_next(request)}
    return render(request, "accounts/otp_setup.html", context)


def profile(request: HttpRequest) -> HttpResponse:
    has_device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists()
    return render(request, "accounts/profile.html", {"has_device": has_device})
