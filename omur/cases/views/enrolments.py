"""Enrolments: the list (with the coverage matrix's filters), create, detail, status changes, the
care plan."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.accounts.models import User
from omur.cases import selectors, services
from omur.cases.forms import (
    CarePlanForm,
    CarePlanItemFormSet,
    EnrolmentCreateForm,
    EnrolmentFilterForm,
    EnrolmentTransitionForm,
    EnrolmentUpdateForm,
    care_plan_item_initial,
)
from omur.cases.models import CARE_TASKS_BY_ROLE, CareTaskType, Enrolment
from omur.cases.permissions import CARE_PLAN_VIEW_ROLES
from omur.cases.recurrence import describe_rrule, weekday_labels
from omur.cases.selectors.cases import can_manage_cases
from omur.cases.services import TRANSITIONS, CarePlanLine
from omur.core.access import user_roles
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.services.models import LifeStage, PolicyArea, Service

from .common import PAGE_SIZE, audit_listed, htmx_or_full, person_or_404


def _filter_form(request: HttpRequest) -> EnrolmentFilterForm:
    return EnrolmentFilterForm(
        request.GET or None,
        services=Service.objects.order_by("name_tr"),
        areas=PolicyArea.objects.order_by("order"),
        stages=LifeStage.objects.order_by("order"),
    )


def enrolment_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.enrolment_list(
        actor=request.user,
        status=data.get("status", "open") if request.GET else "open",
        service=data.get("service"),
        policy_area=data.get("area"),
        life_stage=data.get("stage"),
        case_manager=request.user if data.get("mine") else None,
        review_due=bool(data.get("review_due")),
        search=data.get("q", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(request, action="enrolment.list", object_type="cases.enrolment", ids=[e.pk for e in page.object_list])
    context = {"form": form, "page": page, "can_manage": can_manage_cases(request.user), "today": timezone.localdate()}
    return render(request, htmx_or_full(request, "cases/enrolment_list.html"), context)


def _get(request: HttpRequest, pk: int) -> Enrolment:
    try:
        return selectors.enrolment_get(actor=request.user, pk=pk)
    except Enrolment.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def enrolment_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(person_id)
    initial: dict[str, Any] = {}
    if request.GET.get("service", "").isdigit():
        initial["service"] = int(request.GET["service"])
    managers = selectors.case_managers()
    if request.user.pk in set(managers.values_list("pk", flat=True)):
        initial["case_manager"] = request.user.pk
    form = EnrolmentCreateForm(
        request.POST or None,
        initial=initial,
        services=Service.objects.active_on(timezone.localdate()).order_by("policy_area__order", "name_tr"),
        case_managers=managers,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrolment_create(
                actor=request.user,
                person=person,
                service=data["service"],
                case_manager=data["case_manager"],
                status=data["status"],
                start_date=data["start_date"],
                review_on=data["review_on"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Enrolment recorded."))
            return redirect("cases:enrolment-detail", pk=enrolment.pk)
    audit_read(actor=request.user, obj=person, action="person.view", purpose="enrolment")
    return render(
        request,
        "cases/enrolment_form.html",
        {"form": form, "person": person},
        status=400 if request.method == "POST" else 200,
    )


def enrolment_detail(
    request: HttpRequest, pk: int, transition_form: EnrolmentTransitionForm | None = None
) -> HttpResponse:
    enrolment = _get(request, pk)
    manage = can_manage_cases(request.user)
    audit_read(actor=request.user, obj=enrolment, action="enrolment.view")
    audit_read(actor=request.user, obj=enrolment.person, action="person.view", purpose="enrolment")
    plan = getattr(enrolment, "care_plan", None)
    allowed = TRANSITIONS.get(enrolment.status, frozenset())
    context = {
        "enrolment": enrolment,
        "person": enrolment.person,
        "plan": plan,
        "plan_items": [(i, describe_rrule(i.recurrence)) for i in plan.items.all()] if plan else [],
        "plan_days": [weekday_labels()[d] for d in (plan.preferred_days or [])] if plan else [],
        "can_manage": manage,
        "is_home_based": enrolment.service.delivery_model == "home",
        "transition_form": (transition_form or EnrolmentTransitionForm(allowed=allowed))
        if manage and allowed
        else None,
        "update_form": EnrolmentUpdateForm(
            case_managers=selectors.case_managers(),
            initial={"case_manager": enrolment.case_manager_id, "review_on": enrolment.review_on},
        )
        if manage and enrolment.is_open
        else None,
    }
    return render(request, "cases/enrolment_detail.html", context, status=400 if transition_form is not None else 200)


@require_POST
def enrolment_transition(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get(request, pk)
    form = EnrolmentTransitionForm(request.POST, allowed=TRANSITIONS.get(enrolment.status, frozenset()))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_transition(
                actor=request.user,
                enrolment=enrolment,
                to_status=data["to_status"],
                reason=data["reason"],
                note=data["note"],
                on=data["on"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Status changed."))
            return redirect("cases:enrolment-detail", pk=pk)
    return enrolment_detail(request, pk, transition_form=form)


@require_POST
def enrolment_update(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get(request, pk)
    form = EnrolmentUpdateForm(request.POST, case_managers=selectors.case_managers())
    if form.is_valid():
        try:
            services.enrolment_update(
                actor=request.user,
                enrolment=enrolment,
                case_manager=form.cleaned_data["case_manager"],
                review_on=form.cleaned_data["review_on"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Enrolment updated."))
    else:
        messages.error(request, _("Check the case manager and the review date."))
    return redirect("cases:enrolment-detail", pk=pk)


@require_http_methods(["GET", "POST"])
def careplan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get(request, pk)
    if enrolment.service.delivery_model != "home" or not enrolment.is_open:
        messages.info(request, _("Care plans are for open home-based enrolments only."))
        return redirect("cases:enrolment-detail", pk=pk)
    plan = getattr(enrolment, "care_plan", None)
    staff = User.objects.filter(
        is_active=True, groups__name__in=CARE_PLAN_VIEW_ROLES | {"caregiver", "cleaner", "craftsperson"}
    ).distinct()
    initial = (
        {
            "preferred_days": plan.preferred_days,
            "window_start": plan.window_start,
            "window_end": plan.window_end,
            "same_sex_carer": plan.same_sex_carer,
            "preferred_staff": plan.preferred_staff_id,
            "notes": plan.notes,
        }
        if plan
        else {}
    )
    data = request.POST if request.method == "POST" else None
    form = CarePlanForm(data, initial=initial, staff=staff.order_by("first_name", "last_name"))
    items = CarePlanItemFormSet(data, initial=care_plan_item_initial(plan), prefix="items")
    error = ""
    if request.method == "POST" and form.is_valid() and items.is_valid():
        lines = [
            CarePlanLine(
                f.cleaned_data["task_type"], f.cleaned_data["recurrence"], f.cleaned_data.get("duration_minutes") or 60
            )
            for f in items.forms
            if f.cleaned_data.get("included")
        ]
        try:
            services.care_plan_save(
                actor=request.user,
                enrolment=enrolment,
                items=lines,
                preferred_days=form.cleaned_data["preferred_days"],
                window_start=form.cleaned_data["window_start"],
                window_end=form.cleaned_data["window_end"],
                same_sex_carer=form.cleaned_data["same_sex_carer"],
                preferred_staff=form.cleaned_data["preferred_staff"],
                notes=form.cleaned_data["notes"],
            )
        except ApplicationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Care plan saved."))
            return redirect("cases:enrolment-detail", pk=pk)
    audit_read(actor=request.user, obj=enrolment.person, action="person.view", purpose="care plan")
    context = {
        "enrolment": enrolment,
        "person": enrolment.person,
        "form": form,
        "items": items,
        "error": error,
        "weekdays": weekday_labels(),
    }
    return render(request, "cases/careplan_form.html", context, status=400 if request.method == "POST" else 200)


def careplan_list(request: HttpRequest) -> HttpResponse:
    roles = user_roles(request.user)
    task_type = request.GET.get("task", "")
    if task_type not in CareTaskType.values:
        task_type = ""
    own_tasks = sorted({t for role, types in CARE_TASKS_BY_ROLE.items() if role in roles for t in types})
    qs = selectors.care_plan_list(actor=request.user, task_type=task_type)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(request, action="careplan.list", object_type="cases.enrolment", ids=[e.pk for e in page.object_list])
    rows = [
        {"enrolment": e, "items": [(i, describe_rrule(i.recurrence)) for i in e.care_plan.items.all()]}
        for e in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "task_type": task_type,
        "task_choices": [(v, label) for v, label in CareTaskType.choices if not own_tasks or v in own_tasks],
    }
    return render(request, htmx_or_full(request, "cases/careplan_list.html"), context)
