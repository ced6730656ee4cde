"""Plain PyVRP reference model of the Mersin care day: the hard rules only, written directly against
PyVRP 0.14 (no omur.routing code), so the library can be compared with "PyVRP alone".

Rules modelled: one routing profile per staff group (skill, and sex for personal care) in which the
visits that group may not serve are unreachable; staff leave their base at shift start and are back by
shift end; a visit starts inside its window; every visit optional with the same prize (1000 minutes)
the library uses, so both place as many visits as they can, then minimise travel minutes. No
preferred carers. Travel minutes follow the rule in the file, implemented here independently.

    .venv/bin/python bench/routing/care_reference.py --seconds 300 --seed 1
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
from pyvrp import Model

SHARED = Path(__file__).resolve().parents[3] / "shared" / "bench" / "mersin"
PRIZE = 1000  # minutes; the library's default SolveOptions.unplaced_penalty
FAR = 10**7  # "unreachable" travel minutes for visits outside a group's skills


class CpuSeconds:
    """Stop after this much CPU time of this process: a fair 5 minutes even on a busy machine."""

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


def build(day: dict) -> tuple[Model, list[str]]:
    bases, staff, visits = day["bases"], day["staff"], day["visits"]
    lat = np.array([b["lat"] for b in bases] + [v["lat"] for v in visits], dtype=float)
    lon = np.array([b["lon"] for b in bases] + [v["lon"] for v in visits], dtype=float)
    minutes = rule_minutes(lat, lon, day["travel"])

    m = Model()
    locs = [m.add_location(x=float(lon[i]), y=float(lat[i])) for i in range(len(lat))]
    depots = {b["id"]: m.add_depot(locs[i], name=b["id"]) for i, b in enumerate(bases)}
    nb = len(bases)
    for i, v in enumerate(visits):
        m.add_client(
            locs[nb + i],
            service_duration=int(v["duration_min"]),
            tw_early=hhmm(v["window"][0]),
            tw_late=hhmm(v["window"][1]),
            prize=PRIZE,
            required=False,
            name=v["id"],
        )
    for i in range(len(locs)):
        for j in range(len(locs)):
            if i != j:
                m.add_edge(locs[i], locs[j], distance=int(minutes[i, j]), duration=int(minutes[i, j]))

    def group(skill: str, sex: str) -> tuple[str, str | None]:
        return (skill, sex if skill == "personal_care" else None)

    profiles = {}
    for key in sorted({group(s["skill"], s["sex"]) for s in staff}, key=str):
        prof = m.add_profile(name=f"{key[0]}/{key[1]}")
        for i, v in enumerate(visits):
            if v["skill"] != key[0] or (v["same_sex"] is not None and v["same_sex"] != key[1]):
                for j in range(len(locs)):
                    if j != nb + i:
                        m.add_edge(locs[j], locs[nb + i], distance=FAR, duration=FAR, profile=prof)
        profiles[key] = prof
    counts: dict[tuple, int] = {}
    for s in staff:
        k = (s["base"], group(s["skill"], s["sex"]), tuple(s["shift"]))
        counts[k] = counts.get(k, 0) + 1
    for (base, key, shift), n in sorted(counts.items(), key=str):
        m.add_vehicle_type(
            num_available=n,
            start_depot=depots[base],
            end_depot=depots[base],
            tw_early=hhmm(shift[0]),
            tw_late=hhmm(shift[1]),
            profile=profiles[key],
            name=f"{base}/{key}",
        )
    return m, [v["id"] for v in visits]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--day", default=str(SHARED / "care-day.json"))
    ap.add_argument("--seconds", type=float, default=300.0, help="CPU seconds of search (default 5 minutes)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None, help="write the result JSON here")
    a = ap.parse_args()
    day = json.loads(Path(a.day).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    model, ids = build(day)
    built = time.perf_counter() - t0
    cpu0 = time.process_time()
    res = model.solve(CpuSeconds(a.seconds), seed=a.seed, display=False)
    best = res.best
    placed = best.num_clients()
    travel = int(best.distance())
    routes = [[ids[act.idx] for act in r if act.is_client()] for r in best.routes()]
    out = {
        "model": "plain PyVRP reference (hard rules only)",
        "seconds": a.seconds,
        "seed": a.seed,
        "build_seconds": round(built, 2),
        "solve_seconds": round(res.runtime, 2),
        "cpu_seconds": round(time.process_time() - cpu0, 2),
        "iterations": res.num_iterations,
        "feasible": best.is_feasible(),
        "visits_placed": placed,
        "visits_unplaced": len(ids) - placed,
        "travel_minutes": travel,
        "routes": routes,
    }
    text = json.dumps(out, indent=1)
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(text, encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "routes"}))
    assert not math.isnan(travel)


if __name__ == "__main__":
    main()
