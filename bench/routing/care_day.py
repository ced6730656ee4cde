"""Plan the Mersin care day (../shared/bench/mersin/care-day.json) through omur.routing, exactly as the
app does, and report planning time, visits placed, travel minutes and the preferred-carer share.

    .venv/bin/python bench/routing/care_day.py --seconds 25 --workers 2 --seed 1
    .venv/bin/python bench/routing/care_day.py --seconds 25 --workers 2 --seed 1 --no-preferences

Planning time is the whole call (read the file, build the matrix, solve, explain, check). CPU seconds
include the worker processes. Every plan is checked with omur.routing.check_plan.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from omur.routing import SolveOptions, build_matrix, check_plan, solve  # noqa: E402
from omur.routing.mersin import load_care_day  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench" / "mersin"


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(day: Path, seconds: float, workers: int, seed: int, preferences: bool, clock: str = "wall") -> dict:
    wall0, cpu0 = time.perf_counter(), cpu_seconds()
    problem, provider = load_care_day(day, preferences=preferences)
    matrix = build_matrix(problem, provider)
    options = SolveOptions(time_limit=seconds, workers=workers, seed=seed, clock=clock)  # type: ignore[arg-type]
    plan = solve(problem, matrix, options)
    errors = check_plan(problem, plan, matrix)
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    o = plan.objective
    named = sum(1 for v in load_care_day(day)[0].visits if v.preferred_staff)
    return {
        "benchmark": "care-day",
        "preferences": preferences,
        "time_limit": seconds,
        "clock": clock,
        "workers": workers,
        "seed": seed,
        "planning_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "valid": not errors,
        "errors": errors[:10],
        "visits": len(problem.visits),
        "visits_placed": o.visits_placed,
        "visits_unplaced": o.visits_unplaced,
        "unplaced_reasons": dict(Counter(u.reason.value for u in plan.unplaced)),
        "travel_minutes": o.travel_minutes,
        "staff_used": o.vehicles_used,
        "preferred_named": named,
        "preferred_kept": o.preferred_kept,
        "preferred_share": round(o.preferred_kept / named, 4) if preferences else None,
        "iterations": plan.iterations,
        "plan": plan.to_dict(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--day", default=str(SHARED / "care-day.json"))
    ap.add_argument("--seconds", type=float, default=25.0, help="solver time limit (wall clock)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="count the limit in wall-clock seconds (as the app does) or in CPU seconds per worker (shared machine)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-preferences", action="store_true", help="ignore preferred carers (for the 3%% travel goal)")
    ap.add_argument("--out", default=None, help="write the result (with the plan) as JSON here")
    a = ap.parse_args()
    result = run(Path(a.day), a.seconds, a.workers, a.seed, not a.no_preferences, a.clock)
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "plan"}))


if __name__ == "__main__":
    main()
