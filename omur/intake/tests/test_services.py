import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from omur.intake.models import Channel, Decision, Request, RequestStatusChange, Status, Urgency
from omur.intake.services import (
    AssigneeNotEligible,
    DuplicateTicket,
    InvalidPhone,
    PlaceMismatch,
    ReasonRequired,
    RequesterMissing,
    StatusChangedMeanwhile,
    TransitionNotAllowed,
    TransitionNotPermitted,
    request_assign,
    request_create,
    request_transition,
)
from omur.intake.workflow import humanise_duration, stints, time_in_status
from omur.registry.tests.factories import PersonFactory

# --- creating ----------------------------------------------------------------------------------


def test_request_create_records_history_and_audit_event(call_operator: Any, category: Any, audit_events: Any) -> None:
    req = request_create(
        actor=call_operator,
        channel=Channel.PHONE_185,
        external_ticket_id="TKS-2026-000123",
        category=category,
        caller_name="  Ayşe   Yılmaz ",
        caller_phone="0532 123 45 67",
        urgency=Urgency.HIGH,
        description="Ev temizliği",
    )
    assert req.status == Status.NEW
    assert req.caller_name == "Ayşe Yılmaz"
    assert req.caller_phone == "+905321234567"
    assert req.caller_name_folded == "ayse yilmaz"
    assert len(req.tracking_code) == 10
    [change] = req.history.all()
    assert (change.from_status, change.to_status, change.by) == ("", Status.NEW, call_operator)
    event = audit_events.get(action="request.create", object_id=str(req.pk))
    assert event.changes["caller_phone"] == "+905321234567"
    assert "description" not in event.changes  # the text may hold health details
    assert event.changes["description_chars"] == len("Ev temizliği")


def test_request_create_for_registered_person_needs_no_caller(call_operator: Any, category: Any) -> None:
    person = PersonFactory()
    req = request_create(actor=call_operator, channel=Channel.WALK_IN, category=category, person=person)
    assert req.person == person
    assert req.requester_name == person.full_name


def test_request_create_without_requester_is_refused_and_writes_nothing(call_operator: Any, category: Any) -> None:
    with pytest.raises(RequesterMissing):
        request_create(actor=call_operator, channel=Channel.PHONE_185, category=category, caller_name="Ayşe")
    assert not Request.objects.exists()


def test_request_create_refuses_a_malformed_phone(call_operator: Any, category: Any) -> None:
    with pytest.raises(InvalidPhone):
        request_create(
            actor=call_operator, channel=Channel.PHONE_185, category=category, caller_name="Ayşe", caller_phone="12"
        )


def test_request_create_refuses_a_neighbourhood_outside_the_district(
    call_operator: Any, category: Any, geography: None
) -> None:
    from omur.geo.models import District, Neighbourhood

    tarsus = District.objects.get(province_id=33, name="Tarsus")
    elsewhere = Neighbourhood.objects.exclude(district=tarsus).first()
    with pytest.raises(PlaceMismatch):
        request_create(
            actor=call_operator,
            channel=Channel.PHONE_185,
            category=category,
            caller_name="Ayşe Yılmaz",
            caller_phone="05321234567",
            district=tarsus,
            neighbourhood=elsewhere,
        )


def test_external_ticket_is_unique_per_channel(make_request: Any) -> None:
    first = make_request(external_ticket_id="TKS-1")
    with pytest.raises(DuplicateTicket) as refused:
        make_request(external_ticket_id="TKS-1")
    assert f"#{first.pk}" in str(refused.value)
    # The same number in another channel's system is another ticket.
    assert make_request(channel=Channel.WHATSAPP, external_ticket_id="TKS-1").pk != first.pk
    # Without a ticket number there is nothing to clash.
    make_request()
    make_request()


def test_database_enforces_ticket_uniqueness(make_request: Any, category: Any) -> None:
    make_request(external_ticket_id="TKS-9")
    with pytest.raises(IntegrityError), transaction.atomic():
        Request.objects.create(
            channel=Channel.PHONE_185,
            external_ticket_id="TKS-9",
            caller_name="X",
            caller_phone="+905321112233",
            category=category,
        )


