"""Travel-time matrices: a small provider protocol and three providers.

- ``HaversineProvider`` (the default) implements the travel rule of the Mersin benchmark days:
  ``d = detour × haversine km`` (earth radius 6371 km), ``minutes = 60 × (min(d, 10)/25 +
  max(d − 10, 0)/55)`` rounded *up* to whole minutes. Rounding up keeps plans honest: a plan feasible
  with these times is feasible with the true ones.
- ``EuclideanProvider`` for planar instances (Solomon): minutes = distance / speed, unrounded.
- ``OsrmTableProvider`` asks an OSRM server's ``/table/v1`` service (durations in seconds) by URL.

A provider returns a square ``numpy`` array of minutes; ``inf`` marks a pair with no route.
"""

from __future__ import annotations

import json
import math
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from omur.routing.model import Location

FloatMatrix = NDArray[np.float64]

# Guards ceil() against floating noise: 12.000000000001 minutes must stay 12, not become 13.
_CEIL_TOLERANCE = 1e-9


class TravelMatrixProvider(Protocol):
    def minutes(self, locations: Sequence[Location]) -> FloatMatrix:
        """Travel minutes from every location (row) to every location (column)."""
        ...


@dataclass(frozen=True)
class HaversineProvider:
    detour_factor: float = 1.35
    urban_speed_kmh: float = 25.0
    rural_speed_kmh: float = 55.0
    urban_km: float = 10.0
    earth_radius_km: float = 6371.0
    round_up: bool = True

    def road_km(self, locations: Sequence[Location]) -> FloatMatrix:
        lat = np.radians(np.array([loc.lat for loc in locations], dtype=np.float64))
        lon = np.radians(np.array([loc.lon for loc in locations], dtype=np.float64))
        dlat = lat[None, :] - lat[:, None]
        dlon = lon[None, :] - lon[:, None]
        a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
        km = 2 * self.earth_radius_km * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        result: FloatMatrix = self.detour_factor * km
        return result

    def minutes_for_km(self, road_km: FloatMatrix) -> FloatMatrix:
        urban = np.minimum(road_km, self.urban_km) / self.urban_speed_kmh
        rural = np.maximum(road_km - self.urban_km, 0.0) / self.rural_speed_kmh
        minutes: FloatMatrix = 60.0 * (urban + rural)
        if self.round_up:
            minutes = np.maximum(np.ceil(minutes - _CEIL_TOLERANCE), 0.0)
        np.fill_diagonal(minutes, 0.0)
        return minutes

    def minutes(self, locations: Sequence[Location]) -> FloatMatrix:
        return self.minutes_for_km(self.road_km(locations))


def haversine_km(a: Location, b: Location, earth_radius_km: float = 6371.0) -> float:
    """Great-circle distance; the scalar form of the rule (used in tests against the vector form)."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * earth_radius_km * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


@dataclass(frozen=True)
class EuclideanProvider:
    """Planar distance divided by ``speed`` (distance units per minute), not rounded."""

    speed: float = 1.0

    def minutes(self, locations: Sequence[Location]) -> FloatMatrix:
        xy = np.array([[loc.x, loc.y] for loc in locations], dtype=np.float64).reshape(-1, 2)
        diff = xy[:, None, :] - xy[None, :, :]
        result: FloatMatrix = np.sqrt((diff**2).sum(axis=-1)) / self.speed
        return result


class OsrmError(RuntimeError):
    pass


@dataclass(frozen=True)
class OsrmTableProvider:
    """Durations from an OSRM server (``osrm-routed``) table service.

    Large matrices are fetched in blocks so no request carries more than ``max_table_size``
    coordinates (OSRM's ``--max-table-size``, 100 by default). ``null`` durations become ``inf``.
    """

    base_url: str
    profile: str = "driving"
    timeout: float = 30.0
    max_table_size: int = 100

    def __post_init__(self) -> None:
        scheme = urllib.parse.urlsplit(self.base_url).scheme
        if scheme not in ("http", "https"):
            raise ValueError("OSRM base_url must be an http(s) URL")
        if self.max_table_size < 2:
            raise ValueError("max_table_size must be at least 2")

    def minutes(self, locations: Sequence[Location]) -> FloatMatrix:
        n = len(locations)
        result = np.zeros((n, n), dtype=np.float64)
        block = max(1, self.max_table_size // 2)
        for i0 in range(0, n, block):
            rows = list(range(i0, min(n, i0 + block)))
            for j0 in range(0, n, block):
                cols = list(range(j0, min(n, j0 + block)))
                result[np.ix_(rows, cols)] = self._block(locations, rows, cols)
        np.fill_diagonal(result, 0.0)
        return result

    def _block(self, locations: Sequence[Location], rows: list[int], cols: list[int]) -> FloatMatrix:
        coords: list[int] = list(dict.fromkeys(rows + cols))
        position = {idx: k for k, idx in enumerate(coords)}
        path = ";".join(f"{locations[i].lon:.6f},{locations[i].lat:.6f}" for i in coords)
        query = urllib.parse.urlencode(
            {
                "sources": ";".join(str(position[i]) for i in rows),
                "destinations": ";".join(str(position[j]) for j in cols),
                "annotations": "duration",
            }
        )
        url = f"{self.base_url.rstrip('/')}/table/v1/{urllib.parse.quote(self.profile)}/{path}?{query}"
        try:
            # The scheme is checked in __post_init__ (http/https only).
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310
                payload = json.load(response)
        except (OSError, ValueError) as exc:
            raise OsrmError(f"OSRM table request failed: {exc}") from exc
        if payload.get("code") != "Ok":
            raise OsrmError(f"OSRM answered {payload.get('code')!r}: {payload.get('message', '')}")
        durations = payload.get("durations")
        if not isinstance(durations, list) or len(durations) != len(rows):
            raise OsrmError("OSRM answer has no duration table of the expected size")
        block = np.array(
            [[math.inf if value is None else float(value) / 60.0 for value in row] for row in durations],
            dtype=np.float64,
        )
        if block.shape != (len(rows), len(cols)):
            raise OsrmError("OSRM answer has no duration table of the expected size")
        return block


@dataclass(frozen=True, eq=False)
class TravelMatrix:
    """Travel minutes between a fixed list of distinct locations (built once per planning run)."""

    locations: tuple[Location, ...]
    minutes: FloatMatrix
    index: dict[Location, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index = {loc: i for i, loc in enumerate(self.locations)}
        if len(index) != len(self.locations):
            raise ValueError("TravelMatrix locations must be distinct")
        if self.minutes.shape != (len(self.locations), len(self.locations)):
            raise ValueError("TravelMatrix minutes must be a square matrix over the locations")
        if np.any(self.minutes < 0):
            raise ValueError("travel times must not be negative")
        object.__setattr__(self, "index", index)

    @classmethod
    def build(cls, provider: TravelMatrixProvider, locations: Sequence[Location]) -> TravelMatrix:
        unique = tuple(dict.fromkeys(locations))
        minutes = np.asarray(provider.minutes(unique), dtype=np.float64)
        return cls(locations=unique, minutes=minutes)

    def covers(self, locations: Sequence[Location]) -> bool:
        return all(loc in self.index for loc in locations)

    def between(self, a: Location, b: Location) -> float:
        return float(self.minutes[self.index[a], self.index[b]])

    def indices(self, locations: Sequence[Location]) -> NDArray[np.intp]:
        return np.array([self.index[loc] for loc in locations], dtype=np.intp)
