"""The public service directory as JSON shaped after Open Referral HSDS 3.0 (read-only, no login).

Endpoints follow the HSDS API reference: `/` (meta), paginated lists of organizations, services,
locations and service_at_locations with the HSDS page envelope (total_items, total_pages,
page_number, size, first_page, last_page, empty, contents), and fully nested records by id.
Departments are published as organizations; ids are the rows' stable UUIDs. Only public services and
locations appear. Text follows the request language (Accept-Language / the language cookie), with
the other language in `alternate_name`.
"""

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, Router, Schema
from ninja.operation import PathView
from ninja.pagination import PaginationBase, paginate

from omur.services.eligibility import _bounds, describe_rule, place_names
from omur.services.models import (
    HSDS_BYDAY,
    Department,
    EligibilityRule,
    Location,
    OpeningHours,
    RuleKind,
    Service,
    ServiceAtLocation,
    ServicePrice,
)

HSDS_VERSION = "3.0"
MAX_PER_PAGE = 200


# --- public operations ------------------------------------------------------------------------


class PublicPathView(PathView):
    """A ninja path whose Django view is marked login_not_required, so LoginRequiredMiddleware lets
    it through and the access test sees it agree with its public() rule. ninja builds a new view
    function per URL pattern (and clones path views per mount), so the mark is applied there."""

    def get_view(self) -> Callable[..., Any]:
        return login_not_required(super().get_view())

    def clone(self) -> PathView:
        cloned = super().clone()
        cloned.__class__ = PublicPathView
        return cloned


def make_public(router: Router) -> Router:
    for path_view in router.path_operations.values():
        path_view.__class__ = PublicPathView
    return router


# --- pagination -------------------------------------------------------------------------------


@dataclass
class Listing:
    """A queryset and how to turn one page of its rows into HSDS records (in a fixed number of queries)."""

    queryset: QuerySet[Any]
    convert: Callable[[Sequence[Any]], list[dict[str, Any]]]


class HSDSPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, description="Page number of paginated result.")
        per_page: int = Field(50, ge=1, le=MAX_PER_PAGE, description="Number of results requested in a single page.")

    class Output(Schema):
        total_items: int
        total_pages: int
        page_number: int
        size: int
        first_page: bool
        last_page: bool
        empty: bool
        contents: list[Any]

    items_attribute = "contents"

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> dict[str, Any]:
        listing = queryset if isinstance(queryset, Listing) else Listing(queryset, list)
        total = listing.queryset.count()
        per_page = pagination.per_page
        total_pages = max(1, math.ceil(total / per_page))
        page = pagination.page
        start = (page - 1) * per_page
        contents = listing.convert(list(listing.queryset[start : start + per_page])) if start < total else []
        return {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": total == 0,
            "contents": contents,
        }


# --- schemas ----------------------------------------------------------------------------------


class OrganizationOut(Schema):
    id: UUID
    name: str
    alternate_name: str | None = None
    description: str
    email: str | None = None
    website: str | None = None
    parent_organization_id: UUID | None = None


class TaxonomyTermOut(Schema):
    id: str
    code: str
    name: str
    vocabulary: str


class AttributeOut(Schema):
    link_type: str
    link_entity: str = "service"
    value: str
    taxonomy_term: TaxonomyTermOut


class CostOptionOut(Schema):
    valid_from: dt.date
    valid_to: dt.date | None = None
    option: str | None = None
    currency: str = "TRY"
    amount: float


class RequiredDocumentOut(Schema):
    document: str


class ServiceOut(Schema):
    id: UUID
    organization_id: UUID
    name: str
    alternate_name: str | None = None
    description: str
    url: str
    email: str | None = None
    status: str
    application_process: str | None = None
    fees_description: str | None = None
    eligibility_description: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    last_modified: dt.datetime


class PhoneOut(Schema):
    number: str
    type: str = "voice"


class AddressOut(Schema):
    address_1: str
    city: str
    region: str
    state_province: str
    postal_code: str = ""
    country: str = "TR"
    address_type: str = "physical"


class ScheduleOut(Schema):
    freq: str = "WEEKLY"
    wkst: str = "MO"
    byday: str
    opens_at: str
    closes_at: str


class AccessibilityOut(Schema):
    description: str
    details: str | None = None


