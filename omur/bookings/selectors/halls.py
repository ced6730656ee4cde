"""Reads for hall and room bookings: the facilities with halls, and the month and week calendars."""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from omur.bookings.models import HallBooking, HallBookingStatus
from omur.bookings.services.halls import CONDOLENCE_ROOM_KINDS, MEETING_ROOM_KINDS
from omur.services.models import Location
from omur.venues.models import Room


def hall_rooms() -> QuerySet[Room]:
    """Rooms this desk books: condolence halls, and meeting rooms marked bookable."""
    return (
        Room.objects.filter(is_active=True)
        .filter(Q(kind__in=CONDOLENCE_ROOM_KINDS) | Q(kind__in=MEETING_ROOM_KINDS, bookable=True))
        .select_related("location")
        .order_by("location__name_tr", "kind", "name")
    )


def hall_locations() -> list[Location]:
    ids = hall_rooms().values_list("location_id", flat=True).distinct()
    return list(Location.objects.filter(pk__in=ids).order_by("name_tr"))


def condolence_locations() -> list[Location]:
    ids = Room.objects.filter(is_active=True, kind__in=CONDOLENCE_ROOM_KINDS).values_list("location_id", flat=True)
    return list(Location.objects.filter(pk__in=ids).order_by("name_tr"))


def bookings_between(*, start: dt.date, end: dt.date, location: Any = None) -> list[HallBooking]:
    qs = HallBooking.objects.filter(
        first_day__lte=end, last_day__gte=start, status=HallBookingStatus.CONFIRMED
    ).select_related("location")
    if location is not None:
        qs = qs.filter(location=location)
    return list(
        qs.prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("kind", "name"))).order_by(
            "first_day", "starts_at"
        )
    )


@dataclass
class DayCell:
    day: dt.date
    in_month: bool
    bookings: list[HallBooking] = field(default_factory=list)


def month_calendar(*, year: int, month: int, location: Any = None) -> list[list[DayCell]]:
    """Weeks (Monday first) of the month, each day with the confirmed bookings that cover it."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    bookings = bookings_between(start=start, end=end, location=location)
    return [
        [DayCell(d, d.month == month, [b for b in bookings if b.first_day <= d <= b.last_day]) for d in week]
        for week in weeks
    ]


@dataclass
class RoomWeek:
    room: Room
    cells: list[list[HallBooking]]


def week_grid(*, monday: dt.date, location: Any = None) -> list[RoomWeek]:
    """Rooms × the seven days of the week, each cell with the bookings of that room that day."""
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    rooms = hall_rooms()
    if location is not None:
        rooms = rooms.filter(location=location)
    bookings = bookings_between(start=days[0], end=days[-1], location=location)
    grid = []
    for room in rooms:
        mine = [b for b in bookings if any(r.pk == room.pk for r in b.rooms.all())]
        grid.append(RoomWeek(room, [[b for b in mine if b.first_day <= d <= b.last_day] for d in days]))
    return grid


def booking_get(pk: int) -> HallBooking:
    return HallBooking.objects.select_related("location", "created_by").prefetch_related("rooms").get(pk=pk)


def bookings_in_room(
    room_id: int, days: list[dt.date], start: dt.time, end: dt.time, ignore: int | None, limit: int
) -> list[str]:
    """Confirmed hall and meeting bookings holding the room in an hour that overlaps [start, end)
    on one of the days (a use of rooms for omur.venues.rooms)."""
    from omur.bookings.models import HallOccupancy
    from omur.venues.rooms import day_label

    last_hour = end.hour if end.minute == 0 else end.hour + 1
    held = HallOccupancy.objects.filter(room_id=room_id, day__in=days, hour__gte=start.hour, hour__lt=last_hour)
    if ignore is not None:
        held = held.exclude(booking_id=ignore)
    rows = held.select_related("booking").order_by("day", "hour")
    found: list[str] = []
    seen: set[tuple[int, dt.date]] = set()
    for row in rows:
        if (row.booking_id, row.day) in seen:
            continue
        seen.add((row.booking_id, row.day))
        found.append(f"{day_label(row.day)} · {row.booking}")
        if len(found) >= limit:
            break
    return found
