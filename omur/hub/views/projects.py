import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omur.accounts.roles import Role
from omur.core.access import user_roles
from omur.core.audit import audit_record
from omur.core.models import AuditEvent
from omur.hub import selectors
from omur.hub.forms import (
    BudgetFormSet,
    KpiFormSet,
    KpiMeasureForm,
    ProjectFileForm,
    ProjectForm,
    SiteProfileForm,
    StaffingFormSet,
    StepFormSet,
    formset_rows,
)
from omur.hub.models import AdoptionEvidence, Kpi, Project, ProjectFile, Protocol
from omur.hub.services import projects as services
from omur.hub.views.common import flash_error, form_errors
from omur.services.models import LifeStage, Location, PolicyArea
from omur.services.selectors import rule_summaries


def can_edit(user: Any) -> bool:
    return Role.OFFICE_MANAGER in user_roles(user)


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    area = request.GET.get("area", "")
    stage = request.GET.get("stage", "")
    projects = selectors.project_list(
        q=q, policy_area=int(area) if area.isdigit() else None, life_stage=int(stage) if stage.isdigit() else None
    )
    context = {
        "projects": projects,
        "q": q,
        "area": area,
        "stage": stage,
        "areas": PolicyArea.objects.all(),
        "stages": LifeStage.objects.all(),
        "can_edit": can_edit(request.user),
    }
    template = "hub/project_list.html#results" if request.htmx else "hub/project_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _detail_context(project: Project) -> dict[str, Any]:
    return {
        "project": project,
        "kpis": selectors.kpi_values(project),
        "totals": selectors.budget_totals(project),
        "services": [(s, rule_summaries(list(s.eligibility_rules.all()))) for s in project.services.all()],
        "adoptions": selectors.adoptions_of(project),
        "photos": [f for f in project.files.all() if f.kind == "photo"],
        "documents": [f for f in project.files.all() if f.kind == "document"],
    }


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(pk=pk)
    context = _detail_context(project)
    context.update(
        {
            "can_edit": can_edit(request.user),
            "measure_form": KpiMeasureForm(initial={"measured_on": timezone.localdate()}),
            "file_form": ProjectFileForm(),
            "engagements": project.engagements.select_related("municipality").order_by("stage", "municipality__name"),
        }
    )
    return render(request, "hub/project_detail.html", context)


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk) if pk else None
    formsets: dict[str, Any]
    if request.method == "POST":
        form = ProjectForm(request.POST)
        formsets = {
            "steps": StepFormSet(request.POST, prefix="steps"),
            "staffing": StaffingFormSet(request.POST, prefix="staffing"),
            "budget": BudgetFormSet(request.POST, prefix="budget"),
            "kpis": KpiFormSet(request.POST, prefix="kpis"),
        }
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            try:
                with transaction.atomic():
                    saved = services.project_save(actor=request.user, project=project, data=form.cleaned_data)
                    services.project_lines_save(
                        actor=request.user,
                        project=saved,
                        **{name: formset_rows(fs) for name, fs in formsets.items()},
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Project saved."))
                return redirect("hub:project-detail", pk=saved.pk)
        status = 400
    else:
        form = ProjectForm(initial=ProjectForm.initial_for(project) if project else {})
        formsets = {
            "steps": StepFormSet(
                prefix="steps",
                initial=[
                    {k: getattr(s, k) for k in ("title_tr", "title_en", "detail_tr", "detail_en")}
                    for s in project.steps.all()
                ]
                if project
                else [],
            ),
            "staffing": StaffingFormSet(
                prefix="staffing",
                initial=[{"role_tr": s.role_tr, "role_en": s.role_en, "count": s.count} for s in project.staffing.all()]
                if project
                else [],
            ),
            "budget": BudgetFormSet(
                prefix="budget",
                initial=[
                    {"kind": b.kind, "item_tr": b.item_tr, "item_en": b.item_en, "amount": b.amount}
                    for b in project.budget.all()
                ]
                if project
                else [],
            ),
            "kpis": KpiFormSet(
                prefix="kpis",
                initial=[
                    {
                        "id": k.pk,
                        "name_tr": k.name_tr,
                        "name_en": k.name_en,
                        "unit_tr": k.unit_tr,
                        "unit_en": k.unit_en,
                        "source": k.source,
                        "indicator_code": k.indicator_code,
                        "window_days": k.window_days,
                        "target": k.target,
                    }
                    for k in project.kpis.all()
                ]
                if project
                else [],
            ),
        }
        status = 200
    return render(
        request, "hub/project_form.html", {"form": form, "formsets": formsets, "project": project}, status=status
    )


@require_POST
def kpi_measure(request: HttpRequest, pk: int, kpi_pk: int) -> HttpResponse:
    kpi = get_object_or_404(Kpi, pk=kpi_pk, project_id=pk)
    form = KpiMeasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.kpi_measurement_add(actor=request.user, kpi=kpi, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Figure recorded."))
    return redirect("hub:project-detail", pk=pk)


@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    form = ProjectFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("hub:project-detail", pk=pk)
    try:
        services.project_file_add(
            actor=request.user,
            project=project,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["upload"],
        )
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("hub:project-detail", pk=pk)
    messages.success(request, _("File added."))
    return redirect("hub:project-detail", pk=pk)


@require_POST
def file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    f = get_object_or_404(ProjectFile, pk=pk)
    project_pk = f.project_id
    services.project_file_remove(actor=request.user, file=f)
    messages.success(request, _("File removed."))
    return redirect("hub:project-detail", pk=project_pk)


@require_GET
def file_download(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """Staff only (the access table): project files, evidence of adoption and protocol documents.
    Sent as attachments with the type found when they were checked, never sniffed again."""
    model: Any = {"proje": ProjectFile, "kanit": AdoptionEvidence, "protokol": Protocol}.get(kind)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if not obj.file:
        raise Http404
    audit_record(actor=request.user, action="hub.file_download", obj=obj, kind=AuditEvent.Kind.READ)
    try:
        handle = obj.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = obj.file.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, content_type=obj.content_type)
    response["Content-Disposition"] = f'inline; filename="{kind}-{obj.pk}.{ext}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def site_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        location = get_object_or_404(Location, pk=request.POST.get("location") or 0)
        form = SiteProfileForm(request.POST, prefix=f"s{location.pk}")
        if form.is_valid():
            try:
                services.site_profile_save(actor=request.user, location=location, **form.cleaned_data)
            except ValidationError as exc:
                flash_error(request, exc)
            else:
                messages.success(request, _("Visit settings saved for %(site)s.") % {"site": location.name})
        else:
            messages.error(request, form_errors(form))
        return redirect("hub:site-list")
    from omur.services.selectors import opening_week

    rows = []
    for loc in selectors.tour_sites():
        profile = getattr(loc, "hub_site", None)
        rows.append(
            {
                "location": loc,
                "profile": profile,
                "week": opening_week(loc),
                "form": SiteProfileForm(
                    initial={
                        "max_visitors": profile.max_visitors if profile else (loc.capacity or 25),
                        "visit_minutes": profile.visit_minutes if profile else 45,
                        "host_name": profile.host_name if profile else "",
                        "host_phone": profile.host_phone if profile else "",
                    },
                    prefix=f"s{loc.pk}",
                ),
            }
        )
    return render(request, "hub/site_list.html", {"rows": rows, "today": dt.date.today()})
