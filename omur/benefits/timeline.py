"""The benefits part of the person page's timeline: distributions, grant applications, grants and
pass-ons (a fixed number of queries). Only roles that read benefits see these entries."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.benefits.models import Distribution, GrantApplication, PassOn
from omur.benefits.permissions import VIEW_ROLES
from omur.benefits.services.common import money
from omur.core.access import user_roles
from omur.registry.timeline import TimelineEntry


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def benefits_timeline(*, person: Any, actor: Any) -> Iterable[TimelineEntry]:
    if not user_roles(actor) & VIEW_ROLES:
        return []
    entries: list[TimelineEntry] = []
    for d in Distribution.objects.filter(person=person).select_related("programme", "tier")[:100]:
        entries.append(
            TimelineEntry(
                when=_at(d.distributed_on),
                source="benefits",
                kind="aid",
                title=_("%(programme)s: %(amount)s") % {"programme": d.programme.name, "amount": money(d.amount)},
                detail=d.items,
                url=reverse("benefits:distribution-detail", kwargs={"pk": d.pk}),
                status=_("Voided") if d.voided else d.tier.name,
            )
        )
    for a in GrantApplication.objects.filter(person=person).select_related("cohort__scheme"):
        entries.append(
            TimelineEntry(
                when=_at(a.applied_on),
                source="benefits",
                kind="grant_application",
                title=_("Grant application: %(scheme)s %(year)s")
                % {"scheme": a.cohort.scheme.name, "year": a.cohort.year},
                detail=a.failed_rule,
                url=reverse("benefits:cohort-detail", kwargs={"pk": a.cohort_id}),
                status=a.get_status_display(),
            )
        )
    pass_ons = PassOn.objects.filter(Q(from_grant__person=person) | Q(to_grant__person=person)).select_related(
        "from_grant__person", "to_grant__person", "to_grant__scheme"
    )
    for p in pass_ons:
        gave = p.from_grant.person_id == person.pk
        entries.append(
            TimelineEntry(
                when=_at(p.transferred_on),
                source="benefits",
                kind="pass_on",
                title=(
                    _("Passed %(n)s animals on to %(other)s") % {"n": p.animal_count, "other": p.to_grant.person}
                    if gave
                    else _("Received %(n)s animals from %(other)s (generation %(gen)s)")
                    % {"n": p.animal_count, "other": p.from_grant.person, "gen": p.to_grant.generation}
                ),
                url=reverse("benefits:grant-detail", kwargs={"pk": p.from_grant_id if gave else p.to_grant_id}),
            )
        )
    for g in person.grants.select_related("scheme").filter(giver__isnull=True):
        entries.append(
            TimelineEntry(
                when=_at(g.started_on),
                source="benefits",
                kind="grant",
                title=_("Grant awarded: %(scheme)s") % {"scheme": g.scheme.name},
                url=reverse("benefits:grant-detail", kwargs={"pk": g.pk}),
                status=g.get_status_display(),
            )
        )
    return entries
