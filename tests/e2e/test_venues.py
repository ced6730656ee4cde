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
