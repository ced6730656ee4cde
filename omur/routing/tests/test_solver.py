import json
from collections.abc import Collection, Mapping, Sequence

import pytest

from omur.routing import (
    Depot,
    EuclideanProvider,
    Location,
    Plan,
    Problem,
    Reason,
    RouteInfeasible,
    SolveOptions,
    TimeWindow,
    TravelMatrix,
    Visit,
    build_matrix,
    check_plan,
    evaluate_route,
    replan,
    solve,
)
from omur.routing.tests.helpers import staff, visit

FAST = SolveOptions(time_limit=1, seed=1, max_iterations=100)  # tiny days converge in a few iterations
EUCLID = EuclideanProvider()


def plan_for(
    problem: Problem,
    options: SolveOptions = FAST,
    *,
    unavailable: Collection[str] = (),
    locked_routes: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Plan, TravelMatrix]:
    matrix = build_matrix(problem, EUCLID)
    plan = solve(problem, matrix, options, unavailable=unavailable, locked_routes=locked_routes)
    assert check_plan(problem, plan, matrix, unavailable=unavailable) == []
    return plan, matrix


def test_single_route_along_a_line_is_optimal() -> None:
    problem = Problem(
        visits=(visit("a", 3, duration=5), visit("b", 1, duration=5), visit("c", 2, duration=5)),
        staff=(staff("S1"),),
    )
    plan, _ = plan_for(problem)
    route = plan.route_of("S1")
    assert route is not None
    assert route.visit_ids in (("b", "c", "a"), ("a", "c", "b"))
    assert plan.objective.travel_minutes == 6.0
    assert route.stops[0].start == route.legs[0].depart + 1  # no waiting at the first door


def test_windows_force_the_order_and_waiting_is_allowed() -> None:
    problem = Problem(
        visits=(
            visit("far", 10, duration=10, window=(0, 20)),
            visit("near", 1, duration=10, window=(100, 120)),
        ),
        staff=(staff("S1"),),
    )
    plan, _ = plan_for(problem)
    route = plan.route_of("S1")
    assert route is not None and route.visit_ids == ("far", "near")
    near = route.stops[1]
    assert near.arrival == pytest.approx(10 + 10 + 9) and near.start == 100 and near.wait == pytest.approx(71)
    assert plan.objective.travel_minutes == 20.0


def test_two_clusters_two_bases_each_staff_takes_its_own() -> None:
    west, east = Depot("W", Location(-100, 0)), Depot("E", Location(100, 0))
    problem = Problem(
        visits=tuple(visit(f"w{i}", -100 + i) for i in (1, 2)) + tuple(visit(f"e{i}", 100 + i) for i in (1, 2)),
        staff=(staff("SW", base=west), staff("SE", base=east)),
    )
    plan, _ = plan_for(problem)
    assert set(plan.route_of("SW").visit_ids) == {"w1", "w2"}  # type: ignore[union-attr]
    assert set(plan.route_of("SE").visit_ids) == {"e1", "e2"}  # type: ignore[union-attr]
    assert plan.objective.travel_minutes == 8.0


def test_skills_and_same_sex_rule_are_respected() -> None:
    problem = Problem(
        visits=(
            visit("bath-f", 1, skill="personal_care", carer_sex="F"),
            visit("bath-m", 2, skill="personal_care", carer_sex="M"),
            visit("clean", 3, skill="cleaning"),
        ),
        staff=(
            staff("F1", skills=("personal_care",), sex="F"),
            staff("M1", skills=("personal_care",), sex="M"),
            staff("C1", skills=("cleaning",), sex="F"),
        ),
    )
    plan, _ = plan_for(problem)
    assert plan.assignment() == {"bath-f": "F1", "bath-m": "M1", "clean": "C1"}


