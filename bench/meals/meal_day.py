"""Plan the Mersin meal-delivery day (../shared/bench/mersin/meal-day.json: 1,900 households, two
kitchens) through `omur.meals.planning.plan_delivery_day`, the very function the meals app's
planning job calls (problem building, solve options, independent check), and report vans, travel, route
durations, window compliance and planning time.

    .venv/bin/python bench/meals/meal_day.py --seconds 50 --workers 2 --seed 1

Planning time is the whole call (read the file, build the matrix, solve, explain, check); CPU
seconds include the worker processes. Every plan is checked with omur.routing.check_plan, which
recomputes each arrival from the travel matrix and checks windows, capacity and return time.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from omur.meals.planning import delivery_day_from_json, kitchens_in_use, plan_delivery_day  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench" / "mersin"


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(day: Path, seconds: float, workers: int, seed: int, clock: str = "wall") -> dict:
    wall0, cpu0 = time.perf_counter(), cpu_seconds()
    planned = plan_delivery_day(delivery_day_from_json(day), seconds=seconds, workers=workers, seed=seed, clock=clock)
    problem, plan, errors = planned.problem, planned.plan, planned.errors
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    windows_ok = all(
        any(w.contains(stop.start) for w in problem.visit(stop.visit_id).windows) for _, stop in plan.iter_stops()
    )
    durations = sorted(r.duration_minutes for r in plan.routes)
    kitchens = kitchens_in_use(problem, plan)
    return {
        "benchmark": "meal-day",
        "time_limit": seconds,
        "clock": clock,
        "workers": workers,
        "seed": seed,
        "planning_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "valid": not errors,
        "errors": errors[:10],
        "stops": len(problem.visits),
        "stops_served": plan.objective.visits_placed,
        "stops_unplaced": [u.visit_id for u in plan.unplaced],
        "every_stop_in_window": windows_ok and not plan.unplaced,
        "vans": plan.objective.vehicles_used,
        "vans_per_kitchen": kitchens,
        "travel_minutes": plan.objective.travel_minutes,
        "route_minutes": {
            "min": durations[0] if durations else 0,
            "median": durations[len(durations) // 2] if durations else 0,
            "max": durations[-1] if durations else 0,
        },
        "max_load": max((r.load for r in plan.routes), default=0),
        "iterations": plan.iterations,
        "plan": plan.to_dict(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--day", default=str(SHARED / "meal-day.json"))
    ap.add_argument("--seconds", type=float, default=50.0, help="solver time limit (wall clock)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="count the limit in wall-clock seconds (as the app does) or in CPU seconds per worker (shared machine)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    result = run(Path(a.day), a.seconds, a.workers, a.seed, a.clock)
    if a.out:
        Path(a.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "plan"}))


if __name__ == "__main__":
    main()
