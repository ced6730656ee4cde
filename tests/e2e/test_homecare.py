"""The carer's field view at 360 px: today's visits in order, a navigation link, check-in with the
phone's position, and recording the outcome."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_user
from omur.accounts.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/hesap/giris/")
    page.get_by_label("Kullanıcı adı").fill(username)
    page.get_by_label("Parola").fill("correct horse battery")
    page.get_by_role("button", name="Giriş yap").click()
    page.wait_for_url(f"{live_server.url}/")


def test_carer_works_the_day_on_a_phone(phone_page: Any, live_server: Any) -> None:
    from omur.homecare.models import Visit, VisitStatus
    from omur.homecare.tests.factories import StaffMemberFactory, VisitFactory
    from omur.registry.tests.factories import PersonFactory

    carer_user = make_user(Role.CAREGIVER, username="emine")
    carer = StaffMemberFactory(user=carer_user)
    today = timezone.localdate()
    names = [("Şükriye", "Çağlayan"), ("Gülşen", "Işık"), ("İsmail", "Öztürk")]
    visits: list[Any] = []
    for seq, (given, family) in enumerate(names, start=1):
        person = PersonFactory(given_name=given, family_name=family, street="Gazi Cd.", building_no=str(seq))
        visits.append(
            VisitFactory(
                person=person,
                date=today,
                assigned_staff=carer,
                sequence=seq,
                planned_start=dt.time(9 + seq),
                lat=36.80 + seq / 1000,
                lon=34.60,
                address=f"Gazi Cd. No:{seq}, Yenişehir/Mersin",
            )
        )
    VisitFactory(date=today)  # someone else's visit: must not show

    page = phone_page
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 36.801, "longitude": 34.60})
    _sign_in(page, live_server, "emine")
    page.goto(f"{live_server.url}/evde-bakim/bugun/")
    cards = page.get_by_test_id("field-visit")
    assert cards.count() == 3
    assert [cards.nth(i).inner_text().split("\n")[1] for i in range(3)] == [f"{g} {f}" for g, f in names]
    # Nothing sticks out sideways at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    cards.nth(0).get_by_role("link").click()
    assert page.get_by_test_id("nav-geo").get_attribute("href").startswith("geo:36.801")
    page.wait_for_selector("form[data-geo][data-geo-bound]", state="attached")  # the position script is ready
    page.get_by_test_id("check-in").click()
    page.wait_for_selector("[data-testid=check-in]", state="detached")  # gone once the visit is checked in
    first = Visit.objects.get(pk=visits[0].pk)
    assert first.status == VisitStatus.IN_PROGRESS
    assert first.check_in_lat is not None and first.check_in_distance_m is not None and first.check_in_distance_m < 200
    assert not first.location_flagged

    page.locator("input[name=outcome][value=done]").check()
    page.get_by_test_id("record-outcome").click()
    page.wait_for_url(f"{live_server.url}/evde-bakim/bugun/")
    first.refresh_from_db()
    assert first.status == VisitStatus.DONE and first.checked_out_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_planner_adds_an_urgent_visit_by_hand(page: Any, live_server: Any) -> None:
    """From the planner: "Add a visit", find the person, fill the visit, tick urgent; the visit is in
    the day's urgent box. Selectors use names and test ids (the UI language is Turkish)."""
    from omur.homecare.models import Visit
    from omur.homecare.tests.factories import StaffMemberFactory
    from omur.registry.tests.factories import PersonFactory

    make_user(Role.OFFICE_MANAGER, username="mudur_e2e")
    StaffMemberFactory()
    person: Any = PersonFactory(given_name="Nazmiye", family_name="Kocabaş", sex="F", lat=36.80, lon=34.60)
    day = timezone.localdate() + dt.timedelta(days=1)
    _sign_in(page, live_server, "mudur_e2e")
    page.goto(f"{live_server.url}/evde-bakim/?day={day.isoformat()}")
    page.get_by_test_id("add-visit").click()
    page.locator("input[name=q]").fill("nazmiye koca")
    page.locator("form[role=search] button[type=submit]").click()
    page.get_by_test_id("found").locator("a").first.click()
    page.locator("select[name=required_skill]").select_option("welfare_check")
    assert page.locator("input[name=date]").input_value() == day.isoformat()
    page.locator("input[name=window_start]").fill("10:00")
    page.locator("input[name=window_end]").fill("12:00")
    page.locator("input[name=duration_minutes]").fill("30")
    page.locator("input[name=urgent]").check()
    page.locator("input[name=reason]").fill("Komşusu iki gündür görmemiş")
    page.get_by_test_id("visit-form").locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/evde-bakim/?day={day.isoformat()}*")
    visit = Visit.objects.get(person=person)
    assert visit.urgent and visit.date == day and visit.duration_minutes == 30
    assert page.locator("#urgent").inner_text().count("Nazmiye Kocabaş") == 1
