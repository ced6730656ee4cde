"""Social assessments: schedule, the visit form (tablet-friendly), the committee's decision."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.cases import selectors, services
from omur.cases.forms import (
    SECTION_FORMS,
    AssessmentDecisionForm,
    AssessmentFilterForm,
    AssessmentRescheduleForm,
    AssessmentScheduleForm,
    DailyLivingForm,
    ReasonForm,
    VisitSummaryForm,
    section_data,
)
from omur.cases.models import Assessment, AssessmentStatus
from omur.cases.scales import KATZ_ITEMS, KATZ_MAX, LAWTON_ITEMS, LAWTON_MAX, katz_band
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.intake.models import Request
from omur.services.models import Service

from .common import PAGE_SIZE, audit_listed, htmx_or_full, int_param, person_or_404


def assessment_list(request: HttpRequest) -> HttpResponse:
    form = AssessmentFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {"status": "open", "mine": False, "q": ""}
    qs = selectors.assessment_list(
        actor=request.user, status=data.get("status", ""), mine=data.get("mine", False), search=data.get("q", "")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(
        request, action="assessment.list", object_type="cases.assessment", ids=[a.pk for a in page.object_list]
    )
    return render(request, htmx_or_full(request, "cases/assessment_list.html"), {"form": form, "page": page})


def _get(request: HttpRequest, pk: int) -> Assessment:
    try:
        return selectors.assessment_get(actor=request.user, pk=pk)
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(person_id)
    requests = Request.objects.filter(person=person).select_related("category").order_by("-created_at")
    initial: dict[str, Any] = {}
    request_id = int_param(request, "request")
    if request_id and requests.filter(pk=request_id).exists():
        initial["request"] = request_id
    if request.user.pk in set(selectors.assessors().values_list("pk", flat=True)):
        initial["assessor"] = request.user.pk
    form = AssessmentScheduleForm(
        request.POST or None, initial=initial, assessors=selectors.assessors(), requests=requests
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_schedule(
                actor=request.user,
                person=person,
                assessor=data["assessor"],
                scheduled_on=data["scheduled_on"],
                scheduled_time=data["scheduled_time"],
                request=data["request"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Home visit scheduled."))
            return redirect("cases:assessment-detail", pk=assessment.pk)
    audit_read(actor=request.user, obj=person, action="person.view", purpose="assessment")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/assessment_schedule.html", {"form": form, "person": person}, status=status)


def _section_forms(assessment: Assessment, data: Any = None) -> list[dict[str, Any]]:
    sections = []
    for key, title, form_class in SECTION_FORMS:
        stored = getattr(assessment, f"{key}_section") or {}
        if form_class is DailyLivingForm:
            form: Any = DailyLivingForm(data, prefix=key, initial=DailyLivingForm.initial_from(stored))
        else:
            form = form_class(data, prefix=key, initial=stored)
        sections.append({"key": key, "title": title, "form": form})
    return sections


def _scales_context() -> dict[str, Any]:
    return {"katz_max": KATZ_MAX, "lawton_max": LAWTON_MAX, "katz_items": KATZ_ITEMS, "lawton_items": LAWTON_ITEMS}


@require_http_methods(["GET", "POST"])
def assessment_form(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get(request, pk)
    if not assessment.is_editable:
        messages.info(request, _("This assessment has been decided or cancelled; it can no longer be changed."))
        return redirect("cases:assessment-detail", pk=pk)
    data = request.POST if request.method == "POST" else None
    sections = _section_forms(assessment, data)
    summary = VisitSummaryForm(
        data,
        prefix="summary",
        initial={
            "visited_on": assessment.visited_on or timezone.localdate(),
            "observations": assessment.observations,
            "recommendation": assessment.recommendation,
        },
    )
    error = ""
    if request.method == "POST" and all(s["form"].is_valid() for s in sections) and summary.is_valid():
        values = {
            s["key"]: (s["form"].section() if isinstance(s["form"], DailyLivingForm) else section_data(s["form"]))
            for s in sections
        }
        complete = "complete" in request.POST
        try:
            services.assessment_save(
                actor=request.user,
                assessment=assessment,
                sections=values,
                observations=summary.cleaned_data["observations"],
                recommendation=summary.cleaned_data["recommendation"],
                complete=complete,
                visited_on=summary.cleaned_data["visited_on"],
            )
        except ApplicationError as exc:
            error = str(exc)
        else:
            if complete:
                messages.success(request, _("The visit form is complete and waits for the committee."))
                return redirect("cases:assessment-detail", pk=pk)
            messages.success(request, _("Draft saved."))
            return redirect("cases:assessment-form", pk=pk)
    audit_read(
        actor=request.user,
        obj=assessment,
        action="assessment.view",
        purpose="visit form",
        fields=["health", "daily_living"],
    )
    audit_read(actor=request.user, obj=assessment.person, action="person.view", purpose="assessment")
    context = {
        "assessment": assessment,
        "person": assessment.person,
        "sections": sections,
        "summary": summary,
        "error": error,
        **_scales_context(),
    }
    return render(request, "cases/assessment_form.html", context, status=400 if request.method == "POST" else 200)


def _decision_form(data: Any = None) -> AssessmentDecisionForm:
    return AssessmentDecisionForm(
        data,
        prefix="decision",
        services=Service.objects.active_on(timezone.localdate()).order_by("policy_area__order", "name_tr"),
        case_managers=selectors.case_managers(),
    )


def _display_sections(assessment: Assessment) -> list[dict[str, Any]]:
    """Each section's answers as (label, shown value) pairs, for the read-only page."""
    shown = []
    for section in _section_forms(assessment):
        form = section["form"]
        if isinstance(form, DailyLivingForm):
            continue
        stored = getattr(assessment, f"{section['key']}_section") or {}
        rows = []
        for name, field in form.fields.items():
            if name not in stored:
                continue
            value = stored[name]
            choices = dict(getattr(field, "choices", []) or [])
            if isinstance(value, list):
                text = ", ".join(str(choices.get(v, v)) for v in value)
            elif isinstance(value, bool):
                text = _("Yes") if value else _("No")
            else:
                text = str(choices.get(value, value))
            rows.append((field.label, text))
        shown.append({"key": section["key"], "title": section["title"], "rows": rows})
    return shown


