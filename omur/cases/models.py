"""Case work: tasks and alerts, confidential case notes, social assessments (sosyal inceleme) with the
committee's decision, enrolments in services with their status history and care plans, and referrals
to other services and to partner institutions.

Special-category data (KVKK art. 6) is encrypted at rest: every case-note body, and the health and
daily-living sections of an assessment. Who may read a note is decided in one place,
selectors.case_notes_visible_to, never in a view or template.
"""

import datetime as dt
from typing import Any

from dateutil.rrule import rrulestr
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.accounts.roles import Role
from omur.core.crypto import EncryptedJSONField, EncryptedTextField
from omur.core.models import TimeStampedModel

# ---------------------------------------------------------------------------------------------------
# Tasks and alerts
# ---------------------------------------------------------------------------------------------------


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    DONE = "done", pgettext_lazy("task status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("task status", "Cancelled")


class TaskPriority(models.IntegerChoices):
    # Integers so the inbox sorts by priority with a plain ORDER BY.
    LOW = 10, pgettext_lazy("priority", "Low")
    NORMAL = 20, pgettext_lazy("priority", "Normal")
    HIGH = 30, pgettext_lazy("priority", "High")
    URGENT = 40, pgettext_lazy("priority", "Urgent")


class TaskSource(models.TextChoices):
    """What raised a task. Other apps may pass a source of their own; unknown ones show as written."""

    MANUAL = "manual", _("Added by staff")
    REVIEW_DUE = "review_due", _("Review due")
    REASSESSMENT_DUE = "reassessment_due", _("Re-assessment due")
    ASSESSMENT_VISIT = "assessment_visit", _("Assessment visit")
    AGE_OUT = "age_out", _("Age limit reached")
    CASE_CLOSED = "case_closed", _("Case closed by a rule")
    REFERRAL = "referral", _("Referral")
    MISSED_MEAL = "missed_meal", _("Missed meal")
    UNANSWERED_CALL = "unanswered_call", _("Unanswered check-in call")
    ABSENCE = "absence", _("Absence")
    HOME_VISIT = "home_visit", _("Home visit not made")
    CHECKIN_CALL = "checkin_call", _("Check-in call answer needs attention")
    CHECKIN_NEED = "checkin_need", _("Need raised in a check-in call")
    CHECKIN_HOSPITALISED = "checkin_hospitalised", _("Hospitalised (check-in call)")
    CHECKIN_DECEASED = "checkin_deceased", _("Reported deceased (check-in call)")
    CHECKIN_WRONG_NUMBER = "checkin_wrong_number", _("Wrong phone number")
    PLACEMENT_FOLLOW_UP = "placement_follow_up", _("Job placement follow-up")
    PASS_ON_OVERDUE = "pass_on_overdue", _("Pass-on overdue")
    PASS_ON_AT_RISK = "pass_on_at_risk", _("Pass-on at risk")


class Task(models.Model):
    """Something a member of staff, or anyone holding a role, has to do: raised by people or by rules
    (services.task_raise). A rule passes a `dedupe_key`; while a task with that key is open the rule
    cannot raise it again (a partial unique index, so it holds across processes too)."""

    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    # What the task is about (an enrolment, a referral, a missed meal...), when it is about something.
    related_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    related_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assignee_role = models.CharField(_("assigned to role"), max_length=40, choices=Role.choices, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    source = models.CharField(_("source"), max_length=40, choices=TaskSource.choices, default=TaskSource.MANUAL)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = [F("due").asc(nulls_last=True), "-priority", "id"]
        indexes = [
            models.Index(fields=["assignee", "status", "due"], name="task_assignee_idx"),
            models.Index(fields=["assignee_role", "status", "due"], name="task_role_idx"),
            models.Index(fields=["person", "status"], name="task_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=Q(status="open") & ~Q(dedupe_key=""), name="task_dedupe_while_open"
            ),
            models.CheckConstraint(
                condition=Q(assignee__isnull=False) | ~Q(assignee_role=""), name="task_has_assignee"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="task_closed_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due is not None and self.due < (today or timezone.localdate())

    @property
    def source_label(self) -> str:
        return str(dict(TaskSource.choices).get(self.source, self.source))

    @property
    def assignee_label(self) -> str:
        if self.assignee_id:
            return str(self.assignee)
        return str(Role(self.assignee_role).label) if self.assignee_role in Role.values else self.assignee_role


# ---------------------------------------------------------------------------------------------------
# Case notes
# ---------------------------------------------------------------------------------------------------


class NoteLevel(models.TextChoices):
    GENERAL = "general", _("General (case team)")
    CLINICAL = "clinical", _("Clinical (psychologists and therapists)")
    RESTRICTED = "restricted", _("Restricted (named staff only)")


class CaseNote(models.Model):
    """A dated note about a person. Notes are not edited: a correction is a new note, so what a
    colleague read yesterday is still what the file says it was.

    Every body is encrypted, whatever its level: a clinical note is special-category data by law, and
    encrypting all of them means changing a level can never leave plaintext behind. The price is that
    notes are searched in Python, after decryption, within what the reader may see."""

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="case_notes"
    )
    enrolment = models.ForeignKey(
        "cases.Enrolment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("confidentiality"), max_length=12, choices=NoteLevel.choices, default=NoteLevel.GENERAL)
    body = EncryptedTextField(_("note"))
    # Restricted notes: the staff named here (and the author) may read it; nobody else.
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("named readers"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "level", "created_at"], name="casenote_person_idx")]

    def __str__(self) -> str:
        return f"{_('Case note')} #{self.pk}"

    @property
    def summary(self) -> str:
        first = (self.body or "").strip().splitlines()[0] if (self.body or "").strip() else ""
        return first[:120] + ("…" if len(first) > 120 else "")


# ---------------------------------------------------------------------------------------------------
# Social assessment (sosyal inceleme)
# ---------------------------------------------------------------------------------------------------


class AssessmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("assessment status", "Visit scheduled")
    COMPLETED = "completed", pgettext_lazy("assessment status", "Awaiting committee")
    APPROVED = "approved", pgettext_lazy("assessment status", "Approved")
    REJECTED = "rejected", pgettext_lazy("assessment status", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("assessment status", "Cancelled")


class Assessment(TimeStampedModel):
    """One social assessment: a scheduled home visit, the form filled in at the visit, and the
    committee's decision.

    The form's sections are JSON values, one per section, each written only through its own Django
    form (forms.py: HouseholdSectionForm, ...), which validates it. Why JSON and not columns: the
    office revises its visit form over the years, the sections are always read whole, and no list or
    report filters on an answer. What is filtered or sorted on is a column: status, dates, and the
    Katz and Lawton scores (home-care waiting lists are ordered by dependency). The health and
    daily-living sections are special-category data and are encrypted; the two scores alone are kept
    in the clear for that ordering (a number from 0 to 6 or 8, not the answers behind it).
    """

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="assessments"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    request = models.ForeignKey(
        "intake.Request",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="assessments"
    )
    scheduled_on = models.DateField(_("visit date"))
    scheduled_time = models.TimeField(_("visit time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.SCHEDULED
    )
    visited_on = models.DateField(_("visited on"), null=True, blank=True)

    household_section = models.JSONField(_("household"), default=dict, blank=True)
    income_section = models.JSONField(_("income and assets"), default=dict, blank=True)
    housing_section = models.JSONField(_("housing"), default=dict, blank=True)
    health_section = EncryptedJSONField(_("health"), blank=True, default="")
    daily_living_section = EncryptedJSONField(_("daily living"), blank=True, default="")
    support_section = models.JSONField(_("support network"), default=dict, blank=True)
    statements_section = models.JSONField(_("statements"), default=dict, blank=True)
    observations = models.TextField(_("observations"), blank=True)
    recommendation = models.TextField(_("assessor's recommendation"), blank=True)
    katz_score = models.PositiveSmallIntegerField(
        _("Katz ADL score"), null=True, blank=True, validators=[MaxValueValidator(6)]
    )
    lawton_score = models.PositiveSmallIntegerField(
        _("Lawton IADL score"), null=True, blank=True, validators=[MaxValueValidator(8)]
    )

    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    reassess_on = models.DateField(_("re-assess on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("social assessment")
        verbose_name_plural = _("social assessments")
        ordering = ["-scheduled_on", "-id"]
        indexes = [
            models.Index(fields=["assessor", "status", "scheduled_on"], name="assessment_assessor_idx"),
            models.Index(fields=["status", "reassess_on"], name="assessment_reassess_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(katz_score__isnull=True) | Q(katz_score__lte=6), name="assessment_katz_range"
            ),
            models.CheckConstraint(
                condition=Q(lawton_score__isnull=True) | Q(lawton_score__lte=8), name="assessment_lawton_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""), name="assessment_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected"]) | Q(decided_on__isnull=False),
                name="assessment_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Assessment')} #{self.pk}"

    @property
    def is_decided(self) -> bool:
        return self.status in (AssessmentStatus.APPROVED, AssessmentStatus.REJECTED)

    @property
    def is_editable(self) -> bool:
        return self.status in (AssessmentStatus.SCHEDULED, AssessmentStatus.COMPLETED)


# ---------------------------------------------------------------------------------------------------
# Enrolments and care plans
# ---------------------------------------------------------------------------------------------------


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("enrolment status", "Waiting")
    ACTIVE = "active", pgettext_lazy("enrolment status", "Active")
    SUSPENDED = "suspended", pgettext_lazy("enrolment status", "Suspended")
    CLOSED = "closed", pgettext_lazy("enrolment status", "Closed")


OPEN_ENROLMENT_STATUSES = (EnrolmentStatus.WAITING, EnrolmentStatus.ACTIVE, EnrolmentStatus.SUSPENDED)


class CloseReason(models.TextChoices):
    GOAL_MET = "goal_met", _("Goals met")
    AGED_OUT = "aged_out", _("Age limit reached")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("No longer eligible")
    DECLINED = "declined", _("Declined by the person or family")
    MOVED_AWAY = "moved_away", _("Moved away")
    TRANSFERRED = "transferred", _("Transferred to another service or institution")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other (explained in the note)")


class Enrolment(TimeStampedModel):
    """A person in a service: waiting → active ⇄ suspended → closed (with a reason). Status changes go
    through services.enrolment_transition only, which writes an EnrolmentStatusChange row each time.
    A person has at most one open (not closed) enrolment per service."""

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    service = models.ForeignKey(
        "services.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.WAITING
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caseload",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["service", "status"], name="enrolment_service_idx"),
            models.Index(fields=["case_manager", "status", "review_on"], name="enrolment_manager_idx"),
            models.Index(fields=["status", "review_on"], name="enrolment_review_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service"], condition=~Q(status="closed"), name="enrolment_one_open_per_service"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(close_reason=""), name="enrolment_closed_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="enrolment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.service}"

    @property
    def is_open(self) -> bool:
        return self.status != EnrolmentStatus.CLOSED


class EnrolmentStatusChange(models.Model):
    """One step of an enrolment's history; the first row (from_status "") is its creation."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=EnrolmentStatus.choices)
    reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    note = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    # Null for rules run by the daily job.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("enrolment status change")
        verbose_name_plural = _("enrolment status changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.from_status or '∅'} → {self.to_status}"


class CareTaskType(models.TextChoices):
    CLEANING = "cleaning", _("Cleaning")
    PERSONAL_CARE = "personal_care", _("Personal care (bathing, hair, nails)")
    HEALTH_CHECK = "health_check", _("Health check")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("Psychological support")
    REPAIR = "repair", _("Small repairs")
    MEAL_DELIVERY = "meal_delivery", _("Hot-meal delivery")
    CHECK_IN_CALL = "check_in_call", _("Check-in call")
    ESCORT = "escort", _("Hospital escort or transfer")


# Which care tasks each field health role delivers: what their care-plan lists show them.
CARE_TASKS_BY_ROLE: dict[str, frozenset[str]] = {
    Role.NURSE: frozenset({CareTaskType.HEALTH_CHECK, CareTaskType.PERSONAL_CARE}),
    Role.PHYSIOTHERAPIST: frozenset({CareTaskType.PHYSIOTHERAPY}),
}

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class CarePlan(TimeStampedModel):
    """How a home-based enrolment is delivered: which tasks, how often (one RFC 5545 RRULE per task,
    on CarePlanItem), when the person can be visited, and who should come. Home care turns these into
    dated visits; nothing here is a visit yet."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="care_plan"
    )
    preferred_days = models.JSONField(
        _("preferred days"), default=list, blank=True, help_text=_("Weekday codes: MO … SU.")
    )
    window_start = models.TimeField(_("visits from"), null=True, blank=True)
    window_end = models.TimeField(_("visits until"), null=True, blank=True)
    # Personal care (bathing, perineal care) is given by a carer of the person's own sex.
    same_sex_carer = models.BooleanField(_("carer of the same sex needed"), default=False)
    preferred_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("preferred staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes for the carers"), blank=True)

    class Meta:
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gt=F("window_start")),
                name="careplan_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Care plan')} · {self.enrolment}"


class CarePlanItem(models.Model):
    care_plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="items")
    task_type = models.CharField(_("task"), max_length=30, choices=CareTaskType.choices)
    # An RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH".
    recurrence = models.CharField(_("frequency (RRULE)"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )

    class Meta:
        verbose_name = _("care plan task")
        verbose_name_plural = _("care plan tasks")
        ordering = ["care_plan", "id"]
        constraints = [models.UniqueConstraint(fields=["care_plan", "task_type"], name="careplan_item_unique_task")]

    def __str__(self) -> str:
        return f"{self.get_task_type_display()} {self.recurrence}"

    def occurrences(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The dates in [start, end] on which this task falls."""
        rule: Any = rrulestr(self.recurrence, dtstart=dt.datetime.combine(start, dt.time()))
        return [
            d.date()
            for d in rule.between(dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), inc=True)
        ]


# ---------------------------------------------------------------------------------------------------
# Partners and referrals
# ---------------------------------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    PUBLIC = "public", _("Public institution")
    NGO = "ngo", _("Non-governmental organisation")
    UNIVERSITY = "university", _("University")
    PRIVATE = "private", _("Private sector")


class Partner(TimeStampedModel):
    """An institution outside the office that takes referrals (a hospital, the provincial directorate
    of family services, an association, a university clinic)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=240, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferralKind(models.TextChoices):
    INTERNAL = "internal", _("Internal (to another service)")
    EXTERNAL = "external", _("External (to a partner institution)")


class ReferralStatus(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral status", "Sent")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")


class Referral(TimeStampedModel):
    """A closed loop: sent → accepted or declined → (accepted) completed with an outcome. Each answer
    is shown to the sender (a task in their inbox). For an external referral the partner does not use
    Ömür: a member of staff records the partner's answer."""

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="referrals"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReferralKind.choices)
    from_enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("from enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_out",
    )
    to_service = models.ForeignKey(
        "services.Service",
        verbose_name=_("to service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_in",
    )
    to_partner = models.ForeignKey(
        Partner, verbose_name=_("to partner"), null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    reason = models.TextField(_("reason for the referral"))
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.TextField(_("answer"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # An accepted internal referral opens a (waiting) enrolment in the receiving service.
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("resulting enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_in",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["status", "sent_at"], name="referral_status_idx"),
            models.Index(fields=["sent_by", "status"], name="referral_sender_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="internal", to_service__isnull=False, to_partner__isnull=True))
                | Q(kind="external", to_partner__isnull=False, to_service__isnull=True),
                name="referral_target_matches_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer_note=""), name="referral_decline_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(outcome=""), name="referral_completed_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Referral')} #{self.pk}"

    @property
    def target(self) -> Any:
        return self.to_service if self.kind == ReferralKind.INTERNAL else self.to_partner
