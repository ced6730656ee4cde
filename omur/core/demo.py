"""Demo-data seeders: each app registers one function `seed(*, seed) -> str` (a one-line summary).
They run in registration order (apps' ready order), must be deterministic for a given seed, and must
add nothing when the data is already there."""

from collections.abc import Callable

SEEDERS: dict[str, Callable[..., str]] = {}


def register_seeder(name: str, func: Callable[..., str]) -> None:
    SEEDERS[name] = func
