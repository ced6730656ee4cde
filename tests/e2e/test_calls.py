"""An operator works the check-in call list on a 360 px phone: next call, the call screen with tel:
links and questions, an outcome, and the next call opening by itself."""

import datetime as dt
from typing import Any

import pytest

from conftest import make_user
from omur.accounts.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def todays_calls() -> Any:
    from django.utils import timezone

    from omur.calls import services
    from omur.calls.models import Call, QuestionKind
    from omur.calls.tests.factories import ProgrammeFactory, QuestionFactory
    from omur.registry.models import EmergencyContact
    from omur.registry.tests.factories import PersonFactory

    supervisor = make_user(Role.SOCIAL_WORKER, username="supervisor")
    programme = ProgrammeFactory(name="Günlük hal hatır")
    QuestionFactory(programme=programme, text="Bugün nasılsınız?", kind=QuestionKind.SCALE, required=True)
    QuestionFactory(programme=programme, text="İlaçlarınızı aldınız mı?", kind=QuestionKind.YES_NO)
    people = [
        PersonFactory(given_name="Şükriye", family_name="Işık", phone="+905321112233"),
        PersonFactory(given_name="İsmail", family_name="Öztürk", phone="+905324445566"),
    ]
    EmergencyContact.objects.create(person=people[0], name="Aysel Işık", phone="+905339876543", relation="Kızı")
    for person in people:
        services.member_add(actor=supervisor, programme=programme, person=person)
    services.call_list_generate(programme=programme, day=timezone.localdate())
    Call.objects.update(due_at=timezone.now() - dt.timedelta(minutes=30))
    return people


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/hesap/giris/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("correct horse battery")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_operator_works_the_list_on_a_phone(phone_page: Any, live_server: Any, todays_calls: Any) -> None:
    from omur.calls.models import Call, CallStatus

    first, second = todays_calls
    make_user(Role.CALL_OPERATOR, username="elif")
    _sign_in(phone_page, live_server, "elif")
    phone_page.goto(f"{live_server.url}/aramalar/")
    assert phone_page.get_by_test_id("due-now").inner_text() == "2"
    phone_page.get_by_test_id("next-call").click()
    phone_page.wait_for_url(f"{live_server.url}/aramalar/arama/*/")
    assert phone_page.get_by_test_id("person-name").inner_text() == first.full_name
    assert phone_page.get_by_test_id("person-phone").get_attribute("href") == "tel:+905321112233"
    assert "Aysel Işık" in phone_page.get_by_test_id("contacts").inner_text()
    # Nothing wider than the phone: no sideways scrolling on the call screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    # A required question left empty: the screen says so and nothing is recorded.
    phone_page.get_by_test_id("outcome-well").click()
    assert phone_page.get_by_test_id("call-error").is_visible()
    assert Call.objects.get(person=first).status == CallStatus.PENDING

    phone_page.locator("label", has_text="4").first.click()
    phone_page.get_by_test_id("outcome-well").click()
    # "Then open the next call" is ticked: the second person's screen opens.
    phone_page.wait_for_function(
        "(name) => document.querySelector('[data-testid=person-name]')?.innerText === name", arg=second.full_name
    )
    done = Call.objects.get(person=first)
    assert done.status == CallStatus.DONE and done.outcome == "well"
    assert list(done.call_attempts.get().answers.values()) == [4]
    assert Call.objects.get(person=second).claimed_by.username == "elif"
