import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from omur.core.access import rule_for
from omur.core.audit import audit_read
from omur.core.exceptions import ApplicationError
from omur.geo.models import Neighbourhood
from omur.registry.models import Person
from omur.registry.selectors import turkish_sort_key
from omur.services import selectors, services
from omur.services.eligibility import age_in_months, age_in_years, enrolment_model
from omur.services.forms import (
    DayForm,
    DirectoryFilterForm,
    LocationFilterForm,
    PriceForm,
    RuleFormSet,
    ServiceFilterForm,
    ServiceForm,
)
from omur.services.models import Location, Service

WORKLIST_PAGE_SIZE = 25
# The public application form (built in omur.intake). Its name was planned as "public-apply"; the
# shipped one is "apply". The first that resolves wins, so either works.
APPLY_URL_NAMES = ("intake:public-apply", "intake:apply")
APPLY_URL_FALLBACK = "/basvurular/basvuru/"


def apply_url(service: Service | None = None) -> str:
    for name in APPLY_URL_NAMES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        break
    else:
        url = APPLY_URL_FALLBACK
    return f"{url}?{urlencode({'hizmet': service.code})}" if service else url


def _may(request: HttpRequest, url_name: str) -> bool:
    rule = rule_for(url_name)
    return rule is not None and rule.allows(request.user)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _map_points(locations: list[Location], *, public: bool) -> str:
    """Markers for static/js/services.js, as JSON for a data- attribute (no inline script under the CSP)."""
    name = "services:directory-location" if public else "services:location-detail"
    points = [
        {
            "lat": loc.lat,
            "lon": loc.lon,
            "name": loc.name,
            "url": reverse(name, args=[loc.code]),
            "kind": loc.get_kind_display(),
        }
        for loc in locations
        if loc.has_coordinates
    ]
    return json.dumps(points, ensure_ascii=False)


# --- staff: catalogue -------------------------------------------------------------------------


@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None)
    context = {"form": form, "services": selectors.in_catalogue_order(selectors.service_list(form.filters()))}
    template = "services/service_list.html#results" if _htmx(request) else "services/service_list.html"
    return render(request, template, context)


@require_GET
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = selectors.service_detail(code)
    today = timezone.localdate()
    locations = [link.location for link in service.links]  # type: ignore[attr-defined]
    context = {
        "service": service,
        "rules": selectors.rule_summaries(list(service.eligibility_rules.all())),
        "price_today": selectors.price_on(service, today),
        "prices": list(service.prices.all()),
        "links": service.links,  # type: ignore[attr-defined]
        "map_points": _map_points(locations, public=False),
        "apply_url": apply_url(service),
        "can_edit": _may(request, "services:service-edit"),
        "can_worklist": _may(request, "services:worklist"),
    }
    return render(request, "services/service_detail.html", context)


@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, code: str) -> HttpResponse:
    service = get_object_or_404(Service, code=code)
    form = ServiceForm(request.POST or None, instance=service, prefix="service")
    rules = RuleFormSet(request.POST or None, instance=service, prefix="rules")
    price_form = (
        PriceForm(request.POST or None, prefix="price")
        if request.POST.get("price-amount")
        else PriceForm(prefix="price")
    )
    if request.method == "POST":
        price_given = bool(request.POST.get("price-amount"))
        if form.is_valid() and rules.is_valid() and (not price_given or price_form.is_valid()):
            try:
                with transaction.atomic():
                    data = form.cleaned_data
                    services.service_update(
                        actor=request.user, service=service, data=data, life_stages=list(data["life_stages"])
                    )
                    kept = [
                        {k: f.cleaned_data.get(k) for k in ("kind", "params", "note_tr", "note_en", "order")}
                        for f in rules.forms
                        if f.cleaned_data and f.cleaned_data.get("kind") and not f.cleaned_data.get("DELETE")
                    ]
                    services.service_rules_replace(actor=request.user, service=service, rules=kept)
                    if price_given:
                        services.service_price_add(
                            actor=request.user,
                            service=service,
                            amount=price_form.cleaned_data["amount"],
                            valid_from=price_form.cleaned_data["valid_from"],
                        )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The service was saved."))
                return redirect("services:service-detail", code=service.code)
        status = 400
    else:
        status = 200
    wide = [
        "name_tr",
        "name_en",
        "description_tr",
        "description_en",
        "documents_tr",
        "documents_en",
        "life_stages",
        "application_channels",
    ]
    context = {"service": service, "form": form, "rules": rules, "price_form": price_form, "wide_fields": wide}
    return render(request, "services/service_edit.html", context, status=status)


