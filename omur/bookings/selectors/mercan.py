"""Reads for Mercan: public and staff session lists, the day's walk-in counters and visitor figures."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from omur.bookings.models import (
    BookingKind,
    BookingStatus,
    GroupBooking,
    GroupSession,
    GroupSessionKind,
    WalkInCategory,
    WalkInCount,
)

PUBLIC_DAYS_AHEAD = 60
VISITED = [BookingStatus.CONFIRMED]


def public_sessions(*, kind: str = "", audience: str = "") -> QuerySet[GroupSession]:
    """Sessions anyone may book online: public, not cancelled, not started, within two months."""
    now = timezone.localtime()
    qs = GroupSession.objects.filter(
        is_public=True,
        is_cancelled=False,
        day__lte=now.date() + dt.timedelta(days=PUBLIC_DAYS_AHEAD),
    ).filter(Q(day__gt=now.date()) | Q(day=now.date(), starts_at__gt=now.time()))
    if kind:
        qs = qs.filter(kind=kind)
    if audience == BookingKind.SCHOOL:
        qs = qs.exclude(audience="families")
    elif audience == BookingKind.FAMILY:
        qs = qs.exclude(audience="schools")
    return qs.select_related("room").order_by("day", "starts_at", "id")


def public_session_get(pk: int) -> GroupSession:
    return public_sessions().get(pk=pk)


def staff_sessions(*, start: dt.date, end: dt.date, kind: str = "") -> QuerySet[GroupSession]:
    qs = GroupSession.objects.filter(day__gte=start, day__lte=end).select_related("room", "service")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        groups=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
    ).order_by("day", "starts_at", "id")


def session_bookings(session: GroupSession) -> QuerySet[GroupBooking]:
    return session.bookings.select_related("created_by").order_by("status", "created_at")


def walk_ins(day: dt.date) -> dict[str, int]:
    counts = dict.fromkeys(WalkInCategory.values, 0)
    counts.update(dict(WalkInCount.objects.filter(day=day).values_list("category", "count")))
    return counts


@dataclass
class MonthRow:
    month: int
    by_kind: dict[str, int] = field(default_factory=dict)
    schools: int = 0
    families: int = 0
    walk_in: int = 0
    school_groups: int = 0

    @property
    def booked(self) -> int:
        return self.schools + self.families

    @property
    def total(self) -> int:
        return self.booked + self.walk_in


def visitor_stats(*, year: int) -> list[MonthRow]:
    """Visitors per month of `year`: booked (confirmed bookings on sessions of that month; groups
    marked as not having come are left out) by session kind and by schools vs families, and walk-ins.
    Three grouped queries."""
    rows = {m: MonthRow(m, dict.fromkeys(GroupSessionKind.values, 0)) for m in range(1, 13)}
    booked = (
        GroupBooking.objects.filter(session__day__year=year, status__in=VISITED)
        .annotate(m=ExtractMonth("session__day"))
        .values("m", "session__kind", "kind")
        .annotate(people=Sum(F("children") + F("adults")))
    )
    for r in booked:
        row = rows[r["m"]]
        row.by_kind[r["session__kind"]] += r["people"] or 0
        if r["kind"] == BookingKind.SCHOOL:
            row.schools += r["people"] or 0
        else:
            row.families += r["people"] or 0
    groups = (
        GroupBooking.objects.filter(session__day__year=year, status__in=VISITED, kind=BookingKind.SCHOOL)
        .annotate(m=ExtractMonth("session__day"))
        .values("m")
        .annotate(n=Count("id"))
    )
    for g in groups:
        rows[g["m"]].school_groups = g["n"] or 0
    walks = (
        WalkInCount.objects.filter(day__year=year).annotate(m=ExtractMonth("day")).values("m").annotate(n=Sum("count"))
    )
    for w in walks:
        rows[w["m"]].walk_in = w["n"] or 0
    return [rows[m] for m in range(1, 13)]


def mercan_visitors(start: dt.date, end: dt.date) -> int:
    """Booked (confirmed) plus walk-in visitors in [start, end]: the hub's live indicator."""
    booked = GroupBooking.objects.filter(session__day__gte=start, session__day__lte=end, status__in=VISITED).aggregate(
        n=Sum(F("children") + F("adults"))
    )["n"]
    walked = WalkInCount.objects.filter(day__gte=start, day__lte=end).aggregate(n=Sum("count"))["n"]
    return int(booked or 0) + int(walked or 0)


def booking_get(pk: int) -> Any:
    return GroupBooking.objects.select_related("session").get(pk=pk)
