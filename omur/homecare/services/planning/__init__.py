"""Daily route plans through `omur.routing`, in four parts:

- `problem`: the routing problem of a day (visits, staff at work, travel matrix, reasons in words);
- `runs`: a planner's request, the background run, each run stored as a `RoutePlan` version and
  written back onto the visits; the map data of the stored routes;
- `moves`: a planner's hand — move a visit (validated with `evaluate_route`), pin, unpin;
- `sick`: re-planning when a carer calls in sick (only what must move moves).

Routing ids are "S<staff pk>" and "V<visit pk>". Import from this package; the modules are its
seams, not separate APIs.
"""

from omur.homecare.services.planning.moves import MoveRefused, explain_problems, visit_move, visit_unpin
from omur.homecare.services.planning.problem import (
    DEFAULT_TIME_LIMIT,
    NO_LOCATION,
    WINDOW_PASSED,
    DayProblem,
    build_matrix,
    day_problem,
    reason_label,
    staff_available,
    travel_provider,
)
from omur.homecare.services.planning.runs import (
    NoPlanYet,
    PlanAlreadyRunning,
    current_plan,
    plan_request,
    route_geometry,
    route_plan_run,
    visits_open_count,
)
from omur.homecare.services.planning.sick import staff_report_sick

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "NO_LOCATION",
    "WINDOW_PASSED",
    "DayProblem",
    "MoveRefused",
    "NoPlanYet",
    "PlanAlreadyRunning",
    "build_matrix",
    "current_plan",
    "day_problem",
    "explain_problems",
    "plan_request",
    "reason_label",
    "route_geometry",
    "route_plan_run",
    "staff_available",
    "staff_report_sick",
    "travel_provider",
    "visit_move",
    "visit_unpin",
    "visits_open_count",
]
