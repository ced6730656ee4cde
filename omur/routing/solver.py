"""Turning a ``Problem`` into a ``Plan`` with PyVRP 0.14.

How the rules map onto PyVRP
----------------------------
* **Integer time.** PyVRP works in integers. Travel minutes are multiplied by
  ``SolveOptions.time_scale`` and rounded *up*; service durations and shift/window starts are
  rounded up, window and shift ends down. So any plan the solver accepts is feasible with the real
  (unrounded) times, which ``check_plan`` confirms from the unrounded matrix.
* **Skills, same-sex care, kitchens, pins.** PyVRP has no skills. Each staff member gets a *routing
  profile* whose matrix makes the visits they may not serve unreachable (a huge travel time, so the
  visit would break its window). Staff with identical rules share one profile and one vehicle type.
* **Continuity of care** (preferred carer) is priced, not forced: in every profile except the
  preferred carer's, the edges *into* a visit with a usual carer cost
  ``SolveOptions.preference_weight`` extra minutes (30 by default). So the solver accepts up to 30
  more minutes of driving to keep a client with their usual carer, and no more. Only the cost (the
  distance matrix) changes, never the time, so feasibility is untouched.
* **Visits that cannot all be placed.** Every visit is optional with a prize of
  ``SolveOptions.unplaced_penalty`` minutes (1000 by default, times ``Visit.priority``): leaving one out
  costs more than any detour, so the solver places as many visits as it can, then saves travel.
  Each visit left out gets a reason from ``explain_unplaced`` (checked alone against every staff
  member, then in the day).
* **Several windows** per visit become one client per window in a mutually exclusive group.
* **Breaks.** A fixed break splits the shift into two half-shifts (two vehicle types), each leaving
  from and returning to the base.
* **Vehicles** (meals): capacity per trip, ``fixed_cost`` per used vehicle so the solver first uses
  as few vans as it can, then saves travel. After a first search, the smallest route is taken away
  and the search must place every stop with one van fewer, for as long as that works
  (``fleet_attempt_share``).
* **Preferences in two phases.** With usual carers, a part is first searched without preference
  prices (every staff member of a group shares one vehicle type: placing visits is easier), then
  the routes are handed to the group's members so that most clients get their usual carer, and the
  search goes on with the prices (``placement_share`` of the time goes to the first phase).
* **Independent parts.** Visits and staff that can never meet (different skills, sexes or kitchens)
  form independent sub-problems; they are solved separately, in parallel when ``workers > 1``
  (longest first onto the least loaded worker). A worker with much less to do than the busiest one
  also solves the largest part with another seed and the better result is kept (this is how one
  Solomon instance uses two cores).

Re-planning (a carer calls in sick)
-----------------------------------
``replan`` keeps everything it can: each visit that stays with an available staff member gets a
*keep* price (``SolveOptions.keep_weight``, 240 minutes: moving it to another carer is worth it only
to place a visit that would otherwise be dropped) and a doubled prize (it is never dropped to make
room for another). The previous plan is the starting solution, and every route whose set of visits
did not change is returned exactly as it was (same order, same times).

Pinning: ``Visit.pinned_staff`` makes a visit reachable for that staff member only. A planner who
fixes the order of a whole route passes it in ``locked_routes``: it is validated by
``evaluate_route``, kept as given, and the rest is optimised around it.

Determinism: for a given seed *and* ``max_iterations`` the result is reproducible. With only a time
limit the number of iterations depends on the machine, so results may differ between runs.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from omur.routing.encode import Component, Encoded, Weights, encode_phases, find_components
from omur.routing.model import Objective, Plan, Problem, Staff, StaffRoute, Unplaced, Visit, is_compatible
from omur.routing.options import SolveOptions
from omur.routing.schedule import (
    MutableRoute,
    RouteInfeasible,
    evaluate_route,
    explain_unplaced,
    greedy_insert,
    schedule_leg,
    schedule_route,
)
from omur.routing.search import Outcome, run_all
from omur.routing.travel import HaversineProvider, TravelMatrix, TravelMatrixProvider

# ---------------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------------


def solve(
    problem: Problem,
    travel: TravelMatrixProvider | TravelMatrix | None = None,
    options: SolveOptions | None = None,
    *,
    unavailable: Collection[str] = (),
    locked_routes: Mapping[str, Sequence[str]] | None = None,
    previous: Plan | None = None,
) -> Plan:
    """Plan the day.

    ``unavailable``: staff ids that cannot work (sick, on leave). ``locked_routes``: staff id → visit
    ids in a fixed order, kept as given (raises ``RouteInfeasible`` if such a route breaks a rule).
    ``previous``: a plan to stay close to (see ``replan``).
    """
    started = time.perf_counter()
    options = options or SolveOptions()
    matrix = _matrix_for(problem, travel)
    unavailable = frozenset(unavailable)
    locked_routes = dict(locked_routes or {})

    routes: dict[str, MutableRoute] = {}
    locked_ids: set[str] = set()
    for sid, visit_ids in locked_routes.items():
        if sid in unavailable:
            raise RouteInfeasible(sid, ["this staff member is unavailable"])
        overlap = locked_ids.intersection(visit_ids)
        if overlap:
            raise RouteInfeasible(sid, [f"{', '.join(sorted(overlap))} already in another locked route"])
        route = evaluate_route(problem, sid, visit_ids, matrix)
        routes[sid] = MutableRoute(
            problem.staff_member(sid),
            [[problem.visit(v) for v in leg] for leg in _padded_legs(route, problem.staff_member(sid))],
            locked=True,
        )
        locked_ids.update(visit_ids)

    staff = [s for s in problem.staff if s.id not in unavailable and s.id not in locked_routes]
    for s in staff:
        routes[s.id] = MutableRoute.empty(s)
    visits = [v for v in problem.visits if v.id not in locked_ids]

    previous_staff: dict[str, str] = {}
    previous_legs: dict[str, list[list[str]]] = {}
    if previous is not None:
        available_ids = {s.id for s in staff}
        for route in previous.routes:
            if route.staff_id in available_ids:
                previous_legs[route.staff_id] = [list(ids) for ids in route.leg_visit_ids]
                for vid in route.visit_ids:
                    if problem.has_visit(vid) and vid not in locked_ids:
                        previous_staff[vid] = route.staff_id

    components = find_components(visits, staff)
    weights = Weights.from_options(options, staff, previous_staff)
    built = [encode_phases(c, matrix, options, weights, previous_legs) for c in components]
    outcomes, iterations = run_all(built, options, deadline=time.time() + options.time_limit)

    solver_cost = 0
    leftovers: list[Visit] = []
    for component, (spec, _), outcome in zip(components, built, outcomes, strict=True):
        solver_cost += int(outcome.cost) if math.isfinite(outcome.cost) else 0
        leftovers.extend(_decode(component, spec, outcome, routes, matrix))
    placed_now = {v.id for r in routes.values() for leg in r.legs for v in leg}
    left_ids = {v.id for v in leftovers}
    leftovers.extend(v for v in visits if v.id not in placed_now and v.id not in left_ids)

    _restore_unchanged(problem, routes, previous_legs, matrix)
    insertable = [v for v in leftovers if any(is_compatible(v, s) for s in staff)]
    rest = greedy_insert(insertable, routes, matrix, weights.extra_cost)
    insertable_ids = {v.id for v in insertable}
    not_insertable = [v for v in leftovers if v.id not in insertable_ids]
    unplaced = [explain_unplaced(problem, v, routes, matrix, unavailable=unavailable) for v in rest + not_insertable]
    unplaced.sort(key=lambda u: u.visit_id)

    return _assemble(
        problem,
        routes,
        unplaced,
        matrix,
        previous_staff=previous_staff if previous is not None else None,
        previous=previous,
        solver_cost=solver_cost,
        started=started,
        options=options,
        iterations=iterations,
    )


def replan(
    problem: Problem,
    previous: Plan,
    *,
    unavailable: Collection[str] = (),
    travel: TravelMatrixProvider | TravelMatrix | None = None,
    options: SolveOptions | None = None,
    locked_routes: Mapping[str, Sequence[str]] | None = None,
) -> Plan:
    """Re-plan after a change (a carer calls in sick, a visit is added), moving only what must move."""
    return solve(problem, travel, options, unavailable=unavailable, locked_routes=locked_routes, previous=previous)


def build_matrix(problem: Problem, travel: TravelMatrixProvider | TravelMatrix | None = None) -> TravelMatrix:
    """The travel matrix over every location of the problem (build once, reuse for solve and checks)."""
    return _matrix_for(problem, travel)


# ---------------------------------------------------------------------------------------------------
# Preparation
# ---------------------------------------------------------------------------------------------------


def _matrix_for(problem: Problem, travel: TravelMatrixProvider | TravelMatrix | None) -> TravelMatrix:
    locations = problem.locations()
    if isinstance(travel, TravelMatrix):
        if not travel.covers(locations):
            raise ValueError("the travel matrix does not cover every location of the problem")
        return travel
    return TravelMatrix.build(travel or HaversineProvider(), locations)


def _padded_legs(route: StaffRoute, staff: Staff) -> list[tuple[str, ...]]:
    legs = list(route.leg_visit_ids)
    return legs + [() for _ in range(len(staff.legs) - len(legs))]


# ---------------------------------------------------------------------------------------------------
# From PyVRP routes back to staff routes
# ---------------------------------------------------------------------------------------------------


def _decode(
    component: Component,
    spec: Encoded,
    outcome: Outcome,
    routes: dict[str, MutableRoute],
    matrix: TravelMatrix,
) -> list[Visit]:
    """Fill ``routes`` from the solver's answer; returns visits dropped because a leg did not check out."""
    next_member: dict[tuple[int, int], int] = defaultdict(int)
    dropped: list[Visit] = []
    for vehicle_type, client_ids in outcome.routes:
        group, leg = spec.vehicle_slots[vehicle_type]
        member = spec.groups[group][next_member[(group, leg)]]
        next_member[(group, leg)] += 1
        ordered = [component.visits[spec.client_visit[c]] for c in client_ids]
        kept = _feasible_subsequence(ordered, member, leg, matrix)
        kept_ids = {v.id for v in kept}
        dropped.extend(v for v in ordered if v.id not in kept_ids)
        routes[member.id].legs[leg] = kept
    return dropped


