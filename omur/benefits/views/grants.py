"""Grant schemes, cohorts, applications, breeders (allocation, feed, vaccinations, births,
pass-ons), obligations and the per-district dashboard."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omur.benefits import selectors
from omur.benefits.forms import (
    AllocationForm,
    AwardForm,
    BirthForm,
    CohortForm,
    FeedForm,
    LotteryCreateForm,
    PassOnForm,
    PersonSearchForm,
    VaccinationForm,
)
from omur.benefits.models import (
    AnimalOrigin,
    ApplicationStatus,
    Grant,
    GrantApplication,
    GrantCohort,
    GrantScheme,
    PassOn,
)
from omur.benefits.services import grants as grant_services
from omur.core.audit import audit_read, audit_record
from omur.core.exceptions import ApplicationError
from omur.geo.models import District

from .common import PAGE_SIZE, audit_listed, can_manage, can_work, htmx_or_full, person_or_404, picker_people


def _form_errors(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = GrantScheme.objects.select_related("service").order_by("name_tr")
    return render(request, "benefits/scheme_list.html", {"schemes": schemes})


def _scheme(code: str) -> GrantScheme:
    return get_object_or_404(GrantScheme.objects.select_related("service"), code=code)


def scheme_detail(request: HttpRequest, code: str) -> HttpResponse:
    scheme = _scheme(code)
    cohorts = scheme.cohorts.order_by("-year")
    from django.db.models import Count, Q

    cohorts = cohorts.annotate(
        applications_count=Count("applications", distinct=True),
        eligible_count=Count(
            "applications",
            filter=~Q(applications__status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]),
            distinct=True,
        ),
        grants_count=Count("grants", distinct=True),
    )
    context = {
        "scheme": scheme,
        "cohorts": cohorts,
        "rules": list(scheme.service.eligibility_rules.all()) if scheme.service else [],
        "cohort_form": CohortForm(initial={"year": timezone.localdate().year + 1, "places": 60}),
        "can_manage": can_manage(request.user),
        "counts": selectors.obligation_counts() if scheme.is_livestock else None,
    }
    return render(request, "benefits/scheme_detail.html", context)


@require_POST
def cohort_create(request: HttpRequest, code: str) -> HttpResponse:
    scheme = _scheme(code)
    form = CohortForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    elif GrantCohort.objects.filter(scheme=scheme, year=form.cleaned_data["year"]).exists():
        messages.error(request, _("A cohort for %(year)s already exists.") % {"year": form.cleaned_data["year"]})
    else:
        cohort = GrantCohort.objects.create(scheme=scheme, **form.cleaned_data)
        audit_record(actor=request.user, action="grant_cohort.create", obj=cohort, changes=form.cleaned_data)
        messages.success(request, _("Cohort opened."))
        return redirect("benefits:cohort-detail", pk=cohort.pk)
    return redirect("benefits:scheme-detail", code=code)


def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(GrantCohort.objects.select_related("scheme"), pk=pk)
    status = request.GET.get("status", "")
    applications = GrantApplication.objects.filter(cohort=cohort).select_related(
        "person__neighbourhood__district", "grant"
    )
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    page = Paginator(applications.order_by("applied_on", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(
        request, action="grant_application.list", object_type="benefits.grantapplication", ids=[a.pk for a in page]
    )
    counts = {s: 0 for s in ApplicationStatus.values}
    from django.db.models import Count

    for row in GrantApplication.objects.filter(cohort=cohort).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    eligible = counts["eligible"]
    context = {
        "cohort": cohort,
        "page": page,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "counts": counts,
        "awarded": Grant.objects.filter(cohort=cohort).count(),
        "lottery": getattr(cohort, "lottery", None),
        "needs_lottery": eligible > cohort.places and not hasattr(cohort, "lottery"),
        "lottery_form": LotteryCreateForm(initial={"reserves": min(20, max(0, eligible - cohort.places))}),
        "award_form": AwardForm(),
        "can_work": can_work(request.user),
    }
    return render(request, htmx_or_full(request, "benefits/cohort_detail.html"), context)


@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(GrantCohort.objects.select_related("scheme__service"), pk=pk)
    if request.method == "POST":
        person = person_or_404(int(request.POST.get("person", "0") or 0))
        try:
            application = grant_services.application_record(actor=request.user, cohort=cohort, person=person)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            if application.status == ApplicationStatus.REJECTED:
                messages.warning(
                    request,
                    _("%(person)s: application rejected. Rule not met: %(rule)s")
                    % {"person": person.full_name, "rule": application.failed_rule},
                )
            else:
                messages.success(
                    request, _("%(person)s: application recorded as eligible.") % {"person": person.full_name}
                )
            return redirect("benefits:cohort-detail", pk=cohort.pk)
    form = PersonSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    people = picker_people(request, q)
    checks = {}
    for person in people:
        checks[person.pk] = grant_services.grant_checks(cohort.scheme, person, day=timezone.localdate())[1]
    rows = [(p, checks[p.pk]) for p in people]
    return render(
        request, htmx_or_full(request, "benefits/application_form.html"), {"cohort": cohort, "form": form, "rows": rows}
    )


@require_POST
def application_award(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(GrantApplication.objects.select_related("cohort"), pk=pk)
    form = AwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("benefits:cohort-detail", pk=application.cohort_id)
    try:
        grant = grant_services.grant_award(
            actor=request.user,
            application=application,
            started_on=form.cleaned_data["started_on"],
            item_serial=form.cleaned_data["item_serial"],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("benefits:cohort-detail", pk=application.cohort_id)
    messages.success(request, _("Grant awarded."))
    return redirect("benefits:grant-detail", pk=grant.pk)


def _grant(pk: int) -> Grant:
    return get_object_or_404(selectors.grant_queryset(), pk=pk)


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(pk)
    today = timezone.localdate()
    passed = grant_services.passed_counts([grant.pk]).get(grant.pk, 0)
    animals = list(grant.animals.select_related("mother").order_by("origin", "ear_tag"))
    born_here = grant.births.select_related("grant__person").order_by("-born_on", "ear_tag")
    audit_read(actor=request.user, obj=grant.person, action="person.view", purpose="grant")
    context = {
        "grant": grant,
        "obligation": selectors.obligation_state(grant, passed, today=today),
        "animals": animals,
        "alive": [a for a in animals if a.status == "alive"],
        "allocated": [a for a in animals if a.origin == AnimalOrigin.ALLOCATED],
        "births": list(born_here[:200]),
        "births_count": born_here.count(),
        "available": [
            a for a in animals if a.origin == AnimalOrigin.BORN and a.born_in_id == grant.pk and a.status == "alive"
        ],
        "feed": list(grant.feed_deliveries.order_by("delivered_on")),
        "vaccinations": list(grant.vaccinations.order_by("due_on", "vaccine")),
        "passed_on": list(PassOn.objects.filter(from_grant=grant).select_related("to_grant__person")),
        "received": list(PassOn.objects.filter(to_grant=grant).select_related("from_grant__person")),
        "chain": selectors.chain(grant),
        "ancestry": selectors.ancestry(grant),
        "today": today,
        "can_work": can_work(request.user),
        "allocation_form": AllocationForm()
        if grant.scheme.is_livestock and grant.generation == 1 and not animals
        else None,
        "feed_form": FeedForm(),
        "vaccination_form": VaccinationForm(grant=grant),
        "birth_form": BirthForm(),
    }
    return render(request, "benefits/grant_detail.html", context)


def _run(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("benefits:grant-detail", pk=pk)


@require_POST
def grant_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(pk)
    form = AllocationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("benefits:grant-detail", pk=pk)
    d = form.cleaned_data
    return _run(
        request,
        pk,
        lambda: grant_services.animals_allocate(
            actor=request.user,
            grant=grant,
            species=d["species"],
            female_tags=d["female_tags"],
            male_tags=d["male_tags"],
            allocated_on=d["allocated_on"],
            with_feed=d["with_feed"],
        ),
        _("Animals allocated; the year of vaccinations is scheduled."),
    )


@require_POST
def feed_add(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(pk)
    form = FeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("benefits:grant-detail", pk=pk)
    return _run(
        request,
        pk,
        lambda: grant_services.feed_record(actor=request.user, grant=grant, **form.cleaned_data),
        _("Feed delivery recorded."),
    )


@require_POST
def vaccination_record(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(pk)
    form = VaccinationForm(request.POST, grant=grant)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("benefits:grant-detail", pk=pk)
    d = form.cleaned_data
    return _run(
        request,
        pk,
        lambda: grant_services.vaccination_record(
            actor=request.user, dose=d["dose"], done_on=d["done_on"], animals=d["animals"], vet=d["vet"]
        ),
        _("Vaccination recorded."),
    )


@require_POST
def birth_add(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(pk)
    form = BirthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("benefits:grant-detail", pk=pk)
    d = form.cleaned_data
    return _run(
        request,
        pk,
        lambda: grant_services.births_record(
            actor=request.user, grant=grant, born_on=d["born_on"], newborns=d["newborns"], mother_tag=d["mother_tag"]
        ),
        _("Births recorded."),
    )


@require_http_methods(["GET", "POST"])
def pass_on_create(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(pk)
    person_id = request.POST.get("person") or request.GET.get("person") or ""
    receiver = person_or_404(int(person_id)) if person_id.isdigit() else None
    form = PassOnForm(request.POST or None)
    if request.method == "POST" and receiver is not None and form.is_valid():
        d = form.cleaned_data
        try:
            pass_on = grant_services.pass_on_record(
                actor=request.user,
                from_grant=grant,
                person=receiver,
                tags=d["tags"],
                transferred_on=d["transferred_on"],
                note=d["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(n)s animals passed on to %(person)s (generation %(gen)s).")
                % {"n": pass_on.animal_count, "person": receiver.full_name, "gen": pass_on.to_grant.generation},
            )
            return redirect("benefits:grant-detail", pk=grant.pk)
    search = PersonSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    people = picker_people(request, q) if receiver is None else []
    available = grant.animals.filter(origin=AnimalOrigin.BORN, born_in=grant, status="alive", passed_on_in__isnull=True)
    context = {
        "grant": grant,
        "receiver": receiver,
        "receiver_check": grant_services.grant_checks(grant.scheme, receiver, day=timezone.localdate())[1]
        if receiver
        else "",
        "form": form,
        "search": search,
        "people": people,
        "available": list(available.order_by("born_on", "ear_tag")),
    }
    template = htmx_or_full(request, "benefits/pass_on_form.html")
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def obligations(request: HttpRequest, code: str) -> HttpResponse:
    scheme = _scheme(code)
    state = request.GET.get("state", "")
    district = int(request.GET["district"]) if request.GET.get("district", "").isdigit() else None
    rows = selectors.obligations(
        scheme=scheme,
        state=state if state in ("overdue", "at_risk", "on_track", "fulfilled") else "",
        district=district,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_listed(request, action="grant.list", object_type="benefits.grant", ids=[r.grant.pk for r in page])
    districts = District.objects.filter(pk__in=Grant.objects.filter(scheme=scheme).values("district_id")).order_by(
        "name"
    )
    context = {"scheme": scheme, "page": page, "state": state, "district": district, "districts": districts}
    return render(request, htmx_or_full(request, "benefits/obligations.html"), context)


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    scheme = _scheme(code)
    return render(
        request,
        "benefits/dashboard.html",
        {"scheme": scheme, "data": selectors.district_dashboard(scheme), "counts": selectors.obligation_counts()},
    )


@require_POST
def lottery_create(request: HttpRequest, pk: int) -> HttpResponse:
    from omur.benefits.services import lotteries

    cohort = get_object_or_404(GrantCohort.objects.select_related("scheme"), pk=pk)
    form = LotteryCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("benefits:cohort-detail", pk=pk)
    try:
        lottery = lotteries.lottery_create_for_cohort(
            actor=request.user, cohort=cohort, reserves=form.cleaned_data["reserves"], title=form.cleaned_data["title"]
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("benefits:cohort-detail", pk=pk)
    messages.success(request, _("Lottery prepared with the cohort's applicants."))
    return redirect("benefits:lottery-detail", pk=lottery.pk)
