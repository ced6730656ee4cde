"""Home delivery: enrolment details and suspensions, the day's list and runs, planning, labels, and
the driver's phone view."""

import datetime as dt
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.accounts.roles import Role
from omur.cases.models import Enrolment
from omur.cases.views.common import audit_listed
from omur.core.access import user_roles
from omur.core.audit import audit_read
from omur.core.pdf import new_pdf, pdf_response
from omur.meals import selectors, services
from omur.meals.forms import AssignForm, PlanForm, ProfileForm, StopForm, SuspensionForm
from omur.meals.models import (
    DELIVERY_SERVICE_CODE,
    DeliveryPlan,
    DeliveryRun,
    DeliverySuspension,
    Diet,
    Kitchen,
    PlanStatus,
    StopStatus,
    allergen_labels,
)

from .common import day_param, error_text, kitchen_param


def profile_list(request: HttpRequest) -> HttpResponse:
    kitchen = kitchen_param(request)
    diet = request.GET.get("diet", "")
    diet = diet if diet in Diet.values else ""
    q = request.GET.get("q", "").strip()
    rows = selectors.enrolment_profiles(q=q, kitchen=kitchen, diet=diet)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    audit_listed(
        request,
        action="meals.profile_list",
        object_type="registry.person",
        ids=[p.enrolment.person_id for p in page.object_list],
    )
    template = "meals/profile_list.html#results" if getattr(request, "htmx", False) else "meals/profile_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "q": q,
            "diet": diet,
            "kitchen": kitchen,
            "kitchens": Kitchen.objects.filter(is_active=True),
            "diets": Diet.choices,
            "missing": selectors.enrolments_without_profile()[:50],
            "today": timezone.localdate(),
        },
    )


