"""Writes of the home-care app (HackSoft style: keyword-only `<entity>_<action>(*, actor, ...)`,
atomic, audited in the same transaction)."""

from omur.homecare.services.common import HomecareError, NotAllowed
from omur.homecare.services.field import visit_check_in, visit_record_outcome
from omur.homecare.services.planning import (
    MoveRefused,
    PlanAlreadyRunning,
    plan_request,
    route_plan_run,
    staff_report_sick,
    visit_move,
    visit_unpin,
)
from omur.homecare.services.repairs import (
    MaterialLine,
    repair_job_cancel,
    repair_job_complete,
    repair_job_create,
    repair_job_schedule,
)
from omur.homecare.services.staff import (
    absence_delete,
    absence_record,
    feed_token_revoke,
    feed_token_rotate,
    staff_save,
)
from omur.homecare.services.visits import (
    URGENT_DURATION_MINUTES,
    URGENT_SKILL,
    URGENT_WINDOW_HOURS,
    visit_create_manual,
    visit_request_urgent,
    visits_materialise,
)

__all__ = [
    "URGENT_DURATION_MINUTES",
    "URGENT_SKILL",
    "URGENT_WINDOW_HOURS",
    "HomecareError",
    "MaterialLine",
    "MoveRefused",
    "NotAllowed",
    "PlanAlreadyRunning",
    "absence_delete",
    "absence_record",
    "feed_token_revoke",
    "feed_token_rotate",
    "plan_request",
    "repair_job_cancel",
    "repair_job_complete",
    "repair_job_create",
    "repair_job_schedule",
    "route_plan_run",
    "staff_report_sick",
    "staff_save",
    "visit_check_in",
    "visit_create_manual",
    "visit_move",
    "visit_record_outcome",
    "visit_request_urgent",
    "visit_unpin",
    "visits_materialise",
]
