"""The driver's phone view at 360 px: stops in order, navigation link, recording at the door."""

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


def test_driver_records_deliveries_on_a_phone(phone_page: Any, live_server: Any) -> None:
    from omur.cases.models import Enrolment, EnrolmentStatus
    from omur.cases.tests.factories import ServiceFactory
    from omur.geo.models import District, Neighbourhood, Province
    from omur.meals.models import DeliveryProfile, DeliveryRun, DeliveryStop, Diet, Kitchen, StopStatus
    from omur.registry.tests.factories import PersonFactory

    driver = make_user(Role.DRIVER, username="huseyin")
    province = Province.objects.create(id=33, name="Mersin", slug="mersin")
    district = District.objects.create(id=1, province=province, name="Akdeniz")
    hood = Neighbourhood.objects.create(id=101, district=district, name="Şevketsümer", population=9000)
    service = ServiceFactory(code="evde-sicak-yemek", mechanism="meal")
    kitchen = Kitchen.objects.create(code="merkez-mutfak", name="Merkez Mutfak", lat=36.8325, lon=34.622, vans=2)
    today = timezone.localdate()
    run = DeliveryRun.objects.create(day=today, kitchen=kitchen, number=1, driver=driver, depart=640, back=760)
    names = [("Şükrü", "Çağlayan"), ("Gülşen", "Işık"), ("İsmail", "Öztürk")]
    for seq, (given, family) in enumerate(names, start=1):
        person = PersonFactory(
            given_name=given,
            family_name=family,
            district=district,
            neighbourhood=hood,
            street="Atatürk Cd.",
            building_no=str(seq),
        )
        enrolment = Enrolment.objects.create(
            person=person, service=service, status=EnrolmentStatus.ACTIVE, start_date=today - dt.timedelta(days=30)
        )
        profile = DeliveryProfile.objects.create(
            enrolment=enrolment,
            kitchen=kitchen,
            lat=36.80 + seq / 100,
            lon=34.63,
            weekdays=[0, 1, 2, 3, 4],
            diet=Diet.SOFT,
            allergies=["milk"],
        )
        DeliveryStop.objects.create(
            run=run,
            profile=profile,
            person=person,
            day=today,
            sequence=seq,
            eta=660 + 10 * seq,
            portions=seq,
            diet=Diet.SOFT,
            allergies=["milk"],
        )

    page = phone_page
    _sign_in(page, live_server, "huseyin")
    page.goto(f"{live_server.url}/yemek/seferlerim/")
    page.locator(f"a[href='/yemek/seferler/{run.pk}/']").click()
    stops = page.get_by_test_id("stop")
    assert stops.count() == 3
    assert [stops.nth(i).locator("strong").first.inner_text() for i in range(3)] == [f"{g} {f}" for g, f in names]
    assert "maps" in stops.first.locator("a[href*='destination=']").get_attribute("href")
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    stops.nth(0).locator("button[value=delivered]").click()
    page.get_by_test_id("stop").nth(0).get_by_test_id("stop-status").wait_for()
    stops.nth(1).locator("button[value=refused]").click()
    page.get_by_test_id("stop").nth(1).get_by_test_id("stop-status").wait_for()
    statuses = dict(DeliveryStop.objects.values_list("sequence", "status"))
    assert statuses == {1: StopStatus.DELIVERED, 2: StopStatus.REFUSED, 3: StopStatus.PENDING}
