"""Reads for intake: the staff list and page, the person search on the create form, the public status
lookup, the person-page timeline and the home card."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from omur.core.phones import phone_digits
from omur.core.text import fold_turkish
from omur.geo.models import District, Neighbourhood
from omur.intake.models import (
    OPEN_STATUSES,
    Category,
    Request,
    RequestStatusChange,
    SmsMessage,
    Status,
    normalise_tracking_code,
)
from omur.intake.workflow import INTAKE_ROLES, public_label
from omur.registry.models import Person
from omur.registry.selectors import turkish_sort_key
from omur.registry.timeline import TimelineEntry

MERSIN_PROVINCE_ID = 33


def overdue_before(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.OMUR_INTAKE_OVERDUE_DAYS)


def start_of_today(now: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)


SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "urgency": ("-urgency", "created_at", "id"),
    "changed": ("-status_changed_at", "-id"),
}


def request_list(
    *,
    actor: Any,
    status: str = "",
    channel: str = "",
    category: Category | None = None,
    urgency: int | None = None,
    assignee: Any = None,
    mine: bool = False,
    overdue: bool = False,
    q: str = "",
    sort: str = "newest",
) -> QuerySet[Request]:
    """Every role allowed to the list sees every request: intake is the office's shared front door."""
    qs = Request.objects.select_related("person", "category", "assignee")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if category is not None:
        qs = qs.filter(category=category)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if mine:
        qs = qs.filter(assignee=actor)
    elif assignee is not None:
        qs = qs.filter(assignee=assignee)
    if overdue:
        qs = qs.filter(status=Status.NEW, status_changed_at__lt=overdue_before())
    q = q.strip()
    if q:
        code = normalise_tracking_code(q)
        folded = fold_turkish(q)
        match = Q(external_ticket_id__iexact=q) | Q(caller_name_folded__contains=folded)
        if any(ch.isalpha() for ch in q) or len(phone_digits(q)) >= 7:
            # Registered requesters through the registry's indexed name search (bounded), not a
            # LIKE '%x%' over a join.
            from omur.registry.selectors import person_search

            match |= Q(person_id__in=person_search(actor=actor, q=q, limit=500).ids)
        if len(code) == 10:
            match |= Q(tracking_code=code)
        if q.lstrip("#").isdigit() and len(q.lstrip("#")) < 10:
            match |= Q(pk=int(q.lstrip("#")))
        qs = qs.filter(match)
    return qs.order_by(*SORTS.get(sort, SORTS["newest"]))


def request_detail(*, pk: int) -> Request:
    """One request with its history and SMS notices, in a fixed number of queries."""
    history = RequestStatusChange.objects.select_related("by").order_by("at", "id")
    sms = SmsMessage.objects.order_by("created_at", "id")
    return (
        Request.objects.select_related(
            "person", "category", "assignee", "created_by", "district", "neighbourhood__district"
        )
        .prefetch_related(Prefetch("history", queryset=history), Prefetch("sms_messages", queryset=sms))
        .get(pk=pk)
    )


def assignee_choices() -> QuerySet[Any]:
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__name__in=INTAKE_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def category_choices(*, public_only: bool = False) -> QuerySet[Category]:
    qs = Category.objects.filter(active=True)
    return qs.filter(public=True) if public_only else qs


def mersin_districts() -> list[District]:
    return sorted(District.objects.filter(province_id=MERSIN_PROVINCE_ID), key=lambda d: turkish_sort_key(d.name))


def mersin_neighbourhoods() -> list[Neighbourhood]:
    hoods = Neighbourhood.objects.filter(district__province_id=MERSIN_PROVINCE_ID).select_related("district")
    return sorted(hoods, key=lambda n: (turkish_sort_key(n.district.name), turkish_sort_key(n.name)))


def neighbourhoods_of(district_id: int | None) -> list[Neighbourhood]:
    if not district_id:
        return []
    hoods = Neighbourhood.objects.filter(district_id=district_id, district__province_id=MERSIN_PROVINCE_ID)
    return sorted(hoods, key=lambda n: turkish_sort_key(n.name))


def person_candidates(*, actor: Any, query: str, limit: int = 10) -> list[Person]:
    """Registered people matching what an operator types during a call (name words, TC Kimlik No
    or phone), through the registry's own search so intake matches exactly what the registry does."""
    from omur.registry.selectors import person_search

    if len(query.strip()) < 2:
        return []
    return list(person_search(actor=actor, q=query, limit=limit)[:limit])


def person_url(person_id: int | None) -> str:
    """The registry's person page, once the registry has one (its URL name is its own business)."""
    if not person_id:
        return ""
    try:
        return reverse("registry:person-detail", args=[person_id])
    except NoReverseMatch:
        return ""


# --- public status page ------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    """All the public page may show: a label and a date. Never the model, so a template change
    cannot leak a name, a phone number or a description."""

    label: str
    changed_on: dt.date
    status: str
    decision: str


def public_status_for(code: str) -> PublicStatus | None:
    code = normalise_tracking_code(code)
    if not code:
        return None
    row = Request.objects.filter(tracking_code=code).values("status", "decision", "status_changed_at").first()
    if row is None:
        return None
    return PublicStatus(
        label=public_label(row["status"], row["decision"]),
        changed_on=timezone.localdate(row["status_changed_at"]),
        status=row["status"],
        decision=row["decision"],
    )


# --- person page timeline ----------------------------------------------------------------------


def requests_for_timeline(*, person: Any, actor: Any) -> Iterable[TimelineEntry]:
    """The person's requests for their page (one query); nothing for roles that may not open them."""
    from omur.core.access import rule_for

    rule = rule_for("intake:request-detail")
    if rule is None or not rule.allows(actor):
        return []
    rows = Request.objects.filter(person=person).select_related("category").order_by("-created_at", "-id")[:100]
    return [
        TimelineEntry(
            when=req.created_at,
            source="intake",
            kind="request",
            title=req.category.label,
            detail=f"{req.get_channel_display()} · {req.tracking_code_display}",
            url=reverse("intake:request-detail", args=[req.pk]),
            status=req.status_label,
        )
        for req in rows
    ]


# --- home card ---------------------------------------------------------------------------------


def intake_figures(*, user: Any) -> dict[str, int]:
    """The home card's figures in one aggregate query."""
    now = timezone.now()
    return Request.objects.aggregate(
        new_today=Count("id", filter=Q(created_at__gte=start_of_today(now))),
        new=Count("id", filter=Q(status=Status.NEW)),
        triaged=Count("id", filter=Q(status=Status.TRIAGED)),
        assessment_scheduled=Count("id", filter=Q(status=Status.ASSESSMENT_SCHEDULED)),
        decided=Count("id", filter=Q(status=Status.DECIDED)),
        overdue=Count("id", filter=Q(status=Status.NEW, status_changed_at__lt=overdue_before(now))),
        mine=Count("id", filter=Q(assignee=user, status__in=OPEN_STATUSES)),
    )
