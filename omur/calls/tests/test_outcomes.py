"""Outcomes and the retry policy, with time frozen by passing `now=` to the services."""

import datetime as dt
from typing import Any

import pytest

from omur.calls import services
from omur.calls.models import Call, CallNeed, CallStatus, NeedKind, NeedStatus, Outcome
from omur.calls.tests.conftest import DAY, at
from omur.cases.models import Referral, Task, TaskPriority, TaskStatus
from omur.cases.tests.factories import ServiceFactory
from omur.intake.models import Channel, Request

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_call(programme: Any, enrol: Any) -> Any:
    def make(**person_fields: Any) -> Call:
        person = enrol(**person_fields)
        services.call_list_generate(programme=programme, day=DAY)
        return Call.objects.get(person=person)

    return make


def _dial(operator: Any, call: Call, outcome: str, when: dt.datetime, **extra: Any) -> Call:
    services.call_claim(actor=operator, call=call, now=when)
    services.call_record(actor=operator, call=call, outcome=outcome, now=when, **extra)
    return Call.objects.get(pk=call.pk)


def _answers(call: Call, mood: str = "4", medicine: str = "yes") -> dict[str, Any]:
    by_text = {q.text: str(q.pk) for q in call.programme.questions.all()}
    return {by_text["Bugün nasılsınız?"]: mood, by_text["İlaçlarınızı aldınız mı?"]: medicine}


def test_reached_and_well_closes_the_call_with_encrypted_answers(one_call: Any, call_operator: Any) -> None:
    call = one_call()
    call = _dial(call_operator, call, Outcome.WELL, at(9, 10), answers=_answers(call), note="Keyfi yerinde.")
    assert call.status == CallStatus.DONE and call.outcome == Outcome.WELL and call.closed_at == at(9, 10)
    assert call.claimed_by is None
    attempt = call.call_attempts.get()
    assert attempt.answers == _answers(call) | {k: int(v) for k, v in _answers(call).items() if v.isdigit()}
    assert attempt.note == "Keyfi yerinde." and not attempt.flagged
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM calls_callattempt WHERE id = %s", [attempt.pk])
        assert "Keyfi" not in cursor.fetchone()[0]


def test_required_question_must_be_answered_when_reached(one_call: Any, call_operator: Any) -> None:
    call = one_call()
    with pytest.raises(services.AnswerRequired):
        _dial(call_operator, call, Outcome.WELL, at(9, 10), answers={})
    # No answer needs no answers.
    assert _dial(call_operator, call, Outcome.NO_ANSWER, at(9, 11)).status == CallStatus.RETRY


def test_worrying_answer_is_flagged_and_tells_the_case_manager(
    one_call: Any, call_operator: Any, case_manager: Any
) -> None:
    call = one_call()
    call = _dial(call_operator, call, Outcome.WELL, at(9, 10), answers=_answers(call, mood="2"))
    assert call.call_attempts.get().flagged
    task = Task.objects.get(source="checkin_call")
    assert task.assignee == case_manager and task.person_id == call.person_id


def test_no_answer_comes_back_after_the_retry_time(one_call: Any, call_operator: Any, second_operator: Any) -> None:
    call = one_call()
    call = _dial(call_operator, call, Outcome.NO_ANSWER, at(9, 10))
    assert call.status == CallStatus.RETRY and call.attempts == 1 and call.due_at == at(9, 40)
    assert services.call_claim_next(actor=second_operator, now=at(9, 39), day=DAY) is None
    again = services.call_claim_next(actor=second_operator, now=at(9, 40), day=DAY)
    assert again is not None and again.pk == call.pk


def test_retry_minutes_follow_the_programme(one_call: Any, call_operator: Any, programme: Any) -> None:
    programme.retry_minutes = 45
    programme.save()
    call = _dial(call_operator, one_call(), Outcome.NO_ANSWER, at(10, 0))
    assert call.due_at == at(10, 45)