class LocationOut(Schema):
    id: UUID
    location_type: str = "physical"
    url: str
    name: str
    alternate_name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[AddressOut]
    phones: list[PhoneOut]
    schedules: list[ScheduleOut]
    accessibility: list[AccessibilityOut]


class ServiceAtLocationOut(Schema):
    id: UUID
    service_id: UUID
    location_id: UUID
    description: str | None = None


class ServiceAtLocationFullOut(ServiceAtLocationOut):
    service: ServiceOut
    location: LocationOut


class ServiceFullOut(ServiceOut):
    organization: OrganizationOut
    attributes: list[AttributeOut]
    cost_options: list[CostOptionOut]
    required_documents: list[RequiredDocumentOut]
    service_at_locations: list[ServiceAtLocationFullOut]


class OrganizationFullOut(OrganizationOut):
    services: list[ServiceOut]


class PublisherOut(Schema):
    name: str
    website: str


class MetaOut(Schema):
    version: str
    profile: str
    openapi_url: str
    description: str
    publisher: PublisherOut


# --- conversion -------------------------------------------------------------------------------


def _english() -> bool:
    return (get_language() or "tr").startswith("en")


def _other_name(obj: Any) -> str | None:
    other = obj.name_tr if _english() else obj.name_en
    return other or None


def _absolute(request: HttpRequest, name: str, code: str) -> str:
    return request.build_absolute_uri(reverse(name, args=[code]))


def organization_record(dept: Department) -> dict[str, Any]:
    return {
        "id": dept.uuid,
        "name": dept.name,
        "alternate_name": _other_name(dept),
        "description": dept.description,
        "email": dept.email or None,
        "website": dept.website or None,
        "parent_organization_id": None,
    }


def _ages(rules: Sequence[EligibilityRule]) -> tuple[float | None, float | None]:
    low: float | None = None
    high: float | None = None
    for rule in rules:
        if rule.kind in (RuleKind.AGE_YEARS_BETWEEN, RuleKind.AGE_MONTHS_BETWEEN):
            factor = 1.0 if rule.kind == RuleKind.AGE_YEARS_BETWEEN else 1 / 12
            rmin, rmax = _bounds(rule.params)
            if rmin is not None:
                low = max(low or 0.0, round(rmin * factor, 2))
            if rmax is not None:
                # Completed units: "max 71 months" admits children until just before 72 months.
                top = round((rmax + 1) * factor, 2) if factor != 1.0 else float(rmax)
                high = top if high is None else min(high, top)
    return low, high


def service_records(request: HttpRequest, services: Sequence[Service]) -> list[dict[str, Any]]:
    """Needs `department` selected and `eligibility_rules` prefetched."""
    rules = [rule for service in services for rule in service.eligibility_rules.all()]
    names = place_names(rules)
    today = timezone.localdate()
    rows = []
    for service in services:
        service_rules = list(service.eligibility_rules.all())
        low, high = _ages(service_rules)
        active = (service.active_from is None or service.active_from <= today) and (
            service.active_to is None or service.active_to >= today
        )
        rows.append(
            {
                "id": service.uuid,
                "organization_id": service.department.uuid,
                "name": service.name,
                "alternate_name": _other_name(service),
                "description": service.description,
                "url": _absolute(request, "services:directory-service", service.code),
                "email": service.department.email or None,
                "status": "active" if active else "inactive",
                "application_process": ", ".join(service.application_channel_labels) or None,
                "fees_description": service.capacity_note or None,
                "eligibility_description": "; ".join(describe_rule(r, names) for r in service_rules) or None,
                "minimum_age": low,
                "maximum_age": high,
                "last_modified": service.updated_at,
            }
        )
    return rows


