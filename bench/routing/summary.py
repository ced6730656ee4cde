"""Print the figures of the routing and meals benchmarks from bench/results/*.json as Markdown tables
(the tables in bench/routing/README.md and bench/meals/README.md are pasted from this output).

    .venv/bin/python bench/routing/summary.py
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "results"


def load(pattern: str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) | {"file": p.name} for p in sorted(RESULTS.glob(pattern))]


def solomon() -> None:
    for path in sorted(RESULTS.glob("solomon-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        s = data["summary"]
        print(f"\n### {path.name}: {s['seconds']} s per instance ({s['clock']} clock), {s['workers']} workers")
        print(
            f"\n{s['instances']} instances, all feasible: {s['all_feasible']}, mean gap {s['mean_gap_percent']} %, "
            f"max gap {s['max_gap_percent']} %, vehicles {s['vehicles_total']} (best-known routes: "
            f"{s['bks_vehicles_total']}), wall {s['wall_seconds_total']} s, CPU {s['cpu_seconds_total']} s\n"
        )
        print("| family | mean gap % |\n|---|---|")
        for family, gap in s["mean_gap_by_family"].items():
            print(f"| {family} | {gap} |")
        print("\n| instance | vehicles | distance | best known | gap % |\n|---|---|---|---|---|")
        for r in data["instances"]:
            print(
                f"| {r['instance']} | {r['vehicles']} | {r['distance']:.2f} | {r['bks_distance']:.2f} | {r['gap_percent']} |"
            )


def care() -> None:
    print("\n### care day: library\n")
    print("| file | prefs | clock | seed | planning s (wall) | CPU s | placed | travel min | preferred kept | valid |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in load("care-lib-*.json"):
        kept = f"{r['preferred_kept']}/{r['preferred_named']}" if r["preferences"] else "–"
        print(
            f"| {r['file']} | {r['preferences']} | {r.get('clock', 'wall')} | {r['seed']} | {r['planning_seconds']} | "
            f"{r['cpu_seconds']} | {r['visits_placed']} | {r['travel_minutes']:.0f} | {kept} | {r['valid']} |"
        )
    print("\n### care day: plain PyVRP reference (300 CPU seconds)\n")
    print("| file | seed | wall s | placed | travel min |\n|---|---|---|---|---|")
    refs = load("care-reference-*.json")
    for r in refs:
        print(f"| {r['file']} | {r['seed']} | {r['solve_seconds']} | {r['visits_placed']} | {r['travel_minutes']} |")
    if refs:
        best = min(refs, key=lambda r: (-r["visits_placed"], r["travel_minutes"]))
        print(f"\nbest reference: {best['visits_placed']} placed, {best['travel_minutes']} travel minutes")
        for r in load("care-lib-noprefs-*.json"):
            ratio = 100 * (r["travel_minutes"] / best["travel_minutes"] - 1)
            print(f"- {r['file']}: travel {r['travel_minutes']:.0f} = {ratio:+.2f} % vs the best reference")


def meals() -> None:
    print("\n### meal day: library\n")
    print(
        "| file | clock | seed | planning s (wall) | CPU s | vans (K1+K2) | travel min | route min (min/median/max) | all in window | valid |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in load("meal-lib-*.json"):
        rm = r["route_minutes"]
        vans = "+".join(str(r["vans_per_kitchen"][k]) for k in sorted(r["vans_per_kitchen"]))
        print(
            f"| {r['file']} | {r.get('clock', 'wall')} | {r['seed']} | {r['planning_seconds']} | {r['cpu_seconds']} | "
            f"{r['vans']} ({vans}) | {r['travel_minutes']:.0f} | {rm['min']:.0f}/{rm['median']:.0f}/{rm['max']:.0f} | "
            f"{r['every_stop_in_window']} | {r['valid']} |"
        )
    print("\n### meal day: plain PyVRP reference (300 CPU seconds)\n")
    print("| file | seed | wall s | vans (K1+K2) | travel min | feasible |\n|---|---|---|---|---|---|")
    for r in load("meal-reference-*.json"):
        vans = "+".join(str(r["vans_per_kitchen"][k]) for k in sorted(r["vans_per_kitchen"]))
        print(
            f"| {r['file']} | {r['seed']} | {r['solve_seconds']} | {r['vans']} ({vans}) | {r['travel_minutes']} | {r['feasible']} |"
        )
    libs = load("meal-lib-*.json")
    if libs:
        print(
            f"\nlibrary: vans {statistics.fmean(r['vans'] for r in libs):.2f} on average, "
            f"travel {statistics.fmean(r['travel_minutes'] for r in libs):.0f} on average"
        )


if __name__ == "__main__":
    solomon()
    care()
    meals()
