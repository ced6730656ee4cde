"""Random small days: whatever the solver returns, no hard rule is broken and every left-out visit
has a true reason."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omur.routing import (
    Depot,
    EuclideanProvider,
    Location,
    Problem,
    Reason,
    SolveOptions,
    Staff,
    TimeWindow,
    Visit,
    build_matrix,
    check_plan,
    solve,
)
from omur.routing.schedule import MutableRoute, best_insertion

SKILLS = ("cleaning", "personal_care", "health")
BASES = (Depot("B1", Location(0, 0)), Depot("B2", Location(40, 10)))

coords = st.integers(min_value=-30, max_value=60)


@st.composite
def days(draw: st.DrawFn) -> Problem:
    n_staff = draw(st.integers(1, 4))
    staff = []
    for i in range(n_staff):
        start = draw(st.sampled_from([0, 60, 120]))
        lunch = draw(st.booleans())
        staff.append(
            Staff(
                id=f"S{i}",
                base=draw(st.sampled_from(BASES)),
                shift=TimeWindow(start, start + 300),
                skills=frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1, max_size=2))),
                sex=draw(st.sampled_from(["F", "M"])),
                capacity=draw(st.sampled_from([None, 6])),
                lunch_break=TimeWindow(start + 140, start + 170) if lunch else None,
            )
        )
    visits = []
    for i in range(draw(st.integers(1, 12))):
        skill = draw(st.sampled_from(SKILLS))
        open_at = draw(st.integers(0, 350))
        windows = draw(
            st.sampled_from(
                [(), (TimeWindow(open_at, open_at + 60),), (TimeWindow(open_at, open_at + 20), TimeWindow(380, 420))]
            )
        )
        visits.append(
            Visit(
                id=f"V{i}",
                location=Location(draw(coords), draw(coords)),
                duration=draw(st.sampled_from([15, 30, 60, 120])),
                windows=windows,
                skill=skill,
                carer_sex=draw(st.sampled_from(["F", "M"])) if skill == "personal_care" else None,
                preferred_staff=draw(st.sampled_from([None, "S0", "S1"])),
                demand=draw(st.integers(0, 4)),
                pinned_staff=draw(st.sampled_from([None, None, None, "S0"])),
            )
        )
    return Problem(visits=tuple(visits), staff=tuple(staff))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=days(), unavailable=st.sets(st.sampled_from(["S0", "S1"]), max_size=1))
def test_random_days_give_valid_plans_and_true_reasons(problem: Problem, unavailable: set[str]) -> None:
    matrix = build_matrix(problem, EuclideanProvider())
    plan = solve(problem, matrix, SolveOptions(time_limit=2, seed=0, max_iterations=50), unavailable=unavailable)
    assert check_plan(problem, plan, matrix, unavailable=unavailable) == []

    available = [s for s in problem.staff if s.id not in unavailable]
    routes = {s.id: MutableRoute.empty(s) for s in available}
    for route in plan.routes:
        routes[route.staff_id].legs = [[problem.visit(v) for v in leg] for leg in route.leg_visit_ids] + [
            [] for _ in range(len(problem.staff_member(route.staff_id).legs) - len(route.legs))
        ]
    for left in plan.unplaced:
        visit = problem.visit(left.visit_id)
        assert left.detail
        # Nobody could take it in the plan as it stands (otherwise it should have been placed).
        assert all(best_insertion(visit, r, matrix) is None for r in routes.values())
        if left.reason == Reason.NO_STAFF_WITH_SKILL:
            assert visit.pinned_staff is not None or not any(visit.skill in s.skills for s in available)
        if left.reason == Reason.NO_CAPACITY_IN_DAY:
            assert any(visit.skill in s.skills for s in available)
