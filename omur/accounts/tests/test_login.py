from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_user
from omur.accounts.models import Session
from omur.accounts.roles import Role
from omur.accounts.services import user_deactivate, user_set_roles

PASSWORD = "correct horse battery"


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_with_right_password_reaches_home(social_worker: Any) -> None:
    client = Client()
    response = _login(client, social_worker.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_login_with_wrong_password_shows_translated_error(social_worker: Any) -> None:
    response = _login(Client(HTTP_ACCEPT_LANGUAGE="tr"), social_worker.username, "wrong")
    assert response.status_code == 200
    assert "doğru" in response.content.decode()  # Django's Turkish message for a bad username/password


def test_login_failures_lock_the_username_only_from_that_address(social_worker: Any, audit_events: Any) -> None:
    attacker = Client()
    for _ in range(3):
        _login(attacker, social_worker.username, "guess", ip="203.0.113.9")
    locked = _login(attacker, social_worker.username, PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    # The real user at their own desk is not locked out by the stranger.
    own = Client()
    assert _login(own, social_worker.username, PASSWORD, ip="10.0.0.5").status_code == 302
    assert audit_events.filter(action="auth.login_failed").count() >= 3


def test_deactivated_user_cannot_log_in(deactivated_user: Any) -> None:
    response = _login(Client(), deactivated_user.username, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_deactivating_ends_open_sessions(social_worker: Any, office_manager: Any, audit_events: Any) -> None:
    client = Client()
    _login(client, social_worker.username, PASSWORD)
    assert Session.objects.filter(user_id=social_worker.pk).count() == 1
    user_deactivate(actor=office_manager, user=social_worker)
    assert Session.objects.filter(user_id=social_worker.pk).count() == 0
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert audit_events.filter(action="user.deactivate", object_id=str(social_worker.pk)).exists()


def test_deactivating_in_admin_checkbox_also_ends_sessions(social_worker: Any) -> None:
    client = Client()
    _login(client, social_worker.username, PASSWORD)
    social_worker.is_active = False
    social_worker.save()
    assert not Session.objects.filter(user_id=social_worker.pk).exists()


def test_removing_a_role_ends_sessions_and_is_audited(social_worker: Any, system_admin: Any, audit_events: Any) -> None:
    client = Client()
    _login(client, social_worker.username, PASSWORD)
    user_set_roles(actor=system_admin, user=social_worker, roles=[Role.CALL_OPERATOR])
    assert not Session.objects.filter(user_id=social_worker.pk).exists()
    event = audit_events.get(action="user.roles")
    assert event.changes["roles"] == [["social_worker"], ["call_operator"]]


def test_logout_needs_post_and_ends_the_session(client_as: Any, nurse: Any) -> None:
    client = client_as(nurse)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


@override_settings(OMUR_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_required_2fa_sends_new_staff_to_setup_then_lets_them_in(db: Any) -> None:
    user = make_user(Role.NURSE)
    client = Client()
    _login(client, user.username, PASSWORD)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp-setup"))
    setup = client.get(reverse("accounts:otp-setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("accounts:otp-setup"), {"token": "000000"}).status_code == 200  # wrong code
    token = f"{totp(device.bin_key):06d}"
    assert client.post(reverse("accounts:otp-setup"), {"token": token, "next": "/"}).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.parametrize("require", [True, False])
def test_user_with_device_must_enter_code(db: Any, require: bool) -> None:
    with override_settings(OMUR_REQUIRE_2FA=require, OTP_TOTP_THROTTLE_FACTOR=0):
        user = make_user(Role.SOCIAL_WORKER)
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = Client()
        _login(client, user.username, PASSWORD)
        response = client.get(reverse("core:home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp-verify"))
        assert client.post(reverse("accounts:otp-verify"), {"token": "12345"}).status_code == 200
        token = f"{totp(device.bin_key):06d}"
        client.post(reverse("accounts:otp-verify"), {"token": token, "next": "/"})
        assert client.get(reverse("core:home")).status_code == 200


def test_otp_verify_refuses_open_redirect(db: Any) -> None:
    user = make_user(Role.SOCIAL_WORKER)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.username, PASSWORD)
    token = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:otp-verify"), {"token": token, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_demo_user_ensure_is_idempotent(db: Any) -> None:
    from omur.accounts.services import demo_user_ensure

    first, created = demo_user_ensure(
        role=Role.NURSE, username="hemsire", first_name="Fatma", last_name="Çelik", password="x" * 12
    )
    again, created_again = demo_user_ensure(
        role=Role.NURSE, username="hemsire", first_name="Fatma", last_name="Çelik", password="x" * 12
    )
    assert created and not created_again and first.pk == again.pk
    assert list(again.groups.values_list("name", flat=True)) == ["nurse"]
