"""Therapy appointments: weekly slots, plans booked as a series, attendance, cancellations, make-up
sessions and clinical notes (written through omur.cases, where their confidentiality is decided)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from omur.accounts.roles import Role
from omur.bookings.models import (
    CancelledBy,
    PlanStatus,
    SessionStatus,
    TherapyPlan,
    TherapySession,
    TherapySlot,
)
from omur.bookings.permissions import THERAPY_DESK_ROLES
from omur.cases.models import NoteLevel
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.core.calendar import holiday_name, is_public_holiday
from omur.core.exceptions import ApplicationError

# The autism centre serves children up to 72 months; on the day a child completes 72 months they
# graduate, so no session may fall on or after that day.
AGE_OUT_MONTHS = 72
# No-shows in a row that make the child's case manager ring the family.
NO_SHOW_ALERT_AFTER = 2


class TherapyError(ApplicationError):
    pass


class NotYourSchedule(TherapyError):
    message = _("Therapists manage only their own slots, plans and sessions.")


class NotATherapist(TherapyError):
    message = _("%(name)s is not an active therapist.")


class SlotRangeInvalid(TherapyError):
    message = _("The end time must be at least one session after the start time.")


class SlotOverlaps(TherapyError):
    message = _(
        "%(name)s already has a slot on %(day)s at %(time)s that overlaps; remove it first or choose other times."
    )


class RoomSlotOverlaps(TherapyError):
    message = _("%(room)s is already used on %(day)s at %(time)s by %(name)s's slot.")


class SlotInUse(TherapyError):
    message = _("This slot still has %(n)s booked sessions; move or cancel them before removing the slot.")


class BirthDateMissing(TherapyError):
    message = _(
        "The child's birth date is not recorded; add it on the person page first (needed for the 72-month limit)."
    )


class AgedOut(TherapyError):
    message = _(
        "%(child)s completes 72 months on %(day)s and graduates from the centre: no session can be booked on or "
        "after that day. %(fit)s of the %(wanted)s sessions fit before it; book fewer sessions."
    )


class SlotTaken(TherapyError):
    message = _(
        "%(what)s is not free at %(time)s on %(dates)s. Choose another slot or start week, or tick “skip weeks that are taken”."
    )


class SessionNotOpen(TherapyError):
    message = _("This session is already marked (%(status)s); only scheduled sessions can be changed.")


class SessionInFuture(TherapyError):
    message = _("Attendance can be marked from the day of the session, not before.")


class PlanNotActive(TherapyError):
    message = _("The plan is not in progress.")


class NoFreeWeek(TherapyError):
    message = _("No free week was found in this slot in the next six months.")


class StopReasonRequired(TherapyError):
    message = _("Say why the plan is stopped.")


class PlanSessionsInvalid(TherapyError):
    message = _("A plan has from 1 to 52 sessions.")


def _is_desk(actor: Any) -> bool:
    return bool(user_roles(actor) & THERAPY_DESK_ROLES)


def _check_may_manage(actor: Any, therapist: Any) -> None:
    if _is_desk(actor):
        return
    if Role.THERAPIST in user_roles(actor) and actor.pk == therapist.pk:
        return
    raise NotYourSchedule()


def _check_therapist(user: Any) -> None:
    if not user.is_active or not user.groups.filter(name=Role.THERAPIST).exists():
        raise NotATherapist(name=user.get_full_name() or user.get_username())


def _d(day: dt.date) -> str:
    return formats.date_format(day, "d.m.Y")


def _t(time: dt.time) -> str:
    return time.strftime("%H:%M")


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def age_out_day(child: Any) -> dt.date | None:
    from omur.cases.services import age_limit_day

    return age_limit_day(child.birth_date, AGE_OUT_MONTHS) if child.birth_date else None


def weekly_target() -> int:
    return int(getattr(settings, "OMUR_THERAPIST_WEEKLY_TARGET", 30))


# --- weekly slots ----------------------------------------------------------------------------------


@transaction.atomic
def therapy_slots_add(
    *,
    actor: Any,
    therapist: Any,
    weekday: int,
    start: dt.time,
    end: dt.time,
    minutes: int = 45,
    gap: int = 0,
    room: Any = None,
) -> list[TherapySlot]:
    """Slots back to back from `start` until `end` on one weekday ("Tuesday 09:00–12:00, 45 minutes
    each with 15 minutes between" gives 09:00, 10:00, 11:00)."""
    _check_may_manage(actor, therapist)
    _check_therapist(therapist)
    if minutes < 15 or minutes > 240 or _minutes(end) - _minutes(start) < minutes:
        raise SlotRangeInvalid()
    wanted: list[int] = []
    at = _minutes(start)
    while at + minutes <= _minutes(end):
        wanted.append(at)
        at += minutes + max(0, gap)
    day_name = dict(TherapySlot._meta.get_field("weekday").choices or [])[weekday]  # type: ignore[index]
    existing = TherapySlot.objects.filter(weekday=weekday, is_active=True).select_related("therapist", "room")
    for other in existing:
        o_start = _minutes(other.starts_at)
        o_end = o_start + other.minutes
        for begin in wanted:
            if begin < o_end and o_start < begin + minutes:
                if other.therapist_id == therapist.pk:
                    raise SlotOverlaps(name=therapist.get_full_name(), day=day_name, time=_t(other.starts_at))
                if room is not None and other.room_id == room.pk:
                    raise RoomSlotOverlaps(
                        room=room.name, day=day_name, time=_t(other.starts_at), name=other.therapist.get_full_name()
                    )
    slots = [
        TherapySlot.objects.create(
            therapist=therapist,
            weekday=weekday,
            starts_at=dt.time(begin // 60, begin % 60),
            minutes=minutes,
            room=room,
        )
        for begin in wanted
    ]
    audit_record(
        actor=actor,
        action="therapyslot.add",
        obj=slots[0],
        changes={
            "therapist": therapist.pk,
            "weekday": weekday,
            "times": [_t(s.starts_at) for s in slots],
            "minutes": minutes,
        },
    )
    return slots


@transaction.atomic
def therapy_slot_remove(*, actor: Any, slot: TherapySlot) -> None:
    _check_may_manage(actor, slot.therapist)
    booked = TherapySession.objects.filter(
        plan__slot=slot, status=SessionStatus.SCHEDULED, day__gte=timezone.localdate()
    ).count()
    if booked:
        raise SlotInUse(n=booked)
    slot.is_active = False
    slot.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="therapyslot.remove", obj=slot, changes={"therapist": slot.therapist_id})


# --- plans -----------------------------------------------------------------------------------------


def _taken(slot: TherapySlot, days: Iterable[dt.date], *, exclude_plan: int | None = None) -> dict[dt.date, str]:
    """Which of `days` already have a live session for this therapist or this room at the slot's time,
    with what is taken ("therapist" / "room")."""
    days = list(days)
    if not days:
        return {}
    q = Q(therapist_id=slot.therapist_id)
    if slot.room_id:
        q |= Q(room_id=slot.room_id)
    rows = TherapySession.objects.filter(q, day__in=days, starts_at=slot.starts_at).exclude(
        status=SessionStatus.CANCELLED
    )
    if exclude_plan is not None:
        rows = rows.exclude(plan_id=exclude_plan)
    taken: dict[dt.date, str] = {}
    for day, therapist_id in rows.values_list("day", "therapist_id"):
        taken[day] = "therapist" if therapist_id == slot.therapist_id else taken.get(day, "room")
    return taken


def _first_on_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


def _slot_taken_error(slot: TherapySlot, taken: dict[dt.date, str]) -> SlotTaken:
    kinds = set(taken.values())
    what = (
        _("The therapist")
        if kinds == {"therapist"}
        else (_("The room %(room)s") % {"room": slot.room.name} if slot.room else _("The therapist"))
        if kinds == {"room"}
        else _("The therapist or the room")
    )
    return SlotTaken(what=what, time=_t(slot.starts_at), dates=", ".join(_d(d) for d in sorted(taken)))


def _plan_days(
    *, slot: TherapySlot, start: dt.date, count: int, skip_taken: bool, limit_day: dt.date | None
) -> tuple[list[dt.date], list[tuple[dt.date, str]], bool]:
    """The next `count` weeks of the slot from `start`, skipping public holidays (and taken weeks when
    asked). Returns the days, what was skipped (day, reason) for the confirmation message, and whether
    the age limit cut the series short."""
    days: list[dt.date] = []
    skipped: list[tuple[dt.date, str]] = []
    day = _first_on_weekday(start, slot.weekday)
    horizon = day + dt.timedelta(weeks=count + 30)
    while len(days) < count and day <= horizon:
        if limit_day is not None and day >= limit_day:
            return days, skipped, True
        if is_public_holiday(day):
            skipped.append((day, holiday_name(day) or str(_("public holiday"))))
        elif skip_taken and _taken(slot, [day]):
            skipped.append((day, str(_("slot taken"))))
        else:
            days.append(day)
        day += dt.timedelta(weeks=1)
    return days, skipped, False


@transaction.atomic
def therapy_plan_create(
    *,
    actor: Any,
    child: Any,
    service: Any,
    therapist: Any,
    slot: TherapySlot,
    sessions: int,
    starts_on: dt.date,
    guardian: Any = None,
    enrolment: Any = None,
    skip_taken: bool = False,
) -> TherapyPlan:
    _check_may_manage(actor, therapist)
    _check_therapist(therapist)
    if slot.therapist_id != therapist.pk or not slot.is_active:
        raise NotYourSchedule()
    if not 1 <= sessions <= 52:
        raise PlanSessionsInvalid()
    limit = age_out_day(child)
    if limit is None:
        raise BirthDateMissing()
    starts_on = max(starts_on, timezone.localdate())
    days, skipped, hit_limit = _plan_days(
        slot=slot, start=starts_on, count=sessions, skip_taken=skip_taken, limit_day=limit
    )
    if len(days) < sessions:
        if hit_limit:
            raise AgedOut(child=child.full_name, day=_d(limit), fit=len(days), wanted=sessions)
        raise NoFreeWeek()
    taken = _taken(slot, days)
    if taken:
        raise _slot_taken_error(slot, taken)
    plan = TherapyPlan.objects.create(
        child=child,
        guardian=guardian,
        service=service,
        enrolment=enrolment,
        therapist=therapist,
        slot=slot,
        sessions_planned=sessions,
        starts_on=days[0],
        created_by=actor,
    )
    try:
        # A savepoint, so a clash found by the database leaves the outer transaction usable.
        with transaction.atomic():
            TherapySession.objects.bulk_create(
                [
                    TherapySession(
                        plan=plan,
                        therapist=therapist,
                        room=slot.room,
                        day=day,
                        starts_at=slot.starts_at,
                        minutes=slot.minutes,
                        number=number,
                    )
                    for number, day in enumerate(days, start=1)
                ]
            )
    except IntegrityError:
        # Another desk booked one of these weeks between our check and our insert.
        raise _slot_taken_error(slot, _taken(slot, days, exclude_plan=plan.pk) or {days[0]: "therapist"}) from None
    audit_record(
        actor=actor,
        action="therapyplan.create",
        obj=plan,
        changes={
            "child": child.pk,
            "service": service.pk,
            "therapist": therapist.pk,
            "slot": slot.pk,
            "sessions": sessions,
            "first": days[0].isoformat(),
            "last": days[-1].isoformat(),
            "skipped": [d.isoformat() for d, _why in skipped],
        },
    )
    plan.skipped = skipped  # type: ignore[attr-defined]  # read by the confirmation message
    return plan


@transaction.atomic
def therapy_plan_extend(*, actor: Any, plan: TherapyPlan) -> TherapySession:
    """One more session, in the first free week of the plan's slot after its last session (a make-up
    for a cancelled one). Holidays and taken weeks are skipped; never on or after the age-out day."""
    _check_may_manage(actor, plan.therapist)
    if plan.status != PlanStatus.ACTIVE:
        raise PlanNotActive()
    slot = plan.slot
    limit = age_out_day(plan.child)
    if limit is None:
        raise BirthDateMissing()
    last = plan.sessions.order_by("-day").values_list("day", flat=True).first()
    start = max(timezone.localdate(), (last or plan.starts_on - dt.timedelta(days=1)) + dt.timedelta(days=1))
    days, _skipped, hit_limit = _plan_days(slot=slot, start=start, count=1, skip_taken=True, limit_day=limit)
    if not days:
        if hit_limit:
            raise AgedOut(child=plan.child.full_name, day=_d(limit), fit=0, wanted=1)
        raise NoFreeWeek()
    number = (plan.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    try:
        with transaction.atomic():
            session = TherapySession.objects.create(
                plan=plan,
                therapist=plan.therapist,
                room=slot.room,
                day=days[0],
                starts_at=slot.starts_at,
                minutes=slot.minutes,
                number=number,
                is_extra=True,
            )
    except IntegrityError:
        raise _slot_taken_error(slot, {days[0]: "therapist"}) from None
    audit_record(
        actor=actor, action="therapyplan.extend", obj=plan, changes={"session": session.pk, "day": days[0].isoformat()}
    )
    return session


@transaction.atomic
def therapy_plan_stop(*, actor: Any, plan: TherapyPlan, reason: str) -> int:
    """Stop a plan: its future scheduled sessions are cancelled by the centre (their slots free up)."""
    _check_may_manage(actor, plan.therapist)
    if plan.status != PlanStatus.ACTIVE:
        raise PlanNotActive()
    reason = (reason or "").strip()
    if not reason:
        raise StopReasonRequired()
    freed = plan.sessions.filter(status=SessionStatus.SCHEDULED, day__gte=timezone.localdate()).update(
        status=SessionStatus.CANCELLED,
        cancelled_by=CancelledBy.CENTRE,
        cancel_reason=reason[:200],
        marked_by=actor,
        marked_at=timezone.now(),
    )
    plan.status = PlanStatus.STOPPED
    plan.stop_reason = reason[:200]
    plan.save(update_fields=["status", "stop_reason", "updated_at"])
    audit_record(actor=actor, action="therapyplan.stop", obj=plan, changes={"reason": reason, "cancelled": freed})
    return freed


# --- sessions --------------------------------------------------------------------------------------


@transaction.atomic
def therapy_session_mark(*, actor: Any, session: TherapySession, status: str) -> TherapySession:
    """Attended or did not come. Two no-shows in a row raise a task for the child's case manager."""
    _check_may_manage(actor, session.therapist)
    if status not in (SessionStatus.ATTENDED, SessionStatus.NO_SHOW):
        raise SessionNotOpen(status=status)
    if session.day > timezone.localdate():
        raise SessionInFuture()
    now = timezone.now()
    changed = TherapySession.objects.filter(pk=session.pk, status=SessionStatus.SCHEDULED).update(
        status=status, marked_by=actor, marked_at=now
    )
    if not changed:
        session.refresh_from_db()
        raise SessionNotOpen(status=session.get_status_display())
    session.refresh_from_db()
    audit_record(actor=actor, action=f"therapysession.{status}", obj=session, changes={"plan": session.plan_id})
    plan = session.plan
    if status == SessionStatus.NO_SHOW:
        _no_show_alert(actor=actor, session=session)
    if not plan.sessions.filter(status=SessionStatus.SCHEDULED).exists() and plan.status == PlanStatus.ACTIVE:
        plan.status = PlanStatus.COMPLETED
        plan.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="therapyplan.complete", obj=plan)
    return session


def _no_show_alert(*, actor: Any, session: TherapySession) -> None:
    from omur.cases.services import office_text, task_raise

    recent = list(
        session.plan.sessions.filter(day__lte=session.day)
        .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.SCHEDULED])
        .order_by("-day")
        .values_list("status", flat=True)[:NO_SHOW_ALERT_AFTER]
    )
    if len(recent) == NO_SHOW_ALERT_AFTER and all(s == SessionStatus.NO_SHOW for s in recent):
        plan = session.plan
        task_raise(
            actor=actor,
            source="absence",
            title=office_text(
                _("%(child)s missed %(n)s therapy sessions in a row: call the family"),
                child=plan.child.full_name,
                n=NO_SHOW_ALERT_AFTER,
            ),
            person=plan.child,
            related=plan,
            due=timezone.localdate() + dt.timedelta(days=2),
            dedupe_key=f"therapy-no-show:{plan.pk}",
        )


