"""Home-page cards for benefits: each is one or two aggregate queries."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.benefits.models import Distribution, Lottery, LotteryStatus
from omur.benefits.permissions import WORK_ROLES
from omur.core.home_cards import Card, Figure, register


@register(roles=WORK_ROLES)
def benefits_card(user: Any) -> Card | None:
    today = timezone.localdate()
    month_start = today.replace(day=1)
    counts = Distribution.objects.filter(voided_at__isnull=True, distributed_on__gte=month_start).aggregate(
        month=Count("id"),
        today=Count("id", filter=Q(distributed_on=today)),
        overlaps=Count("id", filter=~Q(overlap_note="")),
    )
    open_lotteries = Lottery.objects.exclude(status=LotteryStatus.DRAWN).count()
    listing = reverse("benefits:distribution-list")
    return Card(
        title=_("Aid and grants"),
        figures=[
            Figure(_("Distributions today"), counts["today"], f"{listing}?date_from={today:%Y-%m-%d}"),
            Figure(_("Distributions this month"), counts["month"], f"{listing}?date_from={month_start:%Y-%m-%d}"),
            Figure(
                _("Overlap warnings this month"),
                counts["overlaps"],
                f"{listing}?date_from={month_start:%Y-%m-%d}&overlap_only=on",
            ),
            Figure(_("Lotteries waiting"), open_lotteries, reverse("benefits:lottery-list")),
        ],
    )
