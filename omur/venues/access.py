"""Who may use each of this app's URLs (merged into config/access.py; see there).

Centre staff and the office manager run the centres (activities, enrolment decisions, attendance,
clubs, Kadın Ustalar). Social workers see activities and waitlists and enrol the people they work
with. Therapists see, and take attendance in, the therapy programmes they lead (scoped in
Activity.objects.visible_to). Nobody else needs these pages."""

from omur.accounts.roles import Role
from omur.core.access import Rule, authenticated, public, roles  # noqa: F401
from omur.venues.permissions import (
    ACTIVITY_VIEW_ROLES,
    ATTENDANCE_ROLES,
    ENROL_ROLES,
    FACILITY_VIEW_ROLES,
    VENUE_STAFF,
)

R = Role

ACCESS: dict[str, Rule] = {
    # Facilities: anyone who plans or runs activities; rooms are changed by centre staff.
    "venues:facility-list": roles(FACILITY_VIEW_ROLES),
    "venues:facility-detail": roles(FACILITY_VIEW_ROLES, sample_kwargs={"code": "halkkent-sym"}),
    "venues:room-create": roles(VENUE_STAFF, sample_kwargs={"code": "halkkent-sym"}),
    "venues:room-edit": roles(VENUE_STAFF, sample_kwargs={"code": "halkkent-sym"}),
    # Terms (teaching periods): centre staff add the next one.
    "venues:term-list": roles(VENUE_STAFF),
    # Activities and their people.
    "venues:activity-list": roles(ACTIVITY_VIEW_ROLES),
    "venues:activity-detail": roles(ACTIVITY_VIEW_ROLES),
    "venues:activity-create": roles(VENUE_STAFF),
    "venues:activity-edit": roles(VENUE_STAFF),
    "venues:enrol-search": roles(ENROL_ROLES),
    "venues:enrol": roles(ENROL_ROLES),
    "venues:enrolment-detail": roles(ACTIVITY_VIEW_ROLES),
    "venues:offer-accept": roles(VENUE_STAFF),
    "venues:offer-decline": roles(VENUE_STAFF),
    "venues:enrolment-withdraw": roles(VENUE_STAFF),
    "venues:enrolment-priority": roles(ENROL_ROLES),
    "venues:enrolment-complete": roles(VENUE_STAFF),
    # Sessions and attendance (a therapist only in the programmes they lead: checked in the view).
    "venues:sessions-today": roles(ATTENDANCE_ROLES),
    "venues:session-attendance": roles(ACTIVITY_VIEW_ROLES),
    "venues:session-counts": roles(ACTIVITY_VIEW_ROLES),
    "venues:attendance-mark": roles(ATTENDANCE_ROLES),
    "venues:attendance-all-present": roles(ATTENDANCE_ROLES),
    "venues:session-cancel": roles(VENUE_STAFF),
    # Mersinli Kadın Ustalar: the centre staff who coordinate the track.
    "venues:ku-dashboard": roles(VENUE_STAFF),
    "venues:certificate-detail": roles(VENUE_STAFF),
    "venues:certificate-pdf": roles(VENUE_STAFF),
    "venues:myk-create": roles(VENUE_STAFF),
    "venues:myk-result": roles(VENUE_STAFF),
    "venues:placement-create": roles(VENUE_STAFF),
    "venues:followup-list": roles(VENUE_STAFF),
    "venues:followup-record": roles(VENUE_STAFF),
    # Employers check a certificate's code without logging in (rate-limited, name shortened).
    "venues:certificate-verify": public(),
    # Pensioners' clubs: the door and the club's staff.
    "venues:club-list": roles(VENUE_STAFF),
    "venues:club-counter": roles(VENUE_STAFF, sample_kwargs={"code": "emekliler-mezitli"}),
    "venues:club-members": roles(VENUE_STAFF, sample_kwargs={"code": "emekliler-mezitli"}),
    "venues:club-member-create": roles(VENUE_STAFF, sample_kwargs={"code": "emekliler-mezitli"}),
    "venues:club-check-in": roles(VENUE_STAFF, sample_kwargs={"code": "emekliler-mezitli"}),
    "venues:membership-renew": roles(VENUE_STAFF),
}
