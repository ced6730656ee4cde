"""Reads for the catalogue, the public directory, eligibility and worklists.

Catalogue tables are small reference data (tens of services, a few hundred locations at most), so the
directory's distance ordering is done in Python over one query's rows. Everything about people (the
worklist) is computed in the database: see eligibility.py."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property

from omur.core.text import fold_turkish
from omur.geo.models import Neighbourhood
from omur.registry.models import Person
from omur.registry.selectors import turkish_sort_key
from omur.services.eligibility import (
    ServiceEligibility,
    eligible_people,
    evaluate_person,
    not_enrolled,
    worklist_count,
)
from omur.services.models import (
    EligibilityRule,
    LifeStage,
    Location,
    OpeningHours,
    PolicyArea,
    RuleKind,
    Service,
    ServiceAtLocation,
    ServicePrice,
)

MERSIN_PROVINCE_ID = 33


# --- catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFilters:
    q: str = ""
    policy_area: str = ""
    life_stage: str = ""
    delivery_model: str = ""
    mechanism: str = ""
    neighbourhood_id: int | None = None


def search_q(field: str, text: str) -> Q:
    """Every word of the (folded) query must appear in the folded column."""
    q = Q()
    for word in fold_turkish(text).split():
        q &= Q(**{f"{field}__contains": word})
    return q


def service_list(filters: ServiceFilters, *, public_only: bool = False) -> QuerySet[Service]:
    queryset = Service.objects.select_related("policy_area", "department").prefetch_related("life_stages")
    if public_only:
        queryset = queryset.public().active_on(timezone.localdate())
    if filters.q:
        queryset = queryset.filter(search_q("search_folded", filters.q))
    if filters.policy_area:
        queryset = queryset.filter(policy_area__code=filters.policy_area)
    if filters.life_stage:
        queryset = queryset.filter(life_stages__code=filters.life_stage)
    if filters.delivery_model:
        queryset = queryset.filter(delivery_model=filters.delivery_model)
    if filters.mechanism:
        queryset = queryset.filter(mechanism=filters.mechanism)
    return queryset.distinct().order_by("policy_area__order", "name_tr")


def in_catalogue_order(services: Iterable[Service]) -> list[Service]:
    """Policy area, then name in Turkish alphabetical order (Ç after C, İ after I), which neither
    database's default collation gives; the catalogue is small enough to sort here."""
    return sorted(services, key=lambda s: (s.policy_area.order, turkish_sort_key(s.name)))


def service_detail(code: str, *, public_only: bool = False) -> Service:
    links = ServiceAtLocation.objects.select_related("location__neighbourhood__district").order_by("location__name_tr")
    if public_only:
        links = links.filter(location__is_public=True)
    queryset: QuerySet[Service] = Service.objects.select_related("policy_area", "department").prefetch_related(
        "life_stages",
        Prefetch("eligibility_rules", queryset=EligibilityRule.objects.order_by("order", "id")),
        Prefetch("prices", queryset=ServicePrice.objects.order_by("-valid_from")),
        Prefetch("service_at_locations", queryset=links, to_attr="links"),
    )
    if public_only:
        queryset = queryset.filter(is_public=True)
    return get_object_or_404(queryset, code=code)


def price_on(service: Service, day: dt.date) -> Decimal | None:
    """The price in force on `day`: the latest row from on or before it (None: free or not priced)."""
    # Uses the prefetched rows when there are any, so a detail page asks no extra query.
    prices = getattr(service, "_prefetched_objects_cache", {}).get("prices")
    if prices is not None:
        current = [p for p in prices if p.valid_from <= day]
        return max(current, key=lambda p: p.valid_from).amount if current else None
    row = ServicePrice.objects.filter(service=service, valid_from__lte=day).order_by("-valid_from").first()
    return row.amount if row else None


def policy_areas() -> QuerySet[PolicyArea]:
    return PolicyArea.objects.all()


def life_stages() -> QuerySet[LifeStage]:
    return LifeStage.objects.all()


def mersin_neighbourhoods() -> QuerySet[Neighbourhood]:
    return (
        Neighbourhood.objects.filter(district__province_id=MERSIN_PROVINCE_ID)
        .select_related("district")
        .order_by("district__name", "name")
    )


# --- locations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocationFilters:
    q: str = ""
    kind: str = ""
    district_id: int | None = None


def location_list(filters: LocationFilters, *, public_only: bool = False) -> QuerySet[Location]:
    queryset = Location.objects.select_related("neighbourhood__district")
    if public_only:
        queryset = queryset.filter(is_public=True)
    if filters.q:
        queryset = queryset.filter(search_q("name_folded", filters.q))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.district_id:
        queryset = queryset.filter(neighbourhood__district_id=filters.district_id)
    return queryset.order_by("name_tr")


