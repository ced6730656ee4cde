"""How the rules are encoded for PyVRP (profiles, vehicle types, neighbourhoods)."""

from omur.routing import EuclideanProvider, Problem, SolveOptions, build_matrix
from omur.routing.encode import Encoded, Weights, encode_phases, find_components
from omur.routing.search import neighbours
from omur.routing.tests.helpers import staff, visit


def encoded(problem: Problem) -> list[tuple[Encoded, Encoded | None]]:
    options = SolveOptions()
    matrix = build_matrix(problem, EuclideanProvider())
    weights = Weights.from_options(options, problem.staff, {})
    return [encode_phases(c, matrix, options, weights, {}) for c in find_components(problem.visits, problem.staff)]


def test_parts_that_never_meet_are_solved_apart() -> None:
    problem = Problem(
        visits=(visit("c", 1, skill="cleaning"), visit("pf", 2, skill="pc", carer_sex="F"), visit("pm", 3, skill="pc", carer_sex="M")),
        staff=(staff("C", skills=("cleaning",)), staff("F", skills=("pc",), sex="F"), staff("M", skills=("pc",), sex="M")),
    )  # fmt: skip
    parts = find_components(problem.visits, problem.staff)
    assert sorted(([v.id for v in p.visits], [s.id for s in p.staff]) for p in parts) == [
        (["c"], ["C"]), (["pf"], ["F"]), (["pm"], ["M"])
    ]  # fmt: skip


def test_interchangeable_staff_share_a_vehicle_type_until_preferences_are_priced() -> None:
    problem = Problem(
        visits=(visit("a", 1, preferred_staff="S2"), visit("b", 2)),
        staff=(staff("S1"), staff("S2"), staff("S3")),
    )
    ((spec, first),) = encoded(problem)
    assert first is not None  # the placement phase, without preference prices
    assert [vt.num_available for vt in first.data.vehicle_types()] == [3]
    assert first.data.num_profiles == 1
    # With prices, S2 (the usual carer) differs from S1 and S3, who still share one type.
    assert sorted(vt.num_available for vt in spec.data.vehicle_types()) == [1, 2]
    assert spec.data.num_profiles == 2
    dist = [spec.data.distance_matrix(p) for p in range(2)]
    into_a = sorted(int(d[0, 1]) for d in dist)  # depot -> visit a, 1 minute of travel
    assert into_a == [1, 31]  # the other carers pay the 30-minute preference weight


def test_incompatible_visits_are_unreachable_in_a_profile() -> None:
    problem = Problem(
        visits=(visit("x", 1, skill="cleaning"), visit("y", 2, skill="health")),
        staff=(staff("CH", skills=("cleaning", "health")), staff("C", skills=("cleaning",))),
    )
    ((spec, _),) = encoded(problem)
    durations = sorted(int(spec.data.duration_matrix(p)[0, 2]) for p in range(spec.data.num_profiles))
    assert durations[0] == 2 and durations[1] > 10_000  # y is out of reach for the cleaner
    assert spec.client_reach is not None and not spec.client_reach.all()


def test_usual_carers_other_clients_are_neighbours() -> None:
    # "far" is nowhere near "a", but both have S2 as their usual carer.
    problem = Problem(
        visits=(
            visit("a", 1, preferred_staff="S2"),
            *(visit(f"n{i}", 1 + i / 10) for i in range(1, 4)),
            visit("far", 90, preferred_staff="S2"),
        ),
        staff=(staff("S1"), staff("S2")),
    )
    ((spec, _),) = encoded(problem)
    near = neighbours(spec.data, spec.client_reach, 2, spec.carer_mates)
    by_client = {a.idx: sorted(n.idx for n in ns) for a, ns in near.items() if a.is_client()}
    a, far = spec.first_client[0], spec.first_client[4]
    assert far in by_client[a] and a in by_client[far]
    assert len(by_client[1]) == 2  # visits without a usual carer keep the plain neighbourhood
