import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from omur.core.models import AuditEvent


def audit_event_list(
    *,
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if actor:
        qs = qs.filter(actor_username__iexact=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if kind:
        qs = qs.filter(kind=kind)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(occurred_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(occurred_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("-occurred_at", "-id")


def audit_filter_choices() -> dict[str, Any]:
    return {
        "object_types": list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()),
    }
