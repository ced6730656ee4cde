"""The per-role home page is made of cards that each app registers here with the roles it serves.
A card function runs its own (cheap, aggregate) query and returns figures, or None to stay hidden."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.accounts.roles import ALL_ROLES, Role


@dataclass(frozen=True)
class Figure:
    label: str
    value: Any
    url: str = ""


@dataclass(frozen=True)
class Card:
    title: str
    figures: list[Figure] = field(default_factory=list)
    note: str = ""


CardFunction = Callable[[Any], Card | None]
_REGISTRY: list[tuple[frozenset[str], CardFunction]] = []


def register(*, roles: frozenset[str] | set[str]) -> Callable[[CardFunction], CardFunction]:
    def decorator(func: CardFunction) -> CardFunction:
        _REGISTRY.append((frozenset(roles), func))
        return func

    return decorator


def cards_for(user: Any) -> list[Card]:
    from omur.core.access import user_roles

    mine = user_roles(user)
    cards = []
    for allowed, func in _REGISTRY:
        if allowed & mine:
            card = func(user)
            if card is not None:
                cards.append(card)
    return cards


@register(roles=ALL_ROLES)
def _mersin_card(user: Any) -> Card | None:
    from omur.geo.models import District, Neighbourhood

    mersin = District.objects.filter(province_id=33)
    hoods = Neighbourhood.objects.aggregate(n=Count("id"), people=Sum("population"))
    return Card(
        title=str(_("Mersin at a glance")),
        figures=[
            Figure(str(_("Districts")), mersin.count()),
            Figure(str(_("Neighbourhoods")), hoods["n"]),
            Figure(str(_("Population (2023)")), hoods["people"] or 0),
        ],
    )


@register(roles={Role.AUDITOR})
def _audit_card(user: Any) -> Card | None:
    from django.urls import reverse

    from omur.core.models import AuditEvent

    now = timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    week = AuditEvent.objects.filter(occurred_at__gte=now - timedelta(days=7))
    url = reverse("core:audit-list")
    return Card(
        title=str(_("Audit trail")),
        figures=[
            Figure(str(_("Events today")), AuditEvent.objects.filter(occurred_at__gte=today).count(), url),
            Figure(
                str(_("Personal-data reads, 7 days")),
                week.filter(kind=AuditEvent.Kind.READ).count(),
                url + "?kind=read",
            ),
            Figure(
                str(_("Failed logins, 7 days")),
                week.filter(action="auth.login_failed").count(),
                url + "?action=auth.login_failed",
            ),
        ],
    )


@register(roles={Role.SYSTEM_ADMIN})
def _admin_card(user: Any) -> Card | None:
    from axes.models import AccessAttempt
    from django_tasks_db.models import DBTaskResult

    from omur.accounts.models import User

    return Card(
        title=str(_("System")),
        figures=[
            Figure(str(_("Active staff accounts")), User.objects.filter(is_active=True).count()),
            Figure(str(_("Deactivated accounts")), User.objects.filter(is_active=False).count()),
            Figure(str(_("Locked-out login attempts")), AccessAttempt.objects.count()),
            Figure(str(_("Background jobs waiting")), DBTaskResult.objects.filter(status="READY").count()),
        ],
    )