def location_records(request: HttpRequest, locations: Sequence[Location]) -> list[dict[str, Any]]:
    """Needs `neighbourhood__district` selected and `hours` prefetched."""
    rows = []
    for loc in locations:
        hood = loc.neighbourhood
        accessibility = [{"description": feature, "details": None} for feature in loc.accessibility_features]
        if loc.accessibility_notes:
            accessibility.append({"description": loc.accessibility_notes, "details": None})
        rows.append(
            {
                "id": loc.uuid,
                "url": _absolute(request, "services:directory-location", loc.code),
                "name": loc.name,
                "alternate_name": _other_name(loc),
                "description": loc.description or None,
                "latitude": loc.lat,
                "longitude": loc.lon,
                "addresses": [
                    {
                        "address_1": loc.address,
                        "city": hood.district.name if hood else "",
                        "region": hood.name if hood else "",
                        "state_province": "Mersin",
                    }
                ]
                if loc.address
                else [],
                "phones": [{"number": loc.phone}] if loc.phone else [],
                "schedules": [
                    {
                        "byday": HSDS_BYDAY[h.weekday],
                        "opens_at": h.opens_at.strftime("%H:%M"),
                        "closes_at": h.closes_at.strftime("%H:%M"),
                    }
                    for h in loc.hours.all()
                ],
                "accessibility": accessibility,
            }
        )
    return rows


def _sal_record(link: ServiceAtLocation) -> dict[str, Any]:
    return {
        "id": link.uuid,
        "service_id": link.service.uuid,
        "location_id": link.location.uuid,
        "description": link.note or None,
    }


# --- querysets --------------------------------------------------------------------------------


def _public_services() -> QuerySet[Service]:
    return (
        Service.objects.public()
        .select_related("department")
        .prefetch_related(Prefetch("eligibility_rules", queryset=EligibilityRule.objects.order_by("order", "id")))
        .order_by("name_tr", "id")
    )


def _public_locations() -> QuerySet[Location]:
    return (
        Location.objects.filter(is_public=True)
        .select_related("neighbourhood__district")
        .prefetch_related(Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")))
        .order_by("name_tr", "id")
    )


def _public_links() -> QuerySet[ServiceAtLocation]:
    return (
        ServiceAtLocation.objects.filter(service__is_public=True, location__is_public=True)
        .select_related("service", "location")
        .order_by("service__name_tr", "location__name_tr", "id")
    )


def _get(queryset: QuerySet[Any], id: str) -> Any:
    try:
        uuid = UUID(id)
    except ValueError as exc:
        raise Http404 from exc
    obj = queryset.filter(uuid=uuid).first()
    if obj is None:
        raise Http404
    return obj


# --- operations -------------------------------------------------------------------------------

router = Router(tags=["hsds"], auth=None)


@router.get("/", response=MetaOut, url_name="hsds_root", summary="About this HSDS feed")
def hsds_root(request: HttpRequest) -> dict[str, Any]:
    return {
        "version": HSDS_VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/overview.html",
        "openapi_url": request.build_absolute_uri(reverse("api:openapi-json")),
        "description": "Mersin social services directory (Ömür), read-only, shaped after Open Referral HSDS 3.0.",
        "publisher": {
            "name": "Mersin Büyükşehir Belediyesi — Sosyal Politikalar",
            "website": request.build_absolute_uri(reverse("services:directory")),
        },
    }


@router.get(
    "/organizations",
    response=list[OrganizationOut],
    url_name="hsds_organizations",
    summary="Organizations (departments)",
)
@paginate(HSDSPagination)
def organizations(request: HttpRequest, search: str = "") -> Listing:
    queryset = Department.objects.filter(services__is_public=True).distinct().order_by("name_tr", "id")
    if search:
        queryset = queryset.filter(name_tr__icontains=search)
    return Listing(queryset, lambda rows: [organization_record(d) for d in rows])


@router.get(
    "/organizations/{id}",
    response=OrganizationFullOut,
    url_name="hsds_organization",
    summary="One organization with its services",
)
def organization(request: HttpRequest, id: str) -> dict[str, Any]:
    dept = _get(Department.objects.all(), id)
    services = list(_public_services().filter(department=dept))
    return {**organization_record(dept), "services": service_records(request, services)}


@router.get("/services", response=list[ServiceOut], url_name="hsds_services", summary="Services (one-to-one fields)")
@paginate(HSDSPagination)
def services(request: HttpRequest, search: str = "", organization_id: UUID | None = None) -> Listing:
    from omur.services.selectors import search_q

    queryset = _public_services()
    if search:
        queryset = queryset.filter(search_q("search_folded", search))
    if organization_id:
        queryset = queryset.filter(department__uuid=organization_id)
    return Listing(queryset, lambda rows: service_records(request, rows))


@router.get("/services/{id}", response=ServiceFullOut, url_name="hsds_service", summary="One fully nested service")
def service(request: HttpRequest, id: str) -> dict[str, Any]:
    obj: Service = _get(
        _public_services()
        .prefetch_related(
            "life_stages",
            Prefetch("prices", queryset=ServicePrice.objects.order_by("valid_from")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.filter(location__is_public=True)
                .select_related("location__neighbourhood__district")
                .prefetch_related(
                    Prefetch("location__hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at"))
                )
                .order_by("location__name_tr"),
            ),
        )
        .select_related("policy_area"),
        id,
    )
    record = service_records(request, [obj])[0]
    prices = list(obj.prices.all())
    attributes = [
        {
            "link_type": "policy_area",
            "value": obj.policy_area.code,
            "taxonomy_term": _term("policy-area", obj.policy_area.code, obj.policy_area.name),
        },
        {
            "link_type": "delivery_model",
            "value": obj.delivery_model,
            "taxonomy_term": _term("delivery-model", obj.delivery_model, obj.get_delivery_model_display()),
        },
        {
            "link_type": "mechanism",
            "value": obj.mechanism,
            "taxonomy_term": _term("mechanism", obj.mechanism, obj.get_mechanism_display()),
        },
        *[
            {"link_type": "life_stage", "value": s.code, "taxonomy_term": _term("life-stage", s.code, s.name)}
            for s in obj.life_stages.all()
        ],
    ]
    links = list(obj.service_at_locations.all())
    locations = {
        link.location_id: rec
        for link, rec in zip(links, location_records(request, [link.location for link in links]), strict=True)
    }
    return {
        **record,
        "organization": organization_record(obj.department),
        "attributes": attributes,
        "cost_options": [
            {
                "valid_from": p.valid_from,
                "valid_to": (prices[i + 1].valid_from - dt.timedelta(days=1)) if i + 1 < len(prices) else None,
                "option": p.note or None,
                "amount": float(p.amount),
            }
            for i, p in enumerate(prices)
        ],
        "required_documents": [{"document": d} for d in obj.documents],
        "service_at_locations": [
            {
                "id": link.uuid,
                "service_id": obj.uuid,
                "location_id": link.location.uuid,
                "description": link.note or None,
                "service": record,
                "location": locations[link.location_id],
            }
            for link in links
        ],
    }


