"""All 56 Solomon VRPTW instances (../shared/bench/solomon) through omur.routing, each with a fixed time
limit, compared with the best-known total distance (``min_distance`` in bks.csv).

    .venv/bin/python bench/routing/solomon_bench.py --seconds 10 --workers 2 --out bench/results/solomon-10s.json

Each instance runs exactly as ``python -m omur.routing.solomon PATH --seconds S --workers W`` does
(same function). ``--clock cpu`` counts the limit in CPU seconds per worker, for a machine shared
with other work; the default is wall-clock seconds. Progress goes to stderr, the summary to stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from omur.routing.solomon import read_solomon, solve_instance  # noqa: E402

SOLOMON = ROOT.parent / "shared" / "bench" / "solomon"


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default=str(SOLOMON))
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    ap.add_argument("--only", nargs="*", help="instance names (default: all in bks.csv)")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    folder = Path(a.dir)
    with open(folder / "bks.csv", encoding="utf-8") as handle:
        bks = {row["instance"]: row for row in csv.DictReader(handle)}
    names = a.only or list(bks)
    rows = []
    for name in names:
        wall0, cpu0 = time.perf_counter(), cpu_seconds()
        result, _ = solve_instance(
            read_solomon(folder / f"{name}.txt"), seconds=a.seconds, seed=a.seed, workers=a.workers, clock=a.clock
        )
        best = float(bks[name]["min_distance"])
        row = {
            "instance": name,
            "feasible": result["feasible"],
            "vehicles": result["vehicles"],
            "distance": result["distance"],
            "bks_distance": best,
            "bks_vehicles": int(bks[name]["min_distance_vehicles"]),
            "bks_routes_feasible": bks[name]["min_distance_routes_feasible"] == "True",
            "gap_percent": round(100 * (result["distance"] - best) / best, 3),
            "wall_seconds": round(time.perf_counter() - wall0, 2),
            "cpu_seconds": round(cpu_seconds() - cpu0, 2),
            "iterations": result["iterations"],
            "routes": result["routes"],
        }
        rows.append(row)
        print(
            f"{name:6} feasible={row['feasible']} vehicles={row['vehicles']:2} distance={row['distance']:9.2f} "
            f"bks={best:8.2f} gap={row['gap_percent']:6.2f}% wall={row['wall_seconds']}s cpu={row['cpu_seconds']}s",
            file=sys.stderr,
            flush=True,
        )
    gaps = [r["gap_percent"] for r in rows]
    families: dict[str, list[float]] = {}
    for r in rows:
        families.setdefault(r["instance"].rstrip("0123456789"), []).append(r["gap_percent"])
    summary = {
        "benchmark": "solomon",
        "seconds": a.seconds,
        "clock": a.clock,
        "workers": a.workers,
        "seed": a.seed,
        "instances": len(rows),
        "all_feasible": all(r["feasible"] for r in rows),
        "mean_gap_percent": round(statistics.fmean(gaps), 3) if gaps else None,
        "max_gap_percent": max(gaps) if gaps else None,
        "mean_gap_by_family": {k: round(statistics.fmean(v), 3) for k, v in sorted(families.items())},
        "vehicles_total": sum(r["vehicles"] for r in rows),
        "bks_vehicles_total": sum(r["bks_vehicles"] for r in rows),
        "wall_seconds_total": round(sum(r["wall_seconds"] for r in rows), 1),
        "cpu_seconds_total": round(sum(r["cpu_seconds"] for r in rows), 1),
    }
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps({"summary": summary, "instances": rows}, indent=1), encoding="utf-8")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
