"""Home care: the field staff who go to people's homes, the visits they make (materialised from care
plans, raised as urgent welfare checks, or booked for repair jobs), the daily route plans that put
visits in order, and repair jobs with their materials.

Why staff are not users: the office plans for every carer, cleaner and craftsperson, including those
who never sign in (a subcontracted cleaner, a Kadın Ustalar graduate on call). A `StaffMember` may be
linked to a user (then that user sees their own visits in the field view), or stand alone.

The six visit-verification items (service type, recipient, date, location, provider, start and end
time) are columns of `Visit`: `kind`/`service`, `person`, `date`, `address`/`lat`/`lon`,
`provider` (who checked in) and `checked_in_at`/`checked_out_at`.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.core.crypto import EncryptedTextField
from omur.core.models import TimeStampedModel

# ---------------------------------------------------------------------------------------------------
# Skills, professions, trades
# ---------------------------------------------------------------------------------------------------


class Trade(models.TextChoices):
    ELECTRICIAN = "electrician", _("Electrician")
    PLUMBER = "plumber", _("Plumber")
    CARPENTER = "carpenter", _("Carpenter")
    PAINTER = "painter", _("Painter")
    LOCKSMITH = "locksmith", _("Locksmith")
    WELDER = "welder", _("Welder")
    HANDYMAN = "handyman", _("General repairs")


TRADE_SKILL_PREFIX = "trade_"


def trade_skill(trade: str) -> str:
    """The routing skill a repair visit needs: a craftsperson of that trade."""
    return f"{TRADE_SKILL_PREFIX}{trade}"


class Skill(models.TextChoices):
    """What a visit needs and a staff member can do. Care skills share their codes with
    `cases.CareTaskType`, so a care-plan task is its own skill; repair visits need a trade."""

    PERSONAL_CARE = "personal_care", _("Personal care")
    CLEANING = "cleaning", _("Cleaning")
    HEALTH_CHECK = "health_check", _("Health check")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("Psychological support")
    # An urgent welfare check after unanswered check-in calls: caregivers and nurses do it.
    WELFARE_CHECK = "welfare_check", _("Welfare check")
    ESCORT = "escort", _("Hospital escort or transfer")
    TRADE_ELECTRICIAN = "trade_electrician", _("Repairs: electrician")
    TRADE_PLUMBER = "trade_plumber", _("Repairs: plumber")
    TRADE_CARPENTER = "trade_carpenter", _("Repairs: carpenter")
    TRADE_PAINTER = "trade_painter", _("Repairs: painter")
    TRADE_LOCKSMITH = "trade_locksmith", _("Repairs: locksmith")
    TRADE_WELDER = "trade_welder", _("Repairs: welder")
    TRADE_HANDYMAN = "trade_handyman", _("Repairs: general")


class Profession(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    CLEANER = "cleaner", _("Cleaner")
    NURSE = "nurse", _("Nurse")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    CRAFTSPERSON = "craftsperson", _("Craftsperson")
    DRIVER = "driver", _("Driver")


# The skills a profession brings by default (a profile may add or remove skills).
PROFESSION_SKILLS: dict[str, tuple[str, ...]] = {
    Profession.CAREGIVER: (Skill.PERSONAL_CARE, Skill.WELFARE_CHECK),
    Profession.CLEANER: (Skill.CLEANING,),
    Profession.NURSE: (Skill.HEALTH_CHECK, Skill.PERSONAL_CARE, Skill.WELFARE_CHECK),
    Profession.PHYSIOTHERAPIST: (Skill.PHYSIOTHERAPY,),
    Profession.PSYCHOLOGIST: (Skill.PSYCHOLOGICAL_SUPPORT,),
    Profession.CRAFTSPERSON: (),
    Profession.DRIVER: (Skill.ESCORT,),
}


class StaffSex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Vehicle(models.TextChoices):
    CAR = "car", _("Office car")
    VAN = "van", _("Van (with tools)")
    PUBLIC_TRANSPORT = "public", _("Public transport")
    ON_FOOT = "foot", _("On foot")


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


WORKING_WEEK = [0, 1, 2, 3, 4]


class StaffMember(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="homecare_staff",
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=StaffSex.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    base = models.ForeignKey(
        "services.Location", verbose_name=_("team base"), on_delete=models.PROTECT, related_name="homecare_staff"
    )
    work_days = models.JSONField(_("working days"), default=list, help_text=_("Weekdays, 0 = Monday."))
    shift_start = models.TimeField(_("shift starts"), default=dt.time(8, 30))
    shift_end = models.TimeField(_("shift ends"), default=dt.time(17, 30))
    lunch_start = models.TimeField(_("lunch break from"), null=True, blank=True, default=dt.time(12, 30))
    lunch_end = models.TimeField(_("lunch break until"), null=True, blank=True, default=dt.time(13, 0))
    vehicle = models.CharField(_("vehicle"), max_length=10, choices=Vehicle.choices, default=Vehicle.CAR)
    vehicle_plate = models.CharField(_("number plate"), max_length=16, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # The personal calendar feed: a long random token in the URL (unguessable), replaced or
    # cleared to revoke it.
    feed_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(shift_end__gt=F("shift_start")), name="staff_shift_ordered"),
            models.CheckConstraint(
                condition=Q(lunch_start__isnull=True, lunch_end__isnull=True)
                | Q(lunch_end__gt=F("lunch_start"), lunch_start__gte=F("shift_start"), lunch_end__lte=F("shift_end")),
                name="staff_lunch_inside_shift",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def routing_id(self) -> str:
        return f"S{self.pk}"

    def works_on(self, day: dt.date) -> bool:
        return day.weekday() in (self.work_days or [])

    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels.get(s, s)) for s in self.skills]


class AbsenceKind(models.TextChoices):
    SICK = "sick", _("Sick")
    LEAVE = "leave", _("Annual leave")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Absence(models.Model):
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AbsenceKind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start_date", "id"]
        indexes = [models.Index(fields=["staff", "start_date", "end_date"], name="absence_staff_idx")]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="absence_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_kind_display()} {self.start_date}–{self.end_date}"


# ---------------------------------------------------------------------------------------------------
# Visits
# ---------------------------------------------------------------------------------------------------


class VisitSource(models.TextChoices):
    CARE_PLAN = "care_plan", _("Care plan")
    URGENT = "urgent", _("Urgent welfare check")
    REPAIR = "repair", _("Repair job")
    RESCHEDULED = "rescheduled", _("Rescheduled visit")
    MANUAL = "manual", _("Added by the office")


class VisitStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("visit status", "Scheduled")
    IN_PROGRESS = "in_progress", pgettext_lazy("visit status", "In progress")
    DONE = "done", pgettext_lazy("visit status", "Done")
    NOT_HOME = "not_home", pgettext_lazy("visit status", "Not at home")
    REFUSED = "refused", pgettext_lazy("visit status", "Refused")
    HOSPITALISED = "hospitalised", pgettext_lazy("visit status", "Hospitalised")
    CANCELLED = "cancelled", pgettext_lazy("visit status", "Cancelled")


OPEN_VISIT_STATUSES = (VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS)
NOT_DONE_OUTCOMES = (VisitStatus.NOT_HOME, VisitStatus.REFUSED, VisitStatus.HOSPITALISED)
FINAL_VISIT_STATUSES = (VisitStatus.DONE, *NOT_DONE_OUTCOMES, VisitStatus.CANCELLED)


class Visit(TimeStampedModel):
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="homecare_visits"
    )
    source = models.CharField(_("source"), max_length=12, choices=VisitSource.choices)
    # What is done: a care-task code (cases.CareTaskType), "welfare_check" or "repair".
    kind = models.CharField(_("visit type"), max_length=30)
    service = models.ForeignKey(
        "services.Service", verbose_name=_("service"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enrolment = models.ForeignKey(
        "cases.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="homecare_visits"
    )
    repair_job = models.ForeignKey(
        "homecare.RepairJob", null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    rescheduled_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rescheduled_to"
    )
    date = models.DateField(_("date"))
    window_start = models.TimeField(_("visit from"))
    window_end = models.TimeField(_("visit until"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    required_skill = models.CharField(_("required skill"), max_length=30, choices=Skill.choices)
    same_sex = models.BooleanField(_("carer of the same sex"), default=False)
    preferred_staff = models.ForeignKey(
        StaffMember, verbose_name=_("usual carer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    # Who asked for a visit outside the care plan: "checkin_call", "office", "repair", ...
    origin = models.CharField(_("requested by"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    notes = models.TextField(_("notes for the visit"), blank=True)
    # Where: copied from the person's address when the visit is made (the location item of the
    # visit-verification record must not change if the person moves later).
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    location_approximate = models.BooleanField(_("location approximate"), default=False)

    status = models.CharField(_("status"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.SCHEDULED)
    # A planner's hand (pin, move, edit) or the field (check-in) locks a visit: re-materialising the
    # care plan leaves it alone.
    locked = models.BooleanField(_("locked"), default=False)
    pinned_staff = models.ForeignKey(
        StaffMember, verbose_name=_("pinned to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The current plan's answer, written back by the planner.
    assigned_staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_visits",
    )
    route_plan = models.ForeignKey(
        "homecare.RoutePlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveSmallIntegerField(_("order in the route"), null=True, blank=True)
    planned_start = models.TimeField(_("planned start"), null=True, blank=True)
    planned_end = models.TimeField(_("planned end"), null=True, blank=True)
    unplaced_reason = models.CharField(max_length=40, blank=True)

    # Field record.
    provider = models.ForeignKey(
        StaffMember, verbose_name=_("provider"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in_lat = models.FloatField(null=True, blank=True)
    check_in_lon = models.FloatField(null=True, blank=True)
    check_in_distance_m = models.PositiveIntegerField(_("check-in distance (m)"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    check_out_lat = models.FloatField(null=True, blank=True)
    check_out_lon = models.FloatField(null=True, blank=True)
    check_out_distance_m = models.PositiveIntegerField(_("check-out distance (m)"), null=True, blank=True)
    location_flagged = models.BooleanField(_("location flagged"), default=False)
    # What the carer wrote about the visit ("taken to hospital after a fall"): health data, so encrypted.
    outcome_note = EncryptedTextField(_("outcome notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["date", "assigned_staff_id", "sequence", "window_start", "id"]
        indexes = [
            models.Index(fields=["date", "status"], name="visit_date_idx"),
            models.Index(fields=["assigned_staff", "date"], name="visit_staff_idx"),
            models.Index(fields=["person", "date"], name="visit_person_idx"),
        ]
        constraints = [
            # One visit per care-plan task and day: re-running the materialiser adds nothing. Keyed on
            # the enrolment and the task (not the CarePlanItem row: cases replaces the rows whole on
            # every save, and a care plan belongs to one enrolment with each task once).
            models.UniqueConstraint(
                fields=["enrolment", "kind", "date"],
                condition=Q(source="care_plan", enrolment__isnull=False),
                name="visit_one_per_item_day",
            ),
            models.CheckConstraint(condition=Q(window_end__gte=F("window_start")), name="visit_window_ordered"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_in_at__isnull=False),
                name="visit_checkout_after_checkin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.person} · {self.date:%d.%m.%Y}"

    @property
    def kind_label(self) -> str:
        from omur.cases.models import CareTaskType

        labels = {**dict(CareTaskType.choices), "welfare_check": _("Welfare check"), "repair": _("Repair")}
        return str(labels.get(self.kind, self.kind))

    @property
    def routing_id(self) -> str:
        return f"V{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_VISIT_STATUSES

    @property
    def carer_sex(self) -> str | None:
        return self.person.sex if self.same_sex else None

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None


# ---------------------------------------------------------------------------------------------------
# Route plans
# ---------------------------------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("plan status", "Queued")
    RUNNING = "running", pgettext_lazy("plan status", "Running")
    DONE = "done", pgettext_lazy("plan status", "Done")
    FAILED = "failed", pgettext_lazy("plan status", "Failed")


class PlanKind(models.TextChoices):
    FULL = "full", _("Full plan")
    REOPTIMISE = "reoptimise", _("Re-optimised around pins")
    REPLAN = "replan", _("Re-planned after an absence")
    MANUAL = "manual", _("Manual change")


class RoutePlan(models.Model):
    """One version of a day's plan. The newest finished version is the day's plan; older versions
    stay for comparison and audit. `plan` is `omur.routing.Plan.to_dict()` with the routing ids
    (S<staff pk>, V<visit pk>)."""

    date = models.DateField(_("date"))
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=12, choices=PlanKind.choices, default=PlanKind.FULL)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    time_limit = models.FloatField(_("time limit (s)"), default=10.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    visits_placed = models.PositiveIntegerField(_("visits placed"), default=0)
    visits_unplaced = models.PositiveIntegerField(_("visits not placed"), default=0)
    travel_minutes = models.FloatField(_("travel (minutes)"), default=0)
    staff_used = models.PositiveIntegerField(_("staff with visits"), default=0)
    preferred_share = models.FloatField(_("usual carer kept"), default=0)
    moved = models.PositiveIntegerField(_("visits moved"), null=True, blank=True)
    # What the planner asked for: {"unavailable": [staff pks], "locked": [staff pks]}.
    params = models.JSONField(default=dict, blank=True)
    plan = models.JSONField(default=dict, blank=True)
    # What changed against the previous version: [{"visit": pk, "from": staff pk|None, "to": ...}].
    changes = models.JSONField(default=list, blank=True)
    check_problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("route plan")
        verbose_name_plural = _("route plans")
        ordering = ["-date", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["date", "version"], name="routeplan_date_version"),
            # One planning run at a time per day, enforced by the database.
            models.UniqueConstraint(
                fields=["date"], condition=Q(status__in=["queued", "running"]), name="routeplan_one_running"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} v{self.version}"

    @property
    def is_running(self) -> bool:
        return self.status in (PlanStatus.QUEUED, PlanStatus.RUNNING)


# ---------------------------------------------------------------------------------------------------
# Repair jobs
# ---------------------------------------------------------------------------------------------------


class RepairStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("repair status", "Requested")
    SCHEDULED = "scheduled", pgettext_lazy("repair status", "Visit booked")
    DONE = "done", pgettext_lazy("repair status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("repair status", "Cancelled")


class RepairJob(TimeStampedModel):
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="repair_jobs"
    )
    request = models.ForeignKey(
        "intake.Request", verbose_name=_("request"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    problem = models.CharField(_("problem"), max_length=200, help_text=_("What is broken, in a few words."))
    detail = models.TextField(_("details"), blank=True)
    trade = models.CharField(_("trade"), max_length=20, choices=Trade.choices)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    status = models.CharField(_("status"), max_length=10, choices=RepairStatus.choices, default=RepairStatus.REQUESTED)
    completion_notes = models.TextField(_("completion notes"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("repair job")
        verbose_name_plural = _("repair jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "trade"], name="repair_status_idx")]

    def __str__(self) -> str:
        return f"{self.problem} · {self.person}"

    @property
    def required_skill(self) -> str:
        return trade_skill(self.trade)


class RepairMaterial(models.Model):
    job = models.ForeignKey(RepairJob, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("material"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, default="adet")
    quantity_planned = models.DecimalField(
        _("quantity planned"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    quantity_used = models.DecimalField(
        _("quantity used"), max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["job", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity_planned__gte=0), name="material_planned_positive"),
            models.CheckConstraint(
                condition=Q(quantity_used__isnull=True) | Q(quantity_used__gte=0), name="material_used_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity_planned} {self.unit}"
