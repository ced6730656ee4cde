"""Mercan group bookings: sessions with seats, bookings from the public form or the desk, changes and
cancellations with the booking code, and the walk-in counters.

Seats are taken and given back with one conditional UPDATE on the session's `seats_taken` counter
("... SET seats_taken = seats_taken + n WHERE seats_taken + n <= capacity"): the check and the
increment are one statement, so it is correct on SQLite (where select_for_update does nothing) and
on PostgreSQL under concurrent requests; a check constraint on the table refuses an overbooked
counter even if some future code forgets this."""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from omur.bookings.models import (
    Audience,
    BookingChannel,
    BookingKind,
    BookingStatus,
    GroupBooking,
    GroupSession,
    WalkInCategory,
    WalkInCount,
)
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError

# Unambiguous characters only (no 0/O, 1/I/L): read out over the phone and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class MercanError(ApplicationError):
    pass


class SessionFull(MercanError):
    message = _("Not enough seats left: %(left)s seats are free in this session.")


class SessionClosed(MercanError):
    message = _("This session can no longer be booked (it is cancelled or already past).")


class AudienceMismatch(MercanError):
    message = _("This session is for %(audience)s.")


class AgeOutsideBand(MercanError):
    message = _("This session is for ages %(band)s; the children's ages you gave are outside it.")


class GroupTooLarge(MercanError):
    message = _("A single booking can be for at most %(max)s people; for a larger group please call the centre.")


class NobodyBooked(MercanError):
    message = _("Give the number of children and adults coming.")


class BookingNotChangeable(MercanError):
    message = _("This booking can no longer be changed: it is cancelled or the session has passed.")


class SessionInvalid(MercanError):
    message = _("Check the session: the end must be after the start, and the age band from-to in order.")


class CapacityBelowBooked(MercanError):
    message = _("%(taken)s seats are already booked; the capacity cannot be lower than that.")


def max_people_per_booking(kind: str) -> int:
    limits = getattr(settings, "OMUR_MERCAN_MAX_PER_BOOKING", {"school": 60, "family": 10})
    return int(limits.get(kind, 10))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def _take(session_id: int, seats: int) -> bool:
    return bool(
        GroupSession.objects.filter(pk=session_id, is_cancelled=False, seats_taken__lte=F("capacity") - seats).update(
            seats_taken=F("seats_taken") + seats
        )
    )


def _give_back(session_id: int, seats: int) -> None:
    GroupSession.objects.filter(pk=session_id, seats_taken__gte=seats).update(seats_taken=F("seats_taken") - seats)


def _bookable(session: GroupSession) -> bool:
    now = timezone.localtime()
    return not session.is_cancelled and (session.day, session.starts_at) > (now.date(), now.time())


# --- sessions --------------------------------------------------------------------------------------


@transaction.atomic
def group_session_save(*, actor: Any, session: GroupSession) -> GroupSession:
    """Create or edit a session (the form has filled it in). Capacity cannot drop below what is booked."""
    if session.ends_at <= session.starts_at or session.min_age > session.max_age:
        raise SessionInvalid()
    creating = session.pk is None
    if not creating:
        taken = GroupSession.objects.filter(pk=session.pk).values_list("seats_taken", flat=True).first() or 0
        if session.capacity < taken:
            raise CapacityBelowBooked(taken=taken)
        # The counter is never written from a form: keep the database's value.
        session.seats_taken = taken
    else:
        session.created_by = actor
        session.seats_taken = 0
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        raise CapacityBelowBooked(taken=session.seats_taken) from None
    audit_record(
        actor=actor,
        action="groupsession.create" if creating else "groupsession.update",
        obj=session,
        changes={"day": session.day.isoformat(), "capacity": session.capacity, "kind": session.kind},
    )
    return session


# --- bookings --------------------------------------------------------------------------------------


