"""Input and output types of the routing library.

Times are minutes from midnight of the planning day (floats are allowed; the Mersin data uses whole
minutes). Durations and travel times are minutes. Nothing here knows about Django.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

PLAN_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Location:
    """A point: ``x``/``y`` for planar data (Solomon), or longitude/latitude for places on Earth."""

    x: float
    y: float

    @classmethod
    def from_latlon(cls, lat: float, lon: float) -> Location:
        return cls(x=lon, y=lat)

    @property
    def lat(self) -> float:
        return self.y

    @property
    def lon(self) -> float:
        return self.x


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """``[start, end]`` in minutes from midnight. For a visit, the *start* of service must fall inside."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.start) and math.isfinite(self.end)) or self.end < self.start:
            raise ValueError(f"invalid time window {self.start}–{self.end}")

    def contains(self, minute: float, tolerance: float = 1e-6) -> bool:
        return self.start - tolerance <= minute <= self.end + tolerance


@dataclass(frozen=True, slots=True)
class Depot:
    """A place routes start from and return to: a team base or a kitchen."""

    id: str
    location: Location


@dataclass(frozen=True)
class Visit:
    """One thing to do at one place: a care visit or a meal delivery stop.

    - ``windows``: service must *start* inside one of them; empty means any time in the shift.
    - ``skill``: a staff member must have it (``None``: anyone).
    - ``carer_sex``: the staff member must be of this sex (same-sex personal care), ``None``: anyone.
    - ``preferred_staff``: the client's usual carer, a *soft* preference (see ``SolveOptions``).
    - ``demand``: load units (meal portions) taken from the vehicle's capacity.
    - ``depot``: only staff based at this depot may serve it (a household is served from its kitchen).
    - ``pinned_staff``: a planner's decision: only this staff member may serve it.
    - ``priority``: multiplies the value of placing the visit (see ``SolveOptions.unplaced_penalty``).
    - ``required``: the solver must place it (used for the Solomon benchmark); an impossible required
      visit is still reported as unplaced rather than returned in an invalid plan.
    """

    id: str
    location: Location
    duration: float = 0.0
    windows: tuple[TimeWindow, ...] = ()
    skill: str | None = None
    carer_sex: str | None = None
    preferred_staff: str | None = None
    demand: int = 0
    depot: str | None = None
    pinned_staff: str | None = None
    priority: int = 1
    required: bool = False

    def __post_init__(self) -> None:
        if self.duration < 0 or not math.isfinite(self.duration):
            raise ValueError(f"visit {self.id}: duration must be a non-negative number")
        if self.demand < 0:
            raise ValueError(f"visit {self.id}: demand must not be negative")
        if self.priority < 1:
            raise ValueError(f"visit {self.id}: priority must be at least 1")
        # Windows are kept sorted so "the earliest window still open" is the first match.
        object.__setattr__(self, "windows", tuple(sorted(self.windows, key=lambda w: (w.start, w.end))))


@dataclass(frozen=True)
class Staff:
    """A staff member (carer) or a vehicle (van): one route per day from and back to ``base``.

    ``lunch_break``, when given, splits the shift in two: the route returns to base before the break
    and leaves again after it (PyVRP has no breaks; two half-shifts are exact and easy to explain).
    ``capacity`` limits the summed ``demand`` of the visits of each half (``None``: no limit).
    ``fixed_cost`` (minutes of travel) is paid when the route is used: it makes the solver use as few
    vehicles as it can before it saves travel.
    """

    id: str
    base: Depot
    shift: TimeWindow
    skills: frozenset[str] = frozenset()
    sex: str | None = None
    capacity: int | None = None
    lunch_break: TimeWindow | None = None
    fixed_cost: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", frozenset(self.skills))
        if self.capacity is not None and self.capacity < 0:
            raise ValueError(f"staff {self.id}: capacity must not be negative")
        if self.lunch_break is not None and not (
            self.shift.start <= self.lunch_break.start and self.lunch_break.end <= self.shift.end
        ):
            raise ValueError(f"staff {self.id}: the break must lie inside the shift")

    @property
    def legs(self) -> tuple[TimeWindow, ...]:
        """The parts of the shift a route may use: the whole shift, or the halves around the break."""
        if self.lunch_break is None:
            return (self.shift,)
        return (
            TimeWindow(self.shift.start, self.lunch_break.start),
            TimeWindow(self.lunch_break.end, self.shift.end),
        )


Vehicle = Staff
"""Delivery vans are modelled exactly like staff: a base (kitchen), a shift, a capacity."""

Stop = Visit
"""A delivery stop is a visit with a ``demand`` (portions) and a ``depot`` (its kitchen)."""


