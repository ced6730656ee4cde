"""Writes for intake: creating requests (staff and the public form), the status workflow, assignment,
and SMS notices. Each write records its audit event in the same transaction; SMS leave after commit."""

import datetime as dt
import logging
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omur.core import sms as sms_transport
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.core.phones import normalise_phone
from omur.geo.models import District, Neighbourhood
from omur.intake.models import (
    Category,
    Channel,
    Decision,
    Request,
    RequestStatusChange,
    SmsMessage,
    Status,
    Urgency,
    format_tracking_code,
    new_tracking_code,
)
from omur.intake.workflow import ACTIONS, INTAKE_ROLES, Action
from omur.registry.models import Person

log = logging.getLogger(__name__)


class RequesterMissing(ApplicationError):
    message = _("Choose a registered person, or give the caller's name and phone number.")


class DuplicateTicket(ApplicationError):
    message = _("Ticket %(ticket)s from this channel is already recorded as request #%(pk)s.")


class InvalidPhone(ApplicationError):
    message = _("The phone number is not valid.")


class PlaceMismatch(ApplicationError):
    message = _("The neighbourhood is not in the chosen district.")


class TransitionNotAllowed(ApplicationError):
    message = _("A request that is “%(current)s” cannot be moved to “%(target)s”.")


class TransitionNotPermitted(ApplicationError):
    message = _("Your role does not allow this step: %(action)s.")


class ReasonRequired(ApplicationError):
    message = _("Write the reason: it is required for this step.")


class StatusChangedMeanwhile(ApplicationError):
    message = _("Someone changed this request's status a moment ago. Reload the page and try again.")


class AssigneeNotEligible(ApplicationError):
    message = _(
        "Requests can be assigned only to active call-centre operators, office managers, social workers and sociologists."
    )


# --- creating requests -------------------------------------------------------------------------


