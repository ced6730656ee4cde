"""The routing problem of a day: the visits (not cancelled) and the staff at work as an
`omur.routing.Problem`, the travel matrix, and the planner's words for why a visit was left out.

A visit's window is when the carer may be in the house, so its service must *start* between
`window_start` and `window_end - duration`. Visits already started or finished (checked in, done,
not at home, ...) stay in the problem pinned to the carer who has them, so a re-plan keeps the day's
routes coherent around them.

Planning today (a carer called in sick at 10:00, an urgent visit came in): no visit not yet started is
planned to start before now plus `SAME_DAY_LEAD_MINUTES`, and one whose window has already closed is
listed as not placed ("its time window has already passed today"), so nobody is sent to a visit in
the past.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur import routing
from omur.homecare.models import (
    StaffMember,
    Visit,
    VisitStatus,
)
from omur.homecare.services.common import minute_of_day
from omur.homecare.services.staff import absences_on

DEFAULT_TIME_LIMIT = 10.0
NO_LOCATION = "no_location"
WINDOW_PASSED = "window_passed"
# When today's day is planned again: time for the carer to hear of the change and get going.
SAME_DAY_LEAD_MINUTES = 15

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------------
# Reasons in words
# ---------------------------------------------------------------------------------------------------


def reason_label(code: str) -> str:
    labels = {
        routing.Reason.NO_STAFF_WITH_SKILL: _("nobody working that day has the skill"),
        routing.Reason.NO_STAFF_OF_SEX: _("no carer of the required sex with the skill is working"),
        routing.Reason.NO_STAFF_AT_DEPOT: _("no staff at the required base"),
        routing.Reason.PINNED_STAFF_UNAVAILABLE: _("pinned to a staff member who is not working that day"),
        routing.Reason.PINNED_STAFF_INCOMPATIBLE: _("pinned to a staff member who may not make this visit"),
        routing.Reason.DEMAND_EXCEEDS_CAPACITY: _("more than a vehicle carries"),
        routing.Reason.WINDOW_UNREACHABLE: _("its time window cannot be reached from any base within a shift"),
        routing.Reason.NO_CAPACITY_IN_DAY: _("possible on its own, but there is no room left in anyone's day"),
        NO_LOCATION: _("the address has no map position"),
        WINDOW_PASSED: _("its time window has already passed today"),
    }
    return str(labels.get(code, code))


def _time(minutes: float) -> dt.time:
    total = max(0, min(round(minutes), 24 * 60 - 1))
    return dt.time(total // 60, total % 60)


# ---------------------------------------------------------------------------------------------------
# The routing problem of a day
# ---------------------------------------------------------------------------------------------------


@dataclass
class DayProblem:
    day: dt.date
    problem: routing.Problem
    visits: dict[str, Visit]
    staff: dict[str, StaffMember]
    no_location: list[Visit]
    fixed: set[str]  # visits already started or finished, pinned to their carer
    too_late: list[Visit]  # today's visits, not started, whose window has closed


def staff_available(day: dt.date) -> list[StaffMember]:
    absent = absences_on(day)
    return [
        s
        for s in StaffMember.objects.filter(active=True, base__lat__isnull=False, base__lon__isnull=False)
        .select_related("base", "user")
        .order_by("pk")
        if s.works_on(day) and s.pk not in absent
    ]


def _routing_staff(s: StaffMember) -> routing.Staff:
    lunch = None
    if s.lunch_start and s.lunch_end:
        lunch = routing.TimeWindow(minute_of_day(s.lunch_start), minute_of_day(s.lunch_end))
    return routing.Staff(
        id=s.routing_id,
        base=routing.Depot(
            f"B{s.base_id}", routing.Location.from_latlon(float(s.base.lat or 0.0), float(s.base.lon or 0.0))
        ),
        shift=routing.TimeWindow(minute_of_day(s.shift_start), minute_of_day(s.shift_end)),
        skills=frozenset(s.skills or []),
        sex=s.sex,
        lunch_break=lunch,
    )


def planning_clock() -> dt.datetime:
    """Now, in the office's time zone (a function, so tests can set the clock)."""
    return timezone.localtime()


