"""Which roles do what in home care. The access table gates the pages with these sets; the selectors
scope what each page shows (a carer sees only visits assigned to their own staff profile)."""

from omur.accounts.roles import Role

# Plan the days, keep staff profiles, book repairs: the office manager and the case managers
# (social workers), who know the clients. Sociologists assess; they do not dispatch carers.
PLANNER_ROLES = frozenset({Role.OFFICE_MANAGER, Role.SOCIAL_WORKER})
# Go to people's homes: each sees their own visits (field view, visit page, calendar feed).
FIELD_ROLES = frozenset(
    {
        Role.CAREGIVER,
        Role.CLEANER,
        Role.NURSE,
        Role.PHYSIOTHERAPIST,
        Role.CRAFTSPERSON,
        Role.DRIVER,
        Role.THERAPIST,
    }
)
# The visit page: planners see any visit, field staff only their own (selectors.visit_scope).
VISIT_VIEW_ROLES = PLANNER_ROLES | FIELD_ROLES