@transaction.atomic
def therapy_session_cancel(*, actor: Any, session: TherapySession, by: str, reason: str = "") -> TherapySession:
    """Cancel a scheduled session: the slot is free again for another child (the unique indexes
    ignore cancelled sessions); the plan can then be extended by one to make it up."""
    _check_may_manage(actor, session.therapist)
    if by not in CancelledBy.values:
        by = CancelledBy.FAMILY
    changed = TherapySession.objects.filter(pk=session.pk, status=SessionStatus.SCHEDULED).update(
        status=SessionStatus.CANCELLED,
        cancelled_by=by,
        cancel_reason=(reason or "").strip()[:200],
        marked_by=actor,
        marked_at=timezone.now(),
    )
    if not changed:
        session.refresh_from_db()
        raise SessionNotOpen(status=session.get_status_display())
    session.refresh_from_db()
    audit_record(
        actor=actor,
        action="therapysession.cancel",
        obj=session,
        changes={"plan": session.plan_id, "by": by, "day": session.day.isoformat()},
    )
    return session


@transaction.atomic
def therapy_session_note(*, actor: Any, session: TherapySession, body: str) -> Any:
    """The therapist's clinical note for a session, written as an omur.cases case note of level
    "clinical": encrypted at rest, readable by therapists only (and its author), every read logged
    by cases.selectors.case_notes_visible_to. A second note for the same session replaces the link
    (notes are never edited; the earlier one stays in the child's file)."""
    from omur.cases.services import case_note_create

    _check_may_manage(actor, session.therapist)
    plan = session.plan
    note = case_note_create(
        actor=actor,
        person=plan.child,
        body=body,
        level=NoteLevel.CLINICAL,
        enrolment=plan.enrolment if plan.enrolment and plan.enrolment.person_id == plan.child_id else None,
    )
    session.note = note
    session.save(update_fields=["note", "updated_at"])
    audit_record(actor=actor, action="therapysession.note", obj=session, changes={"note": note.pk})
    return note
