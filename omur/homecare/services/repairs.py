"""Repair jobs: a request ("the door lock is broken") becomes a job with a trade and a materials
list, is booked as a home visit needing that trade (so the planner routes it like any visit), and is
closed with completion notes and the materials actually used."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from omur.core.audit import audit_record
from omur.homecare.models import (
    RepairJob,
    RepairMaterial,
    RepairStatus,
    StaffMember,
    Trade,
    Visit,
    VisitSource,
    VisitStatus,
    trade_skill,
)
from omur.homecare.services.common import HomecareError, NotAllowed, check_planner, is_planner, person_address
from omur.services.models import Service

REPAIR_SERVICE_CODE = "evde-onarim"


@dataclass(frozen=True)
class MaterialLine:
    name: str
    quantity: Decimal
    unit: str = "adet"


class RepairInvalid(HomecareError):
    message = _("The repair job is not valid: %(problem)s")


class RepairNotOpen(HomecareError):
    message = _("This repair job is already closed.")


@transaction.atomic
def repair_job_create(
    *,
    actor: Any,
    person: Any,
    problem: str,
    trade: str,
    detail: str = "",
    estimated_minutes: int = 90,
    materials: list[MaterialLine] | None = None,
    request: Any = None,
) -> RepairJob:
    check_planner(actor)
    problem = (problem or "").strip()
    if not problem:
        raise RepairInvalid(problem=_("say what is broken"))
    if trade not in Trade.values:
        raise RepairInvalid(problem=_("choose a trade"))
    if not 15 <= estimated_minutes <= 480:
        raise RepairInvalid(problem=_("the estimated time must be between 15 and 480 minutes"))
    job = RepairJob.objects.create(
        person=person,
        request=request,
        problem=problem[:200],
        detail=detail.strip(),
        trade=trade,
        estimated_minutes=estimated_minutes,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    lines = [m for m in (materials or []) if m.name.strip()]
    for m in lines:
        if m.quantity < 0:
            raise RepairInvalid(problem=_("quantities must not be negative"))
    RepairMaterial.objects.bulk_create(
        [
            RepairMaterial(job=job, name=m.name.strip()[:120], unit=m.unit[:20] or "adet", quantity_planned=m.quantity)
            for m in lines
        ]
    )
    audit_record(
        actor=actor,
        action="repair.create",
        obj=job,
        changes={"trade": trade, "materials": len(lines), "minutes": estimated_minutes},
    )
    return job


@transaction.atomic
def repair_job_schedule(
    *,
    actor: Any,
    job: RepairJob,
    day: dt.date,
    window_start: dt.time = dt.time(9, 0),
    window_end: dt.time = dt.time(17, 0),
    preferred_staff: StaffMember | None = None,
) -> Visit:
    """Book the job as a home visit needing the trade; the planner places it in a route."""
    check_planner(actor)
    job = RepairJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (RepairStatus.DONE, RepairStatus.CANCELLED):
        raise RepairNotOpen()
    if window_end <= window_start:
        raise RepairInvalid(problem=_("the visiting window must end after it starts"))
    if job.visits.filter(status__in=[VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS]).exists():
        raise RepairInvalid(problem=_("a visit is already booked; record its outcome first"))
    address, lat, lon, approximate = person_address(job.person)
    visit = Visit.objects.create(
        person=job.person,
        source=VisitSource.REPAIR,
        kind="repair",
        service=Service.objects.filter(code=REPAIR_SERVICE_CODE).first(),
        repair_job=job,
        date=day,
        window_start=window_start,
        window_end=window_end,
        duration_minutes=job.estimated_minutes,
        required_skill=trade_skill(job.trade),
        preferred_staff=preferred_staff,
        notes=job.problem + (f"\n{job.detail}" if job.detail else ""),
        address=address,
        lat=lat,
        lon=lon,
        location_approximate=approximate,
        origin="repair",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job.status = RepairStatus.SCHEDULED
    job.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="repair.schedule", obj=job, changes={"visit": visit.pk, "date": str(day)})
    return visit


@transaction.atomic
def repair_job_complete(*, actor: Any, job: RepairJob, notes: str, used: dict[int, Decimal]) -> RepairJob:
    """Close the job with notes and the quantities used (material id → quantity). Called from the
    visit's outcome by the craftsperson, or by a planner."""
    job = RepairJob.objects.select_for_update().get(pk=job.pk)
    visit_staff = set(job.visits.values_list("provider__user_id", flat=True)) | set(
        job.visits.values_list("assigned_staff__user_id", flat=True)
    )
    if not is_planner(actor) and getattr(actor, "pk", None) not in visit_staff:
        raise NotAllowed()
    if job.status in (RepairStatus.DONE, RepairStatus.CANCELLED):
        raise RepairNotOpen()
    materials = {m.pk: m for m in job.materials.all()}
    for pk, qty in used.items():
        if pk not in materials:
            continue
        if qty < 0:
            raise RepairInvalid(problem=_("quantities must not be negative"))
        materials[pk].quantity_used = qty
    RepairMaterial.objects.bulk_update(list(materials.values()), ["quantity_used"])
    from django.utils import timezone

    job.status = RepairStatus.DONE
    job.completion_notes = (notes or "").strip()
    job.completed_at = timezone.now()
    job.save(update_fields=["status", "completion_notes", "completed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="repair.complete",
        obj=job,
        changes={"materials_used": {materials[k].name: str(v) for k, v in used.items() if k in materials}},
    )
    return job


@transaction.atomic
def repair_job_cancel(*, actor: Any, job: RepairJob, reason: str = "") -> RepairJob:
    check_planner(actor)
    if job.status in (RepairStatus.DONE, RepairStatus.CANCELLED):
        raise RepairNotOpen()
    job.status = RepairStatus.CANCELLED
    job.completion_notes = reason.strip()
    job.save(update_fields=["status", "completion_notes", "updated_at"])
    job.visits.filter(status=VisitStatus.SCHEDULED).update(status=VisitStatus.CANCELLED)
    audit_record(actor=actor, action="repair.cancel", obj=job, changes={"reason": reason})
    return job
