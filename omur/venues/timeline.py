"""The venues' part of the person page's timeline: activity enrolments (with an attendance summary),
certificates and job placements, scoped to what the viewer may see."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.accounts.roles import CASE_ROLES
from omur.core.access import user_roles
from omur.registry.timeline import TimelineEntry
from omur.venues.models import Activity, Certificate, Enrolment, JobPlacement
from omur.venues.permissions import ACTIVITY_VIEW_ROLES, VENUE_STAFF


def venues_timeline(*, person: Any, actor: Any) -> Iterable[TimelineEntry]:
    roles = user_roles(actor)
    if not roles & (CASE_ROLES | ACTIVITY_VIEW_ROLES):
        return []
    # Case roles see all of a person's activities; others what their activity scope allows.
    visible = Activity.objects.all() if roles & (CASE_ROLES | VENUE_STAFF) else Activity.objects.visible_to(actor)
    link = bool(roles & ACTIVITY_VIEW_ROLES)
    entries: list[TimelineEntry] = []
    rows = (
        Enrolment.objects.filter(person=person, activity__in=visible)
        .select_related("activity__location")
        .annotate(
            present=Count("attendance", filter=Q(attendance__status="present")),
            absent=Count("attendance", filter=Q(attendance__status="absent")),
        )
    )
    for e in rows:
        detail = e.activity.location.name
        if e.present or e.absent:
            detail += " · " + _("attended %(present)s, absent %(absent)s") % {"present": e.present, "absent": e.absent}
        entries.append(
            TimelineEntry(
                when=e.applied_at,
                source="venues",
                kind="activity",
                title=_("Activity: %(name)s") % {"name": e.activity.name},
                detail=detail,
                url=reverse("venues:enrolment-detail", kwargs={"pk": e.pk}) if link else "",
                status=e.get_status_display(),
            )
        )
    if roles & (CASE_ROLES | VENUE_STAFF):
        for c in Certificate.objects.filter(enrolment__person=person):
            entries.append(
                TimelineEntry(
                    when=_at(c.issued_on),
                    source="venues",
                    kind="certificate",
                    title=_("Certificate %(number)s: %(course)s") % {"number": c.number, "course": c.course_name},
                    url=reverse("venues:certificate-detail", kwargs={"pk": c.pk}) if roles & VENUE_STAFF else "",
                )
            )
        for p in JobPlacement.objects.filter(person=person):
            entries.append(
                TimelineEntry(
                    when=_at(p.starts_on),
                    source="venues",
                    kind="job",
                    title=_("Started work: %(position)s at %(employer)s")
                    % {"position": p.position, "employer": p.employer},
                    status=_("left on %(date)s") % {"date": p.ended_on.strftime("%d.%m.%Y")} if p.ended_on else "",
                )
            )
    return entries


def _at(day: Any) -> Any:
    import datetime as dt

    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