def _daily_rows(assessment: Assessment) -> dict[str, list[tuple[Any, Any]]]:
    answers: dict[str, Any] = assessment.daily_living_section or {}  # type: ignore[assignment]  # decrypted JSON
    result = {}
    for scale, items in (("katz", KATZ_ITEMS), ("lawton", LAWTON_ITEMS)):
        given = answers.get(scale) or {}
        rows = []
        for item in items:
            option = next((o for o in item.options if o.code == given.get(item.key)), None)
            rows.append((item, option))
        result[scale] = rows
    return result


def assessment_detail(
    request: HttpRequest, pk: int, decision_form: AssessmentDecisionForm | None = None
) -> HttpResponse:
    assessment = _get(request, pk)
    audit_read(
        actor=request.user,
        obj=assessment,
        action="assessment.view",
        purpose="assessment page",
        fields=["health", "daily_living"],
    )
    audit_read(actor=request.user, obj=assessment.person, action="person.view", purpose="assessment")
    context = {
        "assessment": assessment,
        "person": assessment.person,
        "sections": _display_sections(assessment),
        "daily": _daily_rows(assessment),
        "katz_band": katz_band(assessment.katz_score),
        "decision_form": decision_form
        or (_decision_form() if assessment.status == AssessmentStatus.COMPLETED else None),
        "cancel_form": ReasonForm(prefix="cancel") if assessment.is_editable else None,
        "reschedule_form": AssessmentRescheduleForm(
            prefix="reschedule",
            assessors=selectors.assessors(),
            initial={
                "assessor": assessment.assessor_id,
                "scheduled_on": assessment.scheduled_on,
                "scheduled_time": assessment.scheduled_time,
            },
        )
        if assessment.status == AssessmentStatus.SCHEDULED
        else None,
        **_scales_context(),
    }
    return render(request, "cases/assessment_detail.html", context, status=400 if decision_form is not None else 200)


@require_POST
def assessment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get(request, pk)
    form = _decision_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_decide(
                actor=request.user,
                assessment=assessment,
                approve=data["decision"] == "approve",
                services=data["services"] if data["decision"] == "approve" else [],
                reason=data["reason"],
                reassess_on=data["reassess_on"],
                case_manager=data["case_manager"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The committee's decision is recorded."))
            return redirect("cases:assessment-detail", pk=pk)
    return assessment_detail(request, pk, decision_form=form)


@require_POST
def assessment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get(request, pk)
    form = ReasonForm(request.POST, prefix="cancel")
    try:
        services.assessment_cancel(
            actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The visit is cancelled."))
    return redirect("cases:assessment-detail", pk=pk)


@require_POST
def assessment_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get(request, pk)
    form = AssessmentRescheduleForm(request.POST, prefix="reschedule", assessors=selectors.assessors())
    if not form.is_valid():
        messages.error(request, _("Give the assessor and a valid date."))
        return redirect("cases:assessment-detail", pk=pk)
    try:
        services.assessment_reschedule(
            actor=request.user,
            assessment=assessment,
            assessor=form.cleaned_data["assessor"],
            scheduled_on=form.cleaned_data["scheduled_on"],
            scheduled_time=form.cleaned_data["scheduled_time"],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The visit is rescheduled."))
    return redirect("cases:assessment-detail", pk=pk)
