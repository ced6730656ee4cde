"""Therapy appointments: plans booked as a weekly series, holidays, the 72-month age-out, clashes,
cancellations and make-up sessions, attendance, the therapist's weekly load, clinical notes."""

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from omur.bookings.models import PlanStatus, SessionStatus, TherapyPlan, TherapySession
from omur.bookings.selectors.therapy import children_served, monday_of, week_view
from omur.bookings.services import therapy as svc
from omur.bookings.tests.factories import RoomFactory, child_aged
from omur.cases.models import CaseNote, NoteLevel, Task
from omur.core.calendar import holidays_between, is_public_holiday
from omur.core.exceptions import ApplicationError


def _plan(
    actor: Any, therapist: Any, slot: Any, sensory: Any, start: dt.date, sessions: int = 12, **kw: Any
) -> TherapyPlan:
    return svc.therapy_plan_create(
        actor=actor,
        child=kw.pop("child", None) or child_aged(30),
        service=sensory,
        therapist=therapist,
        slot=slot,
        sessions=sessions,
        starts_on=start,
        **kw,
    )


def test_a_familys_twelve_session_plan_is_booked_and_one_session_cancelled(
    therapist: Any, centre_staff: Any, monday_slot: Any, sensory: Any, next_monday: dt.date, audit_events: Any
) -> None:
    plan = _plan(centre_staff, therapist, monday_slot, sensory, next_monday)
    sessions = list(plan.sessions.order_by("day"))
    assert len(sessions) == 12
    assert [s.number for s in sessions] == list(range(1, 13))
    assert all(s.day.weekday() == 0 and not is_public_holiday(s.day) for s in sessions)
    assert all(b.day - a.day >= dt.timedelta(weeks=1) for a, b in itertools.pairwise(sessions))
    assert audit_events.filter(action="therapyplan.create", object_id=str(plan.pk)).exists()

    third = sessions[2]
    svc.therapy_session_cancel(actor=centre_staff, session=third, by="family", reason="Çocuk hasta")
    third.refresh_from_db()
    assert third.status == SessionStatus.CANCELLED and third.cancelled_by == "family"
    # The freed slot can be given to another child that week.
    other = _plan(centre_staff, therapist, monday_slot, sensory, third.day, sessions=1)
    assert other.sessions.get().day == third.day
    # The family's series is extended by one, after its last session.
    extra = svc.therapy_plan_extend(actor=centre_staff, plan=plan)
    assert extra.is_extra and extra.number == 13 and extra.day > sessions[-1].day and extra.day.weekday() == 0
    assert plan.sessions.exclude(status=SessionStatus.CANCELLED).count() == 12
    assert audit_events.filter(action="therapysession.cancel", object_id=str(third.pk)).exists()


def test_series_skips_public_holidays(therapist: Any, therapy_room: Any, sensory: Any) -> None:
    today = timezone.localdate()
    holiday = next(
        d for d in holidays_between(today + dt.timedelta(days=1), today + dt.timedelta(days=400)) if d.weekday() < 5
    )
    (slot,) = svc.therapy_slots_add(
        actor=therapist,
        therapist=therapist,
        weekday=holiday.weekday(),
        start=dt.time(14),
        end=dt.time(14, 45),
        room=therapy_room,
    )
    plan = _plan(therapist, therapist, slot, sensory, holiday - dt.timedelta(weeks=2))
    days = list(plan.sessions.values_list("day", flat=True))
    assert len(days) == 12 and holiday not in days
    assert getattr(plan, "skipped", []) and plan.skipped[0][0] == holiday  # type: ignore[attr-defined]


def test_age_out_refuses_sessions_after_72_months(
    therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    child = child_aged(70)  # completes 72 months in about eight weeks
    with pytest.raises(svc.AgedOut) as refused:
        _plan(therapist, therapist, monday_slot, sensory, next_monday, child=child)
    assert "72" in str(refused.value)
    assert not TherapyPlan.objects.filter(child=child).exists()
    assert not TherapySession.objects.filter(plan__child=child).exists()

    limit = svc.age_out_day(child)
    assert limit is not None
    fits = (limit - next_monday).days // 7 + (1 if (limit - next_monday).days % 7 else 0)
    fits = len(
        [
            d
            for d in (next_monday + dt.timedelta(weeks=i) for i in range(fits))
            if d < limit and not is_public_holiday(d)
        ]
    )
    plan = _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=fits, child=child)
    assert all(s.day < limit for s in plan.sessions.all())
    with pytest.raises(svc.AgedOut):
        svc.therapy_plan_extend(actor=therapist, plan=plan)


def test_a_taken_slot_is_refused_with_its_dates_or_skipped(
    therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=2)
    with pytest.raises(svc.SlotTaken) as refused:
        _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=3)
    assert next_monday.strftime("%d.%m.%Y") in str(refused.value)
    skipped = _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=3, skip_taken=True)
    assert min(s.day for s in skipped.sessions.all()) > next_monday + dt.timedelta(weeks=1)


def test_the_database_refuses_a_double_booked_therapist(
    therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    plan = _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=1)
    session = plan.sessions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        TherapySession.objects.create(
            plan=plan, therapist=therapist, day=session.day, starts_at=session.starts_at, minutes=45, number=2
        )


def test_room_clash_between_therapists_is_refused(therapist: Any, monday_slot: Any, therapy_room: Any) -> None:
    from conftest import make_user

    colleague = make_user("therapist", username="colleague")
    with pytest.raises(svc.RoomSlotOverlaps):
        svc.therapy_slots_add(
            actor=colleague, therapist=colleague, weekday=0, start=dt.time(10, 15), end=dt.time(11), room=therapy_room
        )
    other_room = RoomFactory(location=therapy_room.location)
    assert svc.therapy_slots_add(
        actor=colleague, therapist=colleague, weekday=0, start=dt.time(10), end=dt.time(10, 45), room=other_room
    )


