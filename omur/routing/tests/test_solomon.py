import json
import math

import pytest

from omur.routing.solomon import main, parse_solomon, read_solomon, route_distance, solve_instance
from omur.routing.tests.helpers import bench_file


def test_parser_reads_the_real_c101_file() -> None:
    instance = read_solomon(bench_file("solomon", "C101.txt"))
    assert (instance.name, instance.vehicles, instance.capacity) == ("C101", 25, 200)
    assert len(instance.customers) == 100
    assert (instance.depot.x, instance.depot.y, instance.depot.due) == (40, 50, 1236)
    first = instance.customers[0]
    assert (first.number, first.x, first.y, first.demand, first.ready, first.due, first.service) == (
        1, 45, 68, 10, 912, 967, 90
    )  # fmt: skip


def test_parser_rejects_files_without_a_fleet() -> None:
    with pytest.raises(ValueError, match="VEHICLE"):
        parse_solomon("X\nCUSTOMER\n0 1 1 0 0 10 0\n")


def test_route_distance_is_unrounded_euclidean() -> None:
    text = "T\nVEHICLE\nNUMBER CAPACITY\n 2 10\nCUSTOMER\n0 0 0 0 0 100 0\n1 3 4 1 0 100 0\n2 3 0 1 0 100 0\n"
    instance = parse_solomon(text)
    assert route_distance(instance, [1, 2]) == pytest.approx(5 + 4 + 3)
    assert route_distance(instance, [2]) == 6


def test_c101_is_solved_feasibly_close_to_the_best_known() -> None:
    instance = read_solomon(bench_file("solomon", "C101.txt"))
    result, _ = solve_instance(instance, seconds=2.0, seed=1)
    assert result["feasible"] and not result["unplaced"]
    served = sorted(n for route in result["routes"] for n in route)
    assert served == list(range(1, 101))
    assert result["distance"] == pytest.approx(sum(route_distance(instance, r) for r in result["routes"]), abs=1e-3)
    assert result["distance"] <= 828.94 * 1.05  # best known (min_distance, bks.csv)
    assert result["vehicles"] == len(result["routes"]) <= 25


def test_command_line_prints_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    path = bench_file("solomon", "R101.txt")
    assert main([str(path), "--seconds", "0.5", "--workers", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"routes", "vehicles", "distance"} <= set(out)
    assert sum(len(r) for r in out["routes"]) == 100 and math.isfinite(out["distance"])