def test_every_unplaced_visit_has_its_reason() -> None:
    van = staff("V1", capacity=10, shift=TimeWindow(480, 600), skills=("care", "meal"))
    other = staff("V2", capacity=10, shift=TimeWindow(480, 600), skills=("care",), base=Depot("K2", Location(0, 1)))
    problem = Problem(
        visits=(
            visit("needs-nurse", 1, skill="nursing"),
            visit("needs-man", 1, carer_sex="M"),
            visit("too-early", 1, window=(300, 400)),
            visit("too-big", 1, demand=11),
            visit("wrong-kitchen", 1, depot="K9"),
            visit("pinned-sick", 1, pinned_staff="V2"),
            visit("pinned-wrong", 1, skill="meal", pinned_staff="V2"),
            visit("long-1", 2, duration=60),
            visit("long-2", 2, duration=60),
        ),
        staff=(van, other),
    )
    plan, _ = plan_for(problem, unavailable={"V2"})
    reasons = {u.visit_id: u.reason for u in plan.unplaced}
    crowded_out = [vid for vid in ("long-1", "long-2") if vid in reasons]
    assert len(crowded_out) == 1 and reasons.pop(crowded_out[0]) == Reason.NO_CAPACITY_IN_DAY
    assert reasons == {
        "needs-nurse": Reason.NO_STAFF_WITH_SKILL,
        "needs-man": Reason.NO_STAFF_OF_SEX,
        "too-early": Reason.WINDOW_UNREACHABLE,
        "too-big": Reason.DEMAND_EXCEEDS_CAPACITY,
        "wrong-kitchen": Reason.NO_STAFF_AT_DEPOT,
        "pinned-sick": Reason.PINNED_STAFF_UNAVAILABLE,
        "pinned-wrong": Reason.PINNED_STAFF_UNAVAILABLE,
    }
    assert all(u.detail for u in plan.unplaced)
    # With V2 at work, the pin to a staff member without the skill is reported as such.
    plan, _ = plan_for(problem)
    assert {u.visit_id: u.reason for u in plan.unplaced}["pinned-wrong"] == Reason.PINNED_STAFF_INCOMPATIBLE
    assert plan.assignment()["pinned-sick"] == "V2"


def test_preferred_carer_is_worth_up_to_the_weight() -> None:
    near, far = Depot("N", Location(0, 0)), Depot("F", Location(12, 0))
    visits = (visit("v1", 1, preferred_staff="FAR"),)
    problem = Problem(visits=visits, staff=(staff("NEAR", base=near), staff("FAR", base=far)))
    # The usual carer costs 22 - 2 = 20 more minutes of driving: under the 30-minute weight, kept.
    assert plan_for(problem)[0].assignment() == {"v1": "FAR"}
    assert plan_for(problem)[0].objective.preferred_kept == 1
    # At 15 minutes of weight the detour is not worth it.
    options = SolveOptions(time_limit=1, seed=1, max_iterations=100, preference_weight=15)
    assert plan_for(problem, options)[0].assignment() == {"v1": "NEAR"}


def test_pinned_visit_goes_to_the_pinned_staff_member() -> None:
    near, far = Depot("N", Location(0, 0)), Depot("F", Location(50, 0))
    problem = Problem(
        visits=(visit("v1", 1, pinned_staff="FAR"), visit("v2", -2)),
        staff=(staff("NEAR", base=near), staff("FAR", base=far)),
    )
    plan, _ = plan_for(problem)
    assert plan.assignment() == {"v1": "FAR", "v2": "NEAR"}


def test_locked_route_keeps_the_planners_order() -> None:
    problem = Problem(
        visits=(visit("a", 1), visit("b", 2), visit("c", 3), visit("d", 4, skill="other")),
        staff=(staff("S1"), staff("S2", skills=("care", "other"))),
    )
    plan, _ = plan_for(problem, locked_routes={"S1": ["c", "a", "b"]})
    assert plan.route_of("S1").visit_ids == ("c", "a", "b")  # type: ignore[union-attr]
    assert plan.assignment()["d"] == "S2"
    with pytest.raises(RouteInfeasible, match="lacks skill other"):
        plan_for(problem, locked_routes={"S1": ["d"]})


