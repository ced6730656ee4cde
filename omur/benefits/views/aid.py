"""Aid programmes, the distribution desk, distributions, and a person's and household's benefits."""

import contextlib
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.benefits import selectors
from omur.benefits.forms import (
    AmountForm,
    DistributionFilterForm,
    DistributionForm,
    PersonSearchForm,
    TierForm,
    VoidForm,
)
from omur.benefits.models import AidProgramme, Distribution, GrantApplication, GrantScheme, Lottery
from omur.benefits.services import aid
from omur.benefits.services.common import check_eligibility, refusal_reasons
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.registry.models import Household

from .common import PAGE_SIZE, audit_listed, can_manage, can_work, htmx_or_full, person_or_404, picker_people


def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "programmes": selectors.programme_list().order_by("name_tr"),
        "schemes": GrantScheme.objects.filter(active=True).order_by("name_tr"),
        "lotteries": selectors.lottery_list()[:5],
        "obligations": selectors.obligation_counts(today=today),
        "can_work": can_work(request.user),
    }
    return render(request, "benefits/overview.html", context)


def _programme(code: str) -> AidProgramme:
    return get_object_or_404(AidProgramme.objects.select_related("service"), code=code)


def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(code)
    recent = list(selectors.distribution_list(programme=code)[:15])
    near = selectors.near_limit(programme)
    audit_listed(
        request,
        action="distribution.list",
        object_type="benefits.distribution",
        ids=[d.pk for d in recent],
    )
    context = {
        "programme": programme,
        "tiers": selectors.programme_tiers(programme),
        "recent": recent,
        "near": near,
        "rules": list(programme.service.eligibility_rules.all()),
        "amount_form": AmountForm(programme=programme, initial={"valid_from": timezone.localdate()}),
        "tier_form": TierForm(),
        "can_manage": can_manage(request.user),
        "can_work": can_work(request.user),
    }
    return render(request, "benefits/programme_detail.html", context)