def test_a_therapist_manages_only_their_own_schedule(
    therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    from conftest import make_user

    colleague = make_user("therapist", username="colleague")
    with pytest.raises(svc.NotYourSchedule):
        _plan(colleague, therapist, monday_slot, sensory, next_monday)
    with pytest.raises(svc.NotYourSchedule):
        svc.therapy_slots_add(actor=colleague, therapist=therapist, weekday=2, start=dt.time(9), end=dt.time(10))


def test_therapist_weekly_load_counts_children_not_sessions(
    therapist: Any, centre_staff: Any, therapy_room: Any, sensory: Any, next_monday: dt.date
) -> None:
    slots = svc.therapy_slots_add(
        actor=therapist,
        therapist=therapist,
        weekday=1,
        start=dt.time(9),
        end=dt.time(12),
        minutes=45,
        gap=15,
        room=therapy_room,
    )
    assert len(slots) == 3
    kids = [child_aged(30), child_aged(40)]
    week = next_monday + dt.timedelta(weeks=1)
    _plan(therapist, therapist, slots[0], sensory, week, sessions=2, child=kids[0])
    _plan(therapist, therapist, slots[1], sensory, week, sessions=2, child=kids[1])
    third = _plan(therapist, therapist, slots[2], sensory, week, sessions=2, child=kids[0])  # same child twice
    rows = week_view(actor=centre_staff, monday=monday_of(third.starts_on))
    mine = next(r for r in rows if r.therapist.pk == therapist.pk)
    assert mine.children == 2 and mine.target == 30 and mine.level == "under"
    svc.therapy_session_cancel(actor=therapist, session=third.sessions.order_by("day").first(), by="centre")
    other = _plan(therapist, therapist, slots[2], sensory, week, sessions=1, child=child_aged(50))
    mine = next(
        r for r in week_view(actor=therapist, monday=monday_of(other.starts_on)) if r.therapist.pk == therapist.pk
    )
    assert mine.children == 3


def test_two_no_shows_in_a_row_raise_a_task_and_attended_counts_as_served(
    therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    plan = _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=3)
    past = [
        timezone.localdate() - dt.timedelta(days=14),
        timezone.localdate() - dt.timedelta(days=7),
        timezone.localdate(),
    ]
    for session, day in zip(plan.sessions.order_by("number"), past, strict=True):
        TherapySession.objects.filter(pk=session.pk).update(day=day)
    first, second, third = plan.sessions.order_by("number")
    svc.therapy_session_mark(actor=therapist, session=first, status="attended")
    svc.therapy_session_mark(actor=therapist, session=second, status="no_show")
    assert not Task.objects.filter(person=plan.child).exists()
    svc.therapy_session_mark(actor=therapist, session=third, status="no_show")
    assert Task.objects.filter(person=plan.child, source="absence").count() == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert children_served(past[0], past[-1]) == 1
    with pytest.raises(svc.SessionNotOpen):
        svc.therapy_session_mark(actor=therapist, session=third, status="attended")


def test_attendance_cannot_be_marked_before_the_day(
    therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    plan = _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=1)
    with pytest.raises(svc.SessionInFuture):
        svc.therapy_session_mark(actor=therapist, session=plan.sessions.get(), status="attended")


def test_clinical_notes_are_written_through_cases_and_hidden_from_centre_staff(
    therapist: Any,
    centre_staff: Any,
    social_worker: Any,
    client_as: Any,
    monday_slot: Any,
    sensory: Any,
    next_monday: dt.date,
    audit_events: Any,
) -> None:
    plan = _plan(centre_staff, therapist, monday_slot, sensory, next_monday, sessions=2)
    session = plan.sessions.order_by("number").first()
    body = "Vestibüler girdiye tolerans arttı; ev programı anneyle paylaşıldı."
    response = client_as(therapist).post(
        reverse("bookings:therapy-session-note", kwargs={"pk": session.pk}), {"body": body}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    note = CaseNote.objects.get(pk=session.note_id)
    assert note.level == NoteLevel.CLINICAL and note.person_id == plan.child_id and note.author == therapist
    url = reverse("bookings:therapy-session-detail", kwargs={"pk": session.pk})
    assert body in client_as(therapist).get(url).content.decode()
    assert audit_events.filter(action="casenote.view", object_id=str(note.pk), actor=therapist).exists()
    for reader in (centre_staff, social_worker):
        page = client_as(reader).get(url)
        assert page.status_code == 200 and body not in page.content.decode()
        assert not audit_events.filter(action="casenote.view", object_id=str(note.pk), actor=reader).exists()
    refused = client_as(centre_staff).post(
        reverse("bookings:therapy-session-note", kwargs={"pk": session.pk}), {"body": "x"}
    )
    assert refused.status_code == 403
    with pytest.raises(ApplicationError):
        svc.therapy_session_note(actor=centre_staff, session=session, body="x")
    assert CaseNote.objects.filter(person=plan.child).count() == 1


def test_stopping_a_plan_cancels_future_sessions(
    therapist: Any, monday_slot: Any, sensory: Any, next_monday: dt.date
) -> None:
    plan = _plan(therapist, therapist, monday_slot, sensory, next_monday, sessions=4)
    with pytest.raises(svc.StopReasonRequired):
        svc.therapy_plan_stop(actor=therapist, plan=plan, reason=" ")
    assert svc.therapy_plan_stop(actor=therapist, plan=plan, reason="Aile taşındı") == 4
    assert not plan.sessions.exclude(status=SessionStatus.CANCELLED).exists()
