"""Who uses a room when. Rooms are shared: activity sessions (omur.venues) and hall and meeting
bookings (omur.bookings) take the same `Room`s, so before either takes a room it asks every user
of rooms registered here. Bookings among themselves are kept apart by a unique row per room and
hour (omur.bookings.models.HallOccupancy); between an activity and a booking this is a check made
when either is saved."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import formats

# (room id, days, start, end, what to leave out: an activity id, say) -> descriptions of the uses
# that overlap [start, end) on one of the days, at most `limit` of them.
RoomUse = Callable[[int, list[dt.date], dt.time, dt.time, int | None, int], list[str]]

_USES: dict[str, RoomUse] = {}


def register_room_use(name: str, func: RoomUse) -> None:
    _USES[name] = func


def room_clashes(
    *,
    room_id: int,
    days: Iterable[dt.date],
    start: dt.time,
    end: dt.time,
    skip: tuple[str, ...] = (),
    ignore: dict[str, int] | None = None,
    limit: int = 3,
) -> list[str]:
    """What already holds the room at an overlapping time on one of the days, in words (at most
    `limit`). `skip` leaves out a kind of use (the caller's own kind when it checks that itself);
    `ignore` leaves out one object of a kind (an activity being edited)."""
    days = sorted(set(days))
    if not days:
        return []
    found: list[str] = []
    for name, use in _USES.items():
        if name in skip:
            continue
        found += use(room_id, days, start, end, (ignore or {}).get(name), limit - len(found))
        if len(found) >= limit:
            break
    return found[:limit]


def day_label(day: dt.date) -> str:
    return formats.date_format(day, "d.m.Y")


def sessions_in_room(
    room_id: int, days: list[dt.date], start: dt.time, end: dt.time, ignore: int | None, limit: int
) -> list[str]:
    """Scheduled activity sessions in the room that overlap [start, end) on those days."""
    from omur.venues.models import Session, SessionStatus

    sessions = Session.objects.filter(
        room_id=room_id, date__in=days, status=SessionStatus.SCHEDULED, starts_at__lt=end, ends_at__gt=start
    )
    if ignore is not None:
        sessions = sessions.exclude(activity_id=ignore)
    rows = sessions.select_related("activity").order_by("date", "starts_at")[:limit]
    return [f"{day_label(s.date)} {s.starts_at:%H:%M}–{s.ends_at:%H:%M} · {s.activity.name}" for s in rows]
