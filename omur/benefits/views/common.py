"""Helpers the benefits views share."""

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest

from omur.benefits.permissions import MANAGE_ROLES, WORK_ROLES
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.core.models import AuditEvent
from omur.registry.models import Person
from omur.registry.selectors import people_by_ids, person_search

PAGE_SIZE = 30
PICKER_SIZE = 15


def person_or_404(pk: int) -> Person:
    try:
        return Person.objects.select_related("district", "neighbourhood__district").get(pk=pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


def can_work(user: Any) -> bool:
    return bool(user_roles(user) & WORK_ROLES)


def can_manage(user: Any) -> bool:
    return bool(user_roles(user) & MANAGE_ROLES)


def htmx_or_full(request: HttpRequest, template: str) -> str:
    return f"{template}#results" if getattr(request, "htmx", False) else template


def audit_listed(request: HttpRequest, *, action: str, object_type: str, ids: Iterable[int]) -> None:
    """One read event for a list page that shows people's names."""
    ids = list(ids)
    if ids:
        audit_record(
            actor=request.user, action=action, kind=AuditEvent.Kind.READ, object_type=object_type, changes={"ids": ids}
        )


def picker_people(request: HttpRequest, q: str) -> list[Person]:
    """People for a picker: the registry's one search (folded, prefix, any order), logged."""
    if not q.strip():
        return []
    result = person_search(actor=request.user, q=q)
    ids = result.ids[:PICKER_SIZE]
    people = sorted(people_by_ids(ids), key=lambda p: ids.index(p.pk))
    audit_listed(request, action="person.search", object_type="registry.person", ids=[p.pk for p in people])
    return people
