"""Referrals (internal and to partner institutions) and the partner list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.cases import selectors, services
from omur.cases.forms import PartnerForm, ReferralAnswerForm, ReferralFilterForm, ReferralForm, ReferralOutcomeForm
from omur.cases.models import OPEN_ENROLMENT_STATUSES, Enrolment, Partner, Referral, ReferralStatus
from omur.core.audit import audit_read, audit_record
from omur.core.exceptions import ApplicationError
from omur.services.models import Service

from .common import PAGE_SIZE, audit_listed, htmx_or_full, person_or_404


def referral_list(request: HttpRequest) -> HttpResponse:
    form = ReferralFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.referral_list(
        actor=request.user,
        box=data.get("box", "open") if request.GET else "open",
        status=data.get("status", ""),
        kind=data.get("kind", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(request, action="referral.list", object_type="cases.referral", ids=[r.pk for r in page.object_list])
    return render(request, htmx_or_full(request, "cases/referral_list.html"), {"form": form, "page": page})


def _get(request: HttpRequest, pk: int) -> Referral:
    try:
        return selectors.referral_get(actor=request.user, pk=pk)
    except Referral.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_or_404(person_id)
    enrolments = Enrolment.objects.filter(person=person, status__in=OPEN_ENROLMENT_STATUSES).select_related("service")
    form = ReferralForm(
        request.POST or None,
        services=Service.objects.active_on(timezone.localdate()).order_by("policy_area__order", "name_tr"),
        partners=Partner.objects.filter(active=True).order_by("name"),
        enrolments=enrolments,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                actor=request.user,
                person=person,
                kind=data["kind"],
                reason=data["reason"],
                to_service=data["to_service"],
                to_partner=data["to_partner"],
                from_enrolment=data["from_enrolment"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Referral sent."))
            return redirect("cases:referral-detail", pk=referral.pk)
    audit_read(actor=request.user, obj=person, action="person.view", purpose="referral")
    return render(
        request,
        "cases/referral_form.html",
        {"form": form, "person": person},
        status=400 if request.method == "POST" else 200,
    )


def referral_detail(
    request: HttpRequest,
    pk: int,
    answer_form: ReferralAnswerForm | None = None,
    outcome_form: ReferralOutcomeForm | None = None,
) -> HttpResponse:
    referral = _get(request, pk)
    audit_read(actor=request.user, obj=referral, action="referral.view")
    audit_read(actor=request.user, obj=referral.person, action="person.view", purpose="referral")
    context = {
        "referral": referral,
        "person": referral.person,
        "answer_form": answer_form or (ReferralAnswerForm() if referral.status == ReferralStatus.SENT else None),
        "outcome_form": outcome_form or (ReferralOutcomeForm() if referral.status == ReferralStatus.ACCEPTED else None),
    }
    invalid = answer_form is not None or outcome_form is not None
    return render(request, "cases/referral_detail.html", context, status=400 if invalid else 200)


@require_POST
def referral_answer(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _get(request, pk)
    form = ReferralAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.referral_answer(
                actor=request.user,
                referral=referral,
                accept=form.cleaned_data["answer"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Answer recorded; the sender is told."))
            return redirect("cases:referral-detail", pk=pk)
    return referral_detail(request, pk, answer_form=form)


@require_POST
def referral_complete(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _get(request, pk)
    form = ReferralOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.referral_complete(actor=request.user, referral=referral, outcome=form.cleaned_data["outcome"])
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Outcome recorded; the sender is told."))
            return redirect("cases:referral-detail", pk=pk)
    return referral_detail(request, pk, outcome_form=form)


def partner_list(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.order_by("-active", "name")
    return render(request, "cases/partner_list.html", {"partners": partners})


@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk) if pk is not None else None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        # Institutions, not people; still, who changed where referrals go belongs in the trail.
        audit_record(
            actor=request.user, action="partner.save", obj=saved, changes={"name": saved.name, "kind": saved.kind}
        )
        messages.success(request, _("Partner saved."))
        return redirect("cases:partner-list")
    return render(
        request,
        "cases/partner_form.html",
        {"form": form, "partner": partner},
        status=400 if request.method == "POST" else 200,
    )
