"""The public service directory in a real browser: search with Turkish letters, services near a
neighbourhood, a location's map, the way to apply, on a desktop and a 360 px phone, and WCAG 2.2 AA."""

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory_data() -> None:
    from omur.geo.services import geography_load
    from omur.services.catalogue import catalogue_load

    geography_load()
    catalogue_load()


def test_citizen_finds_a_service_near_home_and_reaches_the_application(
    page: Any, live_server: Any, directory_data: None
) -> None:
    page.goto(f"{live_server.url}/hizmetler/rehber/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mersin'de sosyal hizmetler"
    # Typed without Turkish letters and in capitals: still found.
    page.get_by_label("Ne arıyorsunuz?").fill("YASLI")
    page.get_by_role("button", name="Ara").click()
    page.wait_for_load_state()
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Sosyal Yaşam Merkezi Kreşi", exact=True)).to_have_count(0)
    expect(results.get_by_role("link", name="Yaşlı Destek Birimi Günlük Hal Hatır Araması", exact=True)).to_be_visible()

    page.get_by_label("Ne arıyorsunuz?").fill("")
    page.get_by_label("Mahallem").select_option(label="Halkkent")
    page.get_by_role("button", name="Ara").click()
    page.get_by_role("heading", name="Halkkent (Toroslar) yakınındaki hizmetler").wait_for()
    assert "Evinize gelir" in page.locator("#results").inner_text()

    page.get_by_role("link", name="Sosyal Yaşam Merkezi Kreşi", exact=True).click()
    page.get_by_role("heading", level=1, name="Sosyal Yaşam Merkezi Kreşi").wait_for()
    page.get_by_role("link", name="Halkkent Sosyal Yaşam Merkezi", exact=True).click()
    page.get_by_role("heading", level=1, name="Halkkent Sosyal Yaşam Merkezi").wait_for()
    # The map is drawn by services.js from the page's data (Leaflet adds its marker).
    page.locator(".services-map .leaflet-marker-icon").first.wait_for()
    assert "Pazartesi" in page.get_by_role("table").inner_text()

    page.get_by_role("link", name="Hizmete başvur").click()
    page.wait_for_url("**/basvurular/basvuru/**")


@pytest.mark.parametrize(
    "path",
    [
        "/hizmetler/rehber/",
        "/hizmetler/rehber/?neighbourhood=31747",
        "/hizmetler/rehber/hizmet/otizm-ozel-egitim/",
        "/hizmetler/rehber/yer/mercan/",
    ],
)
def test_directory_pages_meet_wcag_aa(a11y_page: Any, live_server: Any, directory_data: None, path: str) -> None:
    a11y_page.goto(f"{live_server.url}{path}")
    assert axe_violations(a11y_page) == []


def test_directory_in_english_meets_wcag_aa(a11y_page: Any, live_server: Any, directory_data: None) -> None:
    a11y_page.goto(f"{live_server.url}/hizmetler/rehber/")
    a11y_page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    a11y_page.wait_for_load_state()
    assert a11y_page.get_by_role("heading", level=1).inner_text() == "Social services in Mersin"
    assert axe_violations(a11y_page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/hizmetler/rehber/?life_stage=elderly",
        "/hizmetler/rehber/hizmet/mahalle-mutfaklari/",
        "/hizmetler/rehber/yer/halkkent-sym/",
    ],
)
def test_directory_fits_a_360px_phone(phone_page: Any, live_server: Any, directory_data: None, path: str) -> None:
    phone_page.goto(f"{live_server.url}{path}")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways ({width} px)"
    apply = (
        phone_page.get_by_role("link", name="Hizmete başvur").or_(phone_page.get_by_role("link", name="Başvur")).first
    )
    assert apply.is_visible()
    box = apply.bounding_box()
    assert box is not None and box["height"] >= 24  # WCAG 2.2 target size (minimum)
