"""Who may use each of this app's URLs (merged into config/access.py; see there).

Operators work the lists and the call screen; the office manager and social workers (who follow up
escalations and needs) manage programmes and watch the dashboard. Both read a call's history.
Nobody else: a call record says how an older person is, today."""

from omur.accounts.roles import Role
from omur.calls.permissions import CALL_VIEW_ROLES, OPERATOR_ROLES, SUPERVISOR_ROLES
from omur.core.access import Rule, authenticated, public, roles  # noqa: F401

R = Role

ACCESS: dict[str, Rule] = {
    "calls:work": roles(OPERATOR_ROLES),
    "calls:next": roles(OPERATOR_ROLES),
    "calls:call": roles(OPERATOR_ROLES),
    "calls:call-keep": roles(OPERATOR_ROLES),
    "calls:call-release": roles(OPERATOR_ROLES),
    "calls:need-add": roles(OPERATOR_ROLES),
    "calls:call-detail": roles(CALL_VIEW_ROLES),
    "calls:dashboard": roles(SUPERVISOR_ROLES),
    "calls:lists-generate": roles(SUPERVISOR_ROLES),
    "calls:programme-list": roles(SUPERVISOR_ROLES),
    "calls:programme-create": roles(SUPERVISOR_ROLES),
    "calls:programme-detail": roles(SUPERVISOR_ROLES),
    "calls:programme-edit": roles(SUPERVISOR_ROLES),
    "calls:questions-edit": roles(SUPERVISOR_ROLES),
    "calls:member-add": roles(SUPERVISOR_ROLES),
    "calls:member-remove": roles(SUPERVISOR_ROLES),
    "calls:list-generate": roles(SUPERVISOR_ROLES),
    "calls:need-list": roles(SUPERVISOR_ROLES),
    "calls:need-refer": roles(SUPERVISOR_ROLES),
    "calls:need-dismiss": roles(SUPERVISOR_ROLES),
}
