"""Route planning for home-care visits and meal deliveries on PyVRP (a plain library: no Django).

Typical use::

    from omur.routing import Problem, SolveOptions, build_matrix, solve, check_plan

    matrix = build_matrix(problem)                       # HaversineProvider() by default
    plan = solve(problem, matrix, SolveOptions(time_limit=20, workers=2))
    assert check_plan(problem, plan, matrix) == []
    stored = plan.to_dict()                              # JSON-serialisable, versioned format

See ``omur.routing.solver`` for how the rules map onto PyVRP and how preferences are weighted.
"""

from omur.routing.model import (
    Depot,
    Leg,
    Location,
    Objective,
    Plan,
    Problem,
    Reason,
    ScheduledStop,
    Staff,
    StaffRoute,
    Stop,
    TimeWindow,
    Unplaced,
    Vehicle,
    Visit,
    compatibility_problem,
    is_compatible,
)
from omur.routing.schedule import RouteInfeasible, check_plan, evaluate_route, explain_unplaced, schedule_route
from omur.routing.solver import SolveOptions, build_matrix, replan, solve
from omur.routing.travel import (
    EuclideanProvider,
    HaversineProvider,
    OsrmError,
    OsrmTableProvider,
    TravelMatrix,
    TravelMatrixProvider,
)

__all__ = [
    "Depot",
    "EuclideanProvider",
    "HaversineProvider",
    "Leg",
    "Location",
    "Objective",
    "OsrmError",
    "OsrmTableProvider",
    "Plan",
    "Problem",
    "Reason",
    "RouteInfeasible",
    "ScheduledStop",
    "SolveOptions",
    "Staff",
    "StaffRoute",
    "Stop",
    "TimeWindow",
    "TravelMatrix",
    "TravelMatrixProvider",
    "Unplaced",
    "Vehicle",
    "Visit",
    "build_matrix",
    "check_plan",
    "compatibility_problem",
    "evaluate_route",
    "explain_unplaced",
    "is_compatible",
    "replan",
    "schedule_route",
    "solve",
]
