"""Requests (başvuru) from every channel, their status history, the SMS notices sent about them, and
the per-address counters that rate-limit the public form.

The status workflow itself (which transitions exist, who may make them, what each requires) lives in
omur.intake.workflow; every change goes through services.request_transition, which writes one
RequestStatusChange row, so the time spent in each state is derived from the history, never stored."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omur.core.models import SmsRecord, SmsState, TimeStampedModel
from omur.core.text import fold_turkish
from omur.geo.models import District, Neighbourhood
from omur.registry.models import Person

# Tracking codes are read aloud on the phone and typed from an SMS: only letters of the Turkish
# alphabet (no Q, W, X, which have no Turkish names) and no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 6/G,
# 8/B keep the digit). 24 symbols ** 10 ≈ 6.3e13 (46 bits): unguessable while lookups are
# rate-limited per address.
TRACKING_ALPHABET = "ACDEFHJKMNPRTUVY23456789"
TRACKING_LENGTH = 10
_LOOK_ALIKES = str.maketrans({"B": "8", "G": "6", "S": "5", "Z": "2"})


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalise_tracking_code(raw: str) -> str:
    """What people type ("abcde fghjk", "ABCDE-FGHJK", a B read as 8) → the stored form."""
    text = (raw or "").replace("ı", "i").upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum()).translate(_LOOK_ALIKES)


def format_tracking_code(code: str) -> str:
    """Two groups of five read more easily over the phone: "ABCDE-FGHJK"."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if code else ""


class Category(models.Model):
    """What the citizen asks for, until the service catalogue arrives (a later issue will add a
    nullable Category.service and Request.service foreign key to the catalogue and map these rows).
    Rows are data, edited in the admin: names are stored in Turkish with an optional English name."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Turkish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    public = models.BooleanField(_("offered on the public form"), default=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Channel(models.TextChoices):
    PHONE_185 = "phone_185", _("Alo 185 phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WEB_FORM = "web_form", _("Web form")
    MOBILE_APP = "mobile_app", _("Mobile app")
    WALK_IN = "walk_in", _("Walk-in")
    EMAIL = "email", _("E-mail")
    REFERRAL = "referral", _("Referral")
    CHECKIN_CALL = "checkin_call", _("Check-in call")


class Urgency(models.IntegerChoices):
    # Integers so lists sort by urgency with a plain ORDER BY.
    LOW = 10, _("Low")
    NORMAL = 20, _("Normal")
    HIGH = 30, _("High")
    EMERGENCY = 40, _("Emergency")


class Status(models.TextChoices):
    NEW = "new", pgettext_lazy("request status", "New")
    TRIAGED = "triaged", pgettext_lazy("request status", "Triaged")
    ASSESSMENT_SCHEDULED = "assessment_scheduled", pgettext_lazy("request status", "Assessment scheduled")
    DECIDED = "decided", pgettext_lazy("request status", "Decided")
    CLOSED = "closed", pgettext_lazy("request status", "Closed")


OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.ASSESSMENT_SCHEDULED, Status.DECIDED)


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Request(TimeStampedModel):
    """One request (başvuru) from a citizen, whatever the channel it came through."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The ticket number in the channel's own system (e.g. TEKSİN for Alo 185); unique per channel.
    external_ticket_id = models.CharField(_("external ticket id"), max_length=40, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=TRACKING_LENGTH, unique=True, editable=False)

    # The requester: a registered person, or an unregistered caller's name and phone. A registered
    # person may also leave a call-back number; SMS notices go to it first.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    caller_name = models.CharField(_("caller's name"), max_length=160, blank=True)
    caller_name_folded = models.CharField(max_length=160, blank=True, editable=False, db_index=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=20, blank=True)  # E.164
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="requests"
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_requests",
    )

    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.NEW)
    # Copied from the latest history row, so lists, the overdue count and the public page need no join.
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    assessment_on = models.DateField(_("assessment visit on"), null=True, blank=True)

    # SMS notices are written in the language the citizen used (the public form's language).
    language = models.CharField(_("language"), max_length=8, default="tr")
    kvkk_acknowledged_at = models.DateTimeField(_("KVKK notice acknowledged at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "status_changed_at"], name="request_status_idx"),
            models.Index(fields=["assignee", "status"], name="request_assignee_idx"),
            models.Index(fields=["person", "created_at"], name="request_person_idx"),
            models.Index(fields=["created_at"], name="request_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_ticket_id"],
                condition=~Q(external_ticket_id=""),
                name="request_ticket_unique_per_channel",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | (~Q(caller_name="") & ~Q(caller_phone="")),
                name="request_person_or_caller",
            ),
            models.CheckConstraint(
                condition=Q(status="decided", decision__in=["approved", "rejected"])
                | Q(status="closed")
                | (~Q(status__in=["decided", "closed"]) & Q(decision="")),
                name="request_decision_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(decision_reason=""), name="request_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {format_tracking_code(self.tracking_code)}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.caller_name_folded = fold_turkish(self.caller_name)
        if not self.tracking_code:
            self.tracking_code = new_tracking_code()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def tracking_code_display(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def requester_name(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.caller_name

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def status_label(self) -> str:
        label = str(self.get_status_display())
        if self.decision:
            return f"{label}: {self.get_decision_display()}"
        return label


class RequestStatusChange(models.Model):
    """One step of a request's history. The first row (from_status "") is the request's creation."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=Status.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="request_history_idx")]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class SmsMessage(SmsRecord):
    """An SMS notice about a request (see omur.core.models.SmsRecord)."""

    State = SmsState

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="sms_messages")
    status_change = models.ForeignKey(
        RequestStatusChange, null=True, blank=True, on_delete=models.CASCADE, related_name="sms_messages"
    )

    class Meta(SmsRecord.Meta):
        verbose_name = _("SMS notice")
        verbose_name_plural = _("SMS notices")


class RateLimitCounter(models.Model):
    """Requests from one (hashed) client address in one fixed time window for one scope. Kept in the
    database so the limit holds across every web process and server; see omur.intake.ratelimit."""

    key = models.CharField(max_length=100)
    window = models.BigIntegerField()  # window start as seconds since the epoch
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="ratelimit_one_row_per_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"