def _clean_phone(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except ValidationError as exc:
        raise InvalidPhone() from exc


def _check_place(district: District | None, neighbourhood: Neighbourhood | None) -> District | None:
    if neighbourhood is not None:
        if district is not None and neighbourhood.district_id != district.pk:
            raise PlaceMismatch()
        return neighbourhood.district
    return district


def _unused_tracking_code() -> str:
    # Collisions are ~1 in 6e13 per pair; the unique constraint is the real guard, this loop keeps a
    # collision from ever reaching the user as an error.
    for _attempt in range(5):
        code = new_tracking_code()
        if not Request.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("Could not find an unused tracking code")  # pragma: no cover


@transaction.atomic
def request_create(
    *,
    actor: Any,
    channel: str,
    category: Category,
    description: str = "",
    urgency: int = Urgency.NORMAL,
    person: Person | None = None,
    caller_name: str = "",
    caller_phone: str = "",
    external_ticket_id: str = "",
    district: District | None = None,
    neighbourhood: Neighbourhood | None = None,
    assignee: Any = None,
    send_sms: bool = False,
    language: str = "tr",
    kvkk_acknowledged_at: dt.datetime | None = None,
) -> Request:
    caller_name = " ".join(caller_name.split())
    caller_phone = _clean_phone(caller_phone)
    external_ticket_id = external_ticket_id.strip()
    if person is None and not (caller_name and caller_phone):
        raise RequesterMissing()
    district = _check_place(district, neighbourhood)
    if assignee is not None:
        _check_assignee(assignee)
    if external_ticket_id:
        existing = Request.objects.filter(channel=channel, external_ticket_id=external_ticket_id).first()
        if existing is not None:
            raise DuplicateTicket(ticket=external_ticket_id, pk=existing.pk)

    now = timezone.now()
    req = Request(
        channel=channel,
        external_ticket_id=external_ticket_id,
        tracking_code=_unused_tracking_code(),
        person=person,
        caller_name=caller_name,
        caller_phone=caller_phone,
        district=district,
        neighbourhood=neighbourhood,
        category=category,
        description=description.strip(),
        urgency=urgency,
        assignee=assignee,
        status=Status.NEW,
        status_changed_at=now,
        language=language,
        kvkk_acknowledged_at=kvkk_acknowledged_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            req.save()
    except IntegrityError as exc:
        # Two operators typing the same TEKSİN ticket at once: the constraint decides, not the check above.
        if external_ticket_id:
            existing = Request.objects.filter(channel=channel, external_ticket_id=external_ticket_id).first()
            if existing is not None:
                raise DuplicateTicket(ticket=external_ticket_id, pk=existing.pk) from exc
        raise
    change = RequestStatusChange.objects.create(
        request=req, from_status="", to_status=Status.NEW, at=now, by=req.created_by
    )
    audit_record(
        actor=actor,
        action="request.create",
        obj=req,
        changes={
            "channel": channel,
            "external_ticket_id": external_ticket_id,
            "person": person.pk if person else None,
            "caller_name": caller_name,
            "caller_phone": caller_phone,
            "category": category.code,
            "urgency": int(urgency),
            "neighbourhood": neighbourhood.pk if neighbourhood else None,
            "assignee": assignee.pk if assignee is not None else None,
            # The text may hold health details: the trail notes that it was written, not what it says.
            "description_chars": len(req.description),
        },
    )
    if send_sms:
        sms_notice_queue(req=req, status_change=change)
    return req


def request_submit_public(
    *,
    name: str,
    phone: str,
    category: Category,
    description: str,
    district: District | None,
    neighbourhood: Neighbourhood | None,
    language: str,
) -> Request:
    """The public web form. No SMS here: the tracking code is on the screen, and an SMS to a number
    anyone can type would let the form be used to send messages to strangers."""
    return request_create(
        actor=None,
        channel=Channel.WEB_FORM,
        category=category,
        description=description,
        caller_name=name,
        caller_phone=phone,
        district=district,
        neighbourhood=neighbourhood,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        kvkk_acknowledged_at=timezone.now(),
    )


# --- the workflow ------------------------------------------------------------------------------


def _action(from_status: str, to_status: str, decision: str) -> Action | None:
    return next((a for a in ACTIONS.get(from_status, ()) if a.to_status == to_status and a.decision == decision), None)


@transaction.atomic
def request_transition(
    *,
    actor: Any,
    req: Request,
    to_status: str,
    decision: str = "",
    note: str = "",
    assessment_on: dt.date | None = None,
    send_sms: bool | None = None,
) -> RequestStatusChange:
    """Move a request along the workflow (omur.intake.workflow.ACTIONS is the table of what may
    follow what, and who may do it). `send_sms=None` takes the step's default (on for decisions and
    closing). Refusals raise an ApplicationError and change nothing."""
    from omur.core.access import user_roles

    from_status = req.status
    note = note.strip()
    action = _action(from_status, to_status, decision)
    if action is None:
        raise TransitionNotAllowed(
            current=Request(status=from_status, decision=req.decision).status_label,
            target=Request(status=to_status, decision=decision).status_label,
        )
    if not action.roles & user_roles(actor):
        raise TransitionNotPermitted(action=str(action.label))
    if action.note_required and not note:
        raise ReasonRequired()

    now = timezone.now()
    updates: dict[str, Any] = {"status": to_status, "status_changed_at": now, "updated_at": now}
    if to_status == Status.DECIDED:
        updates.update(decision=decision, decision_reason=note)
    if to_status == Status.ASSESSMENT_SCHEDULED:
        updates["assessment_on"] = assessment_on
    # Conditional on the status we read: of two people pressing buttons at once, one wins.
    if not Request.objects.filter(pk=req.pk, status=from_status).update(**updates):
        raise StatusChangedMeanwhile()
    for field, value in updates.items():
        setattr(req, field, value)

    change = RequestStatusChange.objects.create(
        request=req, from_status=from_status, to_status=to_status, decision=decision, at=now, by=actor, note=note
    )
    audit_record(
        actor=actor,
        action="request.transition",
        obj=req,
        changes={
            "status": [from_status, to_status],
            **({"decision": ["", decision]} if decision else {}),
            **({"assessment_on": [None, str(assessment_on)]} if assessment_on else {}),
            "note_chars": len(note),
        },
    )
    if action.sms_default if send_sms is None else send_sms:
        sms_notice_queue(req=req, status_change=change)
    return change


def _check_assignee(assignee: Any) -> None:
    from omur.core.access import user_roles

    if not assignee.is_active or not (user_roles(assignee) & INTAKE_ROLES):
        raise AssigneeNotEligible()


@transaction.atomic
def request_assign(*, actor: Any, req: Request, assignee: Any) -> Request:
    """Give the request to a member of staff (or to nobody, with assignee=None)."""
    if assignee is not None:
        _check_assignee(assignee)
    before = req.assignee_id
    new = assignee.pk if assignee is not None else None
    if before == new:
        return req
    Request.objects.filter(pk=req.pk).update(assignee=assignee, updated_at=timezone.now())
    req.assignee = assignee
    audit_record(actor=actor, action="request.assign", obj=req, changes={"assignee": [before, new]})
    return req


# --- SMS notices -------------------------------------------------------------------------------


def _is_mobile(e164: str) -> bool:
    if not e164.startswith("+"):
        return False
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def sms_number_for(req: Request) -> str:
    """The caller's own number first (they asked to be called back there), then the person's."""
    candidates = [req.caller_phone]
    if req.person_id and req.person is not None:
        candidates += [req.person.phone, req.person.phone_alt]
    return next((number for number in candidates if number and _is_mobile(number)), "")


def tracking_url(req: Request) -> str:
    base = settings.OMUR_PUBLIC_BASE_URL.rstrip("/")
    if not base:
        return ""
    return f"{base}{reverse('intake:track')}?kod={req.tracking_code_display}"


def sms_text(req: Request, change: RequestStatusChange) -> str:
    """The notice: the tracking code and the new status, nothing about the person or their needs
    (an SMS is read on a shared phone; the category alone can reveal health or poverty)."""
    with translation.override(req.language or settings.LANGUAGE_CODE):
        code = format_tracking_code(req.tracking_code)
        if change.from_status == "":
            text = gettext("Your application has been received. Tracking code: %(code)s.") % {"code": code}
        elif change.to_status == Status.TRIAGED:
            text = gettext("Application %(code)s has been reviewed and passed to the team that handles it.") % {
                "code": code
            }
        elif change.to_status == Status.ASSESSMENT_SCHEDULED:
            if req.assessment_on:
                text = gettext(
                    "Application %(code)s: a home visit is planned for %(date)s. Our team will call you first."
                ) % {"code": code, "date": req.assessment_on.strftime("%d.%m.%Y")}
            else:
                text = gettext("Application %(code)s: a home visit is planned. Our team will call you first.") % {
                    "code": code
                }
        elif change.to_status == Status.DECIDED and change.decision == Decision.APPROVED:
            text = gettext("Application %(code)s has been approved. We will call you about the next steps.") % {
                "code": code
            }
        elif change.to_status == Status.DECIDED:
            text = gettext("Application %(code)s could not be approved. For details, call Alo 185.") % {"code": code}
        else:
            text = gettext("Application %(code)s has been closed. For questions, call Alo 185.") % {"code": code}
        link = tracking_url(req)
        if link:
            text = f"{text} {link}"
        sender = gettext("Mersin Metropolitan Municipality")
        return f"{sender}: {text}"


def sms_notice_queue(*, req: Request, status_change: RequestStatusChange) -> SmsMessage:
    """Record the notice now and send it from a background task once the transaction commits: a
    rolled-back status change sends nothing, and a slow gateway never holds a database lock."""
    from omur.intake.tasks import send_request_sms

    to = sms_number_for(req)
    message = SmsMessage.objects.create(
        request=req,
        status_change=status_change,
        to=to,
        text=sms_text(req, status_change),
        state=SmsMessage.State.PENDING if to else SmsMessage.State.SKIPPED,
        error="" if to else "No mobile number to send to.",
    )
    if to:
        transaction.on_commit(lambda: send_request_sms.enqueue(sms_id=message.pk))
    return message


def sms_message_send(*, sms_id: int) -> SmsMessage:
    """Called by the task. Claims the message with a conditional UPDATE (a task delivered twice sends
    once), sends it, records the outcome. A gateway failure is recorded, never raised."""
    claimed = SmsMessage.objects.filter(pk=sms_id, state=SmsMessage.State.PENDING, attempts=0).update(attempts=1)
    message = SmsMessage.objects.get(pk=sms_id)
    if not claimed:
        return message
    result = sms_transport.send_sms(to=message.to, text=message.text)
    message.backend = result.backend[:120]
    message.provider_id = result.provider_id[:120]
    message.error = result.error
    message.state = SmsMessage.State.SENT if result.ok else SmsMessage.State.FAILED
    message.sent_at = timezone.now() if result.ok else None
    message.save(update_fields=["backend", "provider_id", "error", "state", "sent_at"])
    if not result.ok:
        log.warning("SMS notice #%s for request #%s failed: %s", message.pk, message.request_id, result.error)
    return message
