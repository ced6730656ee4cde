"""Helpers the home-care views share."""

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from omur.core.audit import audit_record
from omur.core.models import AuditEvent


def day_param(request: HttpRequest, name: str = "day", default: dt.date | None = None) -> dt.date:
    raw = request.GET.get(name) or request.POST.get(name) or ""
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return default or timezone.localdate()


def audit_listed(request: HttpRequest, *, action: str, ids: list[int], object_type: str = "homecare.visit") -> None:
    if ids:
        audit_record(
            actor=request.user, action=action, kind=AuditEvent.Kind.READ, object_type=object_type, changes={"ids": ids}
        )


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
