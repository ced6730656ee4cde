"""The citizen's journey on the public intake pages, in a real browser, and their WCAG 2.2 AA check."""

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_data() -> None:
    from omur.geo.services import geography_load
    from omur.intake.tests.factories import CategoryFactory

    geography_load()
    CategoryFactory(code="home_cleaning", name="Evde temizlik")
    CategoryFactory(code="hot_meal", name="Sıcak yemek dağıtımı")


def _fill_application(page: Any) -> None:
    page.get_by_label("Adınız ve soyadınız").fill("Zeynep Arslan")
    page.get_by_label("Cep telefonu").fill("0532 444 55 66")
    page.get_by_label("İlçe").select_option(label="Tarsus")
    # htmx narrows the neighbourhood list to Tarsus: wait until the other districts' groups are gone.
    page.wait_for_selector("#id_neighbourhood optgroup", state="detached")
    page.get_by_label("Mahalle").select_option(index=1)
    page.get_by_label("Hangi hizmete ihtiyacınız var?").select_option(label="Sıcak yemek dağıtımı")
    page.get_by_label("İhtiyacınızı kısaca anlatın").fill("Annem yalnız yaşıyor ve yemek yapamıyor.")


def test_citizen_applies_and_tracks_the_status(page: Any, live_server: Any, public_data: None) -> None:
    from omur.intake.models import Channel, Request

    page.goto(f"{live_server.url}/basvurular/basvuru/")
    _fill_application(page)
    page.get_by_label("Yukarıdaki kişisel verilerin işlenmesine ilişkin aydınlatma metnini okudum", exact=False).check()
    page.get_by_role("button", name="Başvurumu gönder").click()
    page.wait_for_url(f"{live_server.url}/basvurular/basvuru/alindi/")
    code = page.get_by_test_id("tracking-code").inner_text()
    req = Request.objects.get()
    assert code == req.tracking_code_display
    assert req.channel == Channel.WEB_FORM and req.neighbourhood.district.name == "Tarsus"

    page.get_by_role("link", name="Durumu şimdi öğrenin").click()
    assert page.get_by_test_id("status-result").inner_text().count("Alındı") == 1
    assert "Zeynep" not in page.content()


def test_missing_acknowledgement_is_reported_on_the_field(page: Any, live_server: Any, public_data: None) -> None:
    from omur.intake.models import Request

    page.goto(f"{live_server.url}/basvurular/basvuru/")
    _fill_application(page)
    page.get_by_role("button", name="Başvurumu gönder").click()
    checkbox = page.locator("#id_kvkk")
    assert checkbox.get_attribute("aria-invalid") == "true"
    described = checkbox.get_attribute("aria-describedby") or ""
    assert "id_kvkk_error" in described
    assert "işaretleyin" in page.locator("#id_kvkk_error").inner_text()
    # What the citizen typed is kept.
    assert page.get_by_label("Adınız ve soyadınız").input_value() == "Zeynep Arslan"
    assert not Request.objects.exists()


@pytest.mark.parametrize("language", ["tr", "en"])
def test_application_form_meets_wcag_aa(a11y_page: Any, live_server: Any, public_data: None, language: str) -> None:
    a11y_page.goto(f"{live_server.url}/basvurular/basvuru/")
    if language == "en":
        a11y_page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
        a11y_page.wait_for_load_state()
    assert axe_violations(a11y_page) == []
    # With every error showing.
    a11y_page.locator("form[action$='/basvuru/'] button[type=submit]").click()
    a11y_page.wait_for_load_state()
    assert a11y_page.locator("#error-summary").is_visible()
    assert axe_violations(a11y_page) == []


def test_receipt_and_status_pages_meet_wcag_aa(a11y_page: Any, live_server: Any, public_data: None) -> None:
    from conftest import make_user
    from omur.accounts.roles import Role
    from omur.intake.models import Category, Channel, Decision, Status
    from omur.intake.services import request_create, request_transition

    worker = make_user(Role.SOCIAL_WORKER)
    req = request_create(
        actor=worker,
        channel=Channel.PHONE_185,
        category=Category.objects.get(code="hot_meal"),
        caller_name="Ali Kaya",
        caller_phone="05321234567",
    )
    request_transition(actor=worker, req=req, to_status=Status.TRIAGED)
    request_transition(actor=worker, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED, send_sms=False)

    a11y_page.goto(f"{live_server.url}/basvurular/takip/")
    assert axe_violations(a11y_page) == []
    a11y_page.get_by_label("Takip kodu").fill(req.tracking_code_display.lower())
    a11y_page.get_by_role("button", name="Durumu göster").click()
    assert "Onaylandı" in a11y_page.get_by_test_id("status-result").inner_text()
    assert axe_violations(a11y_page) == []

    a11y_page.get_by_label("Takip kodu").fill("AAAAA-AAAAA")
    a11y_page.get_by_role("button", name="Durumu göster").click()
    assert "bulunamadı" in a11y_page.get_by_test_id("not-found").inner_text()
    assert axe_violations(a11y_page) == []

    a11y_page.get_by_label("Takip kodu").fill("AB")
    a11y_page.get_by_role("button", name="Durumu göster").click()
    assert a11y_page.locator("#id_kod").get_attribute("aria-invalid") == "true"
    assert axe_violations(a11y_page) == []

    a11y_page.goto(f"{live_server.url}/basvurular/basvuru/alindi/")
    assert axe_violations(a11y_page) == []


def test_public_pages_fit_a_phone(phone_page: Any, live_server: Any, public_data: None) -> None:
    for path in ("/basvurular/basvuru/", "/basvurular/takip/?kod=AAAAA-AAAAA"):
        phone_page.goto(f"{live_server.url}{path}")
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, path
