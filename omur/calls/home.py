"""Home-page cards: operators see the calls waiting; supervisors see today's escalations."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.calls.models import OPEN_CALL_STATUSES, Call, CallNeed, CallStatus, NeedStatus
from omur.calls.permissions import OPERATOR_ROLES, SUPERVISOR_ROLES
from omur.core.home_cards import Card, Figure, register


@register(roles=OPERATOR_ROLES)
def calls_waiting_card(user: Any) -> Card | None:
    now = timezone.now()
    free = Q(claimed_by__isnull=True) | Q(claim_expires_at__lte=now)
    figures = Call.objects.filter(day=timezone.localdate(now), programme__active=True).aggregate(
        due=Count("id", filter=Q(status__in=OPEN_CALL_STATUSES, due_at__lte=now) & free),
        contact=Count("id", filter=Q(status=CallStatus.CONTACT) & free),
        later=Count("id", filter=Q(status__in=OPEN_CALL_STATUSES, due_at__gt=now)),
    )
    url = reverse("calls:work")
    return Card(
        title=_("Check-in calls"),
        figures=[
            Figure(_("Calls waiting"), figures["due"], url),
            Figure(_("Emergency contacts to call"), figures["contact"], url),
            Figure(_("Retries later today"), figures["later"], url),
        ],
    )


@register(roles=SUPERVISOR_ROLES)
def call_escalations_card(user: Any) -> Card | None:
    today = timezone.localdate()
    figures = Call.objects.filter(day=today).aggregate(
        escalated=Count("id", filter=Q(status=CallStatus.ESCALATED)),
        open=Count("id", filter=Q(status__in=OPEN_CALL_STATUSES)),
    )
    needs = CallNeed.objects.filter(status=NeedStatus.AWAITING_REFERRAL).count()
    url = reverse("calls:dashboard")
    return Card(
        title=_("Check-in calls today"),
        figures=[
            Figure(_("Escalated"), figures["escalated"], url + "#escalations"),
            Figure(_("Still open"), figures["open"], url),
            Figure(_("Needs waiting for a referral"), needs, reverse("calls:need-list")),
        ],
    )
