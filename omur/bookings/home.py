"""Home-page cards: the therapist's week, the autism centre's desk, Mercan's day and the halls."""

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.accounts.roles import Role
from omur.bookings.models import (
    GroupSession,
    HallBooking,
    HallBookingKind,
    HallBookingStatus,
    PlanStatus,
    SessionStatus,
    TherapyPlan,
    TherapySession,
    WalkInCount,
)
from omur.bookings.permissions import HALL_ROLES, MERCAN_STAFF_ROLES, THERAPY_DESK_ROLES
from omur.bookings.selectors.therapy import AGE_OUT_WARNING_DAYS
from omur.bookings.services.therapy import AGE_OUT_MONTHS, weekly_target
from omur.core.home_cards import Card, Figure, register


def _ageing_out(qs: Any) -> int:
    today = timezone.localdate()
    born_by = today + dt.timedelta(days=AGE_OUT_WARNING_DAYS) - relativedelta(months=AGE_OUT_MONTHS)
    return qs.filter(status=PlanStatus.ACTIVE, child__birth_date__lte=born_by).values("child").distinct().count()


@register(roles={Role.THERAPIST})
def therapist_card(user: Any) -> Card | None:
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    mine = TherapySession.objects.filter(therapist=user).exclude(status=SessionStatus.CANCELLED)
    figures = mine.aggregate(
        today=Count("id", filter=Q(day=today)),
        children=Count("plan__child", filter=Q(day__gte=monday, day__lte=monday + dt.timedelta(days=6)), distinct=True),
    )
    week = reverse("bookings:therapy-week")
    plans = reverse("bookings:therapy-plan-list")
    return Card(
        title=_("My therapy week"),
        figures=[
            Figure(_("Sessions today"), figures["today"], week),
            Figure(_("Children this week (target %(n)s)") % {"n": weekly_target()}, figures["children"], week),
            Figure(
                _("Reaching 72 months soon"),
                _ageing_out(TherapyPlan.objects.filter(therapist=user)),
                plans + "?ageing_out=on&status=active",
            ),
        ],
    )


@register(roles=THERAPY_DESK_ROLES)
def therapy_desk_card(user: Any) -> Card | None:
    today = timezone.localdate()
    figures = TherapySession.objects.aggregate(
        today=Count("id", filter=Q(day=today) & ~Q(status=SessionStatus.CANCELLED)),
        unmarked=Count("id", filter=Q(day__lt=today, status=SessionStatus.SCHEDULED)),
    )
    week = reverse("bookings:therapy-week")
    plans = reverse("bookings:therapy-plan-list")
    return Card(
        title=_("Autism centre appointments"),
        figures=[
            Figure(_("Sessions today"), figures["today"], week),
            Figure(_("Past sessions without attendance"), figures["unmarked"], week),
            Figure(
                _("Reaching 72 months soon"),
                _ageing_out(TherapyPlan.objects.all()),
                plans + "?ageing_out=on&status=active",
            ),
        ],
    )


@register(roles=MERCAN_STAFF_ROLES)
def mercan_card(user: Any) -> Card | None:
    today = timezone.localdate()
    seats = GroupSession.objects.filter(
        day__gte=today, day__lte=today + dt.timedelta(days=6), is_cancelled=False
    ).aggregate(booked=Sum(F("seats_taken")), free=Sum(F("capacity") - F("seats_taken")))
    walked = WalkInCount.objects.filter(day=today).aggregate(n=Sum("count"))["n"] or 0
    return Card(
        title=_("Mercan"),
        figures=[
            Figure(_("Seats booked this week"), seats["booked"] or 0, reverse("bookings:mercan-sessions")),
            Figure(_("Seats free this week"), seats["free"] or 0, reverse("bookings:mercan-sessions")),
            Figure(_("Walk-in visitors today"), walked, reverse("bookings:mercan-walkins")),
        ],
    )


@register(roles=HALL_ROLES)
def halls_card(user: Any) -> Card | None:
    today = timezone.localdate()
    figures = HallBooking.objects.filter(
        status=HallBookingStatus.CONFIRMED, first_day__lte=today, last_day__gte=today
    ).aggregate(
        condolences=Count("id", filter=Q(kind=HallBookingKind.CONDOLENCE)),
        meetings=Count("id", filter=Q(kind=HallBookingKind.MEETING)),
    )
    url = reverse("bookings:hall-calendar") + "?view=week"
    return Card(
        title=_("Halls and meeting rooms"),
        figures=[
            Figure(_("Condolence halls in use today"), figures["condolences"], url),
            Figure(_("Meetings today"), figures["meetings"], url),
        ],
    )
