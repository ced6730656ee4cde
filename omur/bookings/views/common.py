"""Small helpers the booking views share."""

import datetime as dt
from collections.abc import Iterable

from django.http import HttpRequest

from omur.core.audit import audit_record
from omur.core.models import AuditEvent

PAGE_SIZE = 30


def htmx_or_full(request: HttpRequest, template: str, partial: str = "results") -> str:
    return f"{template}#{partial}" if getattr(request, "htmx", False) else template


def audit_listed(request: HttpRequest, *, action: str, object_type: str, ids: Iterable[int]) -> None:
    """One read event for a list page that shows people's names: who saw which rows."""
    ids = list(ids)
    if ids:
        audit_record(
            actor=request.user, action=action, kind=AuditEvent.Kind.READ, object_type=object_type, changes={"ids": ids}
        )


def date_param(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None
