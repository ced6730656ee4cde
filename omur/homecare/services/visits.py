"""Visits: materialised from care plans, raised as urgent welfare checks, added by hand."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omur.cases.models import CarePlan, CareTaskType, Enrolment, EnrolmentStatus
from omur.core.audit import audit_record
from omur.core.calendar import is_public_holiday
from omur.homecare.models import (
    TRADE_SKILL_PREFIX,
    Skill,
    StaffMember,
    Visit,
    VisitSource,
    VisitStatus,
)
from omur.homecare.services.common import HomecareError, check_planner, minute_of_day, person_address

# The rolling horizon of materialised visits (days from today, today included).
HORIZON_DAYS = 14
# Care tasks that become home visits, and the skill each needs. Meal delivery and check-in calls are
# other apps' work; repairs come from repair jobs (one-off, with a trade), not from a recurrence.
TASK_SKILLS: dict[str, str] = {
    CareTaskType.CLEANING: Skill.CLEANING,
    CareTaskType.PERSONAL_CARE: Skill.PERSONAL_CARE,
    CareTaskType.HEALTH_CHECK: Skill.HEALTH_CHECK,
    CareTaskType.PHYSIOTHERAPY: Skill.PHYSIOTHERAPY,
    CareTaskType.PSYCHOLOGICAL_SUPPORT: Skill.PSYCHOLOGICAL_SUPPORT,
    CareTaskType.ESCORT: Skill.ESCORT,
}
DEFAULT_WINDOW = (dt.time(9, 0), dt.time(17, 0))

# An urgent welfare check (after unanswered check-in calls): 30 minutes, by anyone with the
# welfare-check skill (caregivers and nurses by default), to start within the next four hours.
URGENT_SKILL = Skill.WELFARE_CHECK
URGENT_DURATION_MINUTES = 30
URGENT_WINDOW_HOURS = 4
URGENT_EARLIEST = dt.time(8, 0)
URGENT_LATEST = dt.time(20, 0)


class VisitNotEditable(HomecareError):
    message = _("This visit has already started or ended and can no longer be changed.")


class NoAddress(HomecareError):
    message = _("%(person)s has no address with a district: add one in the registry before booking a visit.")


# ---------------------------------------------------------------------------------------------------
# Urgent welfare checks
# ---------------------------------------------------------------------------------------------------


def _round_up(moment: dt.datetime, minutes: int = 15) -> dt.time:
    extra = (-moment.minute) % minutes
    rounded = (moment + dt.timedelta(minutes=extra)).replace(second=0, microsecond=0)
    if rounded.date() != moment.date():
        return dt.time(23, 45)
    return rounded.time()


def urgent_window(on: dt.date, now: dt.datetime | None = None) -> tuple[dt.time, dt.time]:
    """From now (rounded up to the quarter hour, not before 08:00) for four hours, not past 20:00;
    on another day, 09:00–13:00. Late in the evening the window is what is left of the day."""
    now = timezone.localtime(now or timezone.now())
    if on != now.date():
        return dt.time(9, 0), dt.time(13, 0)
    start = max(_round_up(now), URGENT_EARLIEST)
    end_dt = dt.datetime.combine(on, start) + dt.timedelta(hours=URGENT_WINDOW_HOURS)
    end = min(end_dt.time() if end_dt.date() == on else dt.time(23, 59), URGENT_LATEST)
    if end <= start:
        end = min(
            (dt.datetime.combine(on, start) + dt.timedelta(hours=1)).time()
            if start < dt.time(23, 0)
            else dt.time(23, 59),
            dt.time(23, 59),
        )
    return start, end


def _usual_carer(person: Any) -> StaffMember | None:
    """The staff member who most recently visited the person with the welfare-check skill."""
    recent = (
        Visit.objects.filter(person=person, provider__isnull=False, provider__active=True)
        .select_related("provider")
        .order_by("-date", "-id")[:10]
    )
    for visit in recent:
        if visit.provider is not None and URGENT_SKILL in (visit.provider.skills or []):
            return visit.provider
    return None


@transaction.atomic
def visit_request_urgent(
    *, actor: Any, person: Any, reason: str, source: str = "checkin_call", on: dt.date | None = None
) -> Visit:
    """An urgent welfare-check visit to `person` (after unanswered check-in calls, a worrying call,
    a neighbour's report). Not planned here: it shows at the top of the planner for the day, where
    a coordinator re-plans or pins it. Skill `welfare_check` (caregivers and nurses), 30 minutes,
    window from now for four hours (see `urgent_window`).

    Asking twice for the same person and day returns the open urgent visit (with the new reason
    appended) instead of sending a second carer.
    """
    day = on or timezone.localdate()
    reason = (reason or "").strip()
    existing = (
        Visit.objects.select_for_update()
        .filter(person=person, date=day, urgent=True, status__in=[VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS])
        .order_by("id")
        .first()
    )
    if existing is not None:
        if reason and reason not in existing.reason:
            existing.reason = f"{existing.reason}\n{reason}".strip()
            existing.save(update_fields=["reason", "updated_at"])
            audit_record(actor=actor, action="visit.urgent_repeat", obj=existing, changes={"reason": reason})
        return existing
    start, end = urgent_window(day)
    visit = _visit_at_home(
        actor=actor,
        person=person,
        source=VisitSource.URGENT,
        kind="welfare_check",
        date=day,
        window_start=start,
        window_end=end,
        duration_minutes=URGENT_DURATION_MINUTES,
        required_skill=URGENT_SKILL,
        same_sex=False,
        preferred_staff=_usual_carer(person),
        urgent=True,
        origin=(source or "")[:30],
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="visit.urgent",
        obj=visit,
        changes={"date": str(day), "window": f"{start:%H:%M}-{end:%H:%M}", "source": source},
    )
    return visit


def _visit_at_home(*, actor: Any, person: Any, **fields: Any) -> Visit:
    """A visit created one at a time (urgent, by hand): at the person's address (or their district's
    centre, flagged approximate), recorded as made by the member of staff if a person made it."""
    address, lat, lon, approximate = person_address(person)
    return Visit.objects.create(
        person=person,
        address=address,
        lat=lat,
        lon=lon,
        location_approximate=approximate,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )


def window_errors(window_start: dt.time, window_end: dt.time, duration_minutes: int) -> dict[str, list[str]]:
    """The visiting window's problems by field: it must end after it starts and hold the visit.
    The same rule for the "add a visit" form and for the service behind it."""
    if window_end <= window_start:
        return {"window_end": [gettext("The visiting window must end after it starts.")]}
    window = minute_of_day(window_end) - minute_of_day(window_start)
    if duration_minutes > window:
        return {
            "duration_minutes": [
                gettext("The visit takes %(n)d minutes but the window is only %(w)d minutes: widen the window.")
                % {"n": duration_minutes, "w": window}
            ]
        }
    return {}


# ---------------------------------------------------------------------------------------------------
# Visits added by hand (the office's "add a visit" page)
# ---------------------------------------------------------------------------------------------------


def staff_skills() -> set[str]:
    """Every skill at least one active staff member has (JSON lists: read in Python, the same on
    SQLite and PostgreSQL; a few hundred rows at most)."""
    found: set[str] = set()
    for skills in StaffMember.objects.filter(active=True).values_list("skills", flat=True):
        found.update(skills or [])
    return found


def manual_visit_kind(skill: str) -> str:
    """The visit type stored for a hand-added visit: the care task (or welfare check) the skill is,
    or "repair" for a trade."""
    return "repair" if skill.startswith(TRADE_SKILL_PREFIX) else skill


@transaction.atomic
def visit_create_manual(
    *,
    actor: Any,
    person: Any,
    required_skill: str,
    date: dt.date,
    window_start: dt.time,
    window_end: dt.time,
    duration_minutes: int,
    same_sex: bool = False,
    preferred_staff: StaffMember | None = None,
    notes: str = "",
    urgent: bool = False,
    reason: str = "",
) -> Visit:
    """A visit the office adds by hand (a one-off cleaning, a nurse's check after a hospital stay,
    an urgent welfare check after a neighbour's call). Not planned here: the planner places it in a
    route on the next (re-)plan; an urgent one is shown at the top of the planner for its day.

    Refused, field by field, with what to fix: a day in the past, a window that does not end after
    it starts or is shorter than the visit, a skill nobody on the staff has, a preferred carer who
    lacks the skill (or, for a same-sex visit, is of the other sex), a person without an address."""
    check_planner(actor)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if date < today:
        errors.setdefault("date", []).append(gettext("The date is in the past: choose today or a later day."))
    for name, problems in window_errors(window_start, window_end, duration_minutes).items():
        errors.setdefault(name, []).extend(problems)
    if not 5 <= duration_minutes <= 600:
        errors.setdefault("duration_minutes", []).append(gettext("A visit takes between 5 and 600 minutes."))
    labels = dict(Skill.choices)
    if required_skill not in labels:
        errors.setdefault("required_skill", []).append(gettext("Choose what the visit is for."))
    elif required_skill not in staff_skills():
        errors.setdefault("required_skill", []).append(
            gettext("No active staff member has the skill “%(skill)s”: add it to a staff profile first.")
            % {"skill": labels[required_skill]}
        )
    if preferred_staff is not None:
        if not preferred_staff.active:
            errors.setdefault("preferred_staff", []).append(
                gettext("%(name)s is no longer active.") % {"name": preferred_staff.full_name}
            )
        elif required_skill in labels and required_skill not in (preferred_staff.skills or []):
            errors.setdefault("preferred_staff", []).append(
                gettext("%(name)s does not have the skill “%(skill)s”.")
                % {"name": preferred_staff.full_name, "skill": labels[required_skill]}
            )
        elif same_sex and person.sex in ("F", "M") and preferred_staff.sex != person.sex:
            errors.setdefault("preferred_staff", []).append(
                gettext("The visit needs a carer of the same sex as %(person)s.") % {"person": person.full_name}
            )
    if errors:
        raise ValidationError(errors)
    if not person.district_id and (person.lat is None or person.lon is None):
        raise NoAddress(person=person.full_name)
    visit = _visit_at_home(
        actor=actor,
        person=person,
        source=VisitSource.MANUAL,
        kind=manual_visit_kind(required_skill),
        date=date,
        window_start=window_start,
        window_end=window_end,
        duration_minutes=duration_minutes,
        required_skill=required_skill,
        same_sex=same_sex,
        preferred_staff=preferred_staff,
        urgent=urgent,
        origin="office",
        reason=(reason or "").strip(),
        notes=(notes or "").strip(),
    )
    audit_record(
        actor=actor,
        action="visit.create_manual",
        obj=visit,
        changes={
            "person": person.pk,
            "date": str(date),
            "window": f"{window_start:%H:%M}-{window_end:%H:%M}",
            "minutes": duration_minutes,
            "skill": required_skill,
            "same_sex": same_sex,
            "preferred": preferred_staff.pk if preferred_staff else None,
            "urgent": urgent,
        },
    )
    return visit


# ---------------------------------------------------------------------------------------------------
# Materialising care plans
# ---------------------------------------------------------------------------------------------------


@dataclass
class MaterialiseResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    revived: int = 0
    skipped_holidays: set[dt.date] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "cancelled": self.cancelled,
            "revived": self.revived,
            "holidays": sorted(str(d) for d in self.skipped_holidays),
        }


def _weekend_allowed(rule: str) -> bool:
    """A rule that names Saturday or Sunday means it; a plain daily rule means the working week."""
    byday = next((p.split("=", 1)[1] for p in rule.upper().split(";") if p.startswith("BYDAY=")), "")
    return "SA" in byday or "SU" in byday


def _desired_for(
    plan: CarePlan, start: dt.date, end: dt.date, preferred: dict[int, StaffMember], result: MaterialiseResult
) -> dict[tuple[str, dt.date], dict[str, Any]]:
    enrolment = plan.enrolment
    first = max(start, enrolment.start_date or start)
    last = min(end, enrolment.end_date or end)
    window = (plan.window_start or DEFAULT_WINDOW[0], plan.window_end or DEFAULT_WINDOW[1])
    wanted: dict[tuple[str, dt.date], dict[str, Any]] = {}
    if first > last:
        return wanted
    usual = preferred.get(plan.preferred_staff_id) if plan.preferred_staff_id else None
    for item in plan.items.all():
        skill = TASK_SKILLS.get(item.task_type)
        if skill is None:
            continue
        weekend = _weekend_allowed(item.recurrence)
        for day in item.occurrences(first, last):
            if day.weekday() >= 5 and not weekend:
                continue
            if is_public_holiday(day):
                result.skipped_holidays.add(day)
                continue
            wanted[(item.task_type, day)] = {
                "window_start": window[0],
                "window_end": window[1],
                "duration_minutes": item.duration_minutes,
                "required_skill": skill,
                "same_sex": plan.same_sex_carer,
                "preferred_staff_id": usual.pk if usual else None,
                "notes": plan.notes,
                "service_id": enrolment.service_id,
            }
    return wanted


def _changeable(visit: Visit, edit_from: dt.date) -> bool:
    return visit.date >= edit_from and visit.status == VisitStatus.SCHEDULED and not visit.locked


@transaction.atomic
def visits_materialise(
    *,
    actor: Any = None,
    start: dt.date | None = None,
    days: int = HORIZON_DAYS,
    enrolment_ids: list[int] | None = None,
    edit_from: dt.date | None = None,
) -> MaterialiseResult:
    """Make the visits of active home-visit enrolments' care plans for `days` days from `start`
    (default today), skipping Turkish public holidays. Idempotent: a second run changes nothing.

    Existing visits are brought in line with the care plan only from `edit_from` on (default
    tomorrow): today's, past, started, finished and locked (pinned, moved, checked-in) visits are
    never touched. Occurrences the plan no longer has are cancelled; enrolments that stopped being
    active lose their future unlocked visits the same way.
    """
    check_planner(actor)
    today = timezone.localdate()
    start = start or today
    end = start + dt.timedelta(days=days - 1)
    edit_from = edit_from or (today + dt.timedelta(days=1))
    result = MaterialiseResult()

    plans = CarePlan.objects.filter(
        enrolment__status=EnrolmentStatus.ACTIVE,
        enrolment__service__delivery_model="home",
        enrolment__service__mechanism="home_visit",
    ).select_related("enrolment", "enrolment__service", "enrolment__person")
    plans = plans.select_related("enrolment__person__district", "enrolment__person__neighbourhood").prefetch_related(
        "items"
    )
    if enrolment_ids is not None:
        plans = plans.filter(enrolment_id__in=enrolment_ids)
    plans_list = list(plans)
    preferred: dict[int, StaffMember] = {
        s.user_id: s  # type: ignore[misc]
        for s in StaffMember.objects.filter(
            active=True, user_id__in=[p.preferred_staff_id for p in plans_list if p.preferred_staff_id]
        )
    }

    existing_qs = Visit.objects.filter(source=VisitSource.CARE_PLAN, date__gte=start, date__lte=end)
    if enrolment_ids is not None:
        existing_qs = existing_qs.filter(enrolment_id__in=enrolment_ids)
    existing: dict[tuple[int, str, dt.date], Visit] = {
        (v.enrolment_id, v.kind, v.date): v for v in existing_qs if v.enrolment_id is not None
    }

    new: list[Visit] = []
    seen: set[tuple[int, str, dt.date]] = set()
    for plan in plans_list:
        enrolment = plan.enrolment
        person = enrolment.person
        if person.date_of_death is not None:
            continue
        address, lat, lon, approximate = person_address(person)
        for (kind, day), attrs in _desired_for(plan, start, end, preferred, result).items():
            key = (enrolment.pk, kind, day)
            seen.add(key)
            visit = existing.get(key)
            if visit is None:
                new.append(
                    Visit(
                        person=person,
                        source=VisitSource.CARE_PLAN,
                        kind=kind,
                        enrolment=enrolment,
                        date=day,
                        address=address,
                        lat=lat,
                        lon=lon,
                        location_approximate=approximate,
                        **attrs,
                    )
                )
                continue
            if visit.status == VisitStatus.CANCELLED and visit.date >= edit_from and not visit.locked:
                visit.status = VisitStatus.SCHEDULED
                visit.outcome_note = ""
                result.revived += 1
                for name, value in attrs.items():
                    setattr(visit, name, value)
                visit.save()
                continue
            if not _changeable(visit, edit_from):
                continue
            changed = [name for name, value in attrs.items() if getattr(visit, name) != value]
            if visit.address != address or visit.lat != lat or visit.lon != lon:
                visit.address, visit.lat, visit.lon, visit.location_approximate = address, lat, lon, approximate
                changed += ["address", "lat", "lon", "location_approximate"]
            if changed:
                for name in changed:
                    if name in attrs:
                        setattr(visit, name, attrs[name])
                visit.save(update_fields=[*changed, "updated_at"])
                result.updated += 1

    # Occurrences no longer wanted (plan changed, enrolment no longer active, person died).
    for key, visit in existing.items():
        if key in seen or not _changeable(visit, edit_from):
            continue
        visit.status = VisitStatus.CANCELLED
        visit.outcome_note = str(_("No longer in the care plan."))
        visit.assigned_staff = None
        visit.sequence = None
        visit.save(update_fields=["status", "outcome_note", "assigned_staff", "sequence", "updated_at"])
        result.cancelled += 1
    if enrolment_ids is None:
        stale = Visit.objects.filter(
            source=VisitSource.CARE_PLAN, date__gt=end, status=VisitStatus.SCHEDULED, locked=False
        ).exclude(enrolment__status=EnrolmentStatus.ACTIVE)
        result.cancelled += stale.update(status=VisitStatus.CANCELLED, assigned_staff=None, sequence=None)

    if new:
        try:
            with transaction.atomic():
                Visit.objects.bulk_create(new, batch_size=500)
        except IntegrityError:
            # Another run made some of them meanwhile: add the rest one by one.
            for visit in new:
                try:
                    with transaction.atomic():
                        visit.save()
                except IntegrityError:
                    continue
                result.created += 1
        else:
            result.created = len(new)
    if result.created or result.updated or result.cancelled or result.revived:
        audit_record(
            actor=actor,
            action="visit.materialise",
            object_type="homecare.visit",
            object_repr=f"{start}..{end}",
            changes=result.as_dict(),
        )
    return result


def enrolment_ids_for_care_plan(care_plan_id: int) -> list[int]:
    return list(CarePlan.objects.filter(pk=care_plan_id).values_list("enrolment_id", flat=True))


def active_enrolments_with_plans() -> list[int]:
    return list(
        Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE, care_plan__isnull=False).values_list("pk", flat=True)
    )
