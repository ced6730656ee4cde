"""The person page's timeline: a child's therapy sessions (date, programme, therapist, attendance),
without clinical content, for those who may see the schedule (a therapist: their own plans only)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.bookings.models import TherapySession
from omur.bookings.selectors.therapy import plan_scope
from omur.registry.timeline import TimelineEntry


def therapy_timeline(*, person: Any, actor: Any) -> Iterable[TimelineEntry]:
    sessions = (
        TherapySession.objects.filter(plan__in=plan_scope(actor).filter(child=person))
        .filter(day__lte=timezone.localdate() + dt.timedelta(days=14))
        .select_related("plan__service", "therapist")
        .order_by("-day")[:60]
    )
    return [
        TimelineEntry(
            when=timezone.make_aware(dt.datetime.combine(s.day, s.starts_at)),
            source="bookings",
            kind="therapy_session",
            title=_("Therapy session %(n)s: %(service)s with %(therapist)s")
            % {"n": s.number, "service": s.plan.service.name, "therapist": s.therapist.get_full_name()},
            url=reverse("bookings:therapy-plan-detail", kwargs={"pk": s.plan_id}),
            status=s.get_status_display(),
        )
        for s in sessions
    ]
