"""The planner: the day's routes, unplaced and urgent visits, planning runs (polled with htmx),
hand moves, sick calls, the map, and the route sheets."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omur.core.exceptions import ApplicationError
from omur.core.pdf import new_pdf, pdf_response
from omur.homecare import selectors, services
from omur.homecare.forms import MoveForm, PlanRunForm, SickForm
from omur.homecare.models import PlanKind, RoutePlan, StaffMember, Visit
from omur.homecare.services.planning import reason_label, route_geometry

from .common import audit_listed, day_param, to_json


def _planner_url(day: dt.date) -> str:
    return f"{reverse('homecare:planner')}?day={day.isoformat()}"


def planner(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    data = selectors.planner_day(day)
    audit_listed(
        request,
        action="visit.plan_view",
        ids=[v.pk for r in data.routes for v in r.visits] + [v.pk for v in data.unplaced],
    )
    for v in data.unplaced:
        v.reason_text = reason_label(v.unplaced_reason) if v.unplaced_reason else ""  # type: ignore[attr-defined]
    working = (
        StaffMember.objects.filter(active=True)
        .exclude(pk__in=[a.staff_id for a in data.absent])
        .order_by("last_name", "first_name")
    )
    context = {
        "day": day,
        "prev_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "today": timezone.localdate(),
        "d": data,
        "changes": selectors.plan_changes(data.plan) if data.plan and data.plan.kind != PlanKind.MANUAL else [],
        "move_form": MoveForm(staff_qs=working.filter(pk__in=[s.pk for s in working if s.works_on(day)])),
        "sick_form": SickForm(),
        "map_routes": to_json(route_geometry(day)),
    }
    return render(request, "homecare/planner.html", context)


@require_POST
def plan_run(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    form = PlanRunForm(request.POST, staff_ids=list(StaffMember.objects.values_list("pk", flat=True)))
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or PlanKind.FULL
    try:
        plan = services.plan_request(
            actor=request.user,
            day=day,
            kind=kind,
            time_limit=data.get("time_limit"),
            locked=data.get("locked") or [],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect(_planner_url(day))
    if getattr(request, "htmx", False):
        return render(request, "homecare/_plan_status.html", {"plan": plan, "day": day})
    return redirect(_planner_url(day))


@require_GET
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(RoutePlan, pk=pk)
    response = render(request, "homecare/_plan_status.html", {"plan": plan, "day": plan.date})
    if getattr(request, "htmx", False) and not plan.is_running:
        # Finished: reload the page so routes, map and lists show the new version.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def materialise(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    result = services.visits_materialise(actor=request.user)
    messages.success(
        request,
        _(
            "Visits brought up to date with the care plans: %(created)d added, %(updated)d changed, %(cancelled)d cancelled."
        )
        % {"created": result.created, "updated": result.updated, "cancelled": result.cancelled},
    )
    return redirect(_planner_url(day))


def _visit(request: HttpRequest, pk: int) -> Visit:
    try:
        return selectors.visit_get(actor=request.user, pk=pk)
    except Visit.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
def visit_move(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = MoveForm(request.POST, staff_qs=StaffMember.objects.filter(active=True))
    if not form.is_valid():
        messages.error(request, _("Choose a staff member and, if you like, a position."))
        return redirect(_planner_url(visit.date))
    try:
        services.visit_move(
            actor=request.user, visit=visit, staff=form.cleaned_data["staff"], position=form.cleaned_data["position"]
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Visit moved and pinned. Other routes did not change."))
    return redirect(_planner_url(visit.date) + f"#visit-{visit.pk}")


@require_POST
def visit_unpin(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    services.visit_unpin(actor=request.user, visit=visit)
    messages.success(request, _("Pin removed: the next re-optimisation may move this visit."))
    return redirect(_planner_url(visit.date) + f"#visit-{visit.pk}")


@require_POST
def staff_sick(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    form = SickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who called in sick."))
        return redirect(_planner_url(day))
    staff = form.cleaned_data["staff"]
    try:
        plan = services.staff_report_sick(
            actor=request.user, staff=staff, day=day, until=form.cleaned_data["until"], note=form.cleaned_data["note"]
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect(_planner_url(day))
    if plan is None:
        messages.success(
            request, _("%(name)s recorded as sick. There was no plan for the day yet.") % {"name": staff.full_name}
        )
    else:
        messages.success(
            request, _("%(name)s recorded as sick; the day is being re-planned.") % {"name": staff.full_name}
        )
    return redirect(_planner_url(day))


def route_sheet(request: HttpRequest, staff_id: int) -> HttpResponse:
    staff = get_object_or_404(StaffMember.objects.select_related("base"), pk=staff_id)
    day = day_param(request)
    me = selectors.my_staff(request.user)
    if not selectors.is_planner(request.user) and (me is None or me.pk != staff.pk):
        raise Http404
    visits = selectors.route_sheet(staff=staff, day=day)
    audit_listed(request, action="visit.route_sheet", ids=[v.pk for v in visits])
    if request.GET.get("format") == "pdf":
        return _route_pdf(staff, day, visits)
    return render(request, "homecare/route_sheet.html", {"staff": staff, "day": day, "visits": visits})


def _route_pdf(staff: StaffMember, day: dt.date, visits: list[Visit]) -> HttpResponse:
    pdf = new_pdf(title=_("Route sheet"))
    pdf.add_page()
    pdf.set_font_size(14)
    pdf.cell(0, 8, f"{_('Route sheet')} · {staff.full_name} · {day:%d.%m.%Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font_size(10)
    pdf.cell(0, 6, f"{_('Team base')}: {staff.base.name}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for v in visits:
        when = (
            f"{v.planned_start:%H:%M}–{v.planned_end:%H:%M}"
            if v.planned_start and v.planned_end
            else f"{v.window_start:%H:%M}–{v.window_end:%H:%M}"
        )
        pdf.set_font_size(11)
        pdf.cell(
            0, 6, f"{v.sequence or '–'}. {when}  {v.person.full_name} · {v.kind_label}", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font_size(9)
        pdf.multi_cell(0, 5, f"{v.address}\n{v.notes}".strip(), new_x="LMARGIN", new_y="NEXT")
        pdf.cell(
            0,
            5,
            f"{_('Arrived')}: ______   {_('Left')}: ______   {_('Signature')}: ____________",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(2)
    return pdf_response(pdf, f"rota-{staff.pk}-{day.isoformat()}.pdf")