def _feasible_subsequence(visits: list[Visit], staff: Staff, leg: int, matrix: TravelMatrix) -> list[Visit]:
    """The visits in order, skipping any that would break the leg (a safety net; normally none)."""
    window = staff.legs[leg]
    if schedule_leg(visits, staff, window, matrix)[0] is not None and _fits(visits, staff):
        return visits
    kept: list[Visit] = []
    for visit in visits:
        trial = [*kept, visit]
        if _fits(trial, staff) and schedule_leg(trial, staff, window, matrix)[0] is not None:
            kept = trial
    return kept


def _fits(visits: Sequence[Visit], staff: Staff) -> bool:
    return staff.capacity is None or sum(v.demand for v in visits) <= staff.capacity


def _restore_unchanged(
    problem: Problem,
    routes: dict[str, MutableRoute],
    previous_legs: Mapping[str, list[list[str]]],
    matrix: TravelMatrix,
) -> None:
    """A route whose visits are the same as before is put back exactly as before (stability first)."""
    for sid, legs in previous_legs.items():
        route = routes.get(sid)
        if route is None or route.locked:
            continue
        before = {vid for leg in legs for vid in leg}
        now = {v.id for leg in route.legs for v in leg}
        if before != now or [[v.id for v in leg] for leg in route.legs] == legs:
            continue
        if not all(problem.has_visit(vid) for vid in before):
            continue
        restored = [[problem.visit(vid) for vid in leg] for leg in legs]
        if schedule_route(route.staff, restored, matrix)[0] is not None:
            route.legs = restored + [[] for _ in range(len(route.staff.legs) - len(restored))]


