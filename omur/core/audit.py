"""The one way to write to the audit trail. Services call audit_record inside their transaction, so
the event and the change commit or roll back together; views call audit_read when they show personal
data."""

from collections.abc import Mapping
from typing import Any

from django.db import models

from omur.core.context import current_request_context
from omur.core.models import AuditEvent


def _object_fields(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:200]


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_username": ""}
    return {"actor": actor, "actor_username": actor.get_username()}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    kind: str = AuditEvent.Kind.WRITE,
    purpose: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    ctx = current_request_context()
    obj_type, obj_id, obj_repr = _object_fields(obj)
    return AuditEvent.objects.create(
        **_actor_fields(actor),
        kind=kind,
        action=action,
        object_type=object_type or obj_type,
        object_id=object_id or obj_id,
        object_repr=(object_repr or obj_repr)[:200],
        changes=dict(changes or {}),
        purpose=purpose,
        ip=ctx.ip,
        request_id=ctx.request_id,
    )


def audit_read(
    *, actor: Any, obj: models.Model, action: str = "", purpose: str = "", fields: list[str] | None = None
) -> AuditEvent:
    """Record that `actor` was shown personal data of `obj` (a page, an API response, an export)."""
    return audit_record(
        actor=actor,
        action=action or f"{obj._meta.model_name}.view",
        obj=obj,
        kind=AuditEvent.Kind.READ,
        purpose=purpose,
        changes={"fields": fields} if fields else None,
    )


def diff_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed, JSON-friendly."""
    changed: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changed[name] = [_jsonable(old), _jsonable(new)]
    return changed


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
