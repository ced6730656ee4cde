"""Writes to projects: the project itself, its structured lines (steps, staffing, budget, KPIs),
hand-entered KPI figures, documents and photos, and the tour settings of its sites."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omur.core.audit import audit_record, diff_fields
from omur.hub.models import (
    BudgetLine,
    FileKind,
    Kpi,
    KpiMeasurement,
    KpiSource,
    Project,
    ProjectFile,
    ProjectStep,
    SiteProfile,
    StaffingLine,
)
from omur.hub.services.files import DOCUMENT_TYPES, PHOTO_TYPES, checked_upload
from omur.services.models import Location

PROJECT_FIELDS = [
    "code",
    "name_tr",
    "name_en",
    "summary_tr",
    "summary_en",
    "department",
    "started_on",
    "target_group_tr",
    "target_group_en",
    "problem_tr",
    "problem_en",
    "objectives_tr",
    "objectives_en",
    "eligibility_tr",
    "eligibility_en",
    "risks_tr",
    "risks_en",
    "lessons_tr",
    "lessons_en",
    "is_published",
]
PROJECT_M2M = ["policy_areas", "life_stages", "services", "sites"]


def _snapshot(project: Project) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(project, f) for f in PROJECT_FIELDS if f != "department"}
    data["department"] = project.department_id
    data["started_on"] = project.started_on.isoformat() if project.started_on else None
    if project.pk:
        for name in PROJECT_M2M:
            data[name] = sorted(getattr(project, name).values_list("pk", flat=True))
    return data


@transaction.atomic
def project_save(*, actor: Any, project: Project | None = None, data: Mapping[str, Any]) -> Project:
    """Create (project=None) or update a project from cleaned form data (fields and M2M lists)."""
    creating = project is None
    project = project or Project()
    before = _snapshot(project) if not creating else {}
    if not data.get("policy_areas"):
        raise ValidationError(_("Choose at least one policy area."))
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    if Project.objects.filter(code=project.code).exclude(pk=project.pk).exists():
        raise ValidationError(_("Another project already has the code “%(code)s”.") % {"code": project.code})
    project.full_clean(exclude=PROJECT_M2M)
    project.save()
    for name in PROJECT_M2M:
        if name in data:
            getattr(project, name).set(data[name])
    audit_record(
        actor=actor,
        action="project.create" if creating else "project.update",
        obj=project,
        changes=_snapshot(project) if creating else diff_fields(before, _snapshot(project)),
    )
    return project


def _replace_lines(project: Project, model: type[Any], rows: Iterable[Mapping[str, Any]]) -> list[Any]:
    model.objects.filter(project=project).delete()
    objs = [model(project=project, **row) for row in rows]
    for obj in objs:
        obj.full_clean(exclude=["project"])
    return list(model.objects.bulk_create(objs))


@transaction.atomic
def project_lines_save(
    *,
    actor: Any,
    project: Project,
    steps: Sequence[Mapping[str, Any]] | None = None,
    staffing: Sequence[Mapping[str, Any]] | None = None,
    budget: Sequence[Mapping[str, Any]] | None = None,
    kpis: Sequence[Mapping[str, Any]] | None = None,
) -> Project:
    """Replace the given kinds of line as a whole (the edit page posts the full list of each).
    KPIs are updated in place by id, so hand-entered measurements stay with their KPI."""
    changes: dict[str, Any] = {}
    if steps is not None:
        ordered = [{**row, "order": i} for i, row in enumerate(steps, start=1)]
        _replace_lines(project, ProjectStep, ordered)
        changes["steps"] = len(ordered)
    if staffing is not None:
        _replace_lines(project, StaffingLine, staffing)
        changes["staffing"] = [f"{r['role_tr']} × {r['count']}" for r in staffing]
    if budget is not None:
        _replace_lines(project, BudgetLine, budget)
        changes["budget"] = [f"{r['kind']}: {r['item_tr']} {r['amount']}" for r in budget]
    if kpis is not None:
        keep = []
        for order, row in enumerate(kpis, start=1):
            row = dict(row)
            pk = row.pop("id", None)
            kpi = Kpi.objects.filter(project=project, pk=pk).first() if pk else None
            kpi = kpi or Kpi(project=project)
            for key, value in row.items():
                setattr(kpi, key, value)
            kpi.order = order
            if kpi.source == KpiSource.LIVE and not kpi.indicator_code:
                raise ValidationError(_("A live KPI needs an indicator code; choose one or enter the figure by hand."))
            if kpi.source == KpiSource.MANUAL:
                kpi.indicator_code = ""
            kpi.full_clean(exclude=["project"])
            kpi.save()
            keep.append(kpi.pk)
        Kpi.objects.filter(project=project).exclude(pk__in=keep).delete()
        changes["kpis"] = len(keep)
    audit_record(actor=actor, action="project.lines", obj=project, changes=changes)
    return project


@transaction.atomic
def kpi_measurement_add(
    *, actor: Any, kpi: Kpi, value: Decimal, measured_on: dt.date, note: str = ""
) -> KpiMeasurement:
    if kpi.source != KpiSource.MANUAL:
        raise ValidationError(_("This KPI is computed live; figures cannot be entered by hand."))
    if measured_on > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError(_("The date of a measured figure cannot be in the future."))
    m = KpiMeasurement.objects.create(kpi=kpi, value=value, measured_on=measured_on, note=note, recorded_by=actor)
    audit_record(
        actor=actor,
        action="project.kpi_measure",
        obj=kpi.project,
        changes={"kpi": kpi.pk, "value": str(value), "on": measured_on.isoformat()},
    )
    return m


@transaction.atomic
def project_file_add(*, actor: Any, project: Project, kind: str, title: str, upload: Any) -> ProjectFile:
    original = str(getattr(upload, "name", ""))[:200]
    mime = checked_upload(upload, allowed=PHOTO_TYPES if kind == FileKind.PHOTO else DOCUMENT_TYPES)
    f = ProjectFile(
        project=project,
        kind=kind,
        title=title.strip() or original,
        original_name=original,
        content_type=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    f.file.save(upload.name, upload, save=False)
    f.save()
    audit_record(
        actor=actor, action="project.file_add", obj=project, changes={"file": f.pk, "type": mime, "name": original}
    )
    return f


@transaction.atomic
def project_file_remove(*, actor: Any, file: ProjectFile) -> None:
    project, name, pk = file.project, str(file.file.name), file.pk
    file.delete()
    # The stored bytes go only once the row is gone for good.
    transaction.on_commit(lambda: ProjectFile.file.field.storage.delete(name))
    audit_record(actor=actor, action="project.file_remove", obj=project, changes={"file": pk})


@transaction.atomic
def site_profile_save(
    *, actor: Any, location: Location, max_visitors: int, visit_minutes: int, host_name: str = "", host_phone: str = ""
) -> SiteProfile:
    profile, _created = SiteProfile.objects.update_or_create(
        location=location,
        defaults={
            "max_visitors": max_visitors,
            "visit_minutes": visit_minutes,
            "host_name": host_name,
            "host_phone": host_phone,
        },
    )
    profile.full_clean()
    audit_record(
        actor=actor,
        action="site.update",
        obj=location,
        changes={"max_visitors": max_visitors, "visit_minutes": visit_minutes},
    )
    return profile
