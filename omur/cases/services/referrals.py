"""Referrals, closed-loop: sent → accepted or declined → completed with an outcome. The sender hears
of every answer through a task in their inbox (unless they recorded it themselves)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.cases.models import Enrolment, EnrolmentStatus, Referral, ReferralKind, ReferralStatus, TaskSource
from omur.cases.permissions import REFERRAL_ROLES
from omur.cases.services.alerts import office_text, task_raise, tasks_close_related
from omur.cases.services.enrolments import enrolment_create
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError

R = ReferralStatus
# How long the office gives a partner institution to answer before the sender is reminded.
EXTERNAL_FOLLOW_UP_DAYS = 14
INTERNAL_ANSWER_DAYS = 3


class ReferralNotAllowed(ApplicationError):
    message = _("Your role cannot send or answer referrals.")


class ReferralTargetInvalid(ApplicationError):
    message = _("An internal referral goes to a service, an external one to an active partner institution.")


class ReferralReasonRequired(ApplicationError):
    message = _("Say why the person is referred.")


class ReferralNotOpen(ApplicationError):
    message = _("This referral is “%(status)s”; that step is not possible now.")


class DeclineReasonRequired(ApplicationError):
    message = _("Declining a referral needs a reason.")


class OutcomeRequired(ApplicationError):
    message = _("Record the outcome of the referral.")


class ReferralEnrolmentMismatch(ApplicationError):
    message = _("The enrolment belongs to someone else.")


def _check_actor(actor: Any) -> None:
    if not user_roles(actor) & REFERRAL_ROLES:
        raise ReferralNotAllowed()


def _todo_keys(referral: Referral) -> tuple[str, ...]:
    return (f"referral-in:{referral.pk}", f"referral-follow-up:{referral.pk}")


@transaction.atomic
def referral_send(
    *,
    actor: Any,
    person: Any,
    kind: str,
    reason: str,
    to_service: Any = None,
    to_partner: Any = None,
    from_enrolment: Enrolment | None = None,
) -> Referral:
    _check_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ReferralReasonRequired()
    if kind == ReferralKind.INTERNAL:
        if to_service is None:
            raise ReferralTargetInvalid()
        to_partner = None
    elif kind == ReferralKind.EXTERNAL:
        if to_partner is None or not to_partner.active:
            raise ReferralTargetInvalid()
        to_service = None
    else:
        raise ReferralTargetInvalid()
    if from_enrolment is not None and from_enrolment.person_id != person.pk:
        raise ReferralEnrolmentMismatch()
    referral = Referral.objects.create(
        person=person,
        kind=kind,
        to_service=to_service,
        to_partner=to_partner,
        reason=reason,
        from_enrolment=from_enrolment,
        sent_by=actor,
    )
    audit_record(
        actor=actor,
        action="referral.send",
        obj=referral,
        changes={
            "person": person.pk,
            "kind": kind,
            "to_service": to_service.pk if to_service else None,
            "to_partner": to_partner.pk if to_partner else None,
        },
    )
    today = timezone.localdate()
    if kind == ReferralKind.INTERNAL:
        # The receiving service has no inbox of its own: its referrals wait in the social workers' queue.
        task_raise(
            actor=actor,
            source=TaskSource.REFERRAL,
            title=office_text(_("Referral received for %(service)s"), service=to_service.name_tr),
            detail=reason,
            person=person,
            related=referral,
            assignee_role="social_worker",
            due=today + dt.timedelta(days=INTERNAL_ANSWER_DAYS),
            dedupe_key=f"referral-in:{referral.pk}",
        )
    else:
        task_raise(
            actor=actor,
            source=TaskSource.REFERRAL,
            title=office_text(_("Record the answer of %(partner)s to the referral"), partner=to_partner.name),
            person=person,
            related=referral,
            assignee=actor,
            due=today + dt.timedelta(days=EXTERNAL_FOLLOW_UP_DAYS),
            dedupe_key=f"referral-follow-up:{referral.pk}",
        )
    return referral


def _tell_sender(*, actor: Any, referral: Referral, title: str, detail: str) -> None:
    if referral.sent_by_id == getattr(actor, "pk", None):
        return  # they recorded it themselves: nothing to tell them
    sender = referral.sent_by
    task_raise(
        actor=actor,
        source=TaskSource.REFERRAL,
        title=title,
        detail=detail,
        person=referral.person,
        related=referral,
        # A sender who has left: their successor, the person's case manager, hears instead.
        assignee=sender if sender.is_active else None,
        dedupe_key=f"referral-answer:{referral.pk}:{referral.status}",
    )


def _target_name(referral: Referral) -> str:
    if referral.to_service is not None:
        return referral.to_service.name_tr
    return referral.to_partner.name if referral.to_partner is not None else ""


@transaction.atomic
def referral_answer(*, actor: Any, referral: Referral, accept: bool, note: str = "") -> Referral:
    """Record the answer. Accepting an internal referral opens a waiting enrolment in the service
    (or links the one the person already has)."""
    _check_actor(actor)
    note = (note or "").strip()
    if referral.status != R.SENT:
        raise ReferralNotOpen(status=referral.get_status_display())
    if not accept and not note:
        raise DeclineReasonRequired()
    to_status = R.ACCEPTED if accept else R.DECLINED
    now = timezone.now()
    if not Referral.objects.filter(pk=referral.pk, status=R.SENT).update(
        status=to_status, answered_by=actor, answered_at=now, answer_note=note, updated_at=now
    ):
        raise ReferralNotOpen(status=R.ACCEPTED.label)
    referral.status, referral.answered_by, referral.answered_at, referral.answer_note = to_status, actor, now, note
    if accept and referral.kind == ReferralKind.INTERNAL:
        enrolment = (
            Enrolment.objects.filter(person=referral.person, service=referral.to_service)
            .exclude(status=EnrolmentStatus.CLOSED)
            .first()
        )
        if enrolment is None:
            enrolment = enrolment_create(
                actor=actor, person=referral.person, service=referral.to_service, note=str(referral)
            )
        referral.enrolment = enrolment
        referral.save(update_fields=["enrolment"])
    audit_record(
        actor=actor,
        action="referral.answer",
        obj=referral,
        changes={"status": [R.SENT, to_status], "enrolment": referral.enrolment_id, "note_chars": len(note)},
    )
    tasks_close_related(actor=actor, related=referral, dedupe_keys=_todo_keys(referral), note=str(_("Answered.")))
    target = _target_name(referral)
    title = (
        office_text(_("Referral accepted by %(target)s"), target=target)
        if accept
        else office_text(_("Referral declined by %(target)s"), target=target)
    )
    _tell_sender(actor=actor, referral=referral, title=title, detail=note)
    return referral


@transaction.atomic
def referral_complete(*, actor: Any, referral: Referral, outcome: str) -> Referral:
    _check_actor(actor)
    outcome = (outcome or "").strip()
    if referral.status != R.ACCEPTED:
        raise ReferralNotOpen(status=referral.get_status_display())
    if not outcome:
        raise OutcomeRequired()
    now = timezone.now()
    if not Referral.objects.filter(pk=referral.pk, status=R.ACCEPTED).update(
        status=R.COMPLETED, completed_by=actor, completed_at=now, outcome=outcome, updated_at=now
    ):
        raise ReferralNotOpen(status=R.COMPLETED.label)
    referral.status, referral.completed_by, referral.completed_at, referral.outcome = R.COMPLETED, actor, now, outcome
    audit_record(
        actor=actor,
        action="referral.complete",
        obj=referral,
        changes={"status": [R.ACCEPTED, R.COMPLETED], "outcome_chars": len(outcome)},
    )
    _tell_sender(
        actor=actor,
        referral=referral,
        title=office_text(_("Referral to %(target)s completed"), target=_target_name(referral)),
        detail=outcome,
    )
    return referral
