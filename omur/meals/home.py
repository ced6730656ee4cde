"""Home-page cards for kitchens and drivers: each is one or two aggregate queries."""

from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.accounts.roles import Role
from omur.core.home_cards import Card, Figure, register
from omur.meals.models import DeliveryStop, PointDay, StopStatus


@register(roles={Role.KITCHEN_STAFF, Role.OFFICE_MANAGER})
def kitchen_card(user: Any) -> Card | None:
    today = timezone.localdate()
    points = PointDay.objects.filter(day=today).aggregate(sold=Sum("sold"), redeemed=Sum("redeemed"))
    stops = DeliveryStop.objects.filter(day=today).aggregate(n=Sum("portions"), households=Count("id"))
    return Card(
        title=_("Meals today"),
        figures=[
            Figure(_("Sold at the points"), points["sold"] or 0, reverse("meals:point-days")),
            Figure(_("Suspended meals handed out"), points["redeemed"] or 0, reverse("meals:donation-list")),
            Figure(_("Portions on delivery runs"), stops["n"] or 0, reverse("meals:delivery-day")),
        ],
    )


@register(roles={Role.DRIVER})
def driver_card(user: Any) -> Card | None:
    today = timezone.localdate()
    stops = DeliveryStop.objects.filter(day=today, run__driver=user).aggregate(
        total=Count("id"), left=Count("id", filter=Q(status=StopStatus.PENDING))
    )
    if not stops["total"]:
        return None
    url = reverse("meals:my-runs")
    return Card(
        title=_("My delivery run today"),
        figures=[Figure(_("Stops"), stops["total"], url), Figure(_("Still to deliver"), stops["left"], url)],
    )
