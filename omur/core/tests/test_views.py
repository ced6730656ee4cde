from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from omur.accounts.roles import Role


def test_healthz_reports_database_migrations_and_version(db: Any) -> None:
    response = Client().get(reverse("core:healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] is True and body["migrations"] is True and body["version"]


def test_home_shows_real_mersin_figures(client_as: Any, social_worker: Any, geography: Any) -> None:
    body = client_as(social_worker).get(reverse("core:home")).content.decode()
    assert "806" in body  # neighbourhoods
    assert ">13<" in body  # districts


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        (Role.AUDITOR, "core:audit-list", "admin:index"),
        (Role.SYSTEM_ADMIN, "admin:index", "core:audit-list"),
        (Role.SOCIAL_WORKER, "core:home", "core:audit-list"),
    ],
)
def test_navigation_is_role_aware(db: Any, role: Role, expected: str, absent: str) -> None:
    user = make_user(role, is_staff=role == Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(user)
    body = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse(expected)}"' in body
    assert f'href="{reverse(absent)}"' not in body


def test_auditor_home_counts_events(client_as: Any, auditor: Any, social_worker: Any) -> None:
    from omur.core.audit import audit_record

    for _ in range(3):
        audit_record(actor=social_worker, action="auth.login_failed")
    response = client_as(auditor).get(reverse("core:home"))
    cards = response.context["cards"]
    audit_card = next(c for c in cards if c.figures and c.figures[0].url.startswith(reverse("core:audit-list")))
    failed = next(f for f in audit_card.figures if "auth.login_failed" in f.url)
    assert failed.value == 3


def test_language_switch_to_english_and_back(client_as: Any, social_worker: Any) -> None:
    client = client_as(social_worker)
    assert "Hoş geldiniz" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    assert "Welcome" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("set-language"), {"language": "tr", "next": "/"})
    assert "Hoş geldiniz" in client.get(reverse("core:home")).content.decode()


def test_404_page_is_translated(client_as: Any, social_worker: Any) -> None:
    response = client_as(social_worker).get("/no-such-page/")
    assert response.status_code == 404
    assert "Sayfa bulunamadı" in response.content.decode()


def test_403_page_is_translated(client_as: Any, nurse: Any) -> None:
    response = client_as(nurse).get(reverse("core:audit-list"))
    assert response.status_code == 403 and "Erişim reddedildi" in response.content.decode()


def test_500_page_renders_without_context(rf: Any) -> None:
    from omur.core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500 and "Bir sorun oluştu" in response.content.decode()


def test_security_headers_present(client: Client, db: Any) -> None:
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]


def test_no_inline_script_or_style_in_pages(client_as: Any, auditor: Any) -> None:
    import re

    for url in [reverse("core:home"), reverse("core:audit-list"), reverse("accounts:profile")]:
        body = client_as(auditor).get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert "<style" not in body and " style=" not in body, url
