from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SmsState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class SmsRecord(models.Model):
    """What an app sent through omur.core.sms (which only carries messages). Each app keeps its records
    beside its own objects (a request's notices, a place offer's message), so they are kept, exported
    and erased with them (KVKK retention is per record type); this base gives them one shape."""

    to = models.CharField(_("to"), max_length=20, blank=True)
    text = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=10, choices=SmsState.choices, default=SmsState.PENDING)
    backend = models.CharField(_("backend"), max_length=120, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=120, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"SMS #{self.pk} ({self.state})"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditTrailIsAppendOnly


class AuditTrailIsAppendOnly(Exception):
    def __init__(self) -> None:
        super().__init__("Audit events are append-only: they cannot be changed or deleted.")


class AuditEvent(models.Model):
    """One read or write of personal data, or one security event (login, lockout, role change).

    Append-only: the ORM refuses updates and deletes here, the admin is read-only, and on PostgreSQL a
    trigger refuses UPDATE and DELETE (migration 0002), so not even a raw query can rewrite history.
    """

    class Kind(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Write")
        AUTH = "auth", _("Security")

    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # PROTECT: a user with audit history is deactivated, never deleted, or the trail would dangle.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    purpose = models.CharField(_("purpose"), max_length=120, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_object_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly


class ScheduleRun(models.Model):
    """One daily schedule fired on one day. The unique constraint makes a second scheduler process
    (or a restart) skip a job that already fired, instead of running it twice."""

    name = models.CharField(max_length=100)
    day = models.DateField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="schedule_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
