"""Neighbourhood venues. A facility is a catalogue `services.Location` (address, map position, opening
hours, accessibility); its rooms and halls are `Room`s, shared by activities (omur.venues) and by
bookings (omur.bookings: appointments, group bookings, hall and room bookings).

Activities (courses, clubs, workshops, therapy and school programmes) run in terms with recurring
sessions; people enrol, or wait in a ranked list, and their attendance is taken per session. The
Mersinli Kadın Ustalar track adds certificates, MYK exam fee support and job placements; the
pensioners' clubs keep memberships and daily check-ins."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.core.models import SmsRecord, TimeStampedModel
from omur.core.text import fold_turkish
from omur.services.models import Location


class RoomKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    WORKSHOP = "workshop", _("Workshop")
    THERAPY = "therapy", _("Therapy room")
    GYM = "gym", _("Gym")
    MEETING = "meeting", _("Meeting room")
    HALL = "hall", _("Hall")
    CONDOLENCE_MEN = "condolence_men", _("Condolence hall (men)")
    CONDOLENCE_WOMEN = "condolence_women", _("Condolence hall (women)")
    PLANETARIUM = "planetarium", _("Planetarium")
    OBSERVATORY = "observatory", _("Observatory")
    CLUB = "club", _("Club room")


class Room(TimeStampedModel):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("facility"))
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    bookable = models.BooleanField(_("can be booked"), default=False)
    notes = models.CharField(_("notes"), max_length=240, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("room or hall")
        verbose_name_plural = _("rooms and halls")
        ordering = ["location__name_tr", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="venues_room_unique_name_per_location"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="venues_room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.location} — {self.name}"


# --- activities, terms, sessions ----------------------------------------------------------------


class Term(models.Model):
    """A teaching period ("2026 Bahar dönemi"); activities of a term share its dates by default."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="venues_term_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    COURSE = "course", _("Course")
    CLUB = "club", _("Club")
    WORKSHOP = "workshop", _("Workshop")
    THERAPY = "therapy", _("Therapy programme")
    SCHOOL = "school", _("School programme")


class Track(models.TextChoices):
    NONE = "", _("None")
    KADIN_USTALAR = "kadin_ustalar", _("Mersinli Kadın Ustalar")


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, actor: Any) -> "ActivityQuerySet":
        """Centre staff, the office manager and social workers see every activity; a therapist sees the
        therapy programmes they run; anyone else none (see permissions.py)."""
        from omur.core.access import user_roles
        from omur.venues.permissions import ACTIVITY_ALL_ROLES, THERAPIST_ROLES

        mine = user_roles(actor)
        if mine & ACTIVITY_ALL_ROLES:
            return self
        if mine & THERAPIST_ROLES:
            return self.filter(kind=ActivityKind.THERAPY, leader=actor)
        return self.none()


