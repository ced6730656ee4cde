import datetime as dt
from typing import Any

import pytest

from omur.calls import services
from omur.calls.models import Call, CallList, CallStatus
from omur.calls.tests.conftest import DAY, at
from omur.calls.tests.factories import ProgrammeFactory
from omur.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_list_has_everyone_enrolled_and_the_people_added_by_hand(
    programme: Any, enrol: Any, social_worker: Any
) -> None:
    enrolled = [enrol() for _ in range(3)]
    extra = PersonFactory()
    services.member_add(actor=social_worker, programme=programme, person=extra)
    call_list, added = services.call_list_generate(programme=programme, day=DAY)
    assert call_list is not None and added == 4
    assert set(Call.objects.values_list("person_id", flat=True)) == {p.pk for p in [*enrolled, extra]}
    first = Call.objects.first()
    assert first is not None and first.status == CallStatus.PENDING and first.due_at == at(9)


def test_generating_twice_adds_nothing_and_a_late_joiner_is_added(programme: Any, enrol: Any) -> None:
    enrol()
    enrol()
    services.call_list_generate(programme=programme, day=DAY)
    _again, added = services.call_list_generate(programme=programme, day=DAY)
    assert added == 0
    assert CallList.objects.count() == 1 and Call.objects.count() == 2
    enrol()
    _list, added = services.call_list_generate(programme=programme, day=DAY)
    assert added == 1 and Call.objects.count() == 3


def test_the_deceased_the_unreachable_and_the_not_yet_enrolled_are_left_out(programme: Any, enrol: Any) -> None:
    kept = enrol()
    enrol(date_of_death=DAY - dt.timedelta(days=2))
    enrol(phone="")
    later = enrol()
    later.enrolments.update(start_date=DAY + dt.timedelta(days=1))
    services.call_list_generate(programme=programme, day=DAY)
    assert list(Call.objects.values_list("person_id", flat=True)) == [kept.pk]


def test_removed_member_is_not_called(programme: Any, social_worker: Any) -> None:
    person = PersonFactory()
    member = services.member_add(actor=social_worker, programme=programme, person=person)
    services.member_remove(actor=social_worker, member=member)
    services.call_list_generate(programme=programme, day=DAY)
    assert not Call.objects.exists()


def test_holidays_are_skipped_only_when_the_programme_says_so(programme: Any, enrol: Any) -> None:
    enrol()
    national_sovereignty_day = dt.date(2025, 4, 23)  # a Wednesday and a public holiday
    programme.skip_holidays = True
    programme.save()
    assert services.call_list_generate(programme=programme, day=national_sovereignty_day) == (None, 0)
    programme.skip_holidays = False
    programme.save()
    call_list, added = services.call_list_generate(programme=programme, day=national_sovereignty_day)
    assert call_list is not None and added == 1


def test_weekly_programme_calls_on_its_weekdays_only(db: Any, social_worker: Any) -> None:
    weekly = ProgrammeFactory(frequency="weekly", weekdays=[0, 3])  # Monday and Thursday
    services.member_add(actor=social_worker, programme=weekly, person=PersonFactory())
    assert services.call_list_generate(programme=weekly, day=DAY) == (None, 0)  # a Wednesday
    thursday = DAY + dt.timedelta(days=1)
    assert services.call_list_generate(programme=weekly, day=thursday)[1] == 1


def test_a_person_in_two_programmes_is_called_once_a_day(programme: Any, enrol: Any, social_worker: Any) -> None:
    person = enrol()
    other = ProgrammeFactory()
    services.member_add(actor=social_worker, programme=other, person=person)
    services.call_lists_generate_all(day=DAY)
    assert Call.objects.filter(person=person, day=DAY).count() == 1


def test_daily_job_generates_every_active_programme(programme: Any, enrol: Any, social_worker: Any) -> None:
    from django.utils import timezone

    from omur.calls.tasks import calls_daily

    enrol()
    inactive = ProgrammeFactory(active=False)
    services.member_add(actor=social_worker, programme=inactive, person=PersonFactory())
    result = calls_daily.call()
    assert result == {programme.name: 1}
    assert CallList.objects.get().day == timezone.localdate()


def test_generation_is_audited(programme: Any, enrol: Any, audit_events: Any) -> None:
    enrol()
    call_list, _added = services.call_list_generate(programme=programme, day=DAY)
    assert call_list is not None
    assert audit_events.filter(action="call_list.generate", object_id=str(call_list.pk)).count() == 1
    services.call_list_generate(programme=programme, day=DAY)
    assert audit_events.filter(action="call_list.generate").count() == 1


def test_programme_rules_are_checked(social_worker: Any, call_operator: Any) -> None:
    with pytest.raises(services.ProgrammeInvalid):
        services.programme_save(actor=social_worker, name="Haftalık", frequency="weekly", weekdays=[])
    with pytest.raises(services.ProgrammeInvalid):
        services.programme_save(actor=social_worker, name="Ters", window_start=dt.time(12), window_end=dt.time(9))
    with pytest.raises(services.NotAllowed):
        services.programme_save(actor=call_operator, name="Operatörün programı")
