"""Pure-Python route timing, plan validation and reasons for unplaced visits.

Nothing here calls the solver: these functions recompute everything from the problem and the travel
matrix, so they are the independent check of what the solver returns (``check_plan``), the validator
of a planner's hand-made move (``evaluate_route``) and the source of the reason given for each visit
left out (``explain_unplaced``).

Timing rule: a route leaves its base no earlier than the start of the shift (or of the half-shift
after a break) and every visit starts as early as it can (on arrival, or when its window opens);
the departure is then moved later so the carer does not wait at the first door. The route must be
back at the base by the end of the (half-)shift.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from omur.routing.model import (
    Leg,
    Plan,
    Problem,
    Reason,
    ScheduledStop,
    Staff,
    StaffRoute,
    TimeWindow,
    Unplaced,
    Visit,
    compatibility_problem,
)
from omur.routing.travel import TravelMatrix

EPS = 1e-6


def hhmm(minutes: float) -> str:
    total = round(minutes)
    return f"{total // 60:02d}:{total % 60:02d}"


class RouteInfeasible(ValueError):
    """A route (e.g. a planner's manual move) breaks a hard rule; ``problems`` says which."""

    def __init__(self, staff_id: str, problems: Sequence[str]) -> None:
        self.staff_id = staff_id
        self.problems = list(problems)
        super().__init__(f"route of {staff_id} is not feasible: " + "; ".join(self.problems))


def earliest_start(visit: Visit, arrival: float) -> float | None:
    """When service can start if the carer arrives at ``arrival``; ``None`` if every window has closed."""
    if not visit.windows:
        return arrival
    for window in visit.windows:
        if arrival <= window.end + EPS:
            return max(arrival, window.start)
    return None


def schedule_leg(
    visits: Sequence[Visit], staff: Staff, leg: TimeWindow, travel: TravelMatrix
) -> tuple[Leg | None, list[str]]:
    """Times for one trip from the base and back, or ``None`` and the reasons it cannot work."""
    base = staff.base.location
    if not visits:
        return Leg(depart=leg.start, back=leg.start, stops=(), travel_back=0.0), []
    clock = leg.start
    previous = base
    stops: list[ScheduledStop] = []
    for visit in visits:
        minutes = travel.between(previous, visit.location)
        if not math.isfinite(minutes):
            return None, [f"{visit.id}: no road from the previous stop"]
        arrival = clock + minutes
        start = earliest_start(visit, arrival)
        if start is None:
            return None, [f"{visit.id}: arrival {hhmm(arrival)} is after its time window"]
        stops.append(ScheduledStop(visit.id, arrival, start, start + visit.duration, minutes))
        clock = start + visit.duration
        previous = visit.location
    travel_back = travel.between(previous, base)
    back = clock + travel_back
    if not math.isfinite(back):
        return None, ["no road back to the base"]
    if back > leg.end + EPS:
        return None, [f"back at the base at {hhmm(back)}, after {hhmm(leg.end)}"]
    first = stops[0]
    stops[0] = replace(first, arrival=first.start)
    return Leg(
        depart=first.start - first.travel_from_previous, back=back, stops=tuple(stops), travel_back=travel_back
    ), []


def schedule_route(
    staff: Staff, legs: Sequence[Sequence[Visit]], travel: TravelMatrix
) -> tuple[StaffRoute | None, list[str]]:
    """Times for a whole route given its visits per leg (one leg, or two around the break)."""
    shift_legs = staff.legs
    if len(legs) > len(shift_legs):
        return None, [f"{len(legs)} trips given but the shift allows {len(shift_legs)}"]
    padded = list(legs) + [[] for _ in range(len(shift_legs) - len(legs))]
    scheduled: list[Leg] = []
    problems: list[str] = []
    load = 0
    for visits, window in zip(padded, shift_legs, strict=True):
        leg_load = sum(v.demand for v in visits)
        load += leg_load
        if staff.capacity is not None and leg_load > staff.capacity:
            problems.append(f"load {leg_load} exceeds capacity {staff.capacity}")
        for visit in visits:
            why = compatibility_problem(visit, staff)
            if why is not None:
                problems.append(f"{visit.id}: {why}")
        leg, leg_problems = schedule_leg(visits, staff, window, travel)
        problems.extend(leg_problems)
        if leg is not None:
            scheduled.append(leg)
    if problems:
        return None, problems
    return StaffRoute(staff_id=staff.id, legs=tuple(scheduled), load=load), []


def evaluate_route(problem: Problem, staff_id: str, visit_ids: Sequence[str], travel: TravelMatrix) -> StaffRoute:
    """Validate and time a planner's route (e.g. after moving a visit by hand).

    For a shift with a break, the split point between the two trips is chosen to be feasible with the
    least travel. Raises ``RouteInfeasible`` listing the broken rules.
    """
    staff = problem.staff_member(staff_id)
    visits = [problem.visit(v) for v in visit_ids]
    if len(set(visit_ids)) != len(visit_ids):
        raise RouteInfeasible(staff_id, ["a visit appears twice"])
    if staff.lunch_break is None:
        splits: list[list[list[Visit]]] = [[visits]]
    else:
        splits = [[visits[:k], visits[k:]] for k in range(len(visits), -1, -1)]
    best: StaffRoute | None = None
    first_problems: list[str] = []
    for legs in splits:
        route, problems = schedule_route(staff, legs, travel)
        if route is None:
            first_problems = first_problems or problems
        elif best is None or route.travel_minutes < best.travel_minutes - EPS:
            best = route
    if best is None:
        raise RouteInfeasible(staff_id, first_problems)
    return best


# ---------------------------------------------------------------------------------------------------
# Independent validation of a whole plan
# ---------------------------------------------------------------------------------------------------


def check_plan(problem: Problem, plan: Plan, travel: TravelMatrix, *, unavailable: Collection[str] = ()) -> list[str]:
    """Every hard rule the plan breaks (an empty list means the plan is valid).

    Recomputes from the matrix: travel minutes between consecutive stops, earliest possible arrival,
    windows, the shift (and break), skills, sex, depot, pins, capacity; and that every visit is placed
    exactly once or listed as unplaced.
    """
    errors: list[str] = []
    seen: dict[str, str] = {}
    staff_seen: set[str] = set()
    for route in plan.routes:
        sid = route.staff_id
        if not problem.has_staff(sid):
            errors.append(f"route for unknown staff {sid}")
            continue
        if sid in staff_seen:
            errors.append(f"{sid} has two routes")
        staff_seen.add(sid)
        if sid in unavailable:
            errors.append(f"{sid} is unavailable but has a route")
        staff = problem.staff_member(sid)
        if len(route.legs) > len(staff.legs):
            errors.append(f"{sid}: {len(route.legs)} trips but the shift allows {len(staff.legs)}")
            continue
        load_total = 0
        for leg, window in zip(route.legs, staff.legs, strict=False):
            errors.extend(_check_leg(problem, staff, leg, window, travel))
            leg_load = 0
            for stop in leg.stops:
                if not problem.has_visit(stop.visit_id):
                    errors.append(f"{sid}: unknown visit {stop.visit_id}")
                    continue
                if stop.visit_id in seen:
                    errors.append(f"{stop.visit_id} is in the routes of {seen[stop.visit_id]} and {sid}")
                seen[stop.visit_id] = sid
                visit = problem.visit(stop.visit_id)
                leg_load += visit.demand
                why = compatibility_problem(visit, staff)
                if why is not None:
                    errors.append(f"{sid} may not serve {visit.id}: {why}")
            if staff.capacity is not None and leg_load > staff.capacity:
                errors.append(f"{sid}: load {leg_load} exceeds capacity {staff.capacity}")
            load_total += leg_load
        if load_total != route.load:
            errors.append(f"{sid}: stated load {route.load} but the visits add up to {load_total}")
    unplaced_ids = [u.visit_id for u in plan.unplaced]
    for vid in unplaced_ids:
        if vid in seen:
            errors.append(f"{vid} is both placed and listed as unplaced")
        if not problem.has_visit(vid):
            errors.append(f"unknown unplaced visit {vid}")
    if len(set(unplaced_ids)) != len(unplaced_ids):
        errors.append("a visit is listed as unplaced twice")
    missing = {v.id for v in problem.visits} - set(seen) - set(unplaced_ids)
    errors.extend(f"{vid} is neither placed nor listed as unplaced" for vid in sorted(missing))
    placed = len(seen)
    if plan.objective.visits_placed != placed or plan.objective.visits_unplaced != len(unplaced_ids):
        errors.append("objective counts do not match the routes")
    return errors


def _check_leg(problem: Problem, staff: Staff, leg: Leg, window: TimeWindow, travel: TravelMatrix) -> list[str]:
    sid = staff.id
    errors: list[str] = []
    if not leg.stops:
        return errors
    if leg.depart < window.start - EPS:
        errors.append(f"{sid}: leaves at {hhmm(leg.depart)}, before {hhmm(window.start)}")
    clock = leg.depart
    previous = staff.base.location
    for stop in leg.stops:
        if not problem.has_visit(stop.visit_id):
            return errors  # reported by the caller
        visit = problem.visit(stop.visit_id)
        minutes = travel.between(previous, visit.location)
        if not math.isfinite(minutes):
            errors.append(f"{sid}: no road to {visit.id}")
            return errors
        if abs(stop.travel_from_previous - minutes) > EPS:
            errors.append(f"{sid}: travel to {visit.id} stated {stop.travel_from_previous} but is {minutes}")
        if stop.arrival < clock + minutes - EPS:
            errors.append(f"{sid}: arrives at {visit.id} at {hhmm(stop.arrival)}, earlier than possible")
        if stop.start < stop.arrival - EPS:
            errors.append(f"{sid}: starts {visit.id} before arriving")
        if visit.windows and not any(w.contains(stop.start, EPS) for w in visit.windows):
            errors.append(f"{sid}: starts {visit.id} at {hhmm(stop.start)}, outside its window")
        if abs(stop.end - (stop.start + visit.duration)) > EPS:
            errors.append(f"{sid}: {visit.id} does not last its {visit.duration} minutes")
        clock = stop.end
        previous = visit.location
    back_minutes = travel.between(previous, staff.base.location)
    if abs(leg.travel_back - back_minutes) > EPS:
        errors.append(f"{sid}: travel back stated {leg.travel_back} but is {back_minutes}")
    if leg.back < clock + back_minutes - EPS:
        errors.append(f"{sid}: back at the base earlier than possible")
    if leg.back > window.end + EPS:
        errors.append(f"{sid}: back at the base at {hhmm(leg.back)}, after {hhmm(window.end)}")
    return errors


# ---------------------------------------------------------------------------------------------------
# Filling gaps and explaining what is left out
# ---------------------------------------------------------------------------------------------------

ExtraCost = Callable[[Visit, Staff], float]


@dataclass
class MutableRoute:
    """A route under construction: visits per leg (used by greedy insertion and explanation)."""

    staff: Staff
    legs: list[list[Visit]]
    locked: bool = False

    @classmethod
    def empty(cls, staff: Staff, *, locked: bool = False) -> MutableRoute:
        return cls(staff=staff, legs=[[] for _ in staff.legs], locked=locked)


def _leg_travel(staff: Staff, visits: Sequence[Visit], travel: TravelMatrix) -> float:
    points = [staff.base.location, *(v.location for v in visits), staff.base.location]
    return sum(travel.between(a, b) for a, b in itertools.pairwise(points)) if visits else 0.0


def best_insertion(
    visit: Visit, route: MutableRoute, travel: TravelMatrix, extra_cost: ExtraCost | None = None
) -> tuple[float, int, int] | None:
    """Cheapest feasible place for ``visit`` in ``route``: (added cost, leg, position), or ``None``."""
    staff = route.staff
    if route.locked or compatibility_problem(visit, staff) is not None:
        return None
    best: tuple[float, int, int] | None = None
    extra = extra_cost(visit, staff) if extra_cost is not None else 0.0
    was_used = any(route.legs)
    for leg_index, (visits, window) in enumerate(zip(route.legs, staff.legs, strict=True)):
        if staff.capacity is not None and sum(v.demand for v in visits) + visit.demand > staff.capacity:
            continue
        before = _leg_travel(staff, visits, travel)
        for position in range(len(visits) + 1):
            candidate = [*visits[:position], visit, *visits[position:]]
            leg, _ = schedule_leg(candidate, staff, window, travel)
            if leg is None:
                continue
            cost = leg.travel_minutes - before + extra + (0.0 if was_used else staff.fixed_cost)
            if best is None or cost < best[0] - EPS:
                best = (cost, leg_index, position)
    return best


def greedy_insert(
    visits: Iterable[Visit],
    routes: Mapping[str, MutableRoute],
    travel: TravelMatrix,
    extra_cost: ExtraCost | None = None,
) -> list[Visit]:
    """Insert visits one at a time at their cheapest feasible place; returns those that fit nowhere.

    The solver normally leaves nothing insertable behind; this pass makes sure of it (and places
    visits after a short time limit) so every visit left out is truly crowded out.
    """
    pending = sorted(visits, key=lambda v: (-v.priority, v.id))
    left: list[Visit] = []
    for visit in pending:
        best: tuple[float, str, int, int] | None = None
        for sid in sorted(routes):
            found = best_insertion(visit, routes[sid], travel, extra_cost)
            if found is not None and (best is None or found[0] < best[0] - EPS):
                best = (found[0], sid, found[1], found[2])
        if best is None:
            left.append(visit)
            continue
        _, sid, leg_index, position = best
        routes[sid].legs[leg_index].insert(position, visit)
    return left


def explain_unplaced(
    problem: Problem,
    visit: Visit,
    routes: Mapping[str, MutableRoute],
    travel: TravelMatrix,
    *,
    unavailable: Collection[str] = (),
) -> Unplaced:
    """Why ``visit`` is not in the plan, by checking it against each staff member alone, then in the day."""
    available = [s for s in problem.staff if s.id not in unavailable]
    if visit.pinned_staff is not None:
        if not problem.has_staff(visit.pinned_staff) or visit.pinned_staff in unavailable:
            return Unplaced(
                visit.id, Reason.PINNED_STAFF_UNAVAILABLE, f"pinned to {visit.pinned_staff}, who is not available"
            )
        pinned = problem.staff_member(visit.pinned_staff)
        why = compatibility_problem(visit, pinned, ignore_pin=True)
        if why is not None:
            return Unplaced(visit.id, Reason.PINNED_STAFF_INCOMPATIBLE, f"pinned to {pinned.id}, who {why}")
        available = [pinned]
    candidates = [s for s in available if visit.skill is None or visit.skill in s.skills]
    if not candidates:
        return Unplaced(visit.id, Reason.NO_STAFF_WITH_SKILL, f"no available staff with skill {visit.skill}")
    candidates = [s for s in candidates if visit.carer_sex is None or s.sex == visit.carer_sex]
    if not candidates:
        return Unplaced(
            visit.id, Reason.NO_STAFF_OF_SEX, f"no available staff with skill {visit.skill} of sex {visit.carer_sex}"
        )
    candidates = [s for s in candidates if visit.depot is None or s.base.id == visit.depot]
    if not candidates:
        return Unplaced(visit.id, Reason.NO_STAFF_AT_DEPOT, f"no suitable staff based at {visit.depot}")
    candidates = [s for s in candidates if s.capacity is None or visit.demand <= s.capacity]
    if not candidates:
        return Unplaced(visit.id, Reason.DEMAND_EXCEEDS_CAPACITY, f"demand {visit.demand} exceeds every capacity")
    alone = [s for s in candidates if any(schedule_leg([visit], s, w, travel)[0] is not None for w in s.legs)]
    if not alone:
        windows = ", ".join(f"{hhmm(w.start)}–{hhmm(w.end)}" for w in visit.windows) or "the shift"
        return Unplaced(
            visit.id,
            Reason.WINDOW_UNREACHABLE,
            f"no suitable staff can reach it within {windows} and be back at base by the end of the shift",
        )
    locked = [s.id for s in alone if s.id in routes and routes[s.id].locked]
    detail = f"feasible alone for {len(alone)} staff, but their days are full"
    if locked:
        detail += f" (locked routes: {', '.join(locked)})"
    return Unplaced(visit.id, Reason.NO_CAPACITY_IN_DAY, detail)
