"""Which roles do what at the venues. access.py gates the pages with these sets; the selectors use
them again to scope rows (a therapist sees the therapy programmes they run, nothing else)."""

from omur.accounts.roles import CASE_ROLES, Role

# Run the centres: activities, sessions, enrolment decisions, attendance, clubs, Kadın Ustalar.
VENUE_STAFF = frozenset({Role.OFFICE_MANAGER, Role.CENTRE_STAFF})
# See every activity and its waitlist; social workers also enrol the people they work with.
ACTIVITY_ALL_ROLES = VENUE_STAFF | {Role.SOCIAL_WORKER}
# Therapists see (and take attendance in) the therapy programmes they lead.
THERAPIST_ROLES = frozenset({Role.THERAPIST})
ACTIVITY_VIEW_ROLES = ACTIVITY_ALL_ROLES | THERAPIST_ROLES
ENROL_ROLES = VENUE_STAFF | {Role.SOCIAL_WORKER}
ATTENDANCE_ROLES = VENUE_STAFF | THERAPIST_ROLES
# Why someone ranks high on a waitlist can reveal disability or poverty: the reasons are shown to
# case roles only; centre staff see the score.
PRIORITY_REASON_ROLES = CASE_ROLES
FACILITY_VIEW_ROLES = ACTIVITY_VIEW_ROLES
