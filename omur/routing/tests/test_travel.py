import json
import math
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from omur.routing import EuclideanProvider, HaversineProvider, Location, OsrmError, OsrmTableProvider, TravelMatrix
from omur.routing.mersin import provider_from_rule
from omur.routing.tests.helpers import bench_file
from omur.routing.travel import haversine_km


def rule_by_hand(a: dict[str, Any], b: dict[str, Any]) -> int:
    """The rule exactly as written in the benchmark file, one pair at a time in plain math."""
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    dl = math.radians(b["lon"] - a["lon"])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    d = 1.35 * 2 * 6371 * math.asin(math.sqrt(h))
    return math.ceil(60 * (min(d, 10) / 25 + max(d - 10, 0) / 55))


@pytest.mark.parametrize(("name", "key"), [("care-day.json", "visits"), ("meal-day.json", "stops")])
def test_haversine_provider_reproduces_the_bench_rule(name: str, key: str) -> None:
    day = json.loads(bench_file("mersin", name).read_text(encoding="utf-8"))
    assert "60 * (min(d, 10) / 25 + max(d - 10, 0) / 55)" in day["travel"]["rule"]
    provider = provider_from_rule(day["travel"])
    assert provider == HaversineProvider()  # the file's parameters are the library's defaults
    points = (day.get("bases") or day.get("kitchens")) + day[key][::7]
    minutes = provider.minutes([Location.from_latlon(p["lat"], p["lon"]) for p in points])
    expected = np.array([[rule_by_hand(a, b) for b in points] for a in points], dtype=float)
    assert np.array_equal(minutes, expected)
    assert minutes.max() > 24  # some pairs are beyond the 10 km urban part


def test_speed_bands_and_rounding_up() -> None:
    provider = HaversineProvider()
    km = np.array([[0.0, 5.0, 10.0, 20.0, 0.01]])
    # 5 km at 25 km/h is exactly 12 min (not bumped to 13 by float noise); 10 km = 24 min;
    # 20 km = 24 + 10 km at 55 km/h (10.9 min) = 34.9 -> 35; any move at all costs at least 1 minute.
    assert provider.minutes_for_km(km).tolist() == [[0.0, 12.0, 24.0, 35.0, 1.0]]
    assert HaversineProvider(round_up=False).minutes_for_km(km)[0, 3] == pytest.approx(24 + 600 / 55)
    assert HaversineProvider(detour_factor=2.0, urban_speed_kmh=30).minutes_for_km(np.array([[0.0, 5.0]]))[0, 1] == 10


def test_haversine_scalar_and_vector_agree() -> None:
    a, b = Location.from_latlon(36.8121, 34.6415), Location.from_latlon(36.0751, 32.8368)
    vector = HaversineProvider(detour_factor=1.0, round_up=False).road_km([a, b])[0, 1]
    assert vector == pytest.approx(haversine_km(a, b))
    assert 170 < haversine_km(a, b) < 190  # Mersin centre to Anamur, as the crow flies


def test_euclidean_provider_is_unrounded() -> None:
    m = EuclideanProvider().minutes([Location(0, 0), Location(3, 4), Location(1, 1)])
    assert m[0, 1] == 5.0 and m[1, 0] == 5.0 and m[0, 2] == pytest.approx(math.sqrt(2))
    assert EuclideanProvider(speed=2).minutes([Location(0, 0), Location(3, 4)])[0, 1] == 2.5


def test_travel_matrix_dedupes_and_looks_up() -> None:
    a, b = Location(0, 0), Location(0, 2)
    matrix = TravelMatrix.build(EuclideanProvider(), [a, b, a])
    assert matrix.locations == (a, b)
    assert matrix.between(b, a) == 2.0
    assert matrix.covers([a]) and not matrix.covers([Location(9, 9)])


# --- OSRM against a fake local server ------------------------------------------------------------


class FakeOsrm(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        FakeOsrm.requests.append(self.path)
        parts = urlsplit(self.path)
        segments = parts.path.split("/")
        assert segments[1:4] == ["table", "v1", "driving"]
        coords = [tuple(map(float, c.split(","))) for c in segments[4].split(";")]
        query = parse_qs(parts.query)
        sources = [int(i) for i in query["sources"][0].split(";")]
        destinations = [int(i) for i in query["destinations"][0].split(";")]
        assert query["annotations"] == ["duration"]
        if any(lon > 179 for lon, _ in coords):
            body: dict[str, Any] = {"code": "InvalidValue", "message": "bad coordinate"}
        else:
            # seconds = 60 x |lon difference| (so minutes = |lon difference|); lat 9 is an island
            durations: list[list[float | None]] = [
                [
                    None if (coords[s][1] == 9) != (coords[d][1] == 9) else 60 * abs(coords[s][0] - coords[d][0])
                    for d in destinations
                ]
                for s in sources
            ]
            body = {"code": "Ok", "durations": durations}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def osrm_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOsrm.requests = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_osrm_provider_reads_the_table_in_blocks(osrm_url: str) -> None:
    locations = [Location(float(k), 1.0) for k in range(7)]
    minutes = OsrmTableProvider(osrm_url, max_table_size=4).minutes(locations)
    expected = np.abs(np.arange(7)[:, None] - np.arange(7)[None, :]).astype(float)
    assert np.array_equal(minutes, expected)
    assert len(FakeOsrm.requests) == 16  # 4 x 4 blocks of at most 2 sources and 2 destinations
    assert all(len(r.split("/")[4].split(";")) <= 4 for r in FakeOsrm.requests)


def test_osrm_provider_marks_missing_routes_unreachable(osrm_url: str) -> None:
    minutes = OsrmTableProvider(osrm_url).minutes([Location(0, 1), Location(2, 1), Location(3, 9)])
    assert minutes[0, 1] == 2 and math.isinf(minutes[0, 2]) and math.isinf(minutes[2, 1])
    assert len(FakeOsrm.requests) == 1


def test_osrm_provider_reports_errors(osrm_url: str) -> None:
    with pytest.raises(OsrmError, match="InvalidValue"):
        OsrmTableProvider(osrm_url).minutes([Location(0, 1), Location(180, 1)])
    with pytest.raises(OsrmError, match="failed"):
        OsrmTableProvider("http://127.0.0.1:9", timeout=2).minutes([Location(0, 1), Location(1, 1)])
    with pytest.raises(ValueError, match="http"):
        OsrmTableProvider("file:///etc/passwd")