@require_POST
def amount_add(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(code)
    form = AmountForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            aid.amount_set(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Amount saved. Distributions from that date use it."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("benefits:programme-detail", code=code)


@require_POST
def tier_add(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(code)
    form = TierForm(request.POST)
    if form.is_valid():
        try:
            aid.tier_create(actor=request.user, programme=programme, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Tier added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("benefits:programme-detail", code=code)


def distribution_list(request: HttpRequest) -> HttpResponse:
    form = DistributionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.distribution_list(
        programme=data.get("programme", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        overlap_only=bool(data.get("overlap_only")),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(request, action="distribution.list", object_type="benefits.distribution", ids=[d.pk for d in page])
    return render(request, htmx_or_full(request, "benefits/distribution_list.html"), {"form": form, "page": page})


def desk(request: HttpRequest) -> HttpResponse:
    """The distribution desk: find the person, then record."""
    form = PersonSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    people = picker_people(request, q)
    template = htmx_or_full(request, "benefits/desk.html")
    return render(request, template, {"form": form, "people": people, "q": q})


def _preview(request: HttpRequest, person: Any, programme: AidProgramme | None, day: Any) -> dict[str, Any]:
    if programme is None:
        return {}
    household = aid.household_of(person)
    size = aid.household_size(household)
    tier = aid.suggested_tier(programme, size)
    eligibility = check_eligibility(person, programme.service, day=day)
    ent = aid.entitlement(programme, person, household, day)
    return {
        "programme": programme,
        "eligibility": eligibility,
        "refusals": refusal_reasons(eligibility),
        "entitlement": ent,
        "household": household,
        "household_size": size,
        "tier": tier,
        "amount": aid.amount_on(tier, day) if tier else None,
        "overlaps": aid.overlapping(programme, person, household, day),
    }


@require_http_methods(["GET", "POST"])
def distribution_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(person_id)
    form = DistributionForm(request.POST or None, initial={"programme": request.GET.get("programme", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                recorded = aid.distribution_record(
                    actor=request.user,
                    programme=data["programme"],
                    person=person,
                    distributed_on=data["distributed_on"],
                    confirmation=data["confirmation"],
                    confirmation_ref=data["confirmation_ref"],
                    tier=data["tier"],
                    items=data["items"],
                    note=data["note"],
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Distribution recorded."))
                for warning in recorded.warnings:
                    messages.warning(request, _("Overlapping aid this month: %(detail)s") % {"detail": warning})
                return redirect("benefits:person-benefits", person_id=person.pk)
        status = 400
    code = request.POST.get("programme") or request.GET.get("programme", "")
    programme = AidProgramme.objects.filter(code=code, active=True).select_related("service").first() if code else None
    day = timezone.localdate()
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["distributed_on"]
    elif request.GET.get("distributed_on"):
        with contextlib.suppress(ValueError):
            day = min(day, dt.date.fromisoformat(request.GET["distributed_on"]))
    context = {"form": form, "person": person, "preview": _preview(request, person, programme, day)}
    audit_read(actor=request.user, obj=person, action="person.view", purpose="benefits")
    if getattr(request, "htmx", False) and request.method == "GET":
        return render(request, "benefits/distribution_form.html#preview", context)
    return render(request, "benefits/distribution_form.html", context, status=status)


def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = get_object_or_404(
        Distribution.objects.select_related("programme", "tier", "person", "household", "recorded_by", "voided_by"),
        pk=pk,
    )
    audit_read(actor=request.user, obj=distribution, action="distribution.view")
    user = request.user
    may_void = not distribution.voided and (
        can_manage(user) or (can_work(user) and distribution.recorded_by_id == user.pk)
    )
    return render(
        request,
        "benefits/distribution_detail.html",
        {"d": distribution, "void_form": VoidForm(), "may_void": may_void},
    )


@require_POST
def distribution_void(request: HttpRequest, pk: int) -> HttpResponse:
    distribution = get_object_or_404(Distribution, pk=pk)
    form = VoidForm(request.POST)
    try:
        aid.distribution_void(actor=request.user, distribution=distribution, reason=form.data.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Distribution voided; its place in the cycle is free again."))
    return redirect("benefits:distribution-detail", pk=pk)


def person_benefits(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(person_id)
    today = timezone.localdate()
    household = aid.household_of(person)
    programmes = list(AidProgramme.objects.filter(active=True).select_related("service").order_by("name_tr"))
    standing = [aid.entitlement(p, person, household, today) for p in programmes]
    distributions = Paginator(selectors.person_distributions(person), PAGE_SIZE).get_page(request.GET.get("page"))
    grants = list(selectors.grant_queryset().filter(person=person))
    applications = list(GrantApplication.objects.filter(person=person).select_related("cohort__scheme"))
    lotteries = list(Lottery.objects.filter(entries__person=person).distinct())
    audit_read(actor=request.user, obj=person, action="person.view", purpose="benefits")
    context = {
        "person": person,
        "household": household,
        "standing": standing,
        "page": distributions,
        "grants": grants,
        "applications": applications,
        "lotteries": lotteries,
        "can_work": can_work(request.user),
    }
    return render(request, "benefits/person_benefits.html", context)


def household_benefits(request: HttpRequest, household_id: int) -> HttpResponse:
    household = Household.objects.filter(pk=household_id).select_related("head").first()
    if household is None:
        raise Http404
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    members = selectors.household_members(household)
    distributions = Paginator(selectors.household_distributions(household), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_read(actor=request.user, obj=household, action="household.view", purpose="benefits")
    context = {
        "household": household,
        "members": members,
        "page": distributions,
        "totals": selectors.household_totals(household, year=year),
        "year": year,
        "grants": list(selectors.grant_queryset().filter(person__in=members)),
    }
    return render(request, "benefits/household_benefits.html", context)