@transaction.atomic
def group_booking_create(
    *,
    actor: Any = None,
    session: GroupSession,
    kind: str,
    contact_name: str,
    phone: str,
    children: int,
    adults: int,
    organisation: str = "",
    email: str = "",
    youngest_age: int | None = None,
    oldest_age: int | None = None,
    channel: str = BookingChannel.ONLINE,
) -> GroupBooking:
    """Book seats. `actor` is None for the public form."""
    session.refresh_from_db()
    if not _bookable(session) or (actor is None and not session.is_public):
        raise SessionClosed()
    if session.audience == Audience.SCHOOLS and kind != BookingKind.SCHOOL:
        raise AudienceMismatch(audience=session.get_audience_display())
    if session.audience == Audience.FAMILIES and kind != BookingKind.FAMILY:
        raise AudienceMismatch(audience=session.get_audience_display())
    seats = (children or 0) + (adults or 0)
    if seats <= 0:
        raise NobodyBooked()
    if seats > max_people_per_booking(kind):
        raise GroupTooLarge(max=max_people_per_booking(kind))
    if (
        children
        and youngest_age is not None
        and oldest_age is not None
        and (youngest_age < session.min_age or oldest_age > session.max_age)
    ):
        raise AgeOutsideBand(band=session.age_band)
    if not _take(session.pk, seats):
        session.refresh_from_db()
        if session.is_cancelled:
            raise SessionClosed()
        raise SessionFull(left=session.seats_left)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                booking = GroupBooking.objects.create(
                    session=session,
                    code=_new_code(),
                    kind=kind,
                    organisation=organisation.strip(),
                    contact_name=contact_name.strip(),
                    phone=phone,
                    email=email,
                    children=children or 0,
                    adults=adults or 0,
                    youngest_age=youngest_age,
                    oldest_age=oldest_age,
                    channel=channel,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            break
        except IntegrityError:  # a code collision, about one in 10^15: draw again
            continue
    else:  # pragma: no cover
        raise MercanError()
    audit_record(
        actor=actor,
        action="groupbooking.create",
        obj=booking,
        changes={"session": session.pk, "seats": seats, "kind": kind, "channel": channel},
    )
    return booking


def group_booking_by_code(raw_code: str) -> GroupBooking | None:
    code = normalise_code(raw_code)
    if len(code) != CODE_LENGTH:
        return None
    return GroupBooking.objects.select_related("session", "session__room").filter(code=code).first()


@transaction.atomic
def group_booking_change(*, actor: Any = None, booking: GroupBooking, children: int, adults: int) -> GroupBooking:
    """Change the head count. More seats are taken with the same conditional UPDATE as a new booking;
    fewer are given back."""
    booking = GroupBooking.objects.select_related("session").get(pk=booking.pk)
    if booking.status != BookingStatus.CONFIRMED or not _bookable(booking.session):
        raise BookingNotChangeable()
    new = (children or 0) + (adults or 0)
    if new <= 0:
        raise NobodyBooked()
    if new > max_people_per_booking(booking.kind):
        raise GroupTooLarge(max=max_people_per_booking(booking.kind))
    delta = new - booking.head_count
    if delta > 0 and not _take(booking.session_id, delta):
        booking.session.refresh_from_db()
        raise SessionFull(left=booking.session.seats_left)
    if delta < 0:
        _give_back(booking.session_id, -delta)
    before = {"children": booking.children, "adults": booking.adults}
    # Only a confirmed booking is changed; a cancellation in between leaves the seats as they were.
    updated = GroupBooking.objects.filter(pk=booking.pk, status=BookingStatus.CONFIRMED).update(
        children=children or 0, adults=adults or 0, updated_at=timezone.now()
    )
    if not updated:
        raise BookingNotChangeable()
    booking.refresh_from_db()
    audit_record(
        actor=actor,
        action="groupbooking.change",
        obj=booking,
        changes={"before": before, "after": {"children": booking.children, "adults": booking.adults}},
    )
    return booking


@transaction.atomic
def group_booking_cancel(*, actor: Any = None, booking: GroupBooking) -> GroupBooking:
    booking = GroupBooking.objects.select_related("session").get(pk=booking.pk)
    if booking.status != BookingStatus.CONFIRMED or (actor is None and not _bookable(booking.session)):
        raise BookingNotChangeable()
    updated = GroupBooking.objects.filter(pk=booking.pk, status=BookingStatus.CONFIRMED).update(
        status=BookingStatus.CANCELLED, cancelled_at=timezone.now(), updated_at=timezone.now()
    )
    if not updated:
        raise BookingNotChangeable()
    _give_back(booking.session_id, booking.head_count)
    booking.refresh_from_db()
    audit_record(actor=actor, action="groupbooking.cancel", obj=booking, changes={"seats": booking.head_count})
    return booking


@transaction.atomic
def group_booking_no_show(*, actor: Any, booking: GroupBooking) -> GroupBooking:
    """The group did not come (marked by staff on the day or after): kept out of visitor figures."""
    booking = GroupBooking.objects.select_related("session").get(pk=booking.pk)
    if booking.status != BookingStatus.CONFIRMED or booking.session.day > timezone.localdate():
        raise BookingNotChangeable()
    GroupBooking.objects.filter(pk=booking.pk).update(status=BookingStatus.NO_SHOW, updated_at=timezone.now())
    booking.refresh_from_db()
    audit_record(actor=actor, action="groupbooking.no_show", obj=booking)
    return booking


def booking_date_text(booking: GroupBooking) -> str:
    s = booking.session
    return f"{formats.date_format(s.day, 'd.m.Y')} {s.starts_at:%H:%M}"


# --- walk-ins --------------------------------------------------------------------------------------


@transaction.atomic
def walk_in_bump(*, actor: Any, day: dt.date, category: str, delta: int) -> int:
    """+1 or −1 on a day's counter; never below zero. Returns the new count."""
    if category not in WalkInCategory.values or delta not in (1, -1):
        raise MercanError()
    if delta > 0:
        if not WalkInCount.objects.filter(day=day, category=category).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    WalkInCount.objects.create(day=day, category=category, count=1)
            except IntegrityError:  # created by the other door a moment ago
                WalkInCount.objects.filter(day=day, category=category).update(count=F("count") + 1)
    else:
        WalkInCount.objects.filter(day=day, category=category, count__gt=0).update(count=F("count") - 1)
    row = WalkInCount.objects.filter(day=day, category=category).first()
    count = row.count if row else 0
    audit_record(
        actor=actor,
        action="walkin.bump",
        object_type="bookings.walkincount",
        object_id=f"{day.isoformat()}:{category}",
        changes={"delta": delta, "count": count},
    )
    return count


# How long a booking's contact details are kept after the visit (the public form's KVKK notice says so).
CONTACT_RETENTION_DAYS = 30
ERASED = "—"


@transaction.atomic
def group_bookings_erase_contacts(*, actor: Any = None, today: dt.date | None = None) -> int:
    """Erase the contact person's name, phone and e-mail of bookings whose visit was more than
    CONTACT_RETENTION_DAYS ago. Head counts, ages, the school's name and the channel stay for the
    visitor statistics. Returns how many bookings were erased (one audit event per booking)."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=CONTACT_RETENTION_DAYS)
    due = list(
        GroupBooking.objects.select_for_update()
        .filter(session__day__lt=cutoff)
        .exclude(contact_name=ERASED, phone="", email="")
        .values_list("pk", flat=True)
    )
    for pk in due:
        audit_record(
            actor=actor,
            action="groupbooking.contact_erase",
            object_type="bookings.groupbooking",
            object_id=str(pk),
            purpose="retention",
            changes={"retention_days": CONTACT_RETENTION_DAYS},
        )
    GroupBooking.objects.filter(pk__in=due).update(contact_name=ERASED, phone="", email="")
    return len(due)
