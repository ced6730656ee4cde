"""Enrolment, the waitlist and place offers.

Places are counted on the activity row (`places_taken`) and taken or given back only by conditional
UPDATEs: `UPDATE activity SET places_taken = places_taken + 1 WHERE id = ? AND places_taken < capacity`
checks and takes in one statement, so two people can never both get the last place — on PostgreSQL
the second UPDATE waits for the first transaction and re-reads the row, on SQLite the write lock is
taken at BEGIN (IMMEDIATE). select_for_update would be a no-op on SQLite. A CHECK constraint
(places_taken <= capacity) backs this up in the database itself.

When a place frees (withdrawal, a declined or expired offer, more places), the next person on the
waitlist — highest vulnerability score, then earliest application — is offered it: the place is held
for them, and an SMS is sent after commit with the deadline. Staff record the answer; a job expires
unanswered offers and offers the place on."""

import datetime as dt
import logging
from typing import Any

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from omur.core import sms as sms_transport
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.core.models import SmsState
from omur.registry.models import Person
from omur.services.eligibility import FAILED, UNKNOWN, evaluate_person
from omur.services.models import Service
from omur.venues.models import (
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    Enrolment,
    EnrolmentStatus,
    OfferSms,
)
from omur.venues.priority import vulnerability

log = logging.getLogger(__name__)


class ActivityFull(ApplicationError):
    message = gettext_lazy("There is no free place in this activity.")


class AlreadyEnrolled(ApplicationError):
    message = gettext_lazy("This person is already enrolled, offered a place or waiting for this activity.")


class EnrolmentClosed(ApplicationError):
    message = gettext_lazy("This activity is not taking enrolments (closed or already over).")


class NotEligible(ApplicationError):
    message = gettext_lazy("This person does not meet the conditions of the service.")


class NotOffered(ApplicationError):
    message = gettext_lazy("This person has no open place offer: the list may have changed, reload the page.")


class OfferExpired(ApplicationError):
    message = gettext_lazy("The offer's deadline has passed; the place goes to the next person on the list.")


class EnrolmentNotOpen(ApplicationError):
    message = gettext_lazy("This enrolment is already closed.")


def _take_place(activity_id: int) -> bool:
    return bool(
        Activity.objects.filter(pk=activity_id, places_taken__lt=F("capacity")).update(
            places_taken=F("places_taken") + 1
        )
    )


def _release_place(activity_id: int) -> None:
    Activity.objects.filter(pk=activity_id, places_taken__gt=0).update(places_taken=F("places_taken") - 1)


def check_eligibility(*, person: Person, activity: Activity, day: dt.date) -> None:
    """Refuse with the rules' own explanations ("Aged 16: needs 18 or over") when the person does not
    meet, or the record cannot show they meet, the catalogue service's rules."""
    service = Service.objects.prefetch_related("eligibility_rules").get(pk=activity.service_id)
    [result] = evaluate_person(person, [service], day=day)
    if result.eligible:
        return
    failed = [o.explanation for o in result.outcomes if o.status == FAILED]
    unknown = [o.explanation for o in result.outcomes if o.status == UNKNOWN]
    if failed:
        raise NotEligible(
            _("Not eligible for %(service)s: %(reasons)s.") % {"service": service.name, "reasons": "; ".join(failed)}
        )
    raise NotEligible(
        _(
            "The record does not show that this person meets the conditions of %(service)s: %(reasons)s. Complete the person's record first."
        )
        % {"service": service.name, "reasons": "; ".join(unknown)}
    )


@transaction.atomic
def enrolment_create(
    *, actor: Any, activity: Activity, person: Person, waitlist: bool = True, check: bool = True
) -> Enrolment:
    """Enrol `person`, or put them on the waitlist when the activity is full (or others are already
    waiting: nobody jumps the queue). With waitlist=False a full activity raises ActivityFull."""
    today = timezone.localdate()
    activity = Activity.objects.select_related("service").get(pk=activity.pk)
    if not activity.is_open or activity.ends_on < today:
        raise EnrolmentClosed()
    if check:
        check_eligibility(person=person, activity=activity, day=max(today, activity.starts_on))
    if Enrolment.objects.filter(activity=activity, person=person, status__in=OPEN_STATUSES).exists():
        raise AlreadyEnrolled()
    now = timezone.now()
    priority = vulnerability(person, day=today)
    others_waiting = Enrolment.objects.filter(activity=activity, status=EnrolmentStatus.WAITING).exists()
    if not others_waiting and _take_place(activity.pk):
        status, enrolled_at = EnrolmentStatus.ENROLLED, now
    elif waitlist:
        status, enrolled_at = EnrolmentStatus.WAITING, None
    else:
        raise ActivityFull()
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                activity=activity,
                person=person,
                status=status,
                priority=priority.score,
                priority_reasons=priority.reasons,
                applied_at=now,
                enrolled_at=enrolled_at,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError as exc:  # the same person enrolled from another screen a moment ago
        raise AlreadyEnrolled() from exc
    audit_record(
        actor=actor,
        action="activity_enrolment.create",
        obj=enrolment,
        changes={"activity": activity.pk, "person": person.pk, "status": status, "priority": priority.score},
    )
    if status == EnrolmentStatus.WAITING:
        offer_free_places(actor=actor, activity=activity, present=enrolment)
        enrolment.refresh_from_db()
    return enrolment


