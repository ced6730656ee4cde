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
    visits = []
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
