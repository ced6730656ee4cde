"""Which roles do what with check-in calls (config/access.py gates the pages with these sets; the
services check them again, so a write is refused whatever page it came from)."""

from omur.accounts.roles import Role

# Work the daily lists and the call screen.
OPERATOR_ROLES = frozenset({Role.CALL_OPERATOR})
# Manage programmes, members and questions, watch the dashboard, act on escalations and needs.
SUPERVISOR_ROLES = frozenset({Role.OFFICE_MANAGER, Role.SOCIAL_WORKER})
# Read a call's history (the operator who works it, and the supervisors following it up).
CALL_VIEW_ROLES = OPERATOR_ROLES | SUPERVISOR_ROLES
