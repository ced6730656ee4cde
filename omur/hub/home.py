"""Home-page cards for the tour coordinator and the office manager: each is one aggregate query."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.accounts.roles import Role
from omur.core.home_cards import Card, Figure, register
from omur.hub.models import ADOPTED_STAGES, Engagement, Stage, Tour, TourStatus


@register(roles={Role.OFFICE_MANAGER, Role.TOUR_COORDINATOR})
def tours_card(user: Any) -> Card | None:
    today = timezone.localdate()
    counts = Tour.objects.aggregate(
        requested=Count("id", filter=Q(status=TourStatus.REQUESTED)),
        upcoming=Count("id", filter=Q(status=TourStatus.PLANNED, visit_on__gte=today)),
        to_close=Count("id", filter=Q(status=TourStatus.PLANNED, visit_on__lt=today)),
    )
    url = reverse("hub:tour-list")
    return Card(
        title=_("Social Policy Tour"),
        figures=[
            Figure(_("New requests"), counts["requested"], f"{url}?status=requested"),
            Figure(_("Planned visits"), counts["upcoming"], f"{url}?status=planned"),
            Figure(_("Visits to close"), counts["to_close"], f"{url}?status=planned"),
        ],
    )


@register(roles={Role.OFFICE_MANAGER, Role.TOUR_COORDINATOR})
def engagements_card(user: Any) -> Card | None:
    counts = Engagement.objects.aggregate(
        open=Count("id", filter=~Q(stage__in=[*ADOPTED_STAGES, Stage.DROPPED])),
        support=Count("id", filter=Q(stage__in=[Stage.PLANNING, Stage.IMPLEMENTATION])),
        launched=Count("id", filter=Q(stage__in=ADOPTED_STAGES)),
    )
    url = reverse("hub:engagement-board")
    return Card(
        title=_("Support to municipalities"),
        figures=[
            Figure(_("Open engagements"), counts["open"], url),
            Figure(_("In planning or implementation support"), counts["support"], url),
            Figure(_("Launched"), counts["launched"], reverse("hub:impact")),
        ],
    )