def test_three_unanswered_calls_then_the_contact_then_an_urgent_visit_and_a_task(
    one_call: Any, call_operator: Any, second_operator: Any, case_manager: Any, audit_events: Any
) -> None:
    from omur.homecare.models import Visit

    call = one_call()
    for when in (at(9, 0), at(9, 30), at(10, 0)):
        claimed = services.call_claim_next(actor=call_operator, now=when, day=DAY)
        assert claimed is not None and claimed.pk == call.pk
        call = _dial(call_operator, call, Outcome.NO_ANSWER, when)
    assert call.status == CallStatus.CONTACT and call.attempts == 3 and call.due_at == at(10, 0)
    assert not Task.objects.exists()
    # The emergency-contact step is first in the queue for whoever presses "next call".
    claimed = services.call_claim_next(actor=second_operator, now=at(10, 1), day=DAY)
    assert claimed is not None and claimed.pk == call.pk
    contact = call.person.emergency_contacts.get()
    call = _dial(second_operator, call, Outcome.CONTACT_UNSURE, at(10, 5), contact=contact, note="Kızı bilmiyor.")
    assert call.status == CallStatus.ESCALATED and call.escalated_at == at(10, 5)
    visit = Visit.objects.get(person=call.person)
    assert visit.urgent and visit.date == DAY and call.visit == visit
    task = Task.objects.get(source="unanswered_call")
    assert task.assignee == case_manager and task.priority == TaskPriority.URGENT and task.due == DAY
    assert task.related == call and call.task == task
    assert audit_events.filter(action="call.escalate", object_id=str(call.pk)).exists()
    assert list(call.call_attempts.order_by("at").values_list("outcome", flat=True)) == [
        "no_answer",
        "no_answer",
        "no_answer",
        "contact_unsure",
    ]


def test_contact_confirms_the_person_is_well(one_call: Any, call_operator: Any) -> None:
    call = one_call()
    for when in (at(9, 0), at(9, 30), at(10, 0)):
        call = _dial(call_operator, call, Outcome.NO_ANSWER, when)
    contact = call.person.emergency_contacts.get()
    call = _dial(call_operator, call, Outcome.CONTACT_WELL, at(10, 2), contact=contact)
    assert call.status == CallStatus.DONE and call.outcome == Outcome.CONTACT_WELL
    assert not Task.objects.exists()


def test_second_contact_is_tried_before_escalating(one_call: Any, call_operator: Any) -> None:
    from omur.registry.models import EmergencyContact

    call = one_call()
    second = EmergencyContact.objects.create(
        person=call.person, name="Murat Kaya", phone="+905331112233", relation="Oğlu"
    )
    for when in (at(9, 0), at(9, 30), at(10, 0)):
        call = _dial(call_operator, call, Outcome.NO_ANSWER, when)
    first = call.person.emergency_contacts.order_by("pk").first()
    call = _dial(call_operator, call, Outcome.CONTACT_NOT_REACHED, at(10, 2), contact=first)
    assert call.status == CallStatus.CONTACT
    call = _dial(call_operator, call, Outcome.CONTACT_NOT_REACHED, at(10, 4), contact=second)
    assert call.status == CallStatus.ESCALATED


def test_no_emergency_contact_escalates_after_the_last_attempt(one_call: Any, call_operator: Any) -> None:
    call = one_call(contact=False)
    for when in (at(9, 0), at(9, 30), at(10, 0)):
        call = _dial(call_operator, call, Outcome.NO_ANSWER, when)
    assert call.status == CallStatus.ESCALATED
    assert Task.objects.filter(source="unanswered_call", status=TaskStatus.OPEN).count() == 1


def test_contact_step_needs_a_contact_and_a_contact_outcome(one_call: Any, call_operator: Any) -> None:
    call = one_call()
    for when in (at(9, 0), at(9, 30), at(10, 0)):
        call = _dial(call_operator, call, Outcome.NO_ANSWER, when)
    with pytest.raises(services.ContactRequired):
        _dial(call_operator, call, Outcome.CONTACT_WELL, at(10, 1))
    with pytest.raises(services.OutcomeInvalid):
        _dial(call_operator, call, Outcome.NO_ANSWER, at(10, 1), contact=call.person.emergency_contacts.get())