def _term(vocabulary: str, code: str, name: str) -> dict[str, str]:
    return {"id": f"{vocabulary}:{code}", "code": code, "name": str(name), "vocabulary": f"omur-{vocabulary}"}


@router.get("/locations", response=list[LocationOut], url_name="hsds_locations", summary="Locations")
@paginate(HSDSPagination)
def locations(request: HttpRequest, search: str = "") -> Listing:
    from omur.services.selectors import search_q

    queryset = _public_locations()
    if search:
        queryset = queryset.filter(search_q("name_folded", search))
    return Listing(queryset, lambda rows: location_records(request, rows))


@router.get("/locations/{id}", response=LocationOut, url_name="hsds_location", summary="One location")
def location(request: HttpRequest, id: str) -> dict[str, Any]:
    return location_records(request, [_get(_public_locations(), id)])[0]


@router.get(
    "/service_at_locations",
    response=list[ServiceAtLocationOut],
    url_name="hsds_service_at_locations",
    summary="Which service is offered where",
)
@paginate(HSDSPagination)
def service_at_locations(request: HttpRequest, organization_id: UUID | None = None) -> Listing:
    queryset = _public_links()
    if organization_id:
        queryset = queryset.filter(service__department__uuid=organization_id)
    return Listing(queryset, lambda rows: [_sal_record(link) for link in rows])


@router.get(
    "/service_at_locations/{id}",
    response=ServiceAtLocationFullOut,
    url_name="hsds_service_at_location",
    summary="One service at one location, nested",
)
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:
    link: ServiceAtLocation = _get(
        _public_links()
        .select_related("service__department", "location__neighbourhood__district")
        .prefetch_related(
            Prefetch("service__eligibility_rules", queryset=EligibilityRule.objects.order_by("order", "id")),
            Prefetch("location__hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")),
        ),
        id,
    )
    return {
        **_sal_record(link),
        "service": service_records(request, [link.service])[0],
        "location": location_records(request, [link.location])[0],
    }


make_public(router)