def _enrolment(enrolment_id: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("person__district", "person__neighbourhood", "service", "case_manager")
        .filter(pk=enrolment_id, service__code=DELIVERY_SERVICE_CODE)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment(enrolment_id)
    profile = getattr(enrolment, "meal_profile", None)
    initial = (
        {
            "kitchen": profile.kitchen,
            "diet": profile.diet,
            "allergies": profile.allergies,
            "portions": profile.portions,
            "weekdays": profile.weekdays,
            "lat": profile.lat,
            "lon": profile.lon,
            "door_note": profile.door_note,
        }
        if profile
        else {"lat": enrolment.person.lat, "lon": enrolment.person.lon}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(actor=request.user, enrolment=enrolment, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Delivery details saved."))
            return redirect("meals:profile-edit", enrolment_id=enrolment.pk)
    audit_read(actor=request.user, obj=enrolment.person, action="meals.profile_view", purpose="home_meals")
    today = timezone.localdate()
    context = {
        "enrolment": enrolment,
        "person": enrolment.person,
        "profile": profile,
        "form": form,
        "suspension_form": SuspensionForm(initial={"start": today, "end": today + dt.timedelta(days=7)}),
        "suspensions": list(profile.suspensions.all()) if profile else [],
        "deliveries": selectors.deliveries_of(enrolment.person) if profile else [],
        "today": today,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "meals/profile_form.html", context, status=status)


@require_POST
def suspension_add(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment(enrolment_id)
    profile = getattr(enrolment, "meal_profile", None)
    if profile is None:
        messages.error(request, _("Save the delivery details first."))
        return redirect("meals:profile-edit", enrolment_id=enrolment_id)
    form = SuspensionForm(request.POST)
    if form.is_valid():
        try:
            services.suspension_add(actor=request.user, profile=profile, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Deliveries suspended for those days."))
    else:
        messages.error(request, _("Give the first and the last day of the suspension."))
    return redirect("meals:profile-edit", enrolment_id=enrolment_id)


@require_POST
def suspension_end(request: HttpRequest, pk: int) -> HttpResponse:
    suspension = get_object_or_404(DeliverySuspension.objects.select_related("profile__enrolment__person"), pk=pk)
    services.suspension_end(actor=request.user, suspension=suspension)
    messages.success(request, _("Suspension ended."))
    return redirect("meals:profile-edit", enrolment_id=suspension.profile.enrolment_id)


# --- the day -------------------------------------------------------------------------------------


def delivery_day(request: HttpRequest) -> HttpResponse:
    day = day_param(request)
    kitchen = kitchen_param(request)
    households = selectors.delivery_list(day=day, kitchen=kitchen)
    runs = selectors.runs_for_day(day)
    if kitchen is not None:
        runs = [r for r in runs if r.kitchen_id == kitchen.pk]
    audit_listed(
        request,
        action="meals.delivery_list",
        object_type="registry.person",
        ids=[p.enrolment.person_id for p in households],
    )
    return render(
        request,
        "meals/delivery_day.html",
        {
            "day": day,
            "kitchen": kitchen,
            "kitchens": Kitchen.objects.filter(is_active=True),
            "households": households,
            "portions": sum(p.portions for p in households),
            "runs": runs,
            "map_routes": json.dumps(selectors.run_geometry(day, kitchen=kitchen), ensure_ascii=False),
            "plan": selectors.latest_plan(day),
            "plan_form": PlanForm(initial={"day": day, "seconds": 30}),
            "assign_form": AssignForm(),
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
        },
    )


@require_POST
def plan_start(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a day and a planning time between 5 and 300 seconds."))
        return redirect("meals:delivery-day")
    day = form.cleaned_data["day"]
    try:
        services.delivery_plan_request(actor=request.user, day=day, seconds=form.cleaned_data["seconds"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.info(request, _("Planning started; this page shows the result when it is ready."))
    return redirect(f"{reverse('meals:delivery-day')}?day={day:%Y-%m-%d}")


def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(DeliveryPlan, pk=pk)
    response = render(request, "meals/delivery_day.html#plan-status", {"plan": plan, "day": plan.day})
    if getattr(request, "htmx", False) and plan.status == PlanStatus.DONE and request.GET.get("was") != PlanStatus.DONE:
        # Finished while the page was open: reload it so the runs appear.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def run_assign(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(DeliveryRun, pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.run_assign_driver(actor=request.user, run=run, driver=form.cleaned_data["driver"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Driver assigned."))
    return redirect(f"{reverse('meals:delivery-day')}?day={run.day:%Y-%m-%d}")


def labels(request: HttpRequest) -> HttpResponse:
    """One label per portion on an A4 grid of 3 × 8 (70 × 37 mm, the common label sheet)."""
    day = day_param(request)
    kitchen = kitchen_param(request)
    stops = selectors.stops_for_labels(day=day, kitchen=kitchen)
    audit_listed(request, action="meals.labels", object_type="registry.person", ids=[s.person_id for s in stops])
    pdf = new_pdf(title=_("Meal labels"))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0)
    cols, rows, width, height, top = 3, 8, 70.0, 37.0, (297 - 8 * 37) / 2
    labels_total = [(s, n) for s in stops for n in range(1, s.portions + 1)]
    if not labels_total:
        pdf.add_page()
        pdf.set_xy(15, 20)
        pdf.cell(0, 10, _("No deliveries planned for this day."))
    for slot, (stop, n) in enumerate(labels_total):
        if slot % (cols * rows) == 0:
            pdf.add_page()
        col, row = slot % cols, (slot // cols) % rows
        x, y = col * width, top + row * height
        pdf.set_xy(x + 4, y + 3)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(width - 8, 5, stop.person.full_name[:34])
        pdf.set_xy(x + 4, y + 8.5)
        pdf.set_font("DejaVu", "", 8)
        district = stop.person.district.name if stop.person.district else ""
        hood = stop.person.neighbourhood.name if stop.person.neighbourhood else ""
        pdf.cell(width - 8, 4, f"{hood} / {district}"[:44])
        pdf.set_xy(x + 4, y + 13)
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(width - 8, 5, f"{_('Diet')}: {Diet(stop.diet).label}")
        pdf.set_xy(x + 4, y + 18.5)
        pdf.set_font("DejaVu", "", 7)
        allergens = ", ".join(allergen_labels(stop.allergies)) or _("none recorded")
        pdf.multi_cell(width - 8, 3.4, f"{_('Allergies')}: {allergens}"[:130])
        pdf.set_xy(x + 4, y + 29)
        pdf.set_font("DejaVu", "", 7)
        pdf.cell(
            width - 8,
            4,
            f"{stop.day:%d.%m.%Y} · {stop.run.kitchen.name[:18]} · {_('Van')} {stop.run.number} · "
            f"{_('Stop')} {stop.sequence} · {n}/{stop.portions}",
        )
    return pdf_response(pdf, f"etiketler-{day:%Y-%m-%d}.pdf")


# --- drivers -------------------------------------------------------------------------------------


def my_runs(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    runs = (
        DeliveryRun.objects.filter(driver_id=request.user.pk, day__gte=today - dt.timedelta(days=7))
        .select_related("kitchen")
        .order_by("-day", "number")
    )
    return render(request, "meals/my_runs.html", {"runs": runs, "today": today})


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_detail(actor=request.user, pk=pk)
    audit_listed(
        request, action="meals.run_view", object_type="registry.person", ids=[s.person_id for s in run.stops.all()]
    )
    can_record = run.driver_id == request.user.pk or Role.OFFICE_MANAGER in user_roles(request.user)
    return render(
        request,
        "meals/run_detail.html",
        {"run": run, "can_record": can_record, "today": timezone.localdate(), "statuses": StopStatus},
    )


@require_POST
def stop_record(request: HttpRequest, pk: int) -> HttpResponse:
    stop = selectors.stop_for(actor=request.user, pk=pk)
    form = StopForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.stop_record(actor=request.user, stop=stop, **form.cleaned_data)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            error = error_text(exc)
    else:
        error = _("Choose what happened at the door.")
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        return redirect("meals:run-detail", pk=stop.run_id)
    stop.refresh_from_db()
    return render(
        request,
        "meals/run_detail.html#stop",
        {"stop": stop, "run": stop.run, "can_record": True, "error": error, "statuses": StopStatus},
    )