def _latest_start(v: Visit) -> int:
    return max(minute_of_day(v.window_start), minute_of_day(v.window_end) - v.duration_minutes)


def _routing_visit(v: Visit, staff_ids: set[str], pin: str | None, not_before: int = 0) -> routing.Visit:
    latest = _latest_start(v)
    start = min(max(minute_of_day(v.window_start), not_before), latest)
    preferred = f"S{v.preferred_staff_id}" if v.preferred_staff_id else None
    return routing.Visit(
        id=v.routing_id,
        location=routing.Location.from_latlon(float(v.lat or 0.0), float(v.lon or 0.0)),
        duration=v.duration_minutes,
        windows=(routing.TimeWindow(start, latest),),
        skill=v.required_skill or None,
        carer_sex=v.person.sex if v.same_sex else None,
        preferred_staff=preferred if preferred in staff_ids else None,
        pinned_staff=pin,
        priority=3 if v.urgent else 1,
    )


def day_problem(day: dt.date, *, pins: dict[int, int] | None = None) -> DayProblem:
    """The day's visits (not cancelled) and the staff at work. `pins` overrides Visit.pinned_staff
    (visit pk → staff pk), for validating a planner's move before it is saved."""
    now = planning_clock()
    not_before = 0
    if day == now.date():
        not_before = minute_of_day(now.time()) + SAME_DAY_LEAD_MINUTES
    members = staff_available(day)
    staff = {s.routing_id: s for s in members}
    qs = (
        Visit.objects.filter(date=day)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("person", "preferred_staff")
        .order_by("pk")
    )
    visits: dict[str, Visit] = {}
    no_location: list[Visit] = []
    fixed: set[str] = set()
    too_late: list[Visit] = []
    routed: list[routing.Visit] = []
    for v in qs:
        if v.status != VisitStatus.SCHEDULED:
            # Started or finished: keep it with its carer (if that carer is at work), else leave it out.
            holder = v.provider_id or v.assigned_staff_id
            if holder is None or f"S{holder}" not in staff or not v.has_location:
                continue
            fixed.add(v.routing_id)
            visits[v.routing_id] = v
            routed.append(_routing_visit(v, set(staff), f"S{holder}"))
            continue
        if not v.has_location:
            no_location.append(v)
            continue
        if _latest_start(v) < not_before:
            too_late.append(v)
            continue
        pin_pk = (pins or {}).get(v.pk, v.pinned_staff_id)
        visits[v.routing_id] = v
        routed.append(_routing_visit(v, set(staff), f"S{pin_pk}" if pin_pk else None, not_before))
    problem = routing.Problem(visits=tuple(routed), staff=tuple(_routing_staff(s) for s in members))
    return DayProblem(
        day=day, problem=problem, visits=visits, staff=staff, no_location=no_location, fixed=fixed, too_late=too_late
    )


def travel_provider() -> Any:
    url = getattr(settings, "OMUR_OSRM_URL", None)
    if url:
        return routing.OsrmTableProvider(url)
    return routing.HaversineProvider()


def build_matrix(dp: DayProblem) -> tuple[routing.TravelMatrix, str]:
    """The travel matrix, from OSRM when configured; falls back to the haversine rule (and says so)
    when the OSRM server does not answer, so a planner is never left without a plan."""
    provider = travel_provider()
    try:
        return routing.build_matrix(dp.problem, provider), type(provider).__name__
    except routing.OsrmError as exc:
        logger.warning("OSRM unavailable, using haversine: %s", exc)
        return routing.build_matrix(dp.problem, routing.HaversineProvider()), "HaversineProvider (OSRM failed)"
