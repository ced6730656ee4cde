"""A school books Mercan from the public page and cancels with its code, in a real browser; the public
pages meet WCAG 2.2 AA (axe) in Turkish and English and fit a phone."""

import datetime as dt
from typing import Any

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mercan_session() -> Any:
    from django.utils import timezone

    from omur.bookings.tests.factories import GroupSessionFactory

    return GroupSessionFactory(
        title="Planetaryum: Güneş Sistemi Yolculuğu",
        day=timezone.localdate() + dt.timedelta(days=5),
        capacity=60,
        min_age=6,
        max_age=12,
    )


def _fill_school(page: Any) -> None:
    page.locator("#id_kind_0").check()
    page.locator("#id_organisation").fill("Mezitli Atatürk İlkokulu")
    page.locator("#id_contact_name").fill("Elif Kaya")
    page.locator("#id_phone").fill("0532 444 55 66")
    page.locator("#id_children").fill("24")
    page.locator("#id_adults").fill("2")
    page.locator("#id_youngest_age").fill("8")
    page.locator("#id_oldest_age").fill("9")


def test_a_school_books_and_cancels_with_its_code(page: Any, live_server: Any, mercan_session: Any) -> None:
    from omur.bookings.models import BookingStatus, GroupBooking, GroupSession

    page.goto(f"{live_server.url}/randevu/mercan/ziyaret/")
    page.locator(f"a[href='/randevu/mercan/ziyaret/{mercan_session.pk}/']").click()
    _fill_school(page)
    page.locator("#id_kvkk").check()
    page.locator("#main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/randevu/mercan/ziyaret/tamam/")
    code = page.get_by_test_id("booking-code").inner_text()
    booking = GroupBooking.objects.get()
    assert code == booking.code_display and booking.organisation == "Mezitli Atatürk İlkokulu"
    assert GroupSession.objects.get().seats_taken == 26

    page.goto(f"{live_server.url}/randevu/mercan/ziyaret/rezervasyonum/")
    page.locator("#id_kod").fill("ZZZZZ-ZZZZZ")
    page.locator("#main form[method=post] button[type=submit]").click()
    assert page.locator("#not-found").is_visible()
    page.locator("#id_kod").fill(code.lower())
    page.locator("#main form[method=post] button[type=submit]").click()
    assert "24" in page.get_by_test_id("people").inner_text()
    page.locator("input[name=action][value=cancel] ~ button").click()
    page.get_by_test_id("manage-done").wait_for()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and GroupSession.objects.get().seats_taken == 0


@pytest.mark.parametrize("language", ["tr", "en"])
def test_public_booking_pages_meet_wcag_aa(
    a11y_page: Any, live_server: Any, mercan_session: Any, language: str
) -> None:
    page = a11y_page
    page.goto(f"{live_server.url}/randevu/mercan/ziyaret/")
    if language == "en":
        page.locator("button[name=language][value=en]").click()
        page.wait_for_load_state()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/randevu/mercan/ziyaret/{mercan_session.pk}/")
    assert axe_violations(page) == []
    # With every error showing.
    page.locator("#main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert axe_violations(page) == []
    _fill_school(page)
    page.locator("#id_kvkk").check()
    page.locator("#main form[method=post] button[type=submit]").click()
    page.get_by_test_id("booking-code").wait_for()
    assert axe_violations(page) == []
    code = page.get_by_test_id("booking-code").inner_text()
    page.goto(f"{live_server.url}/randevu/mercan/ziyaret/rezervasyonum/")
    assert axe_violations(page) == []
    page.locator("#id_kod").fill(code)
    page.locator("#main form[method=post] button[type=submit]").click()
    page.get_by_test_id("people").wait_for()
    assert axe_violations(page) == []


def test_public_booking_fits_a_phone(phone_page: Any, live_server: Any, mercan_session: Any) -> None:
    for path in (
        "/randevu/mercan/ziyaret/",
        f"/randevu/mercan/ziyaret/{mercan_session.pk}/",
        "/randevu/mercan/ziyaret/rezervasyonum/",
    ):
        phone_page.goto(f"{live_server.url}{path}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways on a phone ({width}px)"