def _assemble(
    problem: Problem,
    routes: Mapping[str, MutableRoute],
    unplaced: list[Unplaced],
    matrix: TravelMatrix,
    *,
    previous_staff: Mapping[str, str] | None,
    previous: Plan | None,
    solver_cost: int,
    started: float,
    options: SolveOptions,
    iterations: int,
) -> Plan:
    staff_routes: list[StaffRoute] = []
    for member in problem.staff:
        route = routes.get(member.id)
        if route is None or not any(route.legs):
            continue
        scheduled, problems = schedule_route(member, route.legs, matrix)
        if scheduled is None:  # cannot happen for solver output (checked leg by leg); be loud if it does
            raise RouteInfeasible(member.id, problems)
        staff_routes.append(scheduled)
    assignment = {stop.visit_id: r.staff_id for r in staff_routes for stop in r.stops}
    named = [v for v in problem.visits if v.preferred_staff is not None]
    moved: int | None = None
    if previous is not None:
        before = previous.assignment()
        moved = sum(1 for vid, sid in before.items() if vid in assignment and assignment[vid] != sid)
    used = [problem.staff_member(r.staff_id) for r in staff_routes]
    objective = Objective(
        visits_placed=len(assignment),
        visits_unplaced=len(unplaced),
        travel_minutes=float(round(sum(r.travel_minutes for r in staff_routes), 6)),
        vehicles_used=len(staff_routes),
        fixed_cost=float(sum(s.fixed_cost for s in used)),
        preferred_named=len(named),
        preferred_kept=sum(1 for v in named if assignment.get(v.id) == v.preferred_staff),
        moved_from_previous=moved,
        solver_cost=int(solver_cost),
    )
    return Plan(
        routes=tuple(staff_routes),
        unplaced=tuple(unplaced),
        objective=objective,
        solve_seconds=round(time.perf_counter() - started, 3),
        seed=options.seed,
        time_limit=options.time_limit,
        iterations=iterations,
    )


__all__ = ["SolveOptions", "build_matrix", "replan", "solve"]
