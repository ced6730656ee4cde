"""Small helpers the case views share."""

from collections.abc import Iterable

from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse

from omur.core.audit import audit_record
from omur.core.models import AuditEvent
from omur.registry.models import Person

PAGE_SIZE = 30


def person_or_404(pk: int) -> Person:
    try:
        return Person.objects.select_related("district", "neighbourhood").get(pk=pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


def audit_listed(request: HttpRequest, *, action: str, object_type: str, ids: Iterable[int], purpose: str = "") -> None:
    """One read event for a list page: who saw which rows (they carry people's names)."""
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


def person_page_url(person_id: int) -> str:
    """The registry's person page, when that app provides one."""
    for name in ("registry:person-detail", "registry:person"):
        try:
            return reverse(name, kwargs={"pk": person_id})
        except NoReverseMatch:
            continue
    return ""


def htmx_or_full(request: HttpRequest, template: str) -> str:
    return f"{template}#results" if getattr(request, "htmx", False) else template


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def next_url(request: HttpRequest, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