@dataclass(frozen=True)
class Problem:
    """The day to plan: visits and the staff (or vehicles) available for them."""

    visits: tuple[Visit, ...]
    staff: tuple[Staff, ...]
    _visits_by_id: dict[str, Visit] = field(init=False, repr=False, compare=False)
    _staff_by_id: dict[str, Staff] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "visits", tuple(self.visits))
        object.__setattr__(self, "staff", tuple(self.staff))
        visits = {v.id: v for v in self.visits}
        staff = {s.id: s for s in self.staff}
        if len(visits) != len(self.visits):
            raise ValueError("visit ids must be unique")
        if len(staff) != len(self.staff):
            raise ValueError("staff ids must be unique")
        object.__setattr__(self, "_visits_by_id", visits)
        object.__setattr__(self, "_staff_by_id", staff)

    def visit(self, visit_id: str) -> Visit:
        return self._visits_by_id[visit_id]

    def staff_member(self, staff_id: str) -> Staff:
        return self._staff_by_id[staff_id]

    def has_visit(self, visit_id: str) -> bool:
        return visit_id in self._visits_by_id

    def has_staff(self, staff_id: str) -> bool:
        return staff_id in self._staff_by_id

    def locations(self) -> list[Location]:
        """Every distinct location of the problem: bases first, then visits (stable order)."""
        seen: dict[Location, None] = {}
        for s in self.staff:
            seen.setdefault(s.base.location, None)
        for v in self.visits:
            seen.setdefault(v.location, None)
        return list(seen)


def compatibility_problem(visit: Visit, staff: Staff, *, ignore_pin: bool = False) -> str | None:
    """Why ``staff`` may never serve ``visit`` (a hard rule), or ``None`` when it may."""
    if not ignore_pin and visit.pinned_staff is not None and visit.pinned_staff != staff.id:
        return "pinned to another staff member"
    if visit.skill is not None and visit.skill not in staff.skills:
        return f"lacks skill {visit.skill}"
    if visit.carer_sex is not None and staff.sex != visit.carer_sex:
        return f"needs a carer of sex {visit.carer_sex}"
    if visit.depot is not None and staff.base.id != visit.depot:
        return f"served from depot {visit.depot} only"
    if staff.capacity is not None and visit.demand > staff.capacity:
        return "demand exceeds capacity"
    return None


def is_compatible(visit: Visit, staff: Staff) -> bool:
    return compatibility_problem(visit, staff) is None


# ---------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------


class Reason(StrEnum):
    """Why a visit is not in the plan. Codes are stable (the app translates them)."""

    NO_STAFF_WITH_SKILL = "no_staff_with_skill"
    NO_STAFF_OF_SEX = "no_staff_of_required_sex"
    NO_STAFF_AT_DEPOT = "no_staff_at_depot"
    PINNED_STAFF_UNAVAILABLE = "pinned_staff_unavailable"
    PINNED_STAFF_INCOMPATIBLE = "pinned_staff_incompatible"
    DEMAND_EXCEEDS_CAPACITY = "demand_exceeds_capacity"
    WINDOW_UNREACHABLE = "window_unreachable"
    NO_CAPACITY_IN_DAY = "no_capacity_in_day"


@dataclass(frozen=True)
class ScheduledStop:
    visit_id: str
    arrival: float
    start: float
    end: float
    travel_from_previous: float

    @property
    def wait(self) -> float:
        return self.start - self.arrival


@dataclass(frozen=True)
class Leg:
    """One trip from the base and back (a shift with a break has two)."""

    depart: float
    back: float
    stops: tuple[ScheduledStop, ...]
    travel_back: float

    @property
    def travel_minutes(self) -> float:
        return sum(s.travel_from_previous for s in self.stops) + self.travel_back

    @property
    def duration_minutes(self) -> float:
        return self.back - self.depart if self.stops else 0.0


@dataclass(frozen=True)
class StaffRoute:
    staff_id: str
    legs: tuple[Leg, ...]
    load: int = 0

    @property
    def stops(self) -> tuple[ScheduledStop, ...]:
        return tuple(stop for leg in self.legs for stop in leg.stops)

    @property
    def visit_ids(self) -> tuple[str, ...]:
        return tuple(stop.visit_id for stop in self.stops)

    @property
    def travel_minutes(self) -> float:
        return sum(leg.travel_minutes for leg in self.legs)

    @property
    def duration_minutes(self) -> float:
        return sum(leg.duration_minutes for leg in self.legs)

    @property
    def leg_visit_ids(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(s.visit_id for s in leg.stops) for leg in self.legs)


@dataclass(frozen=True)
class Unplaced:
    visit_id: str
    reason: Reason
    detail: str


