"""Social assessments: schedule the home visit, fill in the form, record the committee's decision.
When the assessment answers an intake request, the request follows along (through intake's own
workflow service, so its history and SMS notices stay right)."""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.cases.models import Assessment, AssessmentStatus, EnrolmentStatus, TaskSource
from omur.cases.permissions import ASSESSOR_ROLES, CASE_MANAGE_ROLES
from omur.cases.scales import katz_score, lawton_score
from omur.cases.services.alerts import office_text, task_raise, tasks_close_related
from omur.cases.services.enrolments import enrolment_create
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError

log = logging.getLogger(__name__)

A = AssessmentStatus
SECTIONS = ("household", "income", "housing", "health", "daily_living", "support", "statements")


class AssessmentNotAllowed(ApplicationError):
    message = _("Your role cannot work on social assessments.")


class AssessorNotEligible(ApplicationError):
    message = _("The home visit is made by an active sociologist or social worker.")


class AssessmentNotEditable(ApplicationError):
    message = _("This assessment has been decided or cancelled; it can no longer be changed.")


class AssessmentNotReady(ApplicationError):
    message = _("The committee decides after the home visit: complete the form first.")


class DecisionReasonRequired(ApplicationError):
    message = _("A rejection needs a reason.")


class DecisionNeedsServices(ApplicationError):
    message = _("Choose at least one service to approve.")


class AssessmentAnswersInvalid(ApplicationError):
    message = _("The daily-living answers are not valid: %(problem)s")


class CancelReasonRequired(ApplicationError):
    message = _("Say why the visit is cancelled.")


def _check_actor(actor: Any) -> None:
    if not user_roles(actor) & CASE_MANAGE_ROLES:
        raise AssessmentNotAllowed()


def _check_assessor(user: Any) -> None:
    if user is None or not user.is_active or not user_roles(user) & ASSESSOR_ROLES:
        raise AssessorNotEligible()


def _request_follow(*, actor: Any, assessment: Assessment, to_status: str, decision: str = "", note: str = "") -> None:
    """Move the linked intake request along when its workflow allows it; never fail the assessment
    because of the request (it may have been closed or moved on by the call centre meanwhile)."""
    req = assessment.request
    if req is None:
        return
    from omur.intake.services import request_transition
    from omur.intake.workflow import ACTIONS

    allowed = {(a.to_status, a.decision) for a in ACTIONS.get(req.status, ())}
    if (to_status, decision) not in allowed:
        return
    try:
        request_transition(
            actor=actor,
            req=req,
            to_status=to_status,
            decision=decision,
            note=note,
            assessment_on=assessment.scheduled_on if to_status == "assessment_scheduled" else None,
        )
    except ApplicationError as exc:  # raised before the request is written: nothing to undo
        log.info("request %s not moved to %s: %s", req.pk, to_status, exc)


@transaction.atomic
def assessment_schedule(
    *,
    actor: Any,
    person: Any,
    assessor: Any,
    scheduled_on: dt.date,
    scheduled_time: dt.time | None = None,
    request: Any = None,
    household: Any = None,
) -> Assessment:
    """Plan the home visit. The assessor finds it in their task inbox, due on the visit day."""
    _check_actor(actor)
    _check_assessor(assessor)
    if household is None:
        membership = getattr(person, "membership", None)  # None too when the person has no household
        household = membership.household if membership is not None else None
    assessment = Assessment.objects.create(
        person=person,
        household=household,
        request=request,
        assessor=assessor,
        scheduled_on=scheduled_on,
        scheduled_time=scheduled_time,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="assessment.schedule",
        obj=assessment,
        changes={
            "person": person.pk,
            "assessor": assessor.pk,
            "scheduled_on": str(scheduled_on),
            "request": request.pk if request is not None else None,
        },
    )
    task_raise(
        actor=actor,
        source=TaskSource.ASSESSMENT_VISIT,
        title=office_text(_("Home visit for the social assessment")),
        person=person,
        related=assessment,
        assignee=assessor,
        due=scheduled_on,
        dedupe_key=f"assessment-visit:{assessment.pk}",
    )
    _request_follow(actor=actor, assessment=assessment, to_status="assessment_scheduled")
    return assessment


@transaction.atomic
def assessment_reschedule(
    *, actor: Any, assessment: Assessment, assessor: Any, scheduled_on: dt.date, scheduled_time: dt.time | None = None
) -> Assessment:
    _check_actor(actor)
    _check_assessor(assessor)
    if assessment.status != A.SCHEDULED:
        raise AssessmentNotEditable()
    before = (assessment.assessor_id, str(assessment.scheduled_on), str(assessment.scheduled_time))
    assessment.assessor, assessment.scheduled_on, assessment.scheduled_time = assessor, scheduled_on, scheduled_time
    assessment.save(update_fields=["assessor", "scheduled_on", "scheduled_time", "updated_at"])
    tasks_close_related(
        actor=actor, related=assessment, sources=(TaskSource.ASSESSMENT_VISIT,), note=str(_("Rescheduled."))
    )
    task_raise(
        actor=actor,
        source=TaskSource.ASSESSMENT_VISIT,
        title=office_text(_("Home visit for the social assessment")),
        person=assessment.person,
        related=assessment,
        assignee=assessor,
        due=scheduled_on,
        dedupe_key=f"assessment-visit:{assessment.pk}",
    )
    audit_record(
        actor=actor,
        action="assessment.reschedule",
        obj=assessment,
        changes={
            "assessor": [before[0], assessor.pk],
            "scheduled": [f"{before[1]} {before[2]}", f"{scheduled_on} {scheduled_time}"],
        },
    )
    return assessment


