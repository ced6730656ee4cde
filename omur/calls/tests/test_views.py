"""Pages: who may use them, what the call screen records and audits, the live dashboard's figures."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from omur.calls import selectors, services
from omur.calls.models import Call, CallProgramme, CallStatus, Outcome, Question
from omur.calls.tests.factories import ProgrammeFactory
from omur.core.models import AuditEvent
from omur.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def todays_list(programme: Any, enrol: Any) -> Any:
    """Today's list of three, due from an hour ago (the view tests run at the real time)."""
    for _ in range(3):
        enrol()
    services.call_list_generate(programme=programme, day=timezone.localdate())
    Call.objects.update(due_at=timezone.now() - dt.timedelta(hours=1))
    return programme


def en(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("calls:work", "call_operator", ["social_worker", "caregiver", "auditor"]),
        ("calls:dashboard", "social_worker", ["call_operator", "nurse", "auditor"]),
        ("calls:dashboard", "office_manager", ["sociologist", "system_admin"]),
        ("calls:programme-list", "office_manager", ["call_operator", "driver"]),
        ("calls:need-list", "social_worker", ["call_operator", "kitchen_staff"]),
    ],
)
def test_pages_are_for_their_roles_only(
    request: Any, client_as: Any, name: str, allowed: str, refused: list[str]
) -> None:
    assert client_as(request.getfixturevalue(allowed)).get(reverse(name)).status_code == 200
    for role in refused:
        assert client_as(request.getfixturevalue(role)).get(reverse(name)).status_code == 403


def test_next_call_opens_the_call_screen_and_audits_the_read(
    todays_list: Any, client_as: Any, call_operator: Any, audit_events: Any
) -> None:
    client = client_as(call_operator)
    response = client.post(reverse("calls:next"))
    call = Call.objects.get(claimed_by=call_operator)
    assert response.status_code == 302 and response["Location"] == reverse("calls:call", kwargs={"pk": call.pk})
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert call.person.full_name in body and f'href="tel:{call.person.phone}"' in body
    assert "Aysel" in body  # the emergency contact
    assert "İlaçlarınızı aldınız mı?" in body
    read = audit_events.get(kind=AuditEvent.Kind.READ, action="person.view", object_id=str(call.person_id))
    assert read.purpose == "checkin_call" and read.actor == call_operator


def test_call_held_by_another_operator_is_refused(
    todays_list: Any, client_as: Any, call_operator: Any, second_operator: Any
) -> None:
    call = services.call_claim_next(actor=call_operator)
    assert call is not None
    response = client_as(second_operator).get(reverse("calls:call", kwargs={"pk": call.pk}))
    assert response.status_code == 302 and response["Location"] == reverse("calls:work")
    response = client_as(second_operator).post(
        reverse("calls:call", kwargs={"pk": call.pk}), {"outcome": Outcome.NO_ANSWER}
    )
    assert response.status_code == 400
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING and not call.call_attempts.exists()


def test_recording_an_outcome_on_the_call_screen(todays_list: Any, client_as: Any, call_operator: Any) -> None:
    client = client_as(call_operator)
    call = services.call_claim_next(actor=call_operator)
    assert call is not None
    mood = Question.objects.get(programme=todays_list, kind="scale")
    url = reverse("calls:call", kwargs={"pk": call.pk})
    missing = en(client).post(url, {"outcome": Outcome.WELL})
    assert missing.status_code == 400 and "required" in missing.content.decode()
    response = client.post(url, {"outcome": Outcome.WELL, f"q_{mood.pk}": "5", "note": "İyi", "then": "next"})
    call.refresh_from_db()
    assert call.status == CallStatus.DONE and call.call_attempts.get().answers == {str(mood.pk): 5}
    # "Then open the next call": straight to the next person on the list.
    following = Call.objects.get(claimed_by=call_operator)
    assert response["Location"] == reverse("calls:call", kwargs={"pk": following.pk})


def test_heartbeat_keeps_the_claim_and_tells_a_late_operator(
    todays_list: Any, client_as: Any, call_operator: Any, second_operator: Any
) -> None:
    call = services.call_claim_next(actor=call_operator)
    assert call is not None
    keep = reverse("calls:call-keep", kwargs={"pk": call.pk})
    assert client_as(call_operator).post(keep).status_code == 204
    late = client_as(second_operator).post(keep)
    assert late.status_code == 200 and b"alert" in late.content


def test_call_detail_for_operators_and_supervisors(
    todays_list: Any, client_as: Any, call_operator: Any, social_worker: Any, caregiver: Any
) -> None:
    call = Call.objects.first()
    assert call is not None
    url = reverse("calls:call-detail", kwargs={"pk": call.pk})
    assert client_as(call_operator).get(url).status_code == 200
    assert client_as(social_worker).get(url).status_code == 200
    assert client_as(caregiver).get(url).status_code == 403


