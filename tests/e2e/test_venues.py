"""The attendance screen in a real browser, at tablet width (768 px) and on a phone (360 px): big
toggles, one tap marks a person, the row and the counts update without a reload, nothing scrolls
sideways. And the public certificate check meets WCAG 2.2 AA."""

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from conftest import make_user
from omur.accounts.roles import Role
from omur.registry.tests.factories import PersonFactory
from omur.venues import services
from omur.venues.models import Attendance, Session
from omur.venues.tests.factories import ActivityFactory
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _signed_in(browser: Any, live_server: Any, user: Any, *, width: int, height: int, mobile: bool) -> Any:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(
        locale="tr-TR", viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile
    )
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


@pytest.mark.parametrize(("width", "height", "mobile"), [(768, 1024, True), (360, 740, True)])
def test_attendance_screen_on_tablet_and_phone(
    browser: Any, live_server: Any, width: int, height: int, mobile: bool
) -> None:
    staff = make_user(Role.CENTRE_STAFF, username="murat")
    today = timezone.localdate()
    activity = ActivityFactory(
        name="Kadınlara Özel Pilates", starts_on=today - dt.timedelta(days=7), ends_on=today + dt.timedelta(days=30)
    )
    session = Session.objects.create(activity=activity, date=today, starts_at=dt.time(10), ends_at=dt.time(11))
    people = [PersonFactory(given_name=n, family_name="Çelikoğlu") for n in ("Gülşen", "Şükran", "İpek")]
    enrolments = [services.enrolment_create(actor=staff, activity=activity, person=p) for p in people]
    context, page = _signed_in(browser, live_server, staff, width=width, height=height, mobile=mobile)
    try:
        page.goto(f"{live_server.url}/merkezler/oturumlar/{session.pk}/")
        rows = page.get_by_test_id("roster-row")
        assert rows.count() == 3
        first = page.locator(f"#row-{enrolments[0].pk}")
        absent = first.locator("button[data-status=absent]")
        box = absent.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44  # a thumb's target
        absent.click()
        page.wait_for_selector(f"#row-{enrolments[0].pk}[data-mark=absent]")
        page.locator(f"#row-{enrolments[1].pk} button[data-status=present]").click()
        page.wait_for_selector(f"#row-{enrolments[1].pk}[data-mark=present]")
        page.wait_for_function("() => document.querySelector('[data-testid=count-present]').textContent.trim() === '1'")
        assert page.get_by_test_id("count-absent").inner_text().strip() == "1"
        assert (
            page.locator(f"#row-{enrolments[0].pk} button[data-status=absent]").get_attribute("aria-pressed") == "true"
        )
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        # The three toggles of a row sit on one line at both widths.
        tops = {round(b.bounding_box()["y"]) for b in first.locator("button").all()}
        assert len(tops) == 1
    finally:
        context.close()
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    assert marks == {enrolments[0].pk: "absent", enrolments[1].pk: "present"}


def test_certificate_check_page_meets_wcag_aa(a11y_page: Any, live_server: Any) -> None:
    a11y_page.goto(f"{live_server.url}/merkezler/sertifika-dogrula/?kod=ABCDEFGHJK")
    assert a11y_page.get_by_test_id("verify-fail").is_visible()
    assert axe_violations(a11y_page) == []


def test_two_desks_take_the_last_place_at_the_same_moment(browser: Any, live_server: Any) -> None:
    """Two members of staff, each in their own browser, enrol a different person into the last place
    of a course; both press "Enrol" at the same instant (scheduled in both pages for one shared
    moment). One gets the place, the other person goes to the waitlist: never two in one place."""
    from omur.venues.models import Enrolment, EnrolmentStatus

    today = timezone.localdate()
    activity = ActivityFactory(
        name="Bilgisayar Kursu",
        capacity=2,
        starts_on=today + dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=60),
    )
    first_desk = make_user(Role.CENTRE_STAFF, username="murat")
    second_desk = make_user(Role.CENTRE_STAFF, username="elif")
    services.enrolment_create(actor=first_desk, activity=activity, person=PersonFactory())  # one place left
    people = [
        PersonFactory(given_name="Nurhan", family_name="Karaca"),
        PersonFactory(given_name="Sevgül", family_name="Aydemir"),
    ]
    desks = []
    try:
        for user, person in zip((first_desk, second_desk), people, strict=True):
            context, page = _signed_in(browser, live_server, user, width=1280, height=900, mobile=False)
            desks.append(context)
            page.goto(f"{live_server.url}/merkezler/etkinlikler/{activity.pk}/")
            page.locator("#enrol-q").fill(person.family_name)
            page.get_by_test_id("enrol-button").wait_for()
            desks.append(page)
        pages = desks[1::2]
        # Both forms are submitted by the pages' own timers at the same wall-clock instant.
        moment = pages[0].evaluate("() => Date.now() + 1500")
        for page in pages:
            page.evaluate(
                "(at) => setTimeout(() => document.querySelector('[data-testid=enrol-button]').closest('form')"
                ".requestSubmit(), at - Date.now())",
                moment,
            )
        for page in pages:
            page.wait_for_url(f"**/merkezler/etkinlikler/{activity.pk}/", wait_until="load")
            page.wait_for_selector(".messages")
    finally:
        for context in desks[0::2]:
            context.close()
    activity.refresh_from_db()
    statuses = sorted(Enrolment.objects.filter(person__in=people).values_list("status", flat=True))
    assert statuses == sorted([EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING])
    assert (
        activity.places_taken
        == 2
        == Enrolment.objects.filter(activity=activity, status=EnrolmentStatus.ENROLLED).count()
    )
