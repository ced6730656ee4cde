import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_user
from omur.accounts.roles import Role
from omur.calls.models import QuestionKind
from omur.calls.tests.factories import ProgrammeFactory, QuestionFactory
from omur.cases.models import EnrolmentStatus
from omur.cases.tests.factories import EnrolmentFactory, ServiceFactory
from omur.registry.models import EmergencyContact
from omur.registry.tests.factories import PersonFactory

# An ordinary Wednesday (no public holiday) in Mersin's time zone.
DAY = dt.date(2025, 3, 12)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def checkin_service(db: Any) -> Any:
    return ServiceFactory(code="yasli-hal-hatir", mechanism="checkin_call", name_tr="Günlük hal hatır araması")


@pytest.fixture
def programme(checkin_service: Any) -> Any:
    programme = ProgrammeFactory(service=checkin_service, name="Günlük 65+ yalnız yaşayanlar")
    QuestionFactory(
        programme=programme, text="Bugün nasılsınız?", kind=QuestionKind.SCALE, required=True, flag_answer="2"
    )
    QuestionFactory(programme=programme, text="İlaçlarınızı aldınız mı?", kind=QuestionKind.YES_NO, flag_answer="no")
    QuestionFactory(programme=programme, text="Eklemek istediğiniz?", kind=QuestionKind.TEXT)
    return programme


@pytest.fixture
def case_manager(db: Any) -> Any:
    return make_user(Role.SOCIAL_WORKER, username="vaka_yoneticisi")


@pytest.fixture
def enrol(checkin_service: Any, case_manager: Any) -> Callable[..., Any]:
    """A person enrolled (active) in the check-in service, with an emergency contact by default."""

    def make(*, contact: bool = True, **person_fields: Any) -> Any:
        person = PersonFactory(**person_fields)
        EnrolmentFactory(
            person=person,
            service=checkin_service,
            status=EnrolmentStatus.ACTIVE,
            case_manager=case_manager,
            start_date=DAY - dt.timedelta(days=100),
        )
        if contact:
            EmergencyContact.objects.create(
                person=person, name=f"Aysel {person.family_name}", phone="+905339876543", relation="Kızı"
            )
        return person

    return make


@pytest.fixture
def second_operator(db: Any) -> Any:
    return make_user(Role.CALL_OPERATOR, username="second_operator")
