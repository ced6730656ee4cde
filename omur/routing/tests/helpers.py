"""Small builders for routing tests (no database)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from omur.routing import Depot, Location, Staff, TimeWindow, Visit

SHARED = Path(os.environ.get("OMUR_SHARED_DIR", Path(__file__).resolve().parents[4] / "shared"))
BENCH = SHARED / "bench"


def bench_file(*parts: str) -> Path:
    path = BENCH.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared benchmark file {path} is not available")
    return path


BASE = Depot("B", Location(0.0, 0.0))
DAY = TimeWindow(0, 1000)


def staff(
    sid: str,
    *,
    base: Depot = BASE,
    shift: TimeWindow = DAY,
    skills: tuple[str, ...] = ("care",),
    sex: str | None = "F",
    capacity: int | None = None,
    lunch_break: TimeWindow | None = None,
    fixed_cost: float = 0.0,
) -> Staff:
    return Staff(
        id=sid,
        base=base,
        shift=shift,
        skills=frozenset(skills),
        sex=sex,
        capacity=capacity,
        lunch_break=lunch_break,
        fixed_cost=fixed_cost,
    )


def visit(
    vid: str,
    x: float,
    y: float = 0.0,
    *,
    duration: float = 0.0,
    window: tuple[float, float] | None = None,
    **kw: object,
) -> Visit:
    windows = (TimeWindow(*window),) if window is not None else ()
    kw.setdefault("skill", "care")
    return Visit(id=vid, location=Location(x, y), duration=duration, windows=windows, **kw)  # type: ignore[arg-type]
