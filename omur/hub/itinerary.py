"""Checks a tour's itinerary: each stop against its site's opening hours and capacity, against the
other stops (overlaps) and against the travel time from the stop before it.

Pure functions over small value objects, so the rules are tested without a database. Travel time
is the routing library's rule (omur.routing.travel.HaversineProvider: great-circle km × a detour
factor, at urban speed for the first 10 km), rounded up to whole minutes: an itinerary that passes
with these times is not tighter than the road allows in town."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from omur.core.calendar import holiday_name
from omur.routing.model import Location as Point
from omur.routing.travel import HaversineProvider

# A delegation also needs a few minutes to get off and back on the bus at each site.
BOARDING_MINUTES = 5


@dataclass(frozen=True)
class Site:
    name: str
    lat: float | None
    lon: float | None
    capacity: int | None
    # (opens, closes) intervals on the tour's weekday; empty = closed that day.
    hours: tuple[tuple[dt.time, dt.time], ...]


@dataclass(frozen=True)
class Stop:
    key: int
    site: Site
    starts_at: dt.time
    ends_at: dt.time


@dataclass
class StopCheck:
    stop: Stop
    travel_minutes: int | None = None  # from the previous stop; None for the first or unknown
    gap_minutes: int | None = None
    clashes: list[str] = field(default_factory=list)


@dataclass
class ItineraryCheck:
    stops: list[StopCheck]
    day_note: str = ""

    @property
    def clash_count(self) -> int:
        return sum(len(s.clashes) for s in self.stops) + (1 if self.day_note else 0)

    @property
    def ok(self) -> bool:
        return self.clash_count == 0


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def travel_minutes(a: Site, b: Site, provider: HaversineProvider | None = None) -> int | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    provider = provider or HaversineProvider()
    matrix = provider.minutes([Point.from_latlon(a.lat, a.lon), Point.from_latlon(b.lat, b.lon)])
    return int(matrix[0][1])


def _fmt(t: dt.time) -> str:
    return t.strftime("%H:%M")


def check_itinerary(stops: Sequence[Stop], *, day: dt.date | None, group_size: int) -> ItineraryCheck:
    ordered = sorted(stops, key=lambda s: (s.starts_at, s.key))
    checks = [StopCheck(stop=s) for s in ordered]
    day_note = ""
    if day is not None:
        holiday = holiday_name(day)
        if holiday:
            day_note = _("%(day)s is a public holiday (%(name)s): most sites are closed.") % {
                "day": day.strftime("%d.%m.%Y"),
                "name": holiday,
            }
    for i, check in enumerate(checks):
        stop = check.stop
        site = stop.site
        if not site.hours:
            check.clashes.append(_("%(site)s is closed on this day.") % {"site": site.name})
        elif not any(opens <= stop.starts_at and stop.ends_at <= closes for opens, closes in site.hours):
            hours = ", ".join(f"{_fmt(o)}–{_fmt(c)}" for o, c in site.hours)
            check.clashes.append(
                _("Outside opening hours: %(site)s is open %(hours)s.") % {"site": site.name, "hours": hours}
            )
        if site.capacity is not None and group_size > site.capacity:
            check.clashes.append(
                _("Over capacity: %(site)s can show round %(capacity)s visitors at once, the group has %(size)s.")
                % {"site": site.name, "capacity": site.capacity, "size": group_size}
            )
        for j, other in enumerate(checks):
            if j != i and other.stop.starts_at < stop.ends_at and stop.starts_at < other.stop.ends_at:
                check.clashes.append(
                    _("Overlaps the stop at %(site)s (%(start)s–%(end)s).")
                    % {
                        "site": other.stop.site.name,
                        "start": _fmt(other.stop.starts_at),
                        "end": _fmt(other.stop.ends_at),
                    }
                )
        if i > 0:
            previous = checks[i - 1].stop
            gap = _minutes(stop.starts_at) - _minutes(previous.ends_at)
            check.gap_minutes = gap
            minutes = travel_minutes(previous.site, site)
            if minutes is not None:
                check.travel_minutes = minutes
                needed = minutes + (BOARDING_MINUTES if minutes else 0)
                if gap >= 0 and gap < needed:
                    check.clashes.append(
                        _("Not enough travel time: %(needed)s minutes needed from %(site)s, %(gap)s planned.")
                        % {"needed": needed, "site": previous.site.name, "gap": gap}
                    )
    return ItineraryCheck(stops=checks, day_note=day_note)
