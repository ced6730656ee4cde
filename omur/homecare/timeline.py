"""Home visits on the person page's timeline (scoped like the visit page)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.homecare.selectors import visit_scope
from omur.registry.timeline import TimelineEntry


def visit_timeline(*, person: Any, actor: Any) -> Iterable[TimelineEntry]:
    today = timezone.localdate()
    qs = (
        visit_scope(actor)
        .filter(person=person, date__lte=today + dt.timedelta(days=14))
        .exclude(status="cancelled")
        .order_by("-date", "-pk")[:60]
    )
    for v in qs:
        when = v.checked_in_at or timezone.make_aware(dt.datetime.combine(v.date, v.planned_start or v.window_start))
        who = v.provider or v.assigned_staff
        yield TimelineEntry(
            when=when,
            source="homecare",
            kind="visit",
            title=_("Home visit: %(kind)s") % {"kind": v.kind_label},
            detail=(who.full_name if who else _("not yet in a route"))
            + (f" · {v.outcome_note}" if v.outcome_note else ""),
            url=reverse("homecare:visit-detail", kwargs={"pk": v.pk}),
            status=v.get_status_display(),
        )
