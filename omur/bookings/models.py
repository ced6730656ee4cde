"""Appointments and bookings: therapy appointments at the autism centre, group bookings at Mercan,
and condolence-hall and meeting-room bookings. Rooms and halls are omur.venues' `Room`s.

Every "no double booking" rule here is a database constraint, so it holds across processes on SQLite
and PostgreSQL alike; the services check first only to give a clear message, and turn the
constraint's IntegrityError into the same message when two desks press the button together."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.core.models import TimeStampedModel
from omur.services.models import Weekday

# ---------------------------------------------------------------------------------------------------
# Therapy appointments (Otizm Aile Danışma Merkezi)
# ---------------------------------------------------------------------------------------------------


class TherapySlot(TimeStampedModel):
    """One weekly appointment slot of a therapist ("Tuesdays 10:00, 45 minutes, sensory room 1").
    A therapy plan takes one slot and books its sessions into it week after week."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("therapist"), on_delete=models.PROTECT, related_name="therapy_slots"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=45)
    room = models.ForeignKey(
        "venues.Room",
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="therapy_slots",
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("weekly therapy slot")
        verbose_name_plural = _("weekly therapy slots")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "weekday", "starts_at"],
                condition=Q(is_active=True),
                name="bookings_slot_one_per_therapist_time",
            ),
            models.CheckConstraint(condition=Q(minutes__gte=15, minutes__lte=240), name="bookings_slot_minutes_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}"

    @property
    def ends_at(self) -> dt.time:
        return (dt.datetime.combine(dt.date(2000, 1, 3), self.starts_at) + dt.timedelta(minutes=self.minutes)).time()


class PlanStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("therapy plan", "In progress")
    COMPLETED = "completed", pgettext_lazy("therapy plan", "Completed")
    STOPPED = "stopped", pgettext_lazy("therapy plan", "Stopped")


class TherapyPlan(TimeStampedModel):
    """A series of weekly sessions for one child with one therapist (e.g. 12 sensory-integration
    sessions). The family is the client: the child, and a guardian to contact, chosen from the
    child's household or emergency contacts."""

    child = models.ForeignKey(
        "registry.Person", verbose_name=_("child"), on_delete=models.PROTECT, related_name="therapy_plans"
    )
    guardian = models.ForeignKey(
        "registry.Person",
        verbose_name=_("guardian to contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service = models.ForeignKey(
        "services.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    enrolment = models.ForeignKey(
        "cases.Enrolment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="therapy_plans",
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("therapist"), on_delete=models.PROTECT, related_name="therapy_plans"
    )
    slot = models.ForeignKey(TherapySlot, verbose_name=_("weekly slot"), on_delete=models.PROTECT, related_name="plans")
    sessions_planned = models.PositiveSmallIntegerField(_("sessions"))
    starts_on = models.DateField(_("first week"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    stop_reason = models.CharField(_("reason for stopping"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("therapy plan")
        verbose_name_plural = _("therapy plans")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["therapist", "status"], name="bookings_plan_therapist_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_planned__gte=1, sessions_planned__lte=52), name="bookings_plan_sessions_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} — {self.service}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("therapy session", "Scheduled")
    ATTENDED = "attended", pgettext_lazy("therapy session", "Attended")
    NO_SHOW = "no_show", pgettext_lazy("therapy session", "Did not come")
    CANCELLED = "cancelled", pgettext_lazy("therapy session", "Cancelled")


class CancelledBy(models.TextChoices):
    FAMILY = "family", _("The family")
    CENTRE = "centre", _("The centre")


class TherapySession(TimeStampedModel):
    """One appointment. The therapist (copied from the plan, so the database can index it) and the
    room are each free at most once per day and start time: two partial unique indexes that ignore
    cancelled sessions, so cancelling one frees its slot for another child."""

    plan = models.ForeignKey(
        TherapyPlan, verbose_name=_("therapy plan"), on_delete=models.CASCADE, related_name="sessions"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("therapist"), on_delete=models.PROTECT, related_name="therapy_sessions"
    )
    room = models.ForeignKey(
        "venues.Room", verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    number = models.PositiveSmallIntegerField(_("session no."))
    is_extra = models.BooleanField(_("added to make up"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancelled_by = models.CharField(_("cancelled by"), max_length=10, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    # The clinical note lives in omur.cases (encrypted, level "clinical", reads logged); only the link is here.
    note = models.OneToOneField(
        "cases.CaseNote", null=True, blank=True, on_delete=models.SET_NULL, related_name="therapy_session"
    )

    class Meta:
        verbose_name = _("therapy session")
        verbose_name_plural = _("therapy sessions")
        ordering = ["day", "starts_at"]
        indexes = [
            models.Index(fields=["day", "therapist"], name="bookings_session_day_idx"),
            models.Index(fields=["plan", "number"], name="bookings_session_plan_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "day", "starts_at"],
                condition=~Q(status="cancelled"),
                name="bookings_session_therapist_free",
            ),
            models.UniqueConstraint(
                fields=["room", "day", "starts_at"],
                condition=~Q(status="cancelled") & Q(room__isnull=False),
                name="bookings_session_room_free",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.starts_at:%H:%M}"

    @property
    def ends_at(self) -> dt.time:
        return (dt.datetime.combine(self.day, self.starts_at) + dt.timedelta(minutes=self.minutes)).time()

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.SCHEDULED


# ---------------------------------------------------------------------------------------------------
# Group bookings (Mercan climate and science centre)
# ---------------------------------------------------------------------------------------------------


class GroupSessionKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    PLANETARIUM = "planetarium", _("Planetarium show")
    OBSERVATORY = "observatory", _("Observatory night")


class Audience(models.TextChoices):
    ALL = "all", _("Schools and families")
    SCHOOLS = "schools", _("School groups only")
    FAMILIES = "families", _("Families only")


class GroupSession(TimeStampedModel):
    """A bookable session with a fixed number of seats. `seats_taken` is the counter every booking
    moves with one conditional UPDATE (see services.mercan), and a check constraint makes the
    database itself refuse a counter above capacity."""

    service = models.ForeignKey(
        "services.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=GroupSessionKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("what happens"), max_length=300, blank=True)
    room = models.ForeignKey(
        "venues.Room", verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("seats"))
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0)
    min_age = models.PositiveSmallIntegerField(_("from age"), default=0)
    max_age = models.PositiveSmallIntegerField(_("to age"), default=99)
    audience = models.CharField(_("open to"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    is_public = models.BooleanField(_("bookable online"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["day", "starts_at", "id"]
        indexes = [models.Index(fields=["day", "kind"], name="bookings_gsession_day_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="bookings_gsession_capacity_positive"),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="bookings_gsession_not_overbooked"
            ),
            models.CheckConstraint(condition=Q(min_age__lte=F("max_age")), name="bookings_gsession_age_band"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="bookings_gsession_times"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.day:%d.%m.%Y} {self.starts_at:%H:%M}"

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    @property
    def age_band(self) -> str:
        if self.min_age == 0 and self.max_age >= 99:
            return str(_("all ages"))
        if self.max_age >= 99:
            return str(_("%(age)s and over")) % {"age": self.min_age}
        return f"{self.min_age}–{self.max_age}"


class BookingKind(models.TextChoices):
    SCHOOL = "school", _("School group")
    FAMILY = "family", _("Family")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("group booking", "Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("group booking", "Cancelled")
    NO_SHOW = "no_show", pgettext_lazy("group booking", "Did not come")


class BookingChannel(models.TextChoices):
    ONLINE = "online", _("Online form")
    PHONE = "phone", _("Phone")
    DESK = "desk", _("At the desk")


class GroupBooking(TimeStampedModel):
    """Seats for a school group or a family. The code is what the public "manage my booking" page asks
    for: 10 characters from 31 (about 50 bits), so it cannot be guessed within the rate limit."""

    session = models.ForeignKey(
        GroupSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="bookings"
    )
    code = models.CharField(_("booking code"), max_length=10, unique=True)
    kind = models.CharField(_("who is coming"), max_length=10, choices=BookingKind.choices)
    organisation = models.CharField(_("school"), max_length=160, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    adults = models.PositiveSmallIntegerField(_("adults"), default=0)
    youngest_age = models.PositiveSmallIntegerField(_("youngest child's age"), null=True, blank=True)
    oldest_age = models.PositiveSmallIntegerField(_("oldest child's age"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    channel = models.CharField(_("booked by"), max_length=10, choices=BookingChannel.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("group booking")
        verbose_name_plural = _("group bookings")
        ordering = ["session__day", "session__starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(children__gt=0) | Q(adults__gt=0), name="bookings_gbooking_someone"),
        ]

    def __str__(self) -> str:
        return self.organisation or self.contact_name

    @property
    def head_count(self) -> int:
        return self.children + self.adults

    @property
    def code_display(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"


class WalkInCategory(models.TextChoices):
    CHILD = "child", _("Children")
    ADULT = "adult", _("Adults")


class WalkInCount(models.Model):
    """Visitors who came in without a booking, counted at the door with + and − buttons. One row per
    day and category, moved by conditional UPDATEs (never below zero)."""

    day = models.DateField(_("date"))
    category = models.CharField(_("visitors"), max_length=10, choices=WalkInCategory.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("walk-in count")
        verbose_name_plural = _("walk-in counts")
        constraints = [
            models.UniqueConstraint(fields=["day", "category"], name="bookings_walkin_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category}: {self.count}"


# ---------------------------------------------------------------------------------------------------
# Hall and room bookings (condolence halls, meeting rooms)
# ---------------------------------------------------------------------------------------------------


class HallBookingKind(models.TextChoices):
    CONDOLENCE = "condolence", _("Condolence")
    MEETING = "meeting", _("Meeting")


class HallBookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("hall booking", "Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("hall booking", "Cancelled")


class HallBooking(TimeStampedModel):
    """A hall or room booked for a caller. What the booking holds is in HallOccupancy (one row per
    room, day and hour); the dates here are for reading and history, and stay after cancelling."""

    location = models.ForeignKey(
        "services.Location", verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=HallBookingKind.choices)
    rooms = models.ManyToManyField("venues.Room", verbose_name=_("halls or rooms"), related_name="+")
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("to"))
    starts_at = models.TimeField(_("from (time)"), null=True, blank=True)
    ends_at = models.TimeField(_("to (time)"), null=True, blank=True)
    caller_name = models.CharField(_("caller's name"), max_length=120)
    caller_phone = models.CharField(_("caller's phone"), max_length=20)
    deceased_name = models.CharField(_("name of the deceased"), max_length=120, blank=True)
    purpose = models.CharField(_("purpose"), max_length=160, blank=True)
    expected_people = models.PositiveIntegerField(_("expected people"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HallBookingStatus.choices, default=HallBookingStatus.CONFIRMED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hall booking")
        verbose_name_plural = _("hall bookings")
        ordering = ["first_day", "starts_at", "id"]
        indexes = [models.Index(fields=["location", "first_day", "last_day"], name="bookings_hall_dates_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="bookings_hall_dates_order"),
        ]

    def __str__(self) -> str:
        if self.kind == HallBookingKind.CONDOLENCE and self.deceased_name:
            return str(_("Condolence for %(name)s")) % {"name": self.deceased_name}
        return self.purpose or self.caller_name

    @property
    def is_active(self) -> bool:
        return self.status == HallBookingStatus.CONFIRMED


class HallOccupancy(models.Model):
    """Why double bookings are impossible: a confirmed booking owns one row per room, day and hour,
    and (room, day, hour) is unique. A plain unique constraint behaves the same on SQLite and
    PostgreSQL and under any number of processes (PostgreSQL's exclusion constraints on ranges would
    do it in one row, but SQLite has none). A condolence block holds all 24 hours of each day, so a
    meeting cannot be slipped into a hall in mourning; a meeting holds only its hours. Cancelling a
    booking deletes its rows, which frees the hall."""

    booking = models.ForeignKey(HallBooking, on_delete=models.CASCADE, related_name="occupancy")
    room = models.ForeignKey("venues.Room", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("hall occupancy")
        verbose_name_plural = _("hall occupancy")
        constraints = [
            models.UniqueConstraint(fields=["room", "day", "hour"], name="bookings_hall_one_booking_per_hour"),
            models.CheckConstraint(condition=Q(hour__lte=23), name="bookings_hall_hour_range"),
        ]

    def __str__(self) -> str:
        return f"{self.room_id} {self.day} {self.hour:02d}"
