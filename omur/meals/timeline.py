"""The person page's timeline: home meal deliveries (one query), for the roles that see the
delivery history."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.core.access import user_roles
from omur.meals.models import DeliveryStop, Diet, StopStatus, minute_text
from omur.meals.selectors import HISTORY_ROLES
from omur.registry.timeline import TimelineEntry


def meal_timeline(*, person: Any, actor: Any) -> Iterable[TimelineEntry]:
    if not user_roles(actor) & HISTORY_ROLES:
        return []
    stops = DeliveryStop.objects.filter(person=person).select_related("run__kitchen", "profile").order_by("-day")[:60]
    tz = timezone.get_current_timezone()
    entries = []
    for stop in stops:
        when = stop.recorded_at or dt.datetime.combine(stop.day, dt.time(stop.eta // 60, stop.eta % 60), tzinfo=tz)
        entries.append(
            TimelineEntry(
                when=when,
                source="meals",
                kind="meal",
                title=_("Home meal: %(status)s") % {"status": StopStatus(stop.status).label},
                detail=_("%(portions)s portions, %(diet)s diet · %(kitchen)s, van %(van)s, planned %(eta)s")
                % {
                    "portions": stop.portions,
                    "diet": Diet(stop.diet).label,
                    "kitchen": stop.run.kitchen.name,
                    "van": stop.run.number,
                    "eta": minute_text(stop.eta),
                },
                url=reverse("meals:profile-edit", kwargs={"enrolment_id": stop.profile.enrolment_id}),
                status=stop.status,
            )
        )
    return entries