def test_hospitalised_and_deceased_raise_tasks_without_touching_the_registry(
    one_call: Any, call_operator: Any, case_manager: Any
) -> None:
    hospital = _dial(call_operator, one_call(), Outcome.HOSPITALISED, at(9, 5), note="Oğlu söyledi.")
    deceased = _dial(call_operator, one_call(), Outcome.DECEASED, at(9, 6))
    assert hospital.status == deceased.status == CallStatus.DONE
    assert Task.objects.get(source="checkin_hospitalised").person_id == hospital.person_id
    death = Task.objects.get(source="checkin_deceased")
    assert death.assignee == case_manager and death.priority == TaskPriority.URGENT
    deceased.person.refresh_from_db()
    assert deceased.person.date_of_death is None


def test_wrong_number_asks_for_the_contact_details_and_calls_the_contact(one_call: Any, call_operator: Any) -> None:
    call = _dial(call_operator, one_call(), Outcome.WRONG_NUMBER, at(9, 5))
    assert Task.objects.get(source="checkin_wrong_number").person_id == call.person_id
    assert call.status == CallStatus.CONTACT
    without_contact = _dial(call_operator, one_call(contact=False), Outcome.WRONG_NUMBER, at(9, 6))
    assert without_contact.status == CallStatus.DONE


def test_everyday_need_becomes_an_intake_request(one_call: Any, call_operator: Any) -> None:
    call = one_call()
    _dial(
        call_operator,
        call,
        Outcome.NEEDS_HELP,
        at(9, 5),
        answers=_answers(call),
        need_kind=NeedKind.REPAIR,
        need_description="Musluk akıtıyor.",
    )
    need = CallNeed.objects.get()
    assert need.status == NeedStatus.REQUESTED and need.request is not None
    request = Request.objects.get()
    assert request == need.request and request.person_id == call.person_id
    assert request.category.code == "home_repair" and request.channel == Channel.CHECKIN_CALL
    assert "Musluk" in request.description


def test_needs_help_requires_the_need(one_call: Any, call_operator: Any) -> None:
    call = one_call()
    with pytest.raises(services.NeedRequired):
        _dial(call_operator, call, Outcome.NEEDS_HELP, at(9, 5), answers=_answers(call))
    assert not CallNeed.objects.exists()


def test_health_need_waits_for_the_case_manager_who_refers(
    one_call: Any, call_operator: Any, case_manager: Any, call_operator_cannot_refer: None = None
) -> None:
    health = ServiceFactory(code="evde-saglik", name_tr="Evde sağlık")
    call = one_call()
    _dial(
        call_operator,
        call,
        Outcome.NEEDS_HELP,
        at(9, 5),
        answers=_answers(call),
        need_kind=NeedKind.HEALTH,
        need_description="Başı dönüyor, tansiyonu yüksek.",
        need_urgent=True,
    )
    need = CallNeed.objects.get()
    assert need.status == NeedStatus.AWAITING_REFERRAL and not Referral.objects.exists()
    task = Task.objects.get(source="checkin_need")
    assert task.assignee == case_manager and task.priority == TaskPriority.HIGH
    with pytest.raises(services.NotAllowed):
        services.need_refer(actor=call_operator, need=need)
    services.need_refer(actor=case_manager, need=need, reason="Hemşire ziyareti gerekli.")
    need.refresh_from_db()
    referral = Referral.objects.get()
    assert need.status == NeedStatus.REFERRED and need.referral == referral
    assert referral.to_service == health and referral.person_id == call.person_id
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    with pytest.raises(services.NeedNotAwaitingReferral):
        services.need_refer(actor=case_manager, need=need)


def test_outcomes_are_audited_without_the_note_text(one_call: Any, call_operator: Any, audit_events: Any) -> None:
    call = _dial(call_operator, one_call(), Outcome.NO_ANSWER, at(9, 5), note="Telefon kapalı.")
    event = audit_events.get(action="call.attempt", object_id=str(call.pk))
    assert event.changes["outcome"] == "no_answer" and "Telefon" not in str(event.changes)
