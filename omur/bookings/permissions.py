"""Which roles do what in this app. omur/bookings/access.py gates the pages with these sets and the
selectors use them again to scope what a page shows (a therapist sees only their own plans)."""

from omur.accounts.roles import Role

# The autism centre's scheduling desk: books plans for any therapist, cancels, marks attendance.
# They never read clinical notes (those follow omur.cases' confidentiality rules: therapists only).
THERAPY_DESK_ROLES = frozenset({Role.OFFICE_MANAGER, Role.CENTRE_STAFF})
# Therapists manage their own availability, plans and sessions, and write the clinical notes.
THERAPY_STAFF_ROLES = THERAPY_DESK_ROLES | {Role.THERAPIST}
# A child's case manager may see the therapy schedule (dates, attendance), never the notes.
THERAPY_SCHEDULE_VIEW_ROLES = THERAPY_STAFF_ROLES | {Role.SOCIAL_WORKER}
# Mercan: sessions, bookings taken by phone, the walk-in counters and the statistics.
MERCAN_STAFF_ROLES = frozenset({Role.OFFICE_MANAGER, Role.CENTRE_STAFF})
# Halls and meeting rooms: the centre's desk books them for callers; the office manager oversees.
HALL_ROLES = frozenset({Role.OFFICE_MANAGER, Role.CENTRE_STAFF})
