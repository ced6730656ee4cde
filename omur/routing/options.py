"""Settings of a planning run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Clock = Callable[[], float]


@dataclass(frozen=True)
class SolveOptions:
    """Solver settings. Weights are in minutes of travel.

    ``time_limit`` is the wall-clock budget (seconds) of the search; preparation and checks come on
    top (well under a second for a day of care visits). ``workers`` > 1 solves parts in parallel
    processes. ``placement_share``: the share of the time spent placing visits before preferences
    are priced (see ``_solve_one``); 0 prices them from the start. ``clock="cpu"`` counts the
    limit in CPU seconds of each worker instead of wall-clock seconds: for benchmarks on a shared
    machine, to measure what the search does with dedicated cores (never for the app).
    """

    time_limit: float = 10.0
    seed: int = 0
    max_iterations: int | None = None
    workers: int = 1
    time_scale: int = 1
    preference_weight: float = 30.0
    unplaced_penalty: float = 1000.0
    keep_weight: float = 240.0
    num_neighbours: int = 50
    placement_share: float = 0.4
    fleet_attempt_share: float = 0.15
    clock: Literal["wall", "cpu"] = "wall"

    def __post_init__(self) -> None:
        if self.time_limit < 0:
            raise ValueError("time_limit must not be negative")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.time_scale < 1:
            raise ValueError("time_scale must be a positive integer")
        if min(self.preference_weight, self.unplaced_penalty, self.keep_weight) < 0:
            raise ValueError("weights must not be negative")
        if not 0 <= self.placement_share < 1:
            raise ValueError("placement_share must be in [0, 1)")