def test_evaluate_route_validates_a_manual_move() -> None:
    problem = Problem(
        visits=(visit("a", 10, duration=30, window=(0, 50)), visit("b", 20, duration=30, window=(0, 60))),
        staff=(staff("S1", shift=TimeWindow(0, 200)),),
    )
    matrix = build_matrix(problem, EUCLID)
    route = evaluate_route(problem, "S1", ["a", "b"], matrix)
    assert [s.start for s in route.stops] == [10, 50]
    with pytest.raises(RouteInfeasible, match="after its time window"):
        evaluate_route(problem, "S1", ["b", "a"], matrix)


def test_lunch_break_splits_the_shift_into_two_trips() -> None:
    member = staff("S1", shift=TimeWindow(0, 300), lunch_break=TimeWindow(120, 180))
    problem = Problem(
        visits=(
            visit("am", 10, duration=60, window=(0, 100)),
            visit("pm", 10, duration=60, window=(150, 220)),
            visit("lunch", 5, duration=30, window=(130, 170)),
        ),
        staff=(member,),
    )
    plan, _ = plan_for(problem)
    route = plan.route_of("S1")
    assert route is not None and route.leg_visit_ids == (("am",), ("pm",))
    assert route.legs[0].back <= 120 and route.legs[1].depart >= 180
    assert [u.visit_id for u in plan.unplaced] == ["lunch"]
    assert plan.unplaced[0].reason == Reason.WINDOW_UNREACHABLE


def test_second_time_window_is_used_when_the_first_cannot_be_met() -> None:
    v = Visit(
        id="two", location=Location(50, 0), duration=10, windows=(TimeWindow(200, 260), TimeWindow(0, 20)), skill="care"
    )
    plan, _ = plan_for(Problem(visits=(v,), staff=(staff("S1", shift=TimeWindow(0, 400)),)))
    assert plan.route_of("S1").stops[0].start == 200  # type: ignore[union-attr]


def test_vans_fixed_cost_uses_the_fewest_vehicles_and_respects_capacity() -> None:
    vans = tuple(staff(f"V{i}", capacity=10, fixed_cost=1000, skills=()) for i in range(4))
    stops = tuple(visit(f"h{i}", 1 + i, demand=3, skill=None) for i in range(6))
    plan, _ = plan_for(Problem(visits=stops, staff=vans))
    assert plan.objective.vehicles_used == 2  # 18 portions need two vans of 10
    assert all(r.load <= 10 for r in plan.routes)
    assert plan.objective.visits_unplaced == 0


def test_sick_staff_replan_moves_only_what_must_move() -> None:
    # Three carers each do one morning and one afternoon visit (the windows clash, so one each);
    # S4's base is further away, so S4 is not used until someone calls in sick.
    def slot(vid: str, x: float, y: float, start: float) -> Visit:
        return visit(vid, x, y, duration=60, window=(start, start + 10))

    problem = Problem(
        visits=(
            slot("m1", 10, 0, 50), slot("m2", -10, 0, 50), slot("m3", 0, 10, 50),
            slot("p1", 12, 0, 250), slot("p2", -12, 0, 250), slot("p3", 0, 12, 250),
        ),
        staff=(staff("S1"), staff("S2"), staff("S3"), staff("S4", base=Depot("FAR", Location(0, -30)))),
    )  # fmt: skip
    options = SolveOptions(time_limit=2, seed=3, max_iterations=300)
    before, matrix = plan_for(problem, options)
    assert before.objective.visits_placed == 6 and before.route_of("S4") is None
    sick = before.assignment()["m2"]
    orphans = set(before.route_of(sick).visit_ids)  # type: ignore[union-attr]
    assert orphans == {"m2", "p2"}
    after = replan(problem, before, unavailable={sick}, travel=matrix, options=options)
    assert check_plan(problem, after, matrix, unavailable={sick}) == []
    assert after.route_of(sick) is None and after.objective.visits_placed == 6
    assert set(after.route_of("S4").visit_ids) == orphans  # type: ignore[union-attr]
    assert after.objective.moved_from_previous == 2
    for route in before.routes:
        if route.staff_id != sick:
            assert after.route_of(route.staff_id) == route  # same visits, order and times


