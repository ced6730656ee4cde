"""Small helpers the venue views share."""

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest

from omur.core.audit import audit_record
from omur.core.models import AuditEvent
from omur.venues import selectors
from omur.venues.models import Activity, Enrolment, Session


def htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def audit_listed(request: HttpRequest, *, action: str, object_type: str, ids: Iterable[int], purpose: str = "") -> None:
    """One read event for a page listing people: who saw which rows."""
    ids = list(ids)
    if ids:
        audit_record(
            actor=request.user,
            action=action,
            kind=AuditEvent.Kind.READ,
            object_type=object_type,
            purpose=purpose,
            changes={"ids": ids},
        )


def activity_or_404(request: HttpRequest, pk: int) -> Activity:
    try:
        return selectors.activity_get(actor=request.user, pk=pk)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc


def session_or_404(request: HttpRequest, pk: int) -> Session:
    try:
        return selectors.session_get(actor=request.user, pk=pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc


def enrolment_or_404(request: HttpRequest, pk: int) -> Enrolment:
    visible = Activity.objects.visible_to(request.user)
    try:
        return Enrolment.objects.select_related("activity__location", "person").get(pk=pk, activity__in=visible)
    except Enrolment.DoesNotExist as exc:
        raise Http404 from exc


def error_text(exc: Any) -> str:
    """A ValidationError or ApplicationError as one line for a message."""
    messages = getattr(exc, "messages", None)
    return " ".join(str(m) for m in messages) if messages else str(exc)
