"""Plain PyVRP reference model of the Mersin meal-delivery day, written directly against PyVRP 0.14
(no omur.routing code): "PyVRP alone" for the meals benchmark.

One model for the whole day: two depots (kitchens), vans of 120 portions leaving from 10:30 and back
by 15:30 (40 at K1, 10 at K2), every household a *required* client with its 11:00–15:00 window and
2 minutes of service, a routing profile per kitchen in which the other kitchen's households are
unreachable, and a fixed cost per van (1000 minutes) so it first uses as few vans as it can, then
saves travel. Travel minutes follow the rule in the file, implemented here independently. The search
stops after --seconds of *CPU* time (a fair 5 minutes on a busy machine).

    .venv/bin/python bench/meals/meal_reference.py --seconds 300 --seed 1
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, VehicleType, solve

SHARED = Path(__file__).resolve().parents[3] / "shared" / "bench" / "mersin"
FIXED_COST = 1000  # minutes per van, the library's VAN_FIXED_COST_MINUTES
FAR = 10**7


class CpuSeconds:
    def __init__(self, seconds: float) -> None:
        self.limit = time.process_time() + seconds

    def __call__(self, best_cost: float) -> bool:
        return time.process_time() >= self.limit


def hhmm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def rule_minutes(lat: np.ndarray, lon: np.ndarray, rule: dict) -> np.ndarray:
    """minutes = 60*(min(d,10)/25 + max(d-10,0)/55), d = 1.35*haversine km (R=6371), rounded up."""
    p, q = np.radians(lat), np.radians(lon)
    a = (
        np.sin((p[None, :] - p[:, None]) / 2) ** 2
        + np.cos(p[:, None]) * np.cos(p[None, :]) * np.sin((q[None, :] - q[:, None]) / 2) ** 2
    )
    d = rule["detour_factor"] * 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    first = rule["first_km"]
    minutes = 60 * (
        np.minimum(d, first) / rule["first_km_speed_kmh"] + np.maximum(d - first, 0) / rule["beyond_speed_kmh"]
    )
    out = np.ceil(minutes - 1e-9).astype(np.int64)
    np.fill_diagonal(out, 0)
    return out


def build(day: dict) -> tuple[ProblemData, list[str], np.ndarray]:
    kitchens, stops, fleet = day["kitchens"], day["stops"], day["vehicles"]
    lat = np.array([k["lat"] for k in kitchens] + [s["lat"] for s in stops], dtype=float)
    lon = np.array([k["lon"] for k in kitchens] + [s["lon"] for s in stops], dtype=float)
    minutes = rule_minutes(lat, lon, day["travel"])
    nk = len(kitchens)
    kidx = {k["id"]: i for i, k in enumerate(kitchens)}
    locations = [Location(x=float(lon[i]), y=float(lat[i])) for i in range(len(lat))]
    depots = [Depot(location=i, name=k["id"]) for i, k in enumerate(kitchens)]
    clients = [
        Client(
            location=nk + i,
            delivery=[s["portions"]],
            service_duration=int(s["service_min"]),
            tw_early=hhmm(s["window"][0]),
            tw_late=hhmm(s["window"][1]),
            required=True,
            name=s["id"],
        )
        for i, s in enumerate(stops)
    ]
    matrices = []
    for k in kitchens:  # one profile per kitchen: other kitchens' households unreachable
        m = minutes.copy()
        other = [nk + i for i, s in enumerate(stops) if s["kitchen"] != k["id"]]
        m[:, other] = FAR
        np.fill_diagonal(m, 0)
        matrices.append(m)
    vehicle_types = [
        VehicleType(
            num_available=int(n),
            capacity=[int(fleet["capacity_portions"])],
            start_depot=kidx[kid],
            end_depot=kidx[kid],
            fixed_cost=FIXED_COST,
            tw_early=hhmm(fleet["depart_from"]),
            tw_late=hhmm(fleet["back_by"]),
            profile=kidx[kid],
            name=kid,
        )
        for kid, n in fleet["available_per_kitchen"].items()
    ]
    data = ProblemData(locations, clients, depots, vehicle_types, matrices, matrices)
    return data, [s["id"] for s in stops], minutes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--day", default=str(SHARED / "meal-day.json"))
    ap.add_argument("--seconds", type=float, default=300.0, help="CPU seconds of search (default 5 minutes)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    day = json.loads(Path(a.day).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    data, ids, minutes = build(day)
    built = time.perf_counter() - t0
    cpu0 = time.process_time()
    res = solve(data, CpuSeconds(a.seconds), seed=a.seed, display=False)
    best = res.best
    vt_names = [vt.name for vt in data.vehicle_types()]
    routes = []
    travel = 0
    for r in best.routes():
        visits = [act.idx for act in r if act.is_client()]
        depot = r.start_depot()
        path = [depot, *(len(day["kitchens"]) + v for v in visits), depot]
        travel += int(sum(minutes[a_, b_] for a_, b_ in itertools.pairwise(path)))
        routes.append(
            {"kitchen": vt_names[r.vehicle_type()], "stops": [ids[v] for v in visits], "duration": r.duration()}
        )
    out = {
        "model": "plain PyVRP reference (one model, required stops, fixed cost per van)",
        "seconds_cpu_limit": a.seconds,
        "seed": a.seed,
        "build_seconds": round(built, 2),
        "solve_seconds": round(res.runtime, 2),
        "cpu_seconds": round(time.process_time() - cpu0, 2),
        "iterations": res.num_iterations,
        "feasible": best.is_feasible(),
        "stops_served": best.num_clients(),
        "vans": best.num_routes(),
        "vans_per_kitchen": {k: sum(1 for r in routes if r["kitchen"] == k) for k in vt_names},
        "travel_minutes": travel,
        "longest_route_minutes": max((r["duration"] for r in routes), default=0),
        "routes": routes,
    }
    if a.out:
        Path(a.out).write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "routes"}))


if __name__ == "__main__":
    main()
