"""Solomon VRPTW instances through the same planning code the app uses.

    python -m omur.routing.solomon PATH --seconds S [--seed N] [--workers W]

prints one JSON object: ``routes`` (customer numbers in visit order, depot left out), ``vehicles``
and ``distance`` (sum of *unrounded* Euclidean distances, as the literature reports), plus the
instance name, feasibility and timing.

Mapping: every customer is a required ``Visit`` (demand, window = [ready, due], service time); the
fleet is ``VEHICLE NUMBER`` identical ``Staff`` of ``CAPACITY`` at the depot, working the depot's
window. Travel time equals distance (``EuclideanProvider``). The solver sees times ×1000 rounded up
(``time_scale=1000``): fine enough that rounding costs < 0.01 % of distance, and rounding *up* keeps
every accepted plan feasible with exact distances. The objective is total distance (the
``min_distance`` convention of ``bench/solomon/bks.csv``), with no cost per vehicle.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from omur.routing.model import Depot, Location, Plan, Problem, Staff, TimeWindow, Visit
from omur.routing.schedule import check_plan
from omur.routing.solver import SolveOptions, build_matrix, solve
from omur.routing.travel import EuclideanProvider

TIME_SCALE = 1000


@dataclass(frozen=True)
class SolomonNode:
    number: int
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float


@dataclass(frozen=True)
class SolomonInstance:
    name: str
    vehicles: int
    capacity: int
    depot: SolomonNode
    customers: tuple[SolomonNode, ...]


def parse_solomon(text: str, name: str = "") -> SolomonInstance:
    """Parse the classic text format: name line, ``VEHICLE`` block, ``CUSTOMER`` table (node 0 = depot)."""
    lines = [line.strip() for line in text.splitlines()]
    non_empty = [line for line in lines if line]
    if not non_empty:
        raise ValueError("empty Solomon file")
    vehicles = capacity = None
    nodes: list[SolomonNode] = []
    for i, line in enumerate(non_empty):
        upper = line.upper()
        if upper.startswith("NUMBER") and "CAPACITY" in upper:
            vehicles, capacity = (int(float(v)) for v in non_empty[i + 1].split()[:2])
        parts = line.split()
        if len(parts) == 7 and all(_is_number(p) for p in parts) and vehicles is not None:
            number, x, y, demand, ready, due, service = (float(p) for p in parts)
            nodes.append(SolomonNode(int(number), x, y, int(demand), ready, due, service))
    if vehicles is None or capacity is None:
        raise ValueError("no VEHICLE NUMBER/CAPACITY block")
    if not nodes or nodes[0].number != 0:
        raise ValueError("the customer table must start with the depot (node 0)")
    return SolomonInstance(
        name=name or non_empty[0],
        vehicles=vehicles,
        capacity=capacity,
        depot=nodes[0],
        customers=tuple(nodes[1:]),
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_solomon(path: str | Path) -> SolomonInstance:
    path = Path(path)
    return parse_solomon(path.read_text(encoding="utf-8"), name=path.stem)


def to_problem(instance: SolomonInstance) -> Problem:
    depot = Depot("0", Location(instance.depot.x, instance.depot.y))
    shift = TimeWindow(instance.depot.ready, instance.depot.due)
    staff = tuple(
        Staff(id=f"vehicle-{k + 1}", base=depot, shift=shift, capacity=instance.capacity)
        for k in range(instance.vehicles)
    )
    visits = tuple(
        Visit(
            id=str(c.number),
            location=Location(c.x, c.y),
            duration=c.service,
            windows=(TimeWindow(c.ready, c.due),),
            demand=c.demand,
            required=True,
        )
        for c in instance.customers
    )
    return Problem(visits=visits, staff=staff)


def route_distance(instance: SolomonInstance, customers: Sequence[int]) -> float:
    """Unrounded Euclidean length of depot → customers → depot."""
    by_number = {c.number: c for c in instance.customers}
    points = [instance.depot, *(by_number[n] for n in customers), instance.depot]
    return sum(math.hypot(a.x - b.x, a.y - b.y) for a, b in itertools.pairwise(points))


def solve_instance(
    instance: SolomonInstance,
    *,
    seconds: float,
    seed: int = 1,
    workers: int = 1,
    max_iterations: int | None = None,
    clock: Literal["wall", "cpu"] = "wall",
) -> tuple[dict[str, Any], Plan]:
    problem = to_problem(instance)
    matrix = build_matrix(problem, EuclideanProvider())
    options = SolveOptions(
        time_limit=seconds,
        seed=seed,
        workers=workers,
        time_scale=TIME_SCALE,
        max_iterations=max_iterations,
        preference_weight=0.0,
        clock=clock,
    )
    plan = solve(problem, matrix, options)
    routes = [[int(v) for v in route.visit_ids] for route in plan.routes]
    errors = check_plan(problem, plan, matrix)
    result: dict[str, Any] = {
        "instance": instance.name,
        "routes": routes,
        "vehicles": len(routes),
        "distance": round(sum(route_distance(instance, r) for r in routes), 4),
        "feasible": not errors and not plan.unplaced,
        "unplaced": [u.visit_id for u in plan.unplaced],
        "seconds": seconds,
        "clock": clock,
        "solve_seconds": plan.solve_seconds,
        "workers": workers,
        "seed": seed,
        "iterations": plan.iterations,
    }
    if errors:
        result["errors"] = errors
    return result, plan


def default_workers() -> int:
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        available = os.cpu_count() or 1
    return max(1, min(2, available))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m omur.routing.solomon", description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a Solomon-format instance file")
    parser.add_argument("--seconds", type=float, default=10.0, help="search time limit (wall clock)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="parallel processes (default: up to 2 cores)"
    )
    args = parser.parse_args(argv)
    result, _ = solve_instance(read_solomon(args.path), seconds=args.seconds, seed=args.seed, workers=args.workers)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0 if result["feasible"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
