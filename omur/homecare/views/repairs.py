"""Repair jobs: list, create (from a person), detail with scheduling and closing."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.homecare import selectors, services
from omur.homecare.forms import RepairFilterForm, RepairForm, RepairScheduleForm
from omur.homecare.models import RepairJob, StaffMember, trade_skill
from omur.homecare.services.repairs import MaterialLine
from omur.registry.models import Person


def repair_list(request: HttpRequest) -> HttpResponse:
    form = RepairFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.repair_list(status=data.get("status", ""), trade=data.get("trade", "")), 30).get_page(
        request.GET.get("page")
    )
    template = "homecare/repair_list.html#results" if getattr(request, "htmx", False) else "homecare/repair_list.html"
    return render(request, template, {"form": form, "page": page})


def parse_materials(text: str) -> list[MaterialLine]:
    """ "2.5 m kablo" → (2.5, "m", "kablo"); "kapı kilidi" → (1, "adet", "kapı kilidi")."""
    lines = []
    for raw in (text or "").splitlines():
        parts = raw.strip().split()
        if not parts:
            continue
        try:
            qty = Decimal(parts[0].replace(",", "."))
        except InvalidOperation:
            lines.append(MaterialLine(" ".join(parts), Decimal(1)))
            continue
        if len(parts) >= 3:
            lines.append(MaterialLine(" ".join(parts[2:]), qty, parts[1]))
        else:
            lines.append(MaterialLine(" ".join(parts[1:]) or "?", qty))
    return lines


@require_http_methods(["GET", "POST"])
def repair_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    form = RepairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.repair_job_create(
                actor=request.user,
                person=person,
                problem=data["problem"],
                detail=data["detail"],
                trade=data["trade"],
                estimated_minutes=data["estimated_minutes"],
                materials=parse_materials(data["materials"]),
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Repair job recorded. Book a visit for it below."))
            return redirect("homecare:repair-detail", pk=job.pk)
    return render(request, "homecare/repair_form.html", {"form": form, "person": person})


def _schedule_form(job: RepairJob, data: object = None) -> RepairScheduleForm:
    form = RepairScheduleForm(data)
    skill = trade_skill(job.trade)
    # JSON containment differs between SQLite and PostgreSQL: filter the (few) craftspeople in Python.
    crafts = [s.pk for s in StaffMember.objects.filter(active=True, profession="craftsperson") if skill in s.skills]
    form.fields["preferred_staff"].queryset = StaffMember.objects.filter(pk__in=crafts)  # type: ignore[attr-defined]
    return form


@require_http_methods(["GET", "POST"])
def repair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(RepairJob.objects.select_related("person", "person__district"), pk=pk)
    audit_read(actor=request.user, obj=job, action="repair.view")
    form = _schedule_form(job, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.repair_job_schedule(
                actor=request.user,
                job=job,
                day=data["day"],
                window_start=data["window_start"],
                window_end=data["window_end"],
                preferred_staff=data["preferred_staff"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Visit booked for %(day)s; plan the day to put it in a route.") % {"day": f"{visit.date:%d.%m.%Y}"},
            )
            return redirect("homecare:repair-detail", pk=job.pk)
    context = {
        "job": job,
        "form": form,
        "materials": job.materials.all(),
        "visits": job.visits.select_related("assigned_staff", "provider").order_by("-date"),
        "skill": trade_skill(job.trade),
    }
    return render(request, "homecare/repair_detail.html", context)


@require_POST
def repair_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(RepairJob, pk=pk)
    try:
        services.repair_job_cancel(actor=request.user, job=job, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, str(exc))
    return redirect("homecare:repair-detail", pk=job.pk)