def test_replan_without_changes_returns_the_same_routes() -> None:
    problem = Problem(
        visits=tuple(visit(f"v{i}", i % 5, i // 5, duration=15) for i in range(12)),
        staff=(staff("S1"), staff("S2"), staff("S3")),
    )
    before, matrix = plan_for(problem)
    after = replan(problem, before, travel=matrix, options=SolveOptions(time_limit=1, seed=9, max_iterations=100))
    assert after.routes == before.routes and after.objective.moved_from_previous == 0


def test_same_seed_and_iterations_give_the_same_plan() -> None:
    problem = Problem(
        visits=tuple(visit(f"v{i}", (i * 7) % 11, (i * 3) % 5, duration=10) for i in range(15)),
        staff=(staff("S1"), staff("S2")),
    )
    options = SolveOptions(time_limit=5, seed=4, max_iterations=100)
    first, _ = plan_for(problem, options)
    second, _ = plan_for(problem, options)
    assert first.routes == second.routes


def test_parallel_workers_give_a_valid_plan() -> None:
    problem = Problem(
        visits=(
            *(visit(f"c{i}", i, 1, skill="cleaning", duration=30) for i in range(8)),
            *(visit(f"h{i}", 1, i, skill="health", duration=20) for i in range(8)),
        ),
        staff=(staff("C1", skills=("cleaning",)), staff("H1", skills=("health",)), staff("H2", skills=("health",))),
    )
    plan, _ = plan_for(problem, SolveOptions(time_limit=0.5, seed=1, workers=2, max_iterations=100))
    assert plan.objective.visits_placed == 16


def test_plan_round_trips_through_json() -> None:
    problem = Problem(visits=(visit("a", 1, duration=5), visit("x", 1, skill="none")), staff=(staff("S1"),))
    plan, matrix = plan_for(problem)
    stored = json.loads(json.dumps(plan.to_dict()))
    assert Plan.from_dict(stored) == plan
    assert check_plan(problem, Plan.from_dict(stored), matrix) == []
    with pytest.raises(ValueError, match="format"):
        Plan.from_dict({**stored, "format": 99})


def test_check_plan_catches_broken_plans() -> None:
    problem = Problem(
        visits=(visit("a", 5, duration=10, window=(0, 30)), visit("b", 6, skill="other")),
        staff=(staff("S1"), staff("S2", skills=("other",), sex="M")),
    )
    plan, matrix = plan_for(problem)
    data = plan.to_dict()
    s1 = next(r for r in data["routes"] if r["staff_id"] == "S1")
    s1["legs"][0]["stops"][0]["start"] = 40.0  # outside the window
    s1["legs"][0]["stops"][0]["end"] = 50.0
    errors = check_plan(problem, Plan.from_dict(data), matrix)
    assert any("outside its window" in e for e in errors)
    data = plan.to_dict()
    s2 = next(r for r in data["routes"] if r["staff_id"] == "S2")
    s1 = next(r for r in data["routes"] if r["staff_id"] == "S1")
    s1["legs"][0]["stops"].append(s2["legs"][0]["stops"][0])  # S1 lacks the skill, b twice
    errors = check_plan(problem, Plan.from_dict(data), matrix)
    assert any("lacks skill other" in e for e in errors)
    assert any("in the routes of" in e for e in errors)
    assert check_plan(problem, plan, matrix, unavailable={"S2"}) == ["S2 is unavailable but has a route"]


def test_fleet_reduction_stops_at_one_van() -> None:
    # Everything fits in one van: removing "one van more" must stop there, not ask PyVRP for zero vans.
    vans = tuple(staff(f"V{i}", capacity=10, fixed_cost=1000, skills=()) for i in range(3))
    stops = tuple(visit(f"h{i}", 1 + i, demand=1, skill=None) for i in range(2))
    plan, _ = plan_for(Problem(visits=stops, staff=vans))
    assert plan.objective.vehicles_used == 1 and plan.objective.visits_unplaced == 0