class Activity(TimeStampedModel):
    """A course, club, workshop or programme in one term at one facility.

    `places_taken` counts the places held (enrolled people and open offers). It is changed only by
    conditional UPDATEs in services/enrolment.py and the database refuses a value above `capacity`,
    so no code path, process or race can over-book."""

    name = models.CharField(_("name"), max_length=160)
    name_folded = models.CharField(max_length=200, editable=False, default="", db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    track = models.CharField(_("programme track"), max_length=20, choices=Track.choices, blank=True, default="")
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("catalogue service"),
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("Who may enrol is decided by this service's eligibility rules."),
    )
    location = models.ForeignKey(
        Location, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="activities"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="activities")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructor or therapist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_activities",
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    recurrence = models.CharField(
        _("repeats (RRULE)"), max_length=200, help_text=_("For example FREQ=WEEKLY;BYDAY=MO,WE.")
    )
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    capacity = models.PositiveIntegerField(_("places"))
    places_taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    absence_limit = models.PositiveSmallIntegerField(_("absences in a row before the case manager is told"), default=3)
    offer_hours = models.PositiveSmallIntegerField(_("hours to answer a place offer"), default=48)
    min_attendance_percent = models.PositiveSmallIntegerField(_("attendance needed to complete (%)"), default=80)
    is_open = models.BooleanField(_("open for enrolment"), default=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="venues_activity_capacity_positive"),
            # The last line of defence against over-booking: whatever the code does, the row refuses it.
            models.CheckConstraint(condition=Q(places_taken__lte=F("capacity")), name="venues_activity_not_overbooked"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="venues_activity_dates_ordered"),
            models.CheckConstraint(condition=Q(absence_limit__gte=1), name="venues_activity_absence_limit_positive"),
            models.CheckConstraint(condition=Q(min_attendance_percent__lte=100), name="venues_activity_attendance_pct"),
        ]
        indexes = [models.Index(fields=["location", "starts_on"], name="venues_activity_loc_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold_turkish(self.name)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # A stale in-memory copy must never write back the places counter: only the conditional
            # UPDATEs in services/enrolment.py change it.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "places_taken"
            ]
        super().save(*args, **kwargs)

    @property
    def places_free(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    @property
    def is_kadin_ustalar(self) -> bool:
        return self.track == Track.KADIN_USTALAR


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Session(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    attendance_taken_at = models.DateTimeField(_("attendance taken at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "date", "starts_at"], name="venues_session_unique_slot"),
        ]
        indexes = [models.Index(fields=["date", "starts_at"], name="venues_session_day_idx")]

    def __str__(self) -> str:
        return f"{self.activity} {self.date:%d.%m.%Y} {self.starts_at:%H:%M}"


# --- enrolment and the waitlist ----------------------------------------------------------------


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("On the waitlist")
    OFFERED = "offered", _("Offered a place")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined the offer")
    EXPIRED = "expired", _("Offer expired")


# A person has at most one of these per activity at a time.
OPEN_STATUSES = (EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED)
# These hold a place (places_taken counts them).
PLACE_STATUSES = (EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED)


class Enrolment(TimeStampedModel):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="enrolments"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="activity_enrolments"
    )
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    # Vulnerability score at application (priority.py): higher is served first, then earlier application.
    priority = models.PositiveSmallIntegerField(_("priority score"), default=0)
    priority_reasons = models.JSONField(_("priority reasons"), default=list, blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("activity enrolment")
        verbose_name_plural = _("activity enrolments")
        ordering = ["activity", "-priority", "applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(status__in=["waiting", "offered", "enrolled"]),
                name="venues_enrolment_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="venues_enrolment_offer_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "status", "priority", "applied_at"], name="venues_enrol_queue_idx"),
            models.Index(fields=["status", "offer_expires_at"], name="venues_enrol_offer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.activity}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class OfferSms(SmsRecord):
    """An SMS about a place offer, kept (and erased) with the enrolment (see omur.core.models.SmsRecord)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="sms_messages")

    class Meta(SmsRecord.Meta):
        verbose_name = _("offer SMS")
        verbose_name_plural = _("offer SMS messages")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="venues_attendance_once_per_session"),
        ]
        indexes = [models.Index(fields=["enrolment", "status"], name="venues_attendance_enrol_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.session.date}: {self.status}"


# --- Mersinli Kadın Ustalar ------------------------------------------------------------------


def new_verification_code() -> str:
    # Ten characters from an alphabet without look-alikes (0/O, 1/I/L): read aloud on the phone.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Certificate(models.Model):
    """Issued when a participant completes a certificate-bearing term. The name and course are copied
    in at issue, so the document reads the same years later whatever is renamed."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=12, unique=True, default=new_verification_code
    )
    holder_name = models.CharField(_("holder"), max_length=170)
    course_name = models.CharField(_("course"), max_length=160)
    hours = models.PositiveSmallIntegerField(_("hours of training"))
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


class ExamResult(models.TextChoices):
    PENDING = "pending", _("Awaiting result")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    ABSENT = "absent", _("Did not sit")


class MykExam(TimeStampedModel):
    """One sitting of the national MYK vocational qualification exam; the municipality pays the fee."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="myk_exams")
    qualification = models.CharField(_("qualification"), max_length=160)
    exam_on = models.DateField(_("exam date"))
    fee_amount = models.DecimalField(_("fee paid by the municipality (TRY)"), max_digits=10, decimal_places=2)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=ExamResult.choices, default=ExamResult.PENDING)
    myk_certificate_no = models.CharField(_("MYK certificate number"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("MYK exam")
        verbose_name_plural = _("MYK exams")
        ordering = ["-exam_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(fee_amount__gte=0), name="venues_myk_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} MYK {self.exam_on}"


class JobPlacement(TimeStampedModel):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="job_placements")
    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    employer = models.CharField(_("employer"), max_length=160)
    position = models.CharField(_("position"), max_length=120)
    starts_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("job placement")
        verbose_name_plural = _("job placements")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} — {self.employer}"


class FollowUp(models.Model):
    """A check at 3 and 6 months after a placement: still in the job?"""

    placement = models.ForeignKey(JobPlacement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after starting"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    still_employed = models.BooleanField(_("still in the job"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=240, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("placement follow-up")
        verbose_name_plural = _("placement follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="venues_followup_once_per_mark"),
        ]

    def __str__(self) -> str:
        return f"{self.placement} +{self.months}"


# --- pensioners' clubs -------------------------------------------------------------------------


class ClubMembership(TimeStampedModel):
    club = models.ForeignKey(
        Location, verbose_name=_("club"), on_delete=models.PROTECT, related_name="club_memberships"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="club_memberships")
    number = models.CharField(_("member number"), max_length=20)
    starts_on = models.DateField(_("member since"))
    expires_on = models.DateField(_("valid until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("club membership")
        verbose_name_plural = _("club memberships")
        ordering = ["club", "number"]
        constraints = [
            models.UniqueConstraint(fields=["club", "person"], name="venues_membership_one_per_club"),
            models.UniqueConstraint(fields=["club", "number"], name="venues_membership_number_unique"),
            models.CheckConstraint(condition=Q(expires_on__gte=F("starts_on")), name="venues_membership_dates"),
        ]
        indexes = [models.Index(fields=["club", "expires_on"], name="venues_membership_exp_idx")]

    def __str__(self) -> str:
        return f"{self.club} #{self.number}"

    def expired_on(self, day: Any) -> bool:
        return bool(self.expires_on < day)


class ClubCheckIn(models.Model):
    membership = models.ForeignKey(ClubMembership, on_delete=models.PROTECT, related_name="check_ins")
    club = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="club_check_ins")
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    # Flagged at the door: the member was let in with an expired membership and asked to renew.
    membership_expired = models.BooleanField(_("membership had expired"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("club check-in")
        verbose_name_plural = _("club check-ins")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "day"], name="venues_checkin_once_a_day"),
        ]
        indexes = [models.Index(fields=["club", "day"], name="venues_checkin_day_idx")]

    def __str__(self) -> str:
        return f"{self.membership} {self.day}"
