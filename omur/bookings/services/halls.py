"""Condolence halls and meeting rooms booked for callers. See models.HallOccupancy for why a double
booking cannot be stored: the services look for a clash first only to name it in the message."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from omur.bookings.models import HallBooking, HallBookingKind, HallBookingStatus, HallOccupancy
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.core.phones import normalise_phone
from omur.venues.models import Room, RoomKind
from omur.venues.rooms import room_clashes

CONDOLENCE_DAYS = 3
CONDOLENCE_ROOM_KINDS = (RoomKind.CONDOLENCE_MEN, RoomKind.CONDOLENCE_WOMEN)
MEETING_ROOM_KINDS = (RoomKind.MEETING, RoomKind.HALL, RoomKind.CLASSROOM, RoomKind.CLUB)


class HallError(ApplicationError):
    pass


class HallTaken(HallError):
    message = _("%(room)s is already booked from %(first)s to %(last)s (%(what)s). Choose other dates or another hall.")


class RoomInUse(HallError):
    message = _("%(room)s is used by an activity then (%(what)s). Choose another time or another room.")


def _sessions_clash(rooms: Sequence[Room], days: list[dt.date], start: dt.time, end: dt.time) -> None:
    """Activity sessions take rooms too: refuse a booking that overlaps one (omur.venues.rooms)."""
    for room in rooms:
        clashes = room_clashes(room_id=room.pk, days=days, start=start, end=end, skip=("hall_bookings",), limit=1)
        if clashes:
            raise RoomInUse(room=room.name, what=clashes[0])


class NoHallChosen(HallError):
    message = _("Choose at least one hall.")


class RoomNotBookable(HallError):
    message = _("%(room)s cannot be booked for this.")


class HallDatesInvalid(HallError):
    message = _("The booking must start today or later and last from 1 to %(max)s days.")


class MeetingTimesInvalid(HallError):
    message = _("A meeting starts and ends on the hour, within the same day, the end after the start.")


class TooManyPeople(HallError):
    message = _("%(room)s holds %(capacity)s people.")


class DeceasedNameRequired(HallError):
    message = _("Write the name of the deceased.")


class CallerRequired(HallError):
    message = _("Write the caller's name and phone number.")


class AlreadyCancelled(HallError):
    message = _("This booking is already cancelled.")


def _d(day: dt.date) -> str:
    return formats.date_format(day, "d.m.Y")


def _clash(rooms: Sequence[Room], cells: list[tuple[int, dt.date, int]]) -> HallTaken | None:
    """The first existing booking that holds one of the wanted cells, as the error naming it."""
    if not cells:
        return None
    days = {day for _room, day, _hour in cells}
    wanted = set(cells)
    rows = (
        HallOccupancy.objects.filter(room__in=[r.pk for r in rooms], day__in=days)
        .select_related("booking", "room")
        .order_by("day", "hour")
    )
    for row in rows:
        if (row.room_id, row.day, row.hour) in wanted:
            b = row.booking
            what = str(b)
            if b.kind == HallBookingKind.MEETING and b.starts_at and b.ends_at:
                what = f"{what}, {b.starts_at:%H:%M}–{b.ends_at:%H:%M}"
            return HallTaken(room=row.room.name, first=_d(b.first_day), last=_d(b.last_day), what=what)
    return None


def _occupy(booking: HallBooking, rooms: Sequence[Room], cells: list[tuple[int, dt.date, int]]) -> None:
    clash = _clash(rooms, cells)
    if clash is not None:
        raise clash
    try:
        with transaction.atomic():
            HallOccupancy.objects.bulk_create(
                [HallOccupancy(booking=booking, room_id=room_id, day=day, hour=hour) for room_id, day, hour in cells]
            )
    except IntegrityError:
        # Booked by another desk between our look and our insert: name what won.
        raise _clash(rooms, cells) or HallTaken(room="", first="", last="", what="") from None


def _caller(name: str, phone: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name or not (phone or "").strip():
        raise CallerRequired()
    try:
        return name, normalise_phone(phone)
    except ValidationError as exc:
        raise HallError(" ".join(exc.messages)) from None


@transaction.atomic
def condolence_booking_create(
    *,
    actor: Any,
    location: Any,
    rooms: Sequence[Room],
    first_day: dt.date,
    caller_name: str,
    caller_phone: str,
    deceased_name: str,
    days: int = CONDOLENCE_DAYS,
    expected_people: int | None = None,
    notes: str = "",
    today: dt.date,
) -> HallBooking:
    """Book a condolence house's men's hall, women's hall, or both, for a block of days (three by
    custom; fewer when the family asks). Both halls are booked together or not at all."""
    if not rooms:
        raise NoHallChosen()
    for room in rooms:
        if room.location_id != location.pk or room.kind not in CONDOLENCE_ROOM_KINDS or not room.is_active:
            raise RoomNotBookable(room=room.name)
    if first_day < today or not 1 <= days <= CONDOLENCE_DAYS:
        raise HallDatesInvalid(max=CONDOLENCE_DAYS)
    deceased_name = (deceased_name or "").strip()
    if not deceased_name:
        raise DeceasedNameRequired()
    name, phone = _caller(caller_name, caller_phone)
    last_day = first_day + dt.timedelta(days=days - 1)
    booking = HallBooking.objects.create(
        location=location,
        kind=HallBookingKind.CONDOLENCE,
        first_day=first_day,
        last_day=last_day,
        caller_name=name,
        caller_phone=phone,
        deceased_name=deceased_name,
        expected_people=expected_people,
        notes=(notes or "").strip(),
        created_by=actor,
    )
    booking.rooms.set(rooms)
    _sessions_clash(rooms, [first_day + dt.timedelta(days=o) for o in range(days)], dt.time(0), dt.time(23, 59))
    cells = [
        (room.pk, first_day + dt.timedelta(days=offset), hour)
        for room in rooms
        for offset in range(days)
        for hour in range(24)
    ]
    _occupy(booking, rooms, cells)
    audit_record(
        actor=actor,
        action="hallbooking.create",
        obj=booking,
        changes={
            "kind": booking.kind,
            "rooms": [r.pk for r in rooms],
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
        },
    )
    return booking


@transaction.atomic
def meeting_booking_create(
    *,
    actor: Any,
    room: Room,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    caller_name: str,
    caller_phone: str,
    purpose: str,
    expected_people: int | None = None,
    notes: str = "",
    today: dt.date,
) -> HallBooking:
    """Book a meeting room by the hour."""
    if room.kind not in MEETING_ROOM_KINDS or not room.bookable or not room.is_active:
        raise RoomNotBookable(room=room.name)
    if day < today:
        raise HallDatesInvalid(max=1)
    if starts_at.minute or ends_at.minute or ends_at <= starts_at:
        raise MeetingTimesInvalid()
    if expected_people and expected_people > room.capacity:
        raise TooManyPeople(room=room.name, capacity=room.capacity)
    name, phone = _caller(caller_name, caller_phone)
    booking = HallBooking.objects.create(
        location_id=room.location_id,
        kind=HallBookingKind.MEETING,
        first_day=day,
        last_day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        caller_name=name,
        caller_phone=phone,
        purpose=(purpose or "").strip(),
        expected_people=expected_people,
        notes=(notes or "").strip(),
        created_by=actor,
    )
    booking.rooms.set([room])
    _sessions_clash([room], [day], starts_at, ends_at)
    _occupy(booking, [room], [(room.pk, day, hour) for hour in range(starts_at.hour, ends_at.hour)])
    audit_record(
        actor=actor,
        action="hallbooking.create",
        obj=booking,
        changes={
            "kind": booking.kind,
            "rooms": [room.pk],
            "day": day.isoformat(),
            "hours": [starts_at.hour, ends_at.hour],
        },
    )
    return booking


@transaction.atomic
def hall_booking_cancel(*, actor: Any, booking: HallBooking, reason: str = "") -> HallBooking:
    updated = HallBooking.objects.filter(pk=booking.pk, status=HallBookingStatus.CONFIRMED).update(
        status=HallBookingStatus.CANCELLED, cancel_reason=(reason or "").strip()[:200]
    )
    if not updated:
        raise AlreadyCancelled()
    freed, _ = HallOccupancy.objects.filter(booking=booking).delete()
    booking.refresh_from_db()
    audit_record(
        actor=actor, action="hallbooking.cancel", obj=booking, changes={"reason": booking.cancel_reason, "freed": freed}
    )
    return booking