def test_database_refuses_a_request_without_requester(category: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Request.objects.create(channel=Channel.PHONE_185, caller_name="Only a name", category=category)


# --- the workflow ------------------------------------------------------------------------------


def test_full_path_to_approval_and_closing(make_request: Any, social_worker: Any, audit_events: Any) -> None:
    req = make_request()
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    request_transition(
        actor=social_worker, req=req, to_status=Status.ASSESSMENT_SCHEDULED, assessment_on=dt.date(2026, 3, 2)
    )
    request_transition(actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
    request_transition(actor=social_worker, req=req, to_status=Status.CLOSED)
    req.refresh_from_db()
    assert (req.status, req.decision, req.assessment_on) == (Status.CLOSED, Decision.APPROVED, dt.date(2026, 3, 2))
    steps = list(req.history.values_list("from_status", "to_status"))
    assert steps == [
        ("", "new"),
        ("new", "triaged"),
        ("triaged", "assessment_scheduled"),
        ("assessment_scheduled", "decided"),
        ("decided", "closed"),
    ]
    assert audit_events.filter(action="request.transition", object_id=str(req.pk)).count() == 4
    assert req.status_changed_at == req.history.last().at


def test_decision_without_home_visit_is_allowed(make_request: Any, sociologist: Any) -> None:
    req = make_request()
    request_transition(actor=sociologist, req=req, to_status=Status.TRIAGED)
    request_transition(actor=sociologist, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
    assert req.status == Status.DECIDED


@pytest.mark.parametrize(
    ("path", "target", "decision"),
    [
        ([], Status.DECIDED, Decision.APPROVED),  # new cannot be decided before triage
        ([], Status.ASSESSMENT_SCHEDULED, ""),
        ([(Status.TRIAGED, "")], Status.NEW, ""),  # no going back
        ([(Status.TRIAGED, "")], Status.DECIDED, ""),  # a decision needs its outcome
        ([(Status.TRIAGED, "")], Status.TRIAGED, ""),
        ([(Status.TRIAGED, ""), (Status.DECIDED, Decision.APPROVED)], Status.TRIAGED, ""),
        ([(Status.TRIAGED, ""), (Status.DECIDED, Decision.APPROVED), (Status.CLOSED, "")], Status.TRIAGED, ""),
        ([(Status.TRIAGED, ""), (Status.DECIDED, Decision.APPROVED), (Status.CLOSED, "")], Status.CLOSED, ""),
    ],
)
def test_forbidden_transitions_are_refused_and_change_nothing(
    make_request: Any, office_manager: Any, audit_events: Any, path: list, target: str, decision: str
) -> None:
    req = make_request()
    for to, dec in path:
        request_transition(actor=office_manager, req=req, to_status=to, decision=dec, note="ok")
    before = (req.history.count(), audit_events.count(), req.status)
    with pytest.raises(TransitionNotAllowed):
        request_transition(actor=office_manager, req=req, to_status=target, decision=decision, note="x")
    req.refresh_from_db()
    assert (req.history.count(), audit_events.count(), req.status) == before


def test_call_operator_triages_but_may_not_decide(make_request: Any, call_operator: Any) -> None:
    req = make_request()
    request_transition(actor=call_operator, req=req, to_status=Status.TRIAGED)
    with pytest.raises(TransitionNotPermitted):
        request_transition(actor=call_operator, req=req, to_status=Status.DECIDED, decision=Decision.APPROVED)
    req.refresh_from_db()
    assert req.status == Status.TRIAGED


def test_roles_outside_intake_may_take_no_step(make_request: Any, nurse: Any) -> None:
    req = make_request()
    with pytest.raises(TransitionNotPermitted):
        request_transition(actor=nurse, req=req, to_status=Status.TRIAGED)


def test_rejection_requires_a_reason(make_request: Any, social_worker: Any) -> None:
    req = make_request()
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    with pytest.raises(ReasonRequired):
        request_transition(
            actor=social_worker, req=req, to_status=Status.DECIDED, decision=Decision.REJECTED, note="  "
        )
    req.refresh_from_db()
    assert (req.status, req.decision) == (Status.TRIAGED, "")

    request_transition(
        actor=social_worker,
        req=req,
        to_status=Status.DECIDED,
        decision=Decision.REJECTED,
        note="Gelir eşiğin üzerinde.",
    )
    req.refresh_from_db()
    assert (req.decision, req.decision_reason) == (Decision.REJECTED, "Gelir eşiğin üzerinde.")
    assert req.history.last().note == "Gelir eşiğin üzerinde."


def test_database_refuses_a_rejection_without_reason(make_request: Any) -> None:
    req = make_request()
    with pytest.raises(IntegrityError), transaction.atomic():
        Request.objects.filter(pk=req.pk).update(status=Status.DECIDED, decision=Decision.REJECTED, decision_reason="")


def test_closing_without_decision_needs_a_note(make_request: Any, call_operator: Any) -> None:
    req = make_request()
    with pytest.raises(ReasonRequired):
        request_transition(actor=call_operator, req=req, to_status=Status.CLOSED)
    request_transition(actor=call_operator, req=req, to_status=Status.CLOSED, note="Mükerrer başvuru")
    assert req.status == Status.CLOSED


def test_a_stale_status_loses_the_race(make_request: Any, social_worker: Any, office_manager: Any) -> None:
    req = make_request()
    stale = Request.objects.get(pk=req.pk)
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    # The second person still sees "new" and presses "close": refused, not applied on top.
    with pytest.raises(StatusChangedMeanwhile):
        request_transition(actor=office_manager, req=stale, to_status=Status.CLOSED, note="duplicate")
    req.refresh_from_db()
    assert req.status == Status.TRIAGED
    assert req.history.count() == 2


# --- time in each status -----------------------------------------------------------------------


def _row(to: str, at: dt.datetime) -> Any:
    return SimpleNamespace(to_status=to, at=at)


T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def test_stints_measure_each_status_until_the_next_change_and_the_last_until_now() -> None:
    history = [
        _row(Status.NEW, T0),
        _row(Status.TRIAGED, T0 + dt.timedelta(hours=3)),
        _row(Status.ASSESSMENT_SCHEDULED, T0 + dt.timedelta(days=1, hours=3)),
    ]
    result = stints(history, now=T0 + dt.timedelta(days=4, hours=3))
    assert [s.duration for s in result] == [dt.timedelta(hours=3), dt.timedelta(days=1), dt.timedelta(days=3)]
    assert result[-1].until is None


def test_time_stops_when_the_request_is_closed() -> None:
    history = [
        _row(Status.NEW, T0),
        _row(Status.TRIAGED, T0 + dt.timedelta(hours=1)),
        _row(Status.DECIDED, T0 + dt.timedelta(hours=5)),
        _row(Status.CLOSED, T0 + dt.timedelta(days=2, hours=5)),
    ]
    totals = time_in_status(history, now=T0 + dt.timedelta(days=30))
    assert totals == {
        Status.NEW: dt.timedelta(hours=1),
        Status.TRIAGED: dt.timedelta(hours=4),
        Status.DECIDED: dt.timedelta(days=2),
    }


def test_time_in_status_is_derived_from_real_history(make_request: Any, social_worker: Any) -> None:
    req = make_request()
    request_transition(actor=social_worker, req=req, to_status=Status.TRIAGED)
    history = list(RequestStatusChange.objects.filter(request=req).order_by("at", "id"))
    RequestStatusChange.objects.filter(pk=history[1].pk).update(at=history[0].at + dt.timedelta(hours=2))
    history = list(RequestStatusChange.objects.filter(request=req).order_by("at", "id"))
    totals = time_in_status(history, now=history[0].at + dt.timedelta(hours=5))
    assert totals == {Status.NEW: dt.timedelta(hours=2), Status.TRIAGED: dt.timedelta(hours=3)}


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (dt.timedelta(seconds=20), "< 1 dk"),
        (dt.timedelta(minutes=40), "40 dk"),
        (dt.timedelta(hours=2, minutes=5), "2 sa 5 dk"),
        (dt.timedelta(hours=3), "3 sa"),
        (dt.timedelta(days=3, hours=4, minutes=10), "3 g 4 sa"),
    ],
)
def test_durations_read_shortly_in_turkish(delta: dt.timedelta, text: str) -> None:
    assert humanise_duration(delta) == text


# --- assignment --------------------------------------------------------------------------------


def test_assign_records_audit_event(
    make_request: Any, office_manager: Any, social_worker: Any, audit_events: Any
) -> None:
    req = make_request()
    request_assign(actor=office_manager, req=req, assignee=social_worker)
    req.refresh_from_db()
    assert req.assignee == social_worker
    event = audit_events.get(action="request.assign", object_id=str(req.pk))
    assert event.changes == {"assignee": [None, social_worker.pk]}


def test_assign_refuses_staff_outside_intake_roles(make_request: Any, office_manager: Any, nurse: Any) -> None:
    req = make_request()
    with pytest.raises(AssigneeNotEligible):
        request_assign(actor=office_manager, req=req, assignee=nurse)


def test_assign_refuses_a_deactivated_user(make_request: Any, office_manager: Any, deactivated_user: Any) -> None:
    req = make_request()
    with pytest.raises(AssigneeNotEligible):
        request_assign(actor=office_manager, req=req, assignee=deactivated_user)