def waitlist_queue(activity: Activity) -> Any:
    return Enrolment.objects.filter(activity=activity, status=EnrolmentStatus.WAITING).order_by(
        "-priority", "applied_at", "pk"
    )


def offer_free_places(*, actor: Any, activity: Activity, present: Enrolment | None = None) -> list[Enrolment]:
    """Offer every free place to the next people on the waitlist (each offer holds its place).
    `present`: an applicant standing at the desk; if they are next in line they are enrolled at once."""
    offered: list[Enrolment] = []
    activity = Activity.objects.get(pk=activity.pk)
    if activity.ends_on < timezone.localdate():
        return offered
    while True:
        nxt = waitlist_queue(activity).first()
        if nxt is None or not _take_place(activity.pk):
            return offered
        now = timezone.now()
        if present is not None and nxt.pk == present.pk:
            Enrolment.objects.filter(pk=nxt.pk, status=EnrolmentStatus.WAITING).update(
                status=EnrolmentStatus.ENROLLED, enrolled_at=now
            )
            audit_record(actor=actor, action="activity_enrolment.enrol", obj=nxt, changes={"from": "waiting"})
            continue
        deadline = now + dt.timedelta(hours=activity.offer_hours)
        claimed = Enrolment.objects.filter(pk=nxt.pk, status=EnrolmentStatus.WAITING).update(
            status=EnrolmentStatus.OFFERED, offered_at=now, offer_expires_at=deadline
        )
        if not claimed:  # withdrawn from another screen meanwhile: give the place back and go on
            _release_place(activity.pk)
            continue
        nxt.refresh_from_db()
        audit_record(
            actor=actor, action="activity_enrolment.offer", obj=nxt, changes={"offer_expires_at": deadline.isoformat()}
        )
        offer_sms_queue(enrolment=nxt)
        offered.append(nxt)


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


def _mobile(person: Person) -> str:
    return next((n for n in (person.phone, person.phone_alt) if n and _is_mobile(n)), "")


def offer_sms_text(enrolment: Enrolment) -> str:
    """Says a place is held and until when. A therapy programme's name can reveal a diagnosis to
    whoever reads a shared phone, so it is named by its facility only."""
    activity = enrolment.activity
    with translation.override(settings.LANGUAGE_CODE):
        deadline = timezone.localtime(enrolment.offer_expires_at)
        when = formats.date_format(deadline, "d.m.Y H:i")
        what = (
            gettext("a programme at %(place)s") % {"place": activity.location.name_tr}
            if activity.kind == ActivityKind.THERAPY
            else f"{activity.name} ({activity.location.name_tr})"
        )
        text = gettext(
            "A place has opened for you in %(what)s. Please confirm by %(when)s by calling the centre or calling in; otherwise it goes to the next person."
        ) % {"what": what, "when": when}
        phone = activity.location.phone
        if phone:
            text += " " + gettext("Tel: %(phone)s") % {"phone": phone}
        return f"{gettext('Mersin Metropolitan Municipality')}: {text}"


def offer_sms_queue(*, enrolment: Enrolment) -> OfferSms:
    from omur.venues.tasks import send_offer_sms

    to = _mobile(enrolment.person)
    message = OfferSms.objects.create(
        enrolment=enrolment,
        to=to,
        text=offer_sms_text(enrolment),
        state=SmsState.PENDING if to else SmsState.SKIPPED,
        error="" if to else "No mobile number to send to.",
    )
    if to:
        # Sent only once the offer is committed; a slow gateway never holds the activity row.
        transaction.on_commit(lambda: send_offer_sms.enqueue(sms_id=message.pk))
    return message


