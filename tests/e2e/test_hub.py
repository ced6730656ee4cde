"""The hub's public pages in a real browser: a delegation requests a tour, and the impact page with
its map; both must meet WCAG 2.2 AA (axe)."""

import datetime as dt
from typing import Any

import pytest

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hub_data() -> None:
    from omur.geo.services import geography_load
    from omur.hub.models import Project
    from omur.services.catalogue import catalogue_load
    from omur.services.models import PolicyArea

    geography_load()
    catalogue_load()
    p = Project.objects.create(
        code="mahalle-mutfaklari", name_tr="Mahalle Mutfakları", name_en="Neighbourhood Kitchens", is_published=True
    )
    p.policy_areas.set(PolicyArea.objects.filter(code="sosyal-hizmetler"))


def test_delegation_requests_a_tour(page: Any, live_server: Any, hub_data: None) -> None:
    from omur.hub.models import Tour

    start = dt.date.today() + dt.timedelta(days=20)
    page.goto(f"{live_server.url}/iyi-uygulamalar/tur/basvuru/")
    page.locator("#id_kind").select_option("district")
    page.locator("#id_province").select_option(label="Adana")
    # htmx narrows the municipality list to Adana's: wait until the province groups are gone.
    page.wait_for_selector("#id_municipality optgroup", state="detached")
    page.locator("#id_municipality").select_option(label="Seyhan Belediyesi (Büyükşehir ilçe belediyesi)")
    page.locator("#id_contact_name").fill("Nihal Aksoy")
    page.locator("#id_contact_phone").fill("0322 455 35 00")
    page.locator("#id_preferred_from").fill(start.isoformat())
    page.locator("#id_preferred_to").fill((start + dt.timedelta(days=5)).isoformat())
    page.locator("#id_head_count").fill("14")
    page.get_by_label("Mahalle Mutfakları").check()
    page.locator("#id_kvkk").check()
    page.locator("form[action$='/tur/basvuru/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/iyi-uygulamalar/tur/basvuru/alindi/")
    tour = Tour.objects.get()
    assert tour.municipality is not None and tour.municipality.name == "Seyhan Belediyesi"
    assert tour.head_count == 14 and list(tour.interests.values_list("code", flat=True)) == ["mahalle-mutfaklari"]


@pytest.mark.parametrize("language", ["tr", "en"])
def test_tour_request_form_meets_wcag_aa(a11y_page: Any, live_server: Any, hub_data: None, language: str) -> None:
    a11y_page.goto(f"{live_server.url}/iyi-uygulamalar/tur/basvuru/")
    if language == "en":
        a11y_page.locator("button[name=language][value=en]").click()
        a11y_page.wait_for_load_state()
    assert axe_violations(a11y_page) == []
    a11y_page.locator("form[action$='/tur/basvuru/'] button[type=submit]").click()
    a11y_page.wait_for_load_state()
    assert a11y_page.locator("#error-summary").is_visible()
    assert axe_violations(a11y_page) == []


def test_impact_page_meets_wcag_aa(a11y_page: Any, live_server: Any, hub_data: None) -> None:
    from omur.hub.demo import seed_hub

    seed_hub(seed=1)
    a11y_page.goto(f"{live_server.url}/iyi-uygulamalar/")
    a11y_page.wait_for_selector(".hub-map .leaflet-interactive", state="attached")
    assert a11y_page.get_by_test_id("fig-metropolitan").inner_text() == "6"
    assert axe_violations(a11y_page) == []


def test_coordinator_records_a_phone_request(page: Any, live_server: Any, hub_data: None) -> None:
    """From the tour list to the staff form (not the public one): the htmx municipality picker works
    there too, and the tour opens with the coordinator named as the one who took the call."""
    from conftest import make_user
    from omur.accounts.roles import Role
    from omur.hub.models import RequestChannel, Tour

    coordinator = make_user(Role.TOUR_COORDINATOR, username="tur")
    page.goto(f"{live_server.url}/hesap/giris/")
    page.get_by_label("Kullanıcı adı").fill("tur")
    page.get_by_label("Parola").fill("correct horse battery")
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/iyi-uygulamalar/ofis/turlar/")
    page.locator("a[href$='/ofis/turlar/yeni/']").click()
    page.wait_for_url("**/ofis/turlar/yeni/")
    start = dt.date.today() + dt.timedelta(days=12)
    page.locator("input[name=channel][value=phone]").check()
    page.locator("#id_kind").select_option("district")
    page.locator("#id_province").select_option(label="Adana")
    page.wait_for_selector("#id_municipality optgroup", state="detached")
    page.locator("#id_municipality").select_option(label="Seyhan Belediyesi (Büyükşehir ilçe belediyesi)")
    page.locator("#id_contact_name").fill("Nihal Aksoy")
    page.locator("#id_contact_phone").fill("0322 455 35 00")
    page.locator("#id_preferred_from").fill(start.isoformat())
    page.locator("#id_preferred_to").fill((start + dt.timedelta(days=2)).isoformat())
    page.locator("#id_head_count").fill("9")
    page.locator("#id_kvkk").check()
    page.locator("form[action$='/ofis/turlar/yeni/'] button[type=submit]").click()
    page.wait_for_selector("[data-testid=tour-channel]")
    tour = Tour.objects.get()
    assert page.url.endswith(f"/ofis/turlar/{tour.pk}/")
    assert tour.channel == RequestChannel.PHONE and tour.recorded_by == coordinator
    assert tour.municipality is not None and tour.municipality.name == "Seyhan Belediyesi"


def test_engagement_board_scrolls_inside_its_box(page: Any, live_server: Any, hub_data: None) -> None:
    """Eight stage columns are wider than a laptop screen: the board scrolls sideways on its own and
    the page does not (the hidden labels of the move forms once pushed the page out to the right)."""
    from conftest import make_user
    from omur.accounts.roles import Role
    from omur.geo.models import Municipality
    from omur.hub.models import Engagement, Project, Stage

    project = Project.objects.get(code="mahalle-mutfaklari")
    towns = Municipality.objects.order_by("pk")[:8]
    for town, stage in zip(towns, Stage.values, strict=True):
        launched = dt.date.today() if stage in (Stage.LAUNCHED, Stage.FOLLOW_UP) else None
        Engagement.objects.create(
            municipality=town, project=project, stage=stage, stage_since=dt.date.today(), launched_on=launched
        )
    make_user(Role.TOUR_COORDINATOR, username="tur")
    page.goto(f"{live_server.url}/hesap/giris/")
    page.get_by_label("Kullanıcı adı").fill("tur")
    page.get_by_label("Parola").fill("correct horse battery")
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/iyi-uygulamalar/ofis/surecler/")
    board = page.locator(".hub-board")
    assert board.evaluate("b => b.scrollWidth > b.clientWidth")  # wider than the screen: it scrolls
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