@dataclass(frozen=True)
class Objective:
    """What the plan achieves. ``solver_cost`` is PyVRP's internal cost (scaled units, for debugging)."""

    visits_placed: int
    visits_unplaced: int
    travel_minutes: float
    vehicles_used: int
    fixed_cost: float
    preferred_named: int
    preferred_kept: int
    moved_from_previous: int | None = None
    solver_cost: int = 0

    @property
    def preferred_share(self) -> float:
        """Share of visits naming a usual carer that got that carer."""
        return self.preferred_kept / self.preferred_named if self.preferred_named else 1.0


@dataclass(frozen=True)
class Plan:
    routes: tuple[StaffRoute, ...]
    unplaced: tuple[Unplaced, ...]
    objective: Objective
    solve_seconds: float = 0.0
    seed: int = 0
    time_limit: float = 0.0
    iterations: int = 0

    def route_of(self, staff_id: str) -> StaffRoute | None:
        for route in self.routes:
            if route.staff_id == staff_id:
                return route
        return None

    def assignment(self) -> dict[str, str]:
        """visit id → staff id for every placed visit."""
        return {stop.visit_id: route.staff_id for route in self.routes for stop in route.stops}

    def iter_stops(self) -> Iterator[tuple[str, ScheduledStop]]:
        for route in self.routes:
            for stop in route.stops:
                yield route.staff_id, stop

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form (the app stores plans as versioned JSON)."""
        return {
            "format": PLAN_FORMAT_VERSION,
            "routes": [
                {
                    "staff_id": r.staff_id,
                    "load": r.load,
                    "travel_minutes": r.travel_minutes,
                    "duration_minutes": r.duration_minutes,
                    "legs": [
                        {
                            "depart": leg.depart,
                            "back": leg.back,
                            "travel_back": leg.travel_back,
                            "stops": [
                                {
                                    "visit_id": s.visit_id,
                                    "arrival": s.arrival,
                                    "start": s.start,
                                    "end": s.end,
                                    "travel_from_previous": s.travel_from_previous,
                                }
                                for s in leg.stops
                            ],
                        }
                        for leg in r.legs
                    ],
                }
                for r in self.routes
            ],
            "unplaced": [{"visit_id": u.visit_id, "reason": u.reason.value, "detail": u.detail} for u in self.unplaced],
            "objective": {
                "visits_placed": self.objective.visits_placed,
                "visits_unplaced": self.objective.visits_unplaced,
                "travel_minutes": self.objective.travel_minutes,
                "vehicles_used": self.objective.vehicles_used,
                "fixed_cost": self.objective.fixed_cost,
                "preferred_named": self.objective.preferred_named,
                "preferred_kept": self.objective.preferred_kept,
                "moved_from_previous": self.objective.moved_from_previous,
                "solver_cost": self.objective.solver_cost,
            },
            "solve_seconds": self.solve_seconds,
            "seed": self.seed,
            "time_limit": self.time_limit,
            "iterations": self.iterations,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        if data.get("format") != PLAN_FORMAT_VERSION:
            raise ValueError(f"unsupported plan format {data.get('format')!r}")
        routes = tuple(
            StaffRoute(
                staff_id=str(r["staff_id"]),
                load=int(r.get("load", 0)),
                legs=tuple(
                    Leg(
                        depart=float(leg["depart"]),
                        back=float(leg["back"]),
                        travel_back=float(leg["travel_back"]),
                        stops=tuple(
                            ScheduledStop(
                                visit_id=str(s["visit_id"]),
                                arrival=float(s["arrival"]),
                                start=float(s["start"]),
                                end=float(s["end"]),
                                travel_from_previous=float(s["travel_from_previous"]),
                            )
                            for s in leg["stops"]
                        ),
                    )
                    for leg in r["legs"]
                ),
            )
            for r in data["routes"]
        )
        unplaced = tuple(
            Unplaced(visit_id=str(u["visit_id"]), reason=Reason(u["reason"]), detail=str(u["detail"]))
            for u in data["unplaced"]
        )
        o = data["objective"]
        objective = Objective(
            visits_placed=int(o["visits_placed"]),
            visits_unplaced=int(o["visits_unplaced"]),
            travel_minutes=float(o["travel_minutes"]),
            vehicles_used=int(o["vehicles_used"]),
            fixed_cost=float(o["fixed_cost"]),
            preferred_named=int(o["preferred_named"]),
            preferred_kept=int(o["preferred_kept"]),
            moved_from_previous=None if o.get("moved_from_previous") is None else int(o["moved_from_previous"]),
            solver_cost=int(o.get("solver_cost", 0)),
        )
        return cls(
            routes=routes,
            unplaced=unplaced,
            objective=objective,
            solve_seconds=float(data.get("solve_seconds", 0.0)),
            seed=int(data.get("seed", 0)),
            time_limit=float(data.get("time_limit", 0.0)),
            iterations=int(data.get("iterations", 0)),
        )
