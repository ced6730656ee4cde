"""Home-page cards for home care: each is one aggregate query."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.core.home_cards import Card, Figure, register
from omur.homecare.models import Visit, VisitStatus
from omur.homecare.permissions import FIELD_ROLES, PLANNER_ROLES


@register(roles=PLANNER_ROLES)
def planner_card(user: Any) -> Card | None:
    today = timezone.localdate()
    counts = (
        Visit.objects.filter(date=today)
        .exclude(status=VisitStatus.CANCELLED)
        .aggregate(
            placed=Count("id", filter=Q(assigned_staff__isnull=False)),
            unplaced=Count("id", filter=Q(assigned_staff__isnull=True, status=VisitStatus.SCHEDULED)),
            urgent=Count("id", filter=Q(urgent=True, status__in=[VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS])),
            done=Count("id", filter=Q(status=VisitStatus.DONE)),
        )
    )
    url = reverse("homecare:planner")
    return Card(
        title=_("Home visits today"),
        figures=[
            Figure(_("In a route"), counts["placed"], url),
            Figure(_("Not placed"), counts["unplaced"], url + "#unplaced"),
            Figure(_("Urgent"), counts["urgent"], url + "#urgent"),
            Figure(_("Done"), counts["done"], url),
        ],
    )


@register(roles=FIELD_ROLES)
def my_visits_card(user: Any) -> Card | None:
    today = timezone.localdate()
    counts = (
        Visit.objects.filter(date=today, assigned_staff__user=user)
        .exclude(status=VisitStatus.CANCELLED)
        .aggregate(
            total=Count("id"), open=Count("id", filter=Q(status__in=[VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS]))
        )
    )
    if not counts["total"]:
        return None
    url = reverse("homecare:field-today")
    return Card(
        title=_("My visits today"),
        figures=[Figure(_("Visits"), counts["total"], url), Figure(_("Still to do"), counts["open"], url)],
    )