def test_dashboard_figures(programme: Any, enrol: Any, call_operator: Any, second_operator: Any) -> None:
    day = dt.date(2025, 3, 12)

    def at(h: int, m: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(h, m)))

    people = [enrol() for _ in range(6)]
    services.call_list_generate(programme=programme, day=day)
    calls = [Call.objects.get(person=p) for p in people]
    mood = programme.questions.get(kind="scale")

    def dial(op: Any, call: Call, outcome: str, when: dt.datetime, **extra: Any) -> None:
        services.call_claim(actor=op, call=call, now=when)
        services.call_record(actor=op, call=call, outcome=outcome, now=when, **extra)

    dial(call_operator, calls[0], Outcome.WELL, at(9, 5), answers={str(mood.pk): "4"})
    dial(second_operator, calls[1], Outcome.NO_ANSWER, at(9, 10))  # retry due at 9:40
    dial(second_operator, calls[2], Outcome.NO_ANSWER, at(9, 50))  # retry due at 10:20
    for when in (at(9, 0), at(9, 30), at(9, 55)):
        dial(call_operator, calls[3], Outcome.NO_ANSWER, when)  # now at the contact step
    services.call_claim(actor=call_operator, call=calls[4], now=at(9, 58))  # on the phone now
    board = selectors.dashboard(day=day, now=at(10, 0))
    row = board.programmes[0]
    assert (row.total, row.done, row.pending, row.in_progress, row.retry_due, row.retry_later, row.contact) == (
        6,
        1,
        1,
        1,
        1,
        1,
        1,
    )
    assert row.escalated == 0
    operators = {o.operator_id: o for o in board.operators}
    assert (operators[call_operator.pk].attempts, operators[call_operator.pk].reached) == (4, 1)
    assert operators[call_operator.pk].in_progress == 1
    assert (operators[second_operator.pk].attempts, operators[second_operator.pk].no_answer) == (2, 2)
    dial(call_operator, calls[3], Outcome.CONTACT_UNSURE, at(10, 1), contact=calls[3].person.emergency_contacts.get())
    board = selectors.dashboard(day=day, now=at(10, 2))
    assert board.programmes[0].escalated == 1 and [c.pk for c in board.escalations] == [calls[3].pk]


def test_dashboard_polls_its_partial_and_logs_reads_only_when_they_change(
    todays_list: Any, client_as: Any, social_worker: Any, audit_events: Any
) -> None:
    first, second = list(Call.objects.order_by("pk")[:2])
    now = timezone.now()
    Call.objects.filter(pk=first.pk).update(status=CallStatus.ESCALATED, closed_at=now, escalated_at=now)
    client = client_as(social_worker)
    page = client.get(reverse("calls:dashboard"))
    assert 'hx-trigger="every 15s"' in page.content.decode() and first.person.full_name in page.content.decode()
    partial = client.get(reverse("calls:dashboard"), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content
    assert b'data-testid="board-programmes"' in partial.content
    reads = audit_events.filter(action="call.dashboard", kind=AuditEvent.Kind.READ)
    assert reads.count() == 1 and reads.get().changes["ids"] == [first.person_id]
    Call.objects.filter(pk=second.pk).update(status=CallStatus.ESCALATED, closed_at=now, escalated_at=now)
    client.get(reverse("calls:dashboard"), HTTP_HX_REQUEST="true")
    assert reads.count() == 2


def test_dashboard_query_count_does_not_grow(
    programme: Any, enrol: Any, client_as: Any, social_worker: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        enrol()
    services.call_list_generate(programme=programme, day=timezone.localdate())
    client = client_as(social_worker)
    with django_assert_max_num_queries(20):
        client.get(reverse("calls:dashboard"), HTTP_HX_REQUEST="true")


def test_supervisor_creates_a_weekly_programme_and_its_questions(client_as: Any, office_manager: Any) -> None:
    client = client_as(office_manager)
    response = client.post(
        reverse("calls:programme-create"),
        {
            "name": "Haftalık arama",
            "active": "on",
            "frequency": "weekly",
            "weekdays": ["0", "3"],
            "window_start": "13:00",
            "window_end": "16:00",
            "retry_minutes": "60",
            "max_attempts": "2",
        },
    )
    programme = CallProgramme.objects.get(name="Haftalık arama")
    assert response.status_code == 302 and programme.weekdays == [0, 3] and programme.max_attempts == 2
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-text": "Nasılsınız?",
        "form-0-kind": "scale",
        "form-0-ORDER": "2",
        "form-1-text": "Bir ihtiyacınız var mı?",
        "form-1-kind": "yes_no",
        "form-1-flag_answer": "Evet",
        "form-1-ORDER": "1",
        "form-2-text": "",
        "form-2-kind": "yes_no",
    }
    response = client.post(reverse("calls:questions-edit", kwargs={"pk": programme.pk}), data)
    assert response.status_code == 302
    assert list(programme.questions.order_by("order").values_list("text", flat=True)) == [
        "Bir ihtiyacınız var mı?",
        "Nasılsınız?",
    ]
    assert programme.questions.get(text="Bir ihtiyacınız var mı?").flag_answer == "yes"


def test_supervisor_adds_a_member_and_prepares_todays_list(client_as: Any, social_worker: Any) -> None:
    programme = ProgrammeFactory()
    person = PersonFactory(given_name="Şükrü", family_name="Işıklı")
    client = client_as(social_worker)
    found = client.get(reverse("calls:programme-detail", kwargs={"pk": programme.pk}), {"q": "sukru isikli"})
    assert person.full_name in found.content.decode()
    client.post(reverse("calls:member-add", kwargs={"pk": programme.pk}), {"person": person.pk})
    assert programme.members.filter(person=person, removed_at__isnull=True).exists()
    client.post(reverse("calls:list-generate", kwargs={"pk": programme.pk}))
    assert Call.objects.filter(person=person, day=timezone.localdate()).exists()


def test_home_cards(todays_list: Any, client_as: Any, call_operator: Any, social_worker: Any) -> None:
    from omur.calls.home import call_escalations_card, calls_waiting_card

    waiting = calls_waiting_card(call_operator)
    assert waiting is not None and waiting.figures[0].value == 3
    card = call_escalations_card(social_worker)
    assert card is not None and card.figures[0].value == 0 and card.figures[1].value == 3
