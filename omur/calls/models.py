"""Check-in calls (hal hatır aramaları): programmes of people to phone on a schedule, the daily call
lists the operators share, every attempt with its outcome and the answers to the wellbeing questions,
and the needs raised in a call with the request or referral each became.

A call's life on its day (services.py is the only writer):

    pending ──► (reached) done
       │
       └─► no answer ──► retry (due again after N minutes) ──► … after M attempts ──► contact step
                                                                                       │
            emergency contact confirms ◄───────────────────────────────────────────────┤
            the person is well: done                                                   ▼
                                                    nobody can confirm: escalated (urgent home visit
                                                    + a task for the case manager)

Who is on the phone with a call right now is not a status but a claim (claimed_by + claim_expires_at),
taken with one conditional UPDATE so two operators never get the same person; an abandoned claim
expires by itself.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.core.crypto import EncryptedJSONField, EncryptedTextField
from omur.core.models import TimeStampedModel

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Weekly, on chosen weekdays")


class CallProgramme(TimeStampedModel):
    """Who is called, when, with which questions, and what happens when nobody answers."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    active = models.BooleanField(_("active"), default=True)
    # Members by rule: everyone with an active enrolment in this catalogue service (its eligibility
    # rules, e.g. 65+ and living alone, are checked when people are enrolled, not here), plus the
    # people a social worker adds by hand (ProgrammeMember).
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("members: everyone enrolled in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_programmes",
        help_text=_("Leave empty to call only the people added by hand."),
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True, help_text=_("For weekly programmes."))
    skip_holidays = models.BooleanField(_("no calls on public holidays"), default=False)
    window_start = models.TimeField(_("calls from"), default=dt.time(9, 0))
    window_end = models.TimeField(_("calls until"), default=dt.time(12, 0))
    retry_minutes = models.PositiveSmallIntegerField(
        _("retry after (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("unanswered attempts before the emergency contact"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    # The end-of-window sweep (services.calls_sweep): a call nobody dialled by the end of the window is
    # closed as "not reached today"; this says whether that also raises a task for the case manager.
    task_when_not_reached = models.BooleanField(
        _("task for the case manager when a call is not made"),
        default=False,
        help_text=_(
            "When the call window ends, calls still open are closed. Anyone who did not answer at least once "
            "is escalated like after the last retry (urgent home visit and a task for the case manager). "
            "Calls nobody got round to making are closed as “not reached today”; tick this to also raise "
            "a task for the case manager for each of them."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("call programme")
        verbose_name_plural = _("call programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(window_end__gt=models.F("window_start")), name="programme_window_order"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="programme_attempts_positive"),
            models.CheckConstraint(condition=Q(retry_minutes__gte=1), name="programme_retry_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def calls_on(self, day: dt.date) -> bool:
        """Whether this programme has a list on `day` (weekday and holiday rules)."""
        from omur.core.calendar import is_public_holiday

        if not self.active:
            return False
        if self.frequency == Frequency.WEEKLY and day.weekday() not in set(self.weekdays or []):
            return False
        return not (self.skip_holidays and is_public_holiday(day))

    @property
    def schedule_label(self) -> str:
        if self.frequency == Frequency.DAILY:
            return str(Frequency.DAILY.label)
        names = dict(WEEKDAY_CHOICES)
        return ", ".join(str(names[d]) for d in sorted(self.weekdays or []) if d in names)


class ProgrammeMember(models.Model):
    """A person added to a programme by hand; removing them keeps the row (who added, who removed)."""

    programme = models.ForeignKey(CallProgramme, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="call_memberships")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("programme member")
        verbose_name_plural = _("programme members")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"], condition=Q(removed_at__isnull=True), name="member_once_while_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.person_id}"


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")
    SCALE = "scale", _("Scale 1–5")
    TEXT = "text", _("Free text")


class Question(models.Model):
    """A wellbeing question asked in every call of a programme, in order. The wording is data, written
    in the language the operators ask it in. `flag_answer` marks the answer that needs attention (a
    yes/no value, or for a scale the highest worrying score), so the call history can show it."""

    programme = models.ForeignKey(CallProgramme, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("answer type"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.YES_NO)
    required = models.BooleanField(_("required"), default=False)
    flag_answer = models.CharField(
        _("answer that needs attention"),
        max_length=10,
        blank=True,
        help_text=_("Yes/no: “yes” or “no”. Scale: scores up to this number (e.g. 2)."),
    )
    active = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("wellbeing question")
        verbose_name_plural = _("wellbeing questions")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return self.text

    def is_flagged(self, answer: Any) -> bool:
        if answer in (None, "") or not self.flag_answer:
            return False
        if self.kind == QuestionKind.YES_NO:
            return str(answer) == self.flag_answer
        if self.kind == QuestionKind.SCALE and self.flag_answer.isdigit():
            try:
                return int(answer) <= int(self.flag_answer)
            except (TypeError, ValueError):
                return False
        return False


class CallList(models.Model):
    """One programme's calls for one day. Generated by the daily job or on demand; the unique
    (programme, day) pair and the unique (list, person) pair make generating twice add nothing."""

    programme = models.ForeignKey(CallProgramme, on_delete=models.PROTECT, related_name="lists")
    day = models.DateField(_("day"))
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("call list")
        verbose_name_plural = _("call lists")
        ordering = ["-day", "programme__name"]
        constraints = [models.UniqueConstraint(fields=["programme", "day"], name="calllist_once_per_day")]

    def __str__(self) -> str:
        return f"{self.programme} · {self.day:%d.%m.%Y}"


class CallStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("call status", "To call")
    RETRY = "retry", pgettext_lazy("call status", "Retry")
    CONTACT = "contact", pgettext_lazy("call status", "Call the emergency contact")
    DONE = "done", pgettext_lazy("call status", "Done")
    ESCALATED = "escalated", pgettext_lazy("call status", "Escalated")
    # Closed by the end-of-window sweep without anybody having dialled the person.
    MISSED = "missed", pgettext_lazy("call status", "Not reached today")


OPEN_CALL_STATUSES = (CallStatus.PENDING, CallStatus.RETRY, CallStatus.CONTACT)


class Outcome(models.TextChoices):
    """What the operator heard. The first six are the person-step buttons."""

    WELL = "well", _("Reached and well")
    NEEDS_HELP = "needs_help", _("Reached, needs help")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    HOSPITALISED = "hospitalised", _("Hospitalised")
    DECEASED = "deceased", _("Deceased")
    # Emergency-contact step.
    CONTACT_WELL = "contact_well", _("Contact confirms the person is well")
    CONTACT_NOT_REACHED = "contact_not_reached", _("Contact did not answer")
    CONTACT_UNSURE = "contact_unsure", _("Contact reached, cannot confirm")
    # Set by the end-of-window sweep, never by an operator.
    WINDOW_CLOSED = "window_closed", _("Call window ended before anyone was reached")


PERSON_OUTCOMES = (
    Outcome.WELL,
    Outcome.NEEDS_HELP,
    Outcome.NO_ANSWER,
    Outcome.WRONG_NUMBER,
    Outcome.HOSPITALISED,
    Outcome.DECEASED,
)
CONTACT_OUTCOMES = (
    Outcome.CONTACT_WELL,
    Outcome.CONTACT_NOT_REACHED,
    Outcome.CONTACT_UNSURE,
    Outcome.HOSPITALISED,
    Outcome.DECEASED,
)


class Step(models.TextChoices):
    PERSON = "person", _("The person")
    CONTACT = "contact", _("Emergency contact")


class Call(models.Model):
    """One person to call on one day in one programme."""

    call_list = models.ForeignKey(CallList, on_delete=models.CASCADE, related_name="calls")
    programme = models.ForeignKey(CallProgramme, on_delete=models.PROTECT, related_name="calls")
    day = models.DateField(_("day"))
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="checkin_calls"
    )
    status = models.CharField(_("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.PENDING)
    due_at = models.DateTimeField(_("due at"))
    attempts = models.PositiveSmallIntegerField(_("unanswered attempts"), default=0)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)

    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)

    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # When the end-of-window sweep closed the call (escalated or "not reached today").
    swept_at = models.DateTimeField(_("closed at the end of the call window"), null=True, blank=True)
    task = models.ForeignKey(
        "cases.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The urgent home visit requested on escalation (a homecare object; generic so this app does not
    # depend on that app's model names).
    visit_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    visit_id = models.PositiveBigIntegerField(null=True, blank=True)
    visit = GenericForeignKey("visit_type", "visit_id")

    class Meta:
        verbose_name = _("check-in call")
        verbose_name_plural = _("check-in calls")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["day", "status", "due_at"], name="call_queue_idx"),
            models.Index(fields=["person", "day"], name="call_person_idx"),
            models.Index(fields=["claimed_by", "claim_expires_at"], name="call_claim_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["call_list", "person"], name="call_once_per_list"),
            models.CheckConstraint(
                condition=Q(status__in=["done", "escalated", "missed"], closed_at__isnull=False)
                | (~Q(status__in=["done", "escalated", "missed"]) & Q(closed_at__isnull=True)),
                name="call_closed_at_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(claimed_by__isnull=True) | Q(claim_expires_at__isnull=False), name="call_claim_expires"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Check-in call')} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CALL_STATUSES

    def claimed_now(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(self.claimed_by_id and self.claim_expires_at and self.claim_expires_at > now)

    @property
    def step(self) -> str:
        return Step.CONTACT if self.status == CallStatus.CONTACT else Step.PERSON


class CallAttempt(models.Model):
    """One dial: who called whom, when, what came of it. Answers and notes may say how someone's
    health is (special-category data), so both are encrypted."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="call_attempts")
    step = models.CharField(_("who was called"), max_length=10, choices=Step.choices, default=Step.PERSON)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("operator"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    contact = models.ForeignKey(
        "registry.EmergencyContact",
        verbose_name=_("emergency contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answers = EncryptedJSONField(_("answers"), blank=True, default="")
    flagged = models.BooleanField(_("an answer needs attention"), default=False)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("call attempt")
        verbose_name_plural = _("call attempts")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["operator", "at"], name="attempt_operator_idx")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.at:%d.%m.%Y %H:%M}"


class NeedKind(models.TextChoices):
    """What a person asked for. Everyday help becomes an intake request the operator records at once;
    health and psychological needs become a referral that the case manager sends (an operator does not
    refer: that is a case decision, see omur/cases/permissions.py)."""

    CLEANING = "cleaning", _("Home cleaning")
    PERSONAL_CARE = "personal_care", _("Personal care")
    REPAIR = "repair", _("Small repair at home")
    MEAL = "meal", _("Hot meals")
    IN_KIND = "in_kind", _("Food, clothing or other aid")
    VISIT = "visit", _("Social assessment visit")
    HEALTH = "health", _("Health visit (nurse)")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    OTHER = "other", _("Other")


# need kind → ("request", intake category code) or ("referral", catalogue service code)
NEED_ROUTES: dict[str, tuple[str, str]] = {
    NeedKind.CLEANING: ("request", "home_cleaning"),
    NeedKind.PERSONAL_CARE: ("request", "personal_care"),
    NeedKind.REPAIR: ("request", "home_repair"),
    NeedKind.MEAL: ("request", "hot_meal"),
    NeedKind.IN_KIND: ("request", "in_kind_aid"),
    NeedKind.VISIT: ("request", "social_assessment"),
    NeedKind.OTHER: ("request", "other"),
    NeedKind.HEALTH: ("referral", "evde-saglik"),
    NeedKind.PHYSIOTHERAPY: ("referral", "evde-fizik-tedavi"),
    NeedKind.PSYCHOLOGICAL: ("referral", "psikolojik-destek"),
}


class NeedStatus(models.TextChoices):
    REQUESTED = "requested", _("Request recorded")
    AWAITING_REFERRAL = "awaiting_referral", _("Waiting for the case manager to refer")
    REFERRED = "referred", _("Referred")
    DISMISSED = "dismissed", _("Dismissed")


class CallNeed(models.Model):
    """A need raised in a call, and what it became (an intake request or a referral)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="needs")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="call_needs")
    kind = models.CharField(_("need"), max_length=20, choices=NeedKind.choices)
    description = EncryptedTextField(_("what the person needs"))
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices)
    request = models.ForeignKey(
        "intake.Request", verbose_name=_("request"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referral = models.ForeignKey(
        "cases.Referral", verbose_name=_("referral"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("need raised in a call")
        verbose_name_plural = _("needs raised in calls")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["status", "raised_at"], name="callneed_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="requested") | Q(request__isnull=False), name="callneed_requested_has_request"
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | Q(referral__isnull=False), name="callneed_referred_has_referral"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person_id}"

    @property
    def route(self) -> str:
        return NEED_ROUTES.get(self.kind, ("request", "other"))[0]
