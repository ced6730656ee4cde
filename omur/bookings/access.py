"""Who may use each of this app's URLs (merged into config/access.py; see there). The role sets are
in omur/bookings/permissions.py; the selectors narrow again what each sees (a therapist: their own)."""

from omur.accounts.roles import Role
from omur.bookings.permissions import (
    HALL_ROLES,
    MERCAN_STAFF_ROLES,
    THERAPY_SCHEDULE_VIEW_ROLES,
    THERAPY_STAFF_ROLES,
)
from omur.core.access import Rule, public, roles

R = Role

ACCESS: dict[str, Rule] = {
    # --- therapy appointments: therapists and the centre's scheduling desk; social workers read a
    # child's schedule (never the clinical notes, which only therapists write and read).
    "bookings:therapy-week": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-availability": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-slot-remove": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-plan-list": roles(THERAPY_SCHEDULE_VIEW_ROLES),
    "bookings:therapy-plan-create": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-child-search": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-plan-detail": roles(THERAPY_SCHEDULE_VIEW_ROLES),
    "bookings:therapy-plan-extend": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-plan-stop": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-session-detail": roles(THERAPY_SCHEDULE_VIEW_ROLES),
    "bookings:therapy-session-mark": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-session-cancel": roles(THERAPY_STAFF_ROLES),
    "bookings:therapy-session-note": roles(R.THERAPIST),
    # --- Mercan: the centre's staff and the office manager.
    "bookings:mercan-sessions": roles(MERCAN_STAFF_ROLES),
    "bookings:mercan-session-create": roles(MERCAN_STAFF_ROLES),
    "bookings:mercan-session-detail": roles(MERCAN_STAFF_ROLES),
    "bookings:mercan-session-edit": roles(MERCAN_STAFF_ROLES),
    "bookings:mercan-booking-cancel": roles(MERCAN_STAFF_ROLES),
    "bookings:mercan-walkins": roles(MERCAN_STAFF_ROLES),
    "bookings:mercan-walkin-bump": roles(MERCAN_STAFF_ROLES),
    "bookings:mercan-stats": roles(MERCAN_STAFF_ROLES),
    # Public: schools and families book and manage their own booking with its code (rate-limited).
    "bookings:public-sessions": public(),
    "bookings:public-book": public(),
    "bookings:public-done": public(),
    "bookings:public-manage": public(),
    # --- halls and meeting rooms: the centre's desk books for callers; the office manager oversees.
    "bookings:hall-calendar": roles(HALL_ROLES),
    "bookings:hall-condolence-create": roles(HALL_ROLES),
    "bookings:hall-meeting-create": roles(HALL_ROLES),
    "bookings:hall-booking-detail": roles(HALL_ROLES),
    "bookings:hall-booking-cancel": roles(HALL_ROLES),
}
