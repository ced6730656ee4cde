"""The field: check-in and check-out with optional GPS, outcomes, and what follows a visit that did
not happen (rescheduled to the next working day, or a task for the case manager)."""

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.cases.models import TaskPriority
from omur.cases.services import office_text, task_raise
from omur.core.audit import audit_record
from omur.core.calendar import is_working_day
from omur.homecare.models import (
    NOT_DONE_OUTCOMES,
    RepairStatus,
    StaffMember,
    Visit,
    VisitSource,
    VisitStatus,
)
from omur.homecare.services.common import HomecareError, NotAllowed, is_planner

# A check-in further than this from the address is flagged for the office to look at (GPS in a
# concrete block is often 30–80 m off; 200 m is a different street).
CHECK_IN_TOLERANCE_M = 200
OUTCOMES = (VisitStatus.DONE, *NOT_DONE_OUTCOMES)


class VisitNotToday(HomecareError):
    message = _("Check-in is for today's visits only; this visit is on %(day)s.")


class AlreadyCheckedIn(HomecareError):
    message = _("This visit is already checked in or finished.")


class NotCheckedIn(HomecareError):
    message = _("Check in first: a visit is recorded as done only after a check-in.")


class OutcomeInvalid(HomecareError):
    message = _("Choose an outcome: done, not at home, refused or hospitalised.")


class BadPosition(HomecareError):
    message = _("The position sent by the phone is not a valid latitude and longitude.")


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371000.0 * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def staff_of(actor: Any) -> StaffMember | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return StaffMember.objects.filter(user=actor).first()


def _check_field_actor(actor: Any, visit: Visit) -> StaffMember | None:
    """The carer of the visit (assigned or who checked in), or a planner recording for them."""
    me = staff_of(actor)
    if me is not None and me.pk in (visit.assigned_staff_id, visit.provider_id):
        return me
    if is_planner(actor):
        return None
    raise NotAllowed()


