"""The cases app's part of the person page's timeline: enrolments, assessments, referrals and notes,
each scoped to what the viewer may see (notes through selectors.case_notes_visible_to)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.cases.models import Assessment, Referral
from omur.cases.selectors.cases import can_manage_cases, referral_scope, scoped_enrolments
from omur.cases.selectors.notes import case_notes_visible_to
from omur.registry.timeline import TimelineEntry


def _at(day: dt.date, time: dt.time | None = None) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(12, 0)))


def case_timeline(*, person: Any, actor: Any) -> Iterable[TimelineEntry]:
    entries: list[TimelineEntry] = []
    case_url = reverse("cases:person-case", kwargs={"person_id": person.pk})
    for e in scoped_enrolments(actor).filter(person=person).select_related("service"):
        entries.append(
            TimelineEntry(
                when=e.created_at,
                source="cases",
                kind="enrolment",
                title=_("Enrolment: %(service)s") % {"service": e.service.name},
                detail=e.get_close_reason_display() if e.close_reason else "",
                url=reverse("cases:enrolment-detail", kwargs={"pk": e.pk}),
                status=e.get_status_display(),
            )
        )
    if can_manage_cases(actor):
        for a in Assessment.objects.filter(person=person).select_related("assessor"):
            entries.append(
                TimelineEntry(
                    when=_at(a.scheduled_on, a.scheduled_time),
                    source="cases",
                    kind="assessment",
                    title=_("Social assessment by %(assessor)s") % {"assessor": a.assessor},
                    url=reverse("cases:assessment-detail", kwargs={"pk": a.pk}),
                    status=a.get_status_display(),
                )
            )
    referrals: Iterable[Referral] = (
        referral_scope(actor).filter(person=person).select_related("to_service", "to_partner")
    )
    for r in referrals:
        entries.append(
            TimelineEntry(
                when=r.sent_at,
                source="cases",
                kind="referral",
                title=_("Referral to %(target)s") % {"target": r.target},
                detail=r.outcome or r.answer_note,
                url=reverse("cases:referral-detail", kwargs={"pk": r.pk}),
                status=r.get_status_display(),
            )
        )
    for note in case_notes_visible_to(actor, person, purpose="timeline", limit=50):
        entries.append(
            TimelineEntry(
                when=note.created_at,
                source="cases",
                kind="note",
                title=_("Case note (%(level)s) by %(author)s")
                % {"level": note.get_level_display(), "author": note.author},
                detail=note.summary,
                url=case_url + "#notes",
            )
        )
    return entries