# --- staff: locations -------------------------------------------------------------------------


@require_GET
def location_list(request: HttpRequest) -> HttpResponse:
    form = LocationFilterForm(request.GET or None)
    locations = sorted(selectors.location_list(form.filters()), key=lambda loc: turkish_sort_key(loc.name))
    context = {"form": form, "locations": locations, "map_points": _map_points(locations, public=False)}
    template = "services/location_list.html#results" if _htmx(request) else "services/location_list.html"
    return render(request, template, context)


@require_GET
def location_detail(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_detail(code)
    context = {
        "location": location,
        "week": selectors.opening_week(location),
        "map_points": _map_points([location], public=False),
    }
    return render(request, "services/location_detail.html", context)


# --- staff: eligibility -----------------------------------------------------------------------


@require_GET
def person_eligibility(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("neighbourhood__district", "district"), pk=person_id)
    day_form = DayForm(request.GET or None)
    day = day_form.day_or_today()
    results = selectors.person_eligibility(person, day=day)
    audit_read(
        actor=request.user,
        obj=person,
        action="person.eligibility",
        purpose="eligibility",
        fields=["birth_date", "sex", "address", "income", "health_facts"],
    )
    context = {
        "person": person,
        "day": day,
        "day_form": day_form,
        "results": results,
        "age_years": age_in_years(person.birth_date, day) if person.birth_date else None,
        "age_months": age_in_months(person.birth_date, day) if person.birth_date else None,
    }
    return render(request, "services/person_eligibility.html", context)


@require_GET
def worklist(request: HttpRequest, code: str) -> HttpResponse:
    service = selectors.worklist_service(code)
    day_form = DayForm(request.GET or None)
    day = day_form.day_or_today()
    page = selectors.worklist_page(service, day=day, number=request.GET.get("page"), per_page=WORKLIST_PAGE_SIZE)
    for person in page.object_list:
        audit_read(
            actor=request.user,
            obj=person,
            action="person.worklist",
            purpose=f"worklist:{service.code}",
            fields=["name", "tckn_masked", "phone", "neighbourhood"],
        )
        person.age_years = age_in_years(person.birth_date, day) if person.birth_date else None  # type: ignore[attr-defined]
    context = {
        "service": service,
        "rules": selectors.rule_summaries(list(service.eligibility_rules.all())),
        "day": day,
        "day_form": day_form,
        "page": page,
        "enrolment_known": enrolment_model() is not None,
    }
    template = "services/worklist.html#results" if _htmx(request) else "services/worklist.html"
    return render(request, template, context)


# --- public directory -------------------------------------------------------------------------


@login_not_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()
    services_qs = selectors.in_catalogue_order(selectors.directory_services(filters))
    hood = None
    if filters.neighbourhood_id:
        hood = Neighbourhood.objects.select_related("district").filter(pk=filters.neighbourhood_id).first()
    nearest = selectors.services_near(services_qs, hood) if hood else None
    context = {
        "form": form,
        "services": services_qs,
        "nearest": nearest,
        "hood": hood,
        "apply_url": apply_url(),
    }
    template = "services/directory.html#results" if _htmx(request) else "services/directory.html"
    return render(request, template, context)


@login_not_required
@require_GET
def directory_service(request: HttpRequest, code: str) -> HttpResponse:
    service = selectors.service_detail(code, public_only=True)
    locations = [link.location for link in service.links]  # type: ignore[attr-defined]
    context = {
        "service": service,
        "rules": selectors.rule_summaries(list(service.eligibility_rules.all())),
        "price_today": selectors.price_on(service, timezone.localdate()),
        "links": service.links,  # type: ignore[attr-defined]
        "map_points": _map_points(locations, public=True),
        "apply_url": apply_url(service),
    }
    return render(request, "services/directory_service.html", context)


@login_not_required
@require_GET
def directory_location(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_detail(code, public_only=True)
    context = {
        "location": location,
        "week": selectors.opening_week(location),
        "map_points": _map_points([location], public=True),
        "apply_url": apply_url(),
    }
    return render(request, "services/directory_location.html", context)