def _position(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not (math.isfinite(lat) and math.isfinite(lon)):
        raise BadPosition()
    return lat, lon


def _distance(visit: Visit, pos: tuple[float, float] | None) -> int | None:
    if pos is None or not visit.has_location or visit.location_approximate:
        return None
    return round(distance_m(pos[0], pos[1], visit.lat, visit.lon))  # type: ignore[arg-type]


@transaction.atomic
def visit_check_in(
    *, actor: Any, visit: Visit, lat: float | None = None, lon: float | None = None, at: dt.datetime | None = None
) -> Visit:
    me = _check_field_actor(actor, visit)
    now = at or timezone.now()
    if visit.date != timezone.localdate(now):
        raise VisitNotToday(day=f"{visit.date:%d.%m.%Y}")
    pos = _position(lat, lon)
    distance = _distance(visit, pos)
    flagged = distance is not None and distance > CHECK_IN_TOLERANCE_M
    provider_id = me.pk if me else visit.assigned_staff_id
    # Conditional update: two taps (or two phones) cannot both check in.
    updated = Visit.objects.filter(pk=visit.pk, status=VisitStatus.SCHEDULED).update(
        status=VisitStatus.IN_PROGRESS,
        checked_in_at=now,
        check_in_lat=pos[0] if pos else None,
        check_in_lon=pos[1] if pos else None,
        check_in_distance_m=distance,
        location_flagged=flagged,
        provider_id=provider_id,
        locked=True,
        updated_at=now,
    )
    if not updated:
        raise AlreadyCheckedIn()
    visit.refresh_from_db()
    audit_record(
        actor=actor,
        action="visit.check_in",
        obj=visit,
        changes={"distance_m": distance, "flagged": flagged, "gps": pos is not None},
    )
    return visit


def next_working_day(day: dt.date) -> dt.date:
    candidate = day + dt.timedelta(days=1)
    while not is_working_day(candidate):
        candidate += dt.timedelta(days=1)
    return candidate


def _follow_up(*, actor: Any, visit: Visit) -> dict[str, Any]:
    """What happens after a visit that did not happen.

    - not at home: booked again for the next working day, unless it was already a second try, an
      urgent welfare check (nobody answering is itself the alarm), or a visit of the same kind is
      already due that day; then the case manager gets a task;
    - refused or hospitalised: the case manager gets a task (the plan may need to change), no visit.
    """
    person = visit.person
    title_args = {"person": person.full_name, "kind": visit.kind_label, "day": f"{visit.date:%d.%m.%Y}"}
    if visit.status == VisitStatus.NOT_HOME and not visit.urgent and visit.source != VisitSource.RESCHEDULED:
        day = next_working_day(visit.date)
        clash = (
            Visit.objects.filter(person=person, kind=visit.kind, date=day)
            .exclude(status=VisitStatus.CANCELLED)
            .exists()
        )
        if not clash:
            again = Visit.objects.create(
                person=person,
                source=VisitSource.RESCHEDULED,
                kind=visit.kind,
                service=visit.service,
                enrolment=visit.enrolment,
                repair_job=visit.repair_job,
                rescheduled_from=visit,
                date=day,
                window_start=visit.window_start,
                window_end=visit.window_end,
                duration_minutes=visit.duration_minutes,
                required_skill=visit.required_skill,
                same_sex=visit.same_sex,
                preferred_staff=visit.preferred_staff or visit.provider,
                notes=visit.notes,
                address=visit.address,
                lat=visit.lat,
                lon=visit.lon,
                location_approximate=visit.location_approximate,
                origin="rescheduled",
                reason=office_text(_("Not at home on %(day)s."), day=f"{visit.date:%d.%m.%Y}"),
            )
            audit_record(
                actor=actor, action="visit.reschedule", obj=again, changes={"from": visit.pk, "date": str(day)}
            )
            return {"rescheduled": again}
    titles = {
        VisitStatus.NOT_HOME: _("%(person)s was not at home for the %(kind)s visit on %(day)s"),
        VisitStatus.REFUSED: _("%(person)s refused the %(kind)s visit on %(day)s"),
        VisitStatus.HOSPITALISED: _("%(person)s is in hospital (%(kind)s visit on %(day)s)"),
    }
    urgent = visit.urgent or visit.status == VisitStatus.HOSPITALISED
    task = task_raise(
        actor=actor,
        source="home_visit",
        title=office_text(titles[VisitStatus(visit.status)], **title_args),
        person=person,
        detail=visit.outcome_note,
        related=visit,
        due=timezone.localdate() + dt.timedelta(days=0 if urgent else 1),
        priority=TaskPriority.URGENT if urgent else TaskPriority.HIGH,
        dedupe_key=f"homecare-visit:{visit.pk}",
    )
    return {"task": task}


@transaction.atomic
def visit_record_outcome(
    *,
    actor: Any,
    visit: Visit,
    outcome: str,
    note: str = "",
    lat: float | None = None,
    lon: float | None = None,
    materials_used: dict[int, Decimal] | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Check out with an outcome. "Done" needs a check-in first; "not at home", "refused" and
    "hospitalised" may be recorded at the door (the arrival is then the check-in, so the visit
    still has its start and end time). Returns {"visit": ..., "rescheduled"|"task": ...}."""
    me = _check_field_actor(actor, visit)
    if outcome not in OUTCOMES:
        raise OutcomeInvalid()
    now = at or timezone.now()
    locked = Visit.objects.select_for_update().filter(pk=visit.pk).first()
    assert locked is not None
    visit = locked
    if visit.status not in (VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS):
        raise AlreadyCheckedIn()
    if visit.date != timezone.localdate(now) and not is_planner(actor):
        raise VisitNotToday(day=f"{visit.date:%d.%m.%Y}")
    pos = _position(lat, lon)
    if visit.status == VisitStatus.SCHEDULED:
        if outcome == VisitStatus.DONE:
            raise NotCheckedIn()
        distance = _distance(visit, pos)
        visit.checked_in_at = now
        visit.check_in_lat, visit.check_in_lon = pos if pos else (None, None)
        visit.check_in_distance_m = distance
        visit.location_flagged = distance is not None and distance > CHECK_IN_TOLERANCE_M
        visit.provider_id = me.pk if me else visit.assigned_staff_id
    out_distance = _distance(visit, pos)
    visit.checked_out_at = max(now, visit.checked_in_at or now)
    visit.check_out_lat, visit.check_out_lon = pos if pos else (None, None)
    visit.check_out_distance_m = out_distance
    if out_distance is not None and out_distance > CHECK_IN_TOLERANCE_M:
        visit.location_flagged = True
    visit.status = outcome
    visit.outcome_note = (note or "").strip()
    visit.locked = True
    visit.save()
    audit_record(
        actor=actor,
        action="visit.outcome",
        obj=visit,
        changes={"outcome": outcome, "distance_m": out_distance, "flagged": visit.location_flagged},
    )
    result: dict[str, Any] = {"visit": visit}
    if outcome == VisitStatus.DONE:
        if visit.repair_job is not None:
            from omur.homecare.services.repairs import repair_job_complete

            repair_job_complete(actor=actor, job=visit.repair_job, notes=visit.outcome_note, used=materials_used or {})
    else:
        result.update(_follow_up(actor=actor, visit=visit))
        if visit.repair_job_id and "rescheduled" not in result and visit.repair_job is not None:
            job = visit.repair_job
            if job.status == RepairStatus.SCHEDULED:
                job.status = RepairStatus.REQUESTED
                job.save(update_fields=["status", "updated_at"])
    return result