def location_detail(code: str, *, public_only: bool = False) -> Location:
    services = Service.objects.select_related("policy_area").order_by("name_tr")
    if public_only:
        services = services.public().active_on(timezone.localdate())
    queryset = Location.objects.select_related("neighbourhood__district").prefetch_related(
        Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")),
        Prefetch("services", queryset=services),
    )
    if public_only:
        queryset = queryset.filter(is_public=True)
    return get_object_or_404(queryset, code=code)


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    intervals: list[OpeningHours]


def opening_week(location: Location) -> list[DayHours]:
    """Monday to Sunday with the day's intervals (empty: closed), from the prefetched rows."""
    from omur.services.models import Weekday

    by_day: dict[int, list[OpeningHours]] = {}
    for row in location.hours.all():
        by_day.setdefault(row.weekday, []).append(row)
    return [DayHours(day.value, str(day.label), by_day.get(day.value, [])) for day in Weekday]


# --- distance -----------------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class NearestService:
    service: Service
    location: Location | None  # None: delivered at home, no place to go
    distance_km: float | None


def _serves(service: Service, hood: Neighbourhood) -> bool:
    """False when a place rule of the service leaves this neighbourhood out (e.g. rural districts only)."""
    for rule in service.eligibility_rules.all():
        if rule.kind == RuleKind.IN_DISTRICTS and hood.district_id not in rule.params.get("district_ids", []):
            return False
        if rule.kind == RuleKind.IN_NEIGHBOURHOODS and hood.pk not in rule.params.get("neighbourhood_ids", []):
            return False
    return True


def services_near(services: Iterable[Service], hood: Neighbourhood) -> list[NearestService]:
    """Each service with its nearest location to the neighbourhood's district centre (haversine),
    nearest first; home-delivered services come to the door and follow, with no distance.
    `services` must carry prefetched `eligibility_rules` and `locations`."""
    origin = (hood.district.lat, hood.district.lon)
    rows: list[NearestService] = []
    for service in services:
        if not _serves(service, hood):
            continue
        places = [loc for loc in service.locations.all() if loc.is_public and loc.has_coordinates]
        if service.delivery_model == "home" or origin[0] is None or origin[1] is None or not places:
            rows.append(NearestService(service, None, None))
            continue
        assert origin[0] is not None and origin[1] is not None
        best = min(places, key=lambda loc: haversine_km(origin[0], origin[1], loc.lat, loc.lon))  # type: ignore[arg-type]
        rows.append(NearestService(service, best, haversine_km(origin[0], origin[1], best.lat, best.lon)))  # type: ignore[arg-type]
    return sorted(rows, key=lambda r: (r.distance_km is None, r.distance_km or 0.0, turkish_sort_key(r.service.name)))


def directory_services(filters: ServiceFilters) -> QuerySet[Service]:
    """The public directory: public, active services, with what the nearest-location ordering needs."""
    return service_list(filters, public_only=True).prefetch_related(
        "eligibility_rules",
        Prefetch(
            "locations", queryset=Location.objects.filter(is_public=True).select_related("neighbourhood__district")
        ),
    )


# --- eligibility ------------------------------------------------------------------------------


def services_with_rules(*, day: dt.date) -> list[Service]:
    return list(
        Service.objects.active_on(day)
        .select_related("policy_area")
        .prefetch_related(Prefetch("eligibility_rules", queryset=EligibilityRule.objects.order_by("order", "id")))
        .order_by("policy_area__order", "name_tr")
    )


def person_eligibility(person: Person, *, day: dt.date) -> list[ServiceEligibility]:
    """Every active service evaluated for one person, eligible first."""
    order = {"eligible": 0, "unknown": 1, "not_eligible": 2}
    results = evaluate_person(person, services_with_rules(day=day), day=day)
    return sorted(results, key=lambda r: order[r.status])


def worklist(service: Service, *, day: dt.date) -> QuerySet[Person]:
    """People eligible for `service` on `day` and not enrolled in it: one query, ordered for paging.
    No joins for display here: at a million people a join per matching row costs more than the
    filter; worklist_page attaches neighbourhoods to the one page shown."""
    people = eligible_people(service, day=day)
    people = not_enrolled(people, service)
    return people.order_by("family_name", "given_name", "id")


class _CountedPaginator(Paginator):
    """A paginator told its count (computed by worklist_count) instead of asking for it."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def worklist_page(service: Service, *, day: dt.date, number: Any, per_page: int) -> Page:
    paginator = _CountedPaginator(worklist(service, day=day), per_page, count=worklist_count(service, day=day))
    page = paginator.get_page(number)
    people = list(page.object_list)
    prefetch_related_objects(people, "neighbourhood__district")
    page.object_list = people
    return page


def worklist_service(code: str) -> Service:
    return get_object_or_404(
        Service.objects.select_related("policy_area").prefetch_related(
            Prefetch("eligibility_rules", queryset=EligibilityRule.objects.order_by("order", "id"))
        ),
        code=code,
    )


def rule_summaries(rules: Sequence[EligibilityRule]) -> list[str]:
    """Plain-language requirement of each rule, for the catalogue and directory pages."""
    from omur.services.eligibility import describe_rule, place_names

    names = place_names(rules)
    return [describe_rule(rule, names) for rule in rules]
