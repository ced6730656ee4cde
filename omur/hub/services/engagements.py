"""Support engagements with other municipalities: one per municipality and project, moved through
the stages by a guarded table, each move kept in the history with who and when.

    inquiry ─► presentation ─► study visit ─► planning support ─► implementation support ─► launched ─► follow-up
       │            │  └────────────────────────►┘ (a study visit is not always needed)
       └────────────┴──── any stage before launch ──► dropped ──► inquiry (reopened)

A launch needs evidence of adoption (a council decision, a press release, the opening) first: the
office's published figures count launched engagements, so each must be backed by a record."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omur.core.audit import audit_record
from omur.geo.models import Municipality
from omur.hub.models import (
    ActivityKind,
    AdoptionEvidence,
    Engagement,
    EngagementActivity,
    EngagementStageChange,
    Project,
    Stage,
    Tour,
)
from omur.hub.services.files import DOCUMENT_TYPES, checked_upload

S = Stage
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.INQUIRY: (S.PRESENTATION, S.STUDY_VISIT, S.DROPPED),
    S.PRESENTATION: (S.STUDY_VISIT, S.PLANNING, S.DROPPED),
    S.STUDY_VISIT: (S.PLANNING, S.DROPPED),
    S.PLANNING: (S.IMPLEMENTATION, S.DROPPED),
    S.IMPLEMENTATION: (S.LAUNCHED, S.DROPPED),
    S.LAUNCHED: (S.FOLLOW_UP,),
    S.FOLLOW_UP: (),
    S.DROPPED: (S.INQUIRY,),
}
START_STAGES = (S.INQUIRY, S.PRESENTATION, S.STUDY_VISIT)


def allowed_moves(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def _label(stage: str) -> str:
    return str(Stage(stage).label)


@transaction.atomic
def engagement_create(
    *,
    actor: Any,
    municipality: Municipality,
    project: Project,
    stage: str = S.INQUIRY,
    on: dt.date | None = None,
    owner: Any = None,
    source_tour: Tour | None = None,
    note: str = "",
) -> Engagement:
    on = on or timezone.localdate()
    if stage not in START_STAGES:
        raise ValidationError(
            _("A new engagement starts at inquiry, presentation or study visit; move it on from there.")
        )
    try:
        with transaction.atomic():
            engagement = Engagement.objects.create(
                municipality=municipality,
                project=project,
                stage=stage,
                stage_since=on,
                owner=owner,
                source_tour=source_tour,
                note=note,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(municipality)s already has an engagement for %(project)s: open it instead.")
            % {"municipality": municipality, "project": project}
        ) from exc
    EngagementStageChange.objects.create(
        engagement=engagement, from_stage="", to_stage=stage, changed_on=on, changed_by=actor
    )
    audit_record(
        actor=actor,
        action="engagement.create",
        obj=engagement,
        changes={"municipality": municipality.pk, "project": project.code, "stage": stage},
    )
    return engagement


@transaction.atomic
def engagement_move(
    *, actor: Any, engagement: Engagement, to_stage: str, on: dt.date | None = None, note: str = ""
) -> Engagement:
    on = on or timezone.localdate()
    from_stage = engagement.stage
    if to_stage not in allowed_moves(from_stage):
        raise ValidationError(
            _("An engagement cannot move from “%(from)s” to “%(to)s”.")
            % {"from": _label(from_stage), "to": _label(to_stage) if to_stage in Stage.values else to_stage}
        )
    if on > timezone.localdate():
        raise ValidationError(_("The date of a stage change cannot be in the future."))
    if on < engagement.stage_since:
        raise ValidationError(
            _("The date cannot be before the current stage began (%(day)s).")
            % {"day": engagement.stage_since.strftime("%d.%m.%Y")}
        )
    if to_stage == S.LAUNCHED and not engagement.evidence.exists():
        raise ValidationError(
            _("Add evidence of adoption (a council decision, a press release, the opening) before marking it launched.")
        )
    if to_stage == S.DROPPED and not note.strip():
        raise ValidationError(_("Write why the engagement was dropped."))
    updates: dict[str, Any] = {"stage": to_stage, "stage_since": on, "updated_at": timezone.now()}
    if to_stage == S.LAUNCHED:
        updates["launched_on"] = on
    elif to_stage == S.INQUIRY:
        updates["launched_on"] = None
    # One conditional UPDATE: if a colleague moved the card meanwhile, nothing changes here.
    if not Engagement.objects.filter(pk=engagement.pk, stage=from_stage).update(**updates):
        raise ValidationError(_("Someone else changed this engagement's stage meanwhile; reload the board."))
    for key, value in updates.items():
        setattr(engagement, key, value)
    EngagementStageChange.objects.create(
        engagement=engagement, from_stage=from_stage, to_stage=to_stage, changed_on=on, changed_by=actor, note=note
    )
    audit_record(
        actor=actor,
        action="engagement.move",
        obj=engagement,
        changes={"stage": [from_stage, to_stage], "on": on.isoformat(), "note": note},
    )
    return engagement


@transaction.atomic
def activity_log(
    *, actor: Any, engagement: Engagement, kind: str, happened_on: dt.date, staff: Any = None, note: str = ""
) -> EngagementActivity:
    if kind not in ActivityKind.values:
        raise ValidationError(_("Choose the kind of activity."))
    if happened_on > timezone.localdate():
        raise ValidationError(_("Log an activity once it has happened: the date is in the future."))
    activity = EngagementActivity.objects.create(
        engagement=engagement, kind=kind, happened_on=happened_on, staff=staff or actor, note=note
    )
    audit_record(
        actor=actor,
        action="engagement.activity",
        obj=engagement,
        changes={"kind": kind, "on": happened_on.isoformat()},
    )
    return activity


@transaction.atomic
def evidence_add(
    *, actor: Any, engagement: Engagement, title: str, dated: dt.date, url: str = "", upload: Any = None
) -> AdoptionEvidence:
    if not url and upload is None:
        raise ValidationError(_("Give a link or attach a document as evidence."))
    if dated > timezone.localdate():
        raise ValidationError(_("The evidence's date cannot be in the future."))
    evidence = AdoptionEvidence(engagement=engagement, title=title, dated=dated, url=url, added_by=actor)
    if upload is not None:
        evidence.original_name = str(getattr(upload, "name", ""))[:200]
        evidence.content_type = checked_upload(upload, allowed=DOCUMENT_TYPES)
        evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    audit_record(actor=actor, action="engagement.evidence", obj=engagement, changes={"title": title, "url": url})
    return evidence
