"""Planning a home-delivery day with omur.routing: plain Python, no Django and no database.

The app (services.delivery_plan_run, through the background job) and the benchmark
(bench/meals/meal_day.py) both call `plan_delivery_day`, so the benchmark measures exactly the code
the office runs. The app turns its database rows into a `DeliveryDay`; the benchmark reads the
shared JSON file with `delivery_day_from_json`.

The rules (see bench/meals/README.md for why these numbers):
- each household is a stop with its portions as demand, 2 minutes at the door, the 11:00–15:00
  window and its own kitchen as the only depot that may serve it;
- each kitchen has `vans` vans of `capacity` portions that leave from 10:30 and are back by 15:30;
- a van costs 1000 minutes of travel (`VAN_FIXED_COST_MINUTES`): use as few vans as possible, then
  drive as little as possible; leaving a household out costs 20,000 minutes, so none is left out
  while any plan serves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omur.routing import (
    Depot,
    HaversineProvider,
    Location,
    Plan,
    Problem,
    SolveOptions,
    Staff,
    TimeWindow,
    TravelMatrix,
    Visit,
    build_matrix,
    check_plan,
    solve,
)
from omur.routing.mersin import MEAL_UNPLACED_PENALTY_MINUTES, VAN_FIXED_COST_MINUTES, load_json, provider_from_rule

DEPART_FROM = 10 * 60 + 30  # vans leave from 10:30, so they can be at a door at 11:00
BACK_BY = 15 * 60 + 30
WINDOW = (11 * 60, 15 * 60)
SERVICE_MINUTES = 2.0


@dataclass(frozen=True)
class KitchenSite:
    id: str
    lat: float
    lon: float
    vans: int


@dataclass(frozen=True)
class HouseholdStop:
    id: str
    lat: float
    lon: float
    portions: int
    kitchen: str
    window: tuple[int, int] = WINDOW
    service_minutes: float = SERVICE_MINUTES


@dataclass(frozen=True)
class DeliveryDay:
    kitchens: tuple[KitchenSite, ...]
    stops: tuple[HouseholdStop, ...]
    capacity: int = 120
    depart_from: int = DEPART_FROM
    back_by: int = BACK_BY
    travel: HaversineProvider | None = None  # None: the Mersin default rule


@dataclass(frozen=True)
class PlannedDay:
    problem: Problem
    matrix: TravelMatrix
    plan: Plan
    errors: list[str]


def van_id(kitchen: str, number: int) -> str:
    return f"{kitchen}-V{number:02d}"


def delivery_problem(day: DeliveryDay, *, fixed_cost: float = VAN_FIXED_COST_MINUTES) -> Problem:
    kitchens = {k.id: Depot(k.id, Location.from_latlon(k.lat, k.lon)) for k in day.kitchens}
    shift = TimeWindow(day.depart_from, day.back_by)
    vans = tuple(
        Staff(id=van_id(k.id, n + 1), base=kitchens[k.id], shift=shift, capacity=day.capacity, fixed_cost=fixed_cost)
        for k in day.kitchens
        for n in range(k.vans)
    )
    stops = tuple(
        Visit(
            id=s.id,
            location=Location.from_latlon(s.lat, s.lon),
            duration=s.service_minutes,
            windows=(TimeWindow(*s.window),),
            demand=s.portions,
            depot=s.kitchen,
        )
        for s in day.stops
    )
    return Problem(visits=stops, staff=vans)


def delivery_options(*, seconds: float, workers: int, seed: int, clock: str = "wall") -> SolveOptions:
    return SolveOptions(
        time_limit=seconds,
        workers=workers,
        seed=seed,
        unplaced_penalty=MEAL_UNPLACED_PENALTY_MINUTES,
        clock=clock,  # type: ignore[arg-type]
    )


def plan_delivery_day(
    day: DeliveryDay, *, seconds: float, workers: int = 1, seed: int = 1, clock: str = "wall"
) -> PlannedDay:
    """Build the problem, solve it and check the plan independently (the one planning entry point)."""
    problem = delivery_problem(day)
    matrix = build_matrix(problem, day.travel or HaversineProvider())
    options = delivery_options(seconds=seconds, workers=workers, seed=seed, clock=clock)
    plan = solve(problem, matrix, options)
    return PlannedDay(problem=problem, matrix=matrix, plan=plan, errors=check_plan(problem, plan, matrix))


def _hhmm(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def delivery_day_from_json(source: str | Path | Mapping[str, Any]) -> DeliveryDay:
    """The shared benchmark format (../shared/bench/mersin/meal-day.json)."""
    data = load_json(source)
    fleet = data["vehicles"]
    per_kitchen: Mapping[str, Any] = fleet["available_per_kitchen"]
    by_id = {k["id"]: k for k in data["kitchens"]}
    return DeliveryDay(
        kitchens=tuple(
            KitchenSite(id=kid, lat=float(by_id[kid]["lat"]), lon=float(by_id[kid]["lon"]), vans=int(n))
            for kid, n in per_kitchen.items()
        ),
        stops=tuple(
            HouseholdStop(
                id=s["id"],
                lat=float(s["lat"]),
                lon=float(s["lon"]),
                portions=int(s["portions"]),
                kitchen=s["kitchen"],
                window=(_hhmm(s["window"][0]), _hhmm(s["window"][1])),
                service_minutes=float(s["service_min"]),
            )
            for s in data["stops"]
        ),
        capacity=int(fleet["capacity_portions"]),
        depart_from=_hhmm(fleet["depart_from"]),
        back_by=_hhmm(fleet["back_by"]),
        travel=provider_from_rule(data["travel"]),
    )


def kitchens_in_use(problem: Problem, plan: Plan) -> dict[str, int]:
    counts: dict[str, int] = {}
    for route in plan.routes:
        kitchen = problem.staff_member(route.staff_id).base.id
        counts[kitchen] = counts.get(kitchen, 0) + 1
    return counts