def offer_sms_send(*, sms_id: int) -> OfferSms:
    """Called by the task: claims the message with a conditional UPDATE (a task run twice sends once)."""
    claimed = OfferSms.objects.filter(pk=sms_id, state=SmsState.PENDING, attempts=0).update(attempts=1)
    message = OfferSms.objects.get(pk=sms_id)
    if not claimed:
        return message
    result = sms_transport.send_sms(to=message.to, text=message.text)
    message.backend = result.backend[:120]
    message.provider_id = result.provider_id[:120]
    message.error = result.error
    message.state = SmsState.SENT if result.ok else SmsState.FAILED
    message.sent_at = timezone.now() if result.ok else None
    message.save(update_fields=["backend", "provider_id", "error", "state", "sent_at"])
    if not result.ok:
        log.warning("Offer SMS #%s failed: %s", message.pk, result.error)
    return message


@transaction.atomic
def offer_accept(*, actor: Any, enrolment: Enrolment, now: dt.datetime | None = None) -> Enrolment:
    now = now or timezone.now()
    changed = Enrolment.objects.filter(
        pk=enrolment.pk, status=EnrolmentStatus.OFFERED, offer_expires_at__gte=now
    ).update(status=EnrolmentStatus.ENROLLED, enrolled_at=now)
    enrolment.refresh_from_db()
    if not changed:
        if enrolment.status == EnrolmentStatus.OFFERED:
            raise OfferExpired()
        raise NotOffered()
    audit_record(actor=actor, action="activity_enrolment.accept", obj=enrolment, changes={"status": "enrolled"})
    return enrolment


def _close(
    *, actor: Any, enrolment: Enrolment, to: str, from_statuses: tuple[str, ...], note: str, action: str
) -> bool:
    held = Enrolment.objects.get(pk=enrolment.pk).status in (EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED)
    changed = Enrolment.objects.filter(pk=enrolment.pk, status__in=from_statuses).update(
        status=to, ended_at=timezone.now(), end_note=note[:200]
    )
    if not changed:
        return False
    if held:
        _release_place(enrolment.activity_id)
    enrolment.refresh_from_db()
    audit_record(actor=actor, action=action, obj=enrolment, changes={"status": to, "note": note})
    if held:
        offer_free_places(actor=actor, activity=enrolment.activity)
    return True


@transaction.atomic
def offer_decline(*, actor: Any, enrolment: Enrolment, note: str = "") -> Enrolment:
    if not _close(
        actor=actor,
        enrolment=enrolment,
        to=EnrolmentStatus.DECLINED,
        from_statuses=(EnrolmentStatus.OFFERED,),
        note=note,
        action="activity_enrolment.decline",
    ):
        raise NotOffered()
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, actor: Any, enrolment: Enrolment, note: str = "") -> Enrolment:
    """Leave the activity or the waitlist; a place held is offered to the next person."""
    if not _close(
        actor=actor,
        enrolment=enrolment,
        to=EnrolmentStatus.WITHDRAWN,
        from_statuses=OPEN_STATUSES,
        note=note,
        action="activity_enrolment.withdraw",
    ):
        raise EnrolmentNotOpen()
    return enrolment


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """The job: offers past their deadline expire and their places go to the next in line. Each offer
    in its own transaction, so one failure does not hold back the rest."""
    now = now or timezone.now()
    count = 0
    for pk in Enrolment.objects.filter(status=EnrolmentStatus.OFFERED, offer_expires_at__lt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            enrolment = Enrolment.objects.get(pk=pk)
            if _close(
                actor=None,
                enrolment=enrolment,
                to=EnrolmentStatus.EXPIRED,
                from_statuses=(EnrolmentStatus.OFFERED,),
                note="",
                action="activity_enrolment.expire",
            ):
                count += 1
    return count


@transaction.atomic
def enrolment_priority_refresh(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """Recompute a waiting person's score after their record changed (e.g. a disability report)."""
    if enrolment.status != EnrolmentStatus.WAITING:
        raise EnrolmentNotOpen(_("Only a waiting person's priority can be recalculated."))
    priority = vulnerability(enrolment.person, day=timezone.localdate())
    before = enrolment.priority
    Enrolment.objects.filter(pk=enrolment.pk).update(priority=priority.score, priority_reasons=priority.reasons)
    enrolment.refresh_from_db()
    audit_record(
        actor=actor, action="activity_enrolment.priority", obj=enrolment, changes={"priority": [before, priority.score]}
    )
    return enrolment
