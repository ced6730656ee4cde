"""Readers for the Mersin benchmark days (``bench/mersin/care-day.json`` and ``meal-day.json``).

They turn the shared JSON format into library problems, so the benchmarks (and demo data) run
through exactly the code the app uses. The ``travel`` rule stated inside each file becomes the
``HaversineProvider``; an unknown rule is refused rather than guessed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from omur.routing.model import Depot, Location, Problem, Staff, TimeWindow, Visit
from omur.routing.travel import HaversineProvider

# Meals: one more van must cost more than any travel it could save; a household left out must cost
# more than a van (see the benchmark README).
VAN_FIXED_COST_MINUTES = 1000.0
MEAL_UNPLACED_PENALTY_MINUTES = 20000.0


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def load_json(source: str | Path | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    with open(source, encoding="utf-8") as handle:
        data: Mapping[str, Any] = json.load(handle)
    return data


def provider_from_rule(rule: Mapping[str, Any]) -> HaversineProvider:
    if rule.get("model") != "haversine":
        raise ValueError(f"unknown travel model {rule.get('model')!r}")
    return HaversineProvider(
        detour_factor=float(rule["detour_factor"]),
        urban_speed_kmh=float(rule["first_km_speed_kmh"]),
        urban_km=float(rule["first_km"]),
        rural_speed_kmh=float(rule["beyond_speed_kmh"]),
    )


def load_care_day(
    source: str | Path | Mapping[str, Any], *, preferences: bool = True
) -> tuple[Problem, HaversineProvider]:
    """A care day: staff with one skill each at team bases, visits with windows and usual carers."""
    day = load_json(source)
    bases = {b["id"]: Depot(b["id"], Location.from_latlon(float(b["lat"]), float(b["lon"]))) for b in day["bases"]}
    staff = tuple(
        Staff(
            id=s["id"],
            base=bases[s["base"]],
            shift=TimeWindow(minutes(s["shift"][0]), minutes(s["shift"][1])),
            skills=frozenset([s["skill"]]),
            sex=s["sex"],
        )
        for s in day["staff"]
    )
    visits = tuple(
        Visit(
            id=v["id"],
            location=Location.from_latlon(float(v["lat"]), float(v["lon"])),
            duration=float(v["duration_min"]),
            windows=(TimeWindow(minutes(v["window"][0]), minutes(v["window"][1])),),
            skill=v["skill"],
            carer_sex=v.get("same_sex"),
            preferred_staff=v.get("preferred_staff") if preferences else None,
        )
        for v in day["visits"]
    )
    return Problem(visits=visits, staff=staff), provider_from_rule(day["travel"])


def load_meal_day(
    source: str | Path | Mapping[str, Any], *, fixed_cost: float = VAN_FIXED_COST_MINUTES
) -> tuple[Problem, HaversineProvider]:
    """A delivery day: households served from their kitchen by vans of limited capacity."""
    day = load_json(source)
    kitchens = {
        k["id"]: Depot(k["id"], Location.from_latlon(float(k["lat"]), float(k["lon"]))) for k in day["kitchens"]
    }
    fleet = day["vehicles"]
    shift = TimeWindow(minutes(fleet["depart_from"]), minutes(fleet["back_by"]))
    vans = tuple(
        Staff(
            id=f"{kitchen}-V{n + 1:02d}",
            base=kitchens[kitchen],
            shift=shift,
            capacity=int(fleet["capacity_portions"]),
            fixed_cost=fixed_cost,
        )
        for kitchen, count in fleet["available_per_kitchen"].items()
        for n in range(int(count))
    )
    stops = tuple(
        Visit(
            id=s["id"],
            location=Location.from_latlon(float(s["lat"]), float(s["lon"])),
            duration=float(s["service_min"]),
            windows=(TimeWindow(minutes(s["window"][0]), minutes(s["window"][1])),),
            demand=int(s["portions"]),
            depot=s["kitchen"],
        )
        for s in day["stops"]
    )
    return Problem(visits=stops, staff=vans), provider_from_rule(day["travel"])
