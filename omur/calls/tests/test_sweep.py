"""The end-of-window sweep: no call stays silently open after its programme's call window."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from omur.calls import services
from omur.calls.models import Call, CallStatus, Outcome
from omur.calls.tests.conftest import DAY, at
from omur.cases.models import Task, TaskPriority
from omur.core.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def _dial(operator: Any, call: Call, outcome: str, when: dt.datetime, **extra: Any) -> Call:
    services.call_claim(actor=operator, call=call, now=when)
    services.call_record(actor=operator, call=call, outcome=outcome, now=when, **extra)
    return Call.objects.get(pk=call.pk)


def _required_answers_off(programme: Any) -> None:
    programme.questions.update(required=False)


def test_nothing_is_swept_before_the_window_ends(programme: Any, enrol: Any) -> None:
    enrol()
    services.call_list_generate(programme=programme, day=DAY)
    assert services.calls_sweep(now=at(11, 59)) == {"escalated": 0, "missed": 0, "tasks": 0}
    assert Call.objects.get().status == CallStatus.PENDING


def test_sweep_escalates_the_unanswered_and_closes_the_rest(
    programme: Any, enrol: Any, call_operator: Any, case_manager: Any, audit_events: Any
) -> None:
    from omur.homecare.models import Visit

    _required_answers_off(programme)
    # A programme without the task tick: never-dialled calls are closed without a task.
    people = {name: enrol(given_name=name) for name in ("Retry", "Contact", "Untouched", "Wrong", "Well")}
    services.call_list_generate(programme=programme, day=DAY)
    calls = {name: Call.objects.get(person=p) for name, p in people.items()}
    _dial(call_operator, calls["Well"], Outcome.WELL, at(9, 5), answers={})
    _dial(call_operator, calls["Retry"], Outcome.NO_ANSWER, at(11, 40))
    for when in (at(9, 0), at(9, 30), at(10, 0)):
        _dial(call_operator, calls["Contact"], Outcome.NO_ANSWER, when)
    _dial(call_operator, calls["Wrong"], Outcome.WRONG_NUMBER, at(9, 10))
    tasks_before = set(Task.objects.values_list("pk", flat=True))  # the wrong-number task

    result = services.calls_sweep(now=at(12, 0))
    assert result == {"escalated": 2, "missed": 2, "tasks": 0}
    fresh = {name: Call.objects.get(pk=c.pk) for name, c in calls.items()}
    assert fresh["Well"].status == CallStatus.DONE and fresh["Well"].swept_at is None
    for name in ("Retry", "Contact"):
        call = fresh[name]
        assert call.status == CallStatus.ESCALATED and call.swept_at == at(12, 0) and call.closed_at == at(12, 0)
        visit = Visit.objects.get(person=call.person, urgent=True)
        assert call.visit == visit and visit.date == DAY
        assert call.task is not None and call.task.priority == TaskPriority.URGENT
        assert call.task.source == "unanswered_call" and call.task.assignee == case_manager
    for name in ("Untouched", "Wrong"):
        call = fresh[name]
        assert call.status == CallStatus.MISSED and call.outcome == Outcome.WINDOW_CLOSED
        assert call.closed_at == at(12, 0) and call.swept_at == at(12, 0)
        assert call.task is None or call.task.pk in tasks_before  # no task of the sweep's own
        assert not Visit.objects.filter(person=call.person).exists()
    assert set(Task.objects.values_list("pk", flat=True)) - tasks_before == {
        fresh["Retry"].task_id,
        fresh["Contact"].task_id,
    }
    assert audit_events.filter(action="call.sweep").count() == 1
    assert audit_events.filter(action="call.escalate", object_id=str(fresh["Retry"].pk)).exists()
    assert audit_events.filter(action="call.not_reached", object_id=str(fresh["Untouched"].pk)).exists()

    # Running again (the job fires twice, or a second process) changes nothing.
    assert services.calls_sweep(now=at(20, 0)) == {"escalated": 0, "missed": 0, "tasks": 0}
    assert Visit.objects.filter(urgent=True).count() == 2
    # An operator finishing a swept call is refused: the call is closed.
    with pytest.raises(services.CallNotOpen):
        _dial(call_operator, fresh["Untouched"], Outcome.WELL, at(20, 1), answers={})


def test_not_reached_raises_a_task_where_the_programme_says_so(programme: Any, enrol: Any, case_manager: Any) -> None:
    programme.task_when_not_reached = True
    programme.save()
    person = enrol()
    services.call_list_generate(programme=programme, day=DAY)
    assert services.calls_sweep(now=at(20, 0)) == {"escalated": 0, "missed": 1, "tasks": 1}
    call = Call.objects.get(person=person)
    assert call.status == CallStatus.MISSED and call.task is not None
    assert call.task.assignee == case_manager and call.task.priority == TaskPriority.NORMAL
    assert services.calls_sweep(now=at(20, 5))["tasks"] == 0
    assert Task.objects.count() == 1


def test_escalation_is_deduplicated_with_the_retry_policy(programme: Any, enrol: Any, call_operator: Any) -> None:
    """A person on two programmes' lists is one call; a person already escalated by the retry policy
    keeps the one urgent visit and one task when the sweep runs."""
    from omur.homecare.models import Visit
    from omur.homecare.services import visit_request_urgent

    person = enrol(contact=False)
    services.call_list_generate(programme=programme, day=DAY)
    call = Call.objects.get(person=person)
    _dial(call_operator, call, Outcome.NO_ANSWER, at(9, 0))
    visit_request_urgent(actor=None, person=person, reason="Neighbour called", on=DAY)
    services.calls_sweep(now=at(12, 30))
    assert Visit.objects.filter(person=person, urgent=True).count() == 1
    # The reason is stored in the office's language (Turkish): the window's end is added to it.
    reason = Visit.objects.get(person=person).reason
    assert reason.startswith("Neighbour called\n") and "arama penceresi 12:00 saatinde" in reason


def test_open_calls_of_an_earlier_day_are_caught_up(programme: Any, enrol: Any, call_operator: Any) -> None:
    from omur.homecare.models import Visit

    person = enrol()
    services.call_list_generate(programme=programme, day=DAY)
    _dial(call_operator, Call.objects.get(person=person), Outcome.NO_ANSWER, at(9, 0))
    next_day = DAY + dt.timedelta(days=1)
    assert services.calls_sweep(now=at(8, 0, day=next_day))["escalated"] == 1
    # The urgent visit is for the day the sweep runs, not the day already gone.
    assert Visit.objects.get(person=person).date == next_day


def test_sweep_runs_after_the_usual_windows_and_in_the_evening() -> None:
    sweeps = sorted((s.at for name, s in SCHEDULES.items() if name.startswith("calls.sweep.")))
    assert sweeps == [dt.time(12, 30), dt.time(15, 30), dt.time(18, 30)]
    assert all(SCHEDULES[n].task.name.endswith("calls_sweep") for n in SCHEDULES if n.startswith("calls.sweep."))


def test_dashboard_shows_swept_calls(
    client_as: Any, office_manager: Any, programme: Any, enrol: Any, call_operator: Any
) -> None:
    from omur.calls import selectors

    a, b = enrol(given_name="Unanswered"), enrol(given_name="Nobodycalled")
    services.call_list_generate(programme=programme, day=DAY)
    _dial(call_operator, Call.objects.get(person=a), Outcome.NO_ANSWER, at(9, 0))
    services.calls_sweep(now=at(12, 5))
    board = selectors.dashboard(day=DAY, now=at(12, 10))
    assert {c.person_id for c in board.swept} == {a.pk, b.pk}
    assert board.totals.missed == 1 and board.totals.escalated == 1 and board.programmes[0].percent_done == 100


def test_programme_page_documents_the_rule(client_as: Any, office_manager: Any, programme: Any) -> None:
    client = client_as(office_manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = client.get(reverse("calls:programme-detail", kwargs={"pk": programme.pk})).content.decode()
    assert 'data-testid="sweep-rule"' in body
