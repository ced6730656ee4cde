"""Who may use each of this app's URLs (merged into config/access.py; see there)."""

from omur.accounts.roles import Role
from omur.core.access import Rule, authenticated, public, roles  # noqa: F401
from omur.homecare.permissions import FIELD_ROLES, PLANNER_ROLES, VISIT_VIEW_ROLES

R = Role

ACCESS: dict[str, Rule] = {
    # Planning the days and keeping staff profiles: the office manager and the case managers.
    "homecare:planner": roles(PLANNER_ROLES),
    "homecare:plan-run": roles(PLANNER_ROLES),
    "homecare:plan-status": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:materialise": roles(PLANNER_ROLES),
    # Adding a visit by hand (one-off or urgent): the planners.
    "homecare:visit-create": roles(PLANNER_ROLES),
    "homecare:staff-sick": roles(PLANNER_ROLES),
    "homecare:visit-move": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:visit-unpin": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:staff-list": roles(PLANNER_ROLES),
    "homecare:staff-create": roles(PLANNER_ROLES),
    "homecare:staff-detail": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:staff-edit": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:staff-feed": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:absence-delete": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:repair-list": roles(PLANNER_ROLES),
    "homecare:repair-create": roles(PLANNER_ROLES, sample_kwargs={"person_id": 1}),
    "homecare:repair-detail": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    "homecare:repair-cancel": roles(PLANNER_ROLES, sample_kwargs={"pk": 1}),
    # A route sheet: planners print any; a field worker opens their own (checked in the view).
    "homecare:route-sheet": roles(VISIT_VIEW_ROLES, sample_kwargs={"staff_id": 1}),
    # The field: each worker's own day; the visit page is scoped by selectors.visit_scope.
    "homecare:field-today": roles(FIELD_ROLES),
    "homecare:field-feed": roles(FIELD_ROLES),
    "homecare:visit-detail": roles(VISIT_VIEW_ROLES, sample_kwargs={"pk": 1}),
    "homecare:visit-check-in": roles(VISIT_VIEW_ROLES, sample_kwargs={"pk": 1}),
    "homecare:visit-outcome": roles(VISIT_VIEW_ROLES, sample_kwargs={"pk": 1}),
    # The calendar feed: public URL, the unguessable (and revocable) token is the key.
    "homecare:ical-feed": public(sample_kwargs={"token": "x" * 43}),
}