def daily_living_scores(answers: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """(Katz, Lawton) from the daily-living section {"katz": {...}, "lawton": {...}}."""
    try:
        return katz_score(answers.get("katz") or {}), lawton_score(answers.get("lawton") or {})
    except ValueError as exc:
        raise AssessmentAnswersInvalid(problem=str(exc)) from exc


@transaction.atomic
def assessment_save(
    *,
    actor: Any,
    assessment: Assessment,
    sections: Mapping[str, Mapping[str, Any]],
    observations: str = "",
    recommendation: str = "",
    complete: bool = False,
    visited_on: dt.date | None = None,
) -> Assessment:
    """Save the visit form (sections already validated by their forms). `complete` marks the visit
    made and sends the assessment to the committee; it can still be corrected until decided."""
    _check_actor(actor)
    if not assessment.is_editable:
        raise AssessmentNotEditable()
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise AssessmentAnswersInvalid(problem=", ".join(sorted(unknown)))
    changed = []
    for name, value in sections.items():
        field = f"{name}_section"
        current = getattr(assessment, field) or {}
        if dict(value) != current:
            setattr(assessment, field, dict(value))
            changed.append(name)
    daily: dict[str, Any] = assessment.daily_living_section or {}  # type: ignore[assignment]  # decrypted JSON
    assessment.katz_score, assessment.lawton_score = daily_living_scores(daily)
    for name, text in (("observations", observations), ("recommendation", recommendation)):
        if text.strip() != getattr(assessment, name):
            setattr(assessment, name, text.strip())
            changed.append(name)
    before_status = assessment.status
    if complete:
        assessment.status = A.COMPLETED
        assessment.visited_on = visited_on or assessment.visited_on or timezone.localdate()
    assessment.save()
    if complete and before_status == A.SCHEDULED:
        tasks_close_related(
            actor=actor, related=assessment, sources=(TaskSource.ASSESSMENT_VISIT,), note=str(_("Visit made."))
        )
    # Section names only: the answers include special-category data the auditor does not read.
    audit_record(
        actor=actor,
        action="assessment.save",
        obj=assessment,
        changes={
            "sections": changed,
            "katz_score": assessment.katz_score,
            "lawton_score": assessment.lawton_score,
            **({"status": [before_status, assessment.status]} if before_status != assessment.status else {}),
        },
    )
    return assessment


@transaction.atomic
def assessment_decide(
    *,
    actor: Any,
    assessment: Assessment,
    approve: bool,
    services: Iterable[Any] = (),
    reason: str = "",
    reassess_on: dt.date | None = None,
    case_manager: Any = None,
    on: dt.date | None = None,
) -> Assessment:
    """Record the committee's decision. Approval enrols the person (waiting) in each approved
    service, with `case_manager`; rejection needs a reason. Either may set a re-assessment date,
    which the daily job turns into a task when it comes due."""
    _check_actor(actor)
    if assessment.status != A.COMPLETED:
        raise (
            AssessmentNotEditable()
            if assessment.is_decided or assessment.status == A.CANCELLED
            else AssessmentNotReady()
        )
    reason = (reason or "").strip()
    chosen = list(services)
    if approve and not chosen:
        raise DecisionNeedsServices()
    if not approve and not reason:
        raise DecisionReasonRequired()
    enrolments = [
        enrolment_create(
            actor=actor,
            person=assessment.person,
            service=service,
            case_manager=case_manager,
            status=EnrolmentStatus.WAITING,
            assessment=assessment,
        )
        for service in (chosen if approve else [])
    ]
    assessment.status = A.APPROVED if approve else A.REJECTED
    assessment.decided_on = on or timezone.localdate()
    assessment.decided_by = actor
    assessment.decision_reason = reason
    assessment.reassess_on = reassess_on
    assessment.save(
        update_fields=["status", "decided_on", "decided_by", "decision_reason", "reassess_on", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="assessment.decide",
        obj=assessment,
        changes={
            "status": [A.COMPLETED, assessment.status],
            "enrolments": [e.pk for e in enrolments],
            "reassess_on": str(reassess_on) if reassess_on else None,
            "reason_chars": len(reason),
        },
    )
    _request_follow(
        actor=actor,
        assessment=assessment,
        to_status="decided",
        decision="approved" if approve else "rejected",
        note=reason,
    )
    return assessment


@transaction.atomic
def assessment_cancel(*, actor: Any, assessment: Assessment, reason: str) -> Assessment:
    _check_actor(actor)
    if not assessment.is_editable:
        raise AssessmentNotEditable()
    reason = (reason or "").strip()
    if not reason:
        raise CancelReasonRequired()
    before = assessment.status
    assessment.status = A.CANCELLED
    assessment.cancel_reason = reason[:200]
    assessment.save(update_fields=["status", "cancel_reason", "updated_at"])
    tasks_close_related(
        actor=actor, related=assessment, sources=(TaskSource.ASSESSMENT_VISIT,), note=str(_("Visit cancelled."))
    )
    audit_record(actor=actor, action="assessment.cancel", obj=assessment, changes={"status": [before, A.CANCELLED]})
    return assessment
