"""Enrolments (a person in a service) and their care plans. Every status change goes through
enrolment_transition, which writes one EnrolmentStatusChange row and one audit event."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.cases.models import (
    CarePlan,
    CarePlanItem,
    CareTaskType,
    CloseReason,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
    TaskSource,
)
from omur.cases.permissions import CASE_MANAGE_ROLES, CASE_MANAGER_ROLES
from omur.cases.recurrence import WEEKDAYS, normalise_rrule
from omur.cases.services.alerts import tasks_close_related
from omur.core.access import user_roles
from omur.core.audit import audit_record, diff_fields
from omur.core.exceptions import ApplicationError

S = EnrolmentStatus

# What may follow what. Closing is possible from every open state; a closed enrolment stays closed
# (a person who comes back is enrolled again, so the first episode keeps its dates and reason).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.WAITING: frozenset({S.ACTIVE, S.CLOSED}),
    S.ACTIVE: frozenset({S.SUSPENDED, S.CLOSED}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.CLOSED}),
    S.CLOSED: frozenset(),
}


class EnrolmentNotAllowed(ApplicationError):
    message = _("Your role cannot change enrolments.")


class EnrolmentExists(ApplicationError):
    message = _("%(person)s already has an open enrolment in %(service)s.")


class EnrolmentTransitionNotAllowed(ApplicationError):
    message = _("An enrolment cannot go from “%(current)s” to “%(target)s”.")


class CloseReasonRequired(ApplicationError):
    message = _("Closing an enrolment needs a reason.")


class CloseNoteRequired(ApplicationError):
    message = _("Explain in the note why the enrolment is closed.")


class EnrolmentChangedMeanwhile(ApplicationError):
    message = _("Someone changed this enrolment a moment ago. Reload the page and try again.")


class CaseManagerNotEligible(ApplicationError):
    message = _("A case manager must be an active social worker or office manager.")


class CarePlanNotForService(ApplicationError):
    message = _("Care plans are for home-based services only.")


class CarePlanInvalid(ApplicationError):
    message = _("The care plan is not valid: %(problem)s")


def _check_actor(actor: Any) -> None:
    # None is the daily job acting on a rule.
    if actor is not None and not user_roles(actor) & CASE_MANAGE_ROLES:
        raise EnrolmentNotAllowed()


def _check_case_manager(user: Any) -> None:
    if user is not None and (not user.is_active or not user_roles(user) & CASE_MANAGER_ROLES):
        raise CaseManagerNotEligible()


@transaction.atomic
def enrolment_create(
    *,
    actor: Any,
    person: Any,
    service: Any,
    case_manager: Any = None,
    status: str = S.WAITING,
    start_date: dt.date | None = None,
    review_on: dt.date | None = None,
    assessment: Any = None,
    note: str = "",
) -> Enrolment:
    """Enrol a person in a service, waiting (the default) or straight away active."""
    _check_actor(actor)
    _check_case_manager(case_manager)
    if status not in (S.WAITING, S.ACTIVE):
        raise EnrolmentTransitionNotAllowed(current="—", target=S(status).label)
    if status == S.ACTIVE and start_date is None:
        start_date = timezone.localdate()
    if Enrolment.objects.filter(person=person, service=service).exclude(status=S.CLOSED).exists():
        raise EnrolmentExists(person=str(person), service=str(service))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                person=person,
                service=service,
                status=status,
                case_manager=case_manager,
                start_date=start_date,
                review_on=review_on,
                assessment=assessment,
                created_by=actor,
            )
    except IntegrityError as exc:  # a colleague enrolled the same person a moment ago
        raise EnrolmentExists(person=str(person), service=str(service)) from exc
    EnrolmentStatusChange.objects.create(
        enrolment=enrolment, from_status="", to_status=status, note=note, changed_by=actor
    )
    audit_record(
        actor=actor,
        action="enrolment.create",
        obj=enrolment,
        changes={
            "person": person.pk,
            "service": service.pk,
            "status": status,
            "case_manager": case_manager.pk if case_manager else None,
            "assessment": assessment.pk if assessment else None,
        },
    )
    return enrolment


@transaction.atomic
def enrolment_transition(
    *,
    actor: Any,
    enrolment: Enrolment,
    to_status: str,
    reason: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> EnrolmentStatusChange:
    """Move an enrolment to `to_status`. Closing needs a CloseReason (and a note for "other");
    activating sets the start date, closing the end date (both `on`, default today)."""
    _check_actor(actor)
    from_status = enrolment.status
    if to_status not in TRANSITIONS.get(from_status, frozenset()):
        raise EnrolmentTransitionNotAllowed(
            current=S(from_status).label, target=S(to_status).label if to_status in S.values else to_status
        )
    note = (note or "").strip()
    on = on or timezone.localdate()
    updates: dict[str, Any] = {"status": to_status, "updated_at": timezone.now()}
    if to_status == S.CLOSED:
        if reason not in CloseReason.values:
            raise CloseReasonRequired()
        if reason == CloseReason.OTHER and not note:
            raise CloseNoteRequired()
        updates.update(close_reason=reason, close_note=note, end_date=max(on, enrolment.start_date or on))
    else:
        reason = ""
    if to_status == S.ACTIVE and enrolment.start_date is None:
        updates["start_date"] = on
    # Conditional on the status we read: of two people pressing buttons at once, one wins.
    if not Enrolment.objects.filter(pk=enrolment.pk, status=from_status).update(**updates):
        raise EnrolmentChangedMeanwhile()
    for field, value in updates.items():
        setattr(enrolment, field, value)
    change = EnrolmentStatusChange.objects.create(
        enrolment=enrolment, from_status=from_status, to_status=to_status, reason=reason, note=note, changed_by=actor
    )
    audit_record(
        actor=actor,
        action="enrolment.transition",
        obj=enrolment,
        changes={"status": [from_status, to_status], **({"reason": reason} if reason else {}), "note_chars": len(note)},
    )
    if to_status == S.CLOSED:
        tasks_close_related(
            actor=actor,
            related=enrolment,
            sources=(TaskSource.REVIEW_DUE, TaskSource.AGE_OUT),
            note=str(_("The enrolment was closed.")),
        )
    return change


@transaction.atomic
def enrolment_update(*, actor: Any, enrolment: Enrolment, case_manager: Any, review_on: dt.date | None) -> Enrolment:
    """Change the case manager or the review date of an open enrolment."""
    _check_actor(actor)
    _check_case_manager(case_manager)
    if not enrolment.is_open:
        raise EnrolmentTransitionNotAllowed(current=S.CLOSED.label, target=S.CLOSED.label)
    before = {"case_manager": enrolment.case_manager_id, "review_on": enrolment.review_on}
    enrolment.case_manager = case_manager
    enrolment.review_on = review_on
    enrolment.save(update_fields=["case_manager", "review_on", "updated_at"])
    after = {"case_manager": enrolment.case_manager_id, "review_on": enrolment.review_on}
    diff = diff_fields(before, after)
    if diff:
        audit_record(actor=actor, action="enrolment.update", obj=enrolment, changes=diff)
    return enrolment


@dataclass(frozen=True)
class CarePlanLine:
    task_type: str
    recurrence: str
    duration_minutes: int = 60


def _plan_snapshot(plan: CarePlan | None, items: Iterable[CarePlanItem] = ()) -> dict[str, Any]:
    if plan is None:
        return {}
    return {
        "preferred_days": ",".join(plan.preferred_days or []),
        "window": f"{plan.window_start or ''}-{plan.window_end or ''}",
        "same_sex_carer": plan.same_sex_carer,
        "preferred_staff": plan.preferred_staff_id,
        "items": "; ".join(f"{i.task_type} {i.recurrence} {i.duration_minutes}" for i in items),
        "notes_chars": len(plan.notes),
    }


@transaction.atomic
def care_plan_save(
    *,
    actor: Any,
    enrolment: Enrolment,
    items: list[CarePlanLine],
    preferred_days: list[str] | tuple[str, ...] = (),
    window_start: dt.time | None = None,
    window_end: dt.time | None = None,
    same_sex_carer: bool = False,
    preferred_staff: Any = None,
    notes: str = "",
) -> CarePlan:
    """Create or replace the care plan of a home-based enrolment (its task lines are replaced whole)."""
    _check_actor(actor)
    if enrolment.service.delivery_model != "home":
        raise CarePlanNotForService()
    if not enrolment.is_open:
        raise EnrolmentTransitionNotAllowed(current=S.CLOSED.label, target=S.CLOSED.label)
    if not items:
        raise CarePlanInvalid(problem=_("add at least one task"))
    if window_start and window_end and window_end <= window_start:
        raise CarePlanInvalid(problem=_("the visiting window must end after it starts"))
    seen: set[str] = set()
    lines = []
    for line in items:
        if line.task_type not in CareTaskType.values or line.task_type in seen:
            raise CarePlanInvalid(problem=_("each task may appear once"))
        seen.add(line.task_type)
        try:
            rule = normalise_rrule(line.recurrence)
        except ValueError as exc:
            raise CarePlanInvalid(
                problem=_("“%(rule)s” is not a valid recurrence rule") % {"rule": line.recurrence}
            ) from exc
        lines.append(CarePlanLine(line.task_type, rule, line.duration_minutes))
    days = [d for d in WEEKDAYS if d in set(preferred_days)]

    plan = CarePlan.objects.filter(enrolment=enrolment).first()
    before = _plan_snapshot(plan, plan.items.all() if plan else ())
    if plan is None:
        plan = CarePlan(enrolment=enrolment)
    plan.preferred_days = days
    plan.window_start, plan.window_end = window_start, window_end
    plan.same_sex_carer = same_sex_carer
    plan.preferred_staff = preferred_staff
    plan.notes = notes.strip()
    plan.save()
    plan.items.all().delete()
    created = CarePlanItem.objects.bulk_create(
        [
            CarePlanItem(
                care_plan=plan, task_type=ln.task_type, recurrence=ln.recurrence, duration_minutes=ln.duration_minutes
            )
            for ln in lines
        ]
    )
    diff = diff_fields(before, _plan_snapshot(plan, created))
    audit_record(actor=actor, action="careplan.save", obj=plan, changes=diff)
    return plan
