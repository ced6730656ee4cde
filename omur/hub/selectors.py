"""Reads for the hub's pages: projects with their live KPIs, the engagement board, municipalities,
tours with their itinerary check, and the impact figures computed from the records."""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from omur.core.indicators import indicator
from omur.core.text import fold_turkish
from omur.geo.models import Municipality
from omur.hub.itinerary import ItineraryCheck, Site, Stop, check_itinerary
from omur.hub.models import (
    ADOPTED_STAGES,
    BOARD_STAGES,
    Engagement,
    Kpi,
    KpiMeasurement,
    KpiSource,
    Project,
    Stage,
    Tour,
    TourStatus,
    TourStop,
    VisitorEntry,
)
from omur.services.models import EligibilityRule, Location, OpeningHours, Service

# --- projects ----------------------------------------------------------------------------------


def project_list(
    *, q: str = "", policy_area: int | None = None, life_stage: int | None = None, published_only: bool = False
) -> QuerySet[Project]:
    qs = Project.objects.select_related("department").prefetch_related("policy_areas", "life_stages")
    if published_only:
        qs = qs.filter(is_published=True)
    if policy_area:
        qs = qs.filter(policy_areas=policy_area)
    if life_stage:
        qs = qs.filter(life_stages=life_stage)
    qs = qs.annotate(
        adoptions=Count("engagements", filter=Q(engagements__stage__in=ADOPTED_STAGES), distinct=True),
        open_engagements=Count(
            "engagements",
            filter=~Q(engagements__stage__in=[*ADOPTED_STAGES, Stage.DROPPED]),
            distinct=True,
        ),
    )
    if q:
        folded = fold_turkish(q)
        matches = [p.pk for p in qs if folded in fold_turkish(f"{p.name_tr} {p.name_en} {p.code}")]
        qs = qs.filter(pk__in=matches)
    return qs.order_by("name_tr").distinct()


def project_detail(*, pk: int | None = None, code: str | None = None, published_only: bool = False) -> Project:
    qs = Project.objects.select_related("department").prefetch_related(
        "policy_areas",
        "life_stages",
        "steps",
        "staffing",
        "budget",
        "files",
        Prefetch("sites", queryset=Location.objects.select_related("hub_site").order_by("name_tr")),
        Prefetch(
            "services",
            queryset=Service.objects.select_related("policy_area").prefetch_related(
                Prefetch("eligibility_rules", queryset=EligibilityRule.objects.order_by("order", "id"))
            ),
        ),
        Prefetch(
            "kpis",
            queryset=Kpi.objects.prefetch_related(
                Prefetch("measurements", queryset=KpiMeasurement.objects.order_by("-measured_on", "-id"))
            ),
        ),
    )
    if published_only:
        qs = qs.filter(is_published=True)
    if code is not None:
        return get_object_or_404(qs, code=code)
    return get_object_or_404(qs, pk=pk)


@dataclass
class KpiValue:
    kpi: Kpi
    value: Any = None
    as_of: dt.date | None = None
    period: tuple[dt.date, dt.date] | None = None
    available: bool = True
    unit: str = ""
    history: list[KpiMeasurement] = field(default_factory=list)

    @property
    def live(self) -> bool:
        return self.kpi.source == KpiSource.LIVE


def kpi_values(project: Project, *, today: dt.date | None = None) -> list[KpiValue]:
    """Each KPI's current figure: live ones from the operating app's registered indicator over the
    KPI's period up to today, hand-entered ones from the latest measurement (with its date). An
    indicator that is not registered, or that fails, shows as not available rather than breaking
    the page: the hub must not depend on every operating app being installed."""
    today = today or timezone.localdate()
    values = []
    for kpi in project.kpis.all():
        unit = kpi.text("unit")
        if kpi.source == KpiSource.LIVE:
            ind = indicator(kpi.indicator_code)
            start = today - dt.timedelta(days=kpi.window_days - 1)
            if ind is None:
                values.append(KpiValue(kpi=kpi, available=False, unit=unit, period=(start, today)))
                continue
            try:
                figure = ind.value(start, today)
            except Exception:
                values.append(KpiValue(kpi=kpi, available=False, unit=unit, period=(start, today)))
                continue
            values.append(
                KpiValue(kpi=kpi, value=figure, as_of=today, period=(start, today), unit=unit or str(ind.unit))
            )
        else:
            history = list(kpi.measurements.all())
            latest = history[0] if history else None
            values.append(
                KpiValue(
                    kpi=kpi,
                    value=latest.value if latest else None,
                    as_of=latest.measured_on if latest else None,
                    available=latest is not None,
                    unit=unit,
                    history=history[:5],
                )
            )
    return values


def budget_totals(project: Project) -> dict[str, Decimal]:
    totals = {"setup": Decimal(0), "yearly": Decimal(0)}
    for line in project.budget.all():
        totals[line.kind] += line.amount
    return totals


def adoptions_of(project: Project) -> list[Engagement]:
    return list(
        project.engagements.filter(stage__in=ADOPTED_STAGES)
        .select_related("municipality__province")
        .order_by("launched_on", "municipality__name")
    )


# --- engagements -------------------------------------------------------------------------------


def engagement_board(
    *, project: int | None = None, municipality_type: str = "", q: str = ""
) -> list[tuple[str, str, list[Engagement]]]:
    qs = Engagement.objects.select_related("municipality__province", "project", "owner")
    if project:
        qs = qs.filter(project_id=project)
    if municipality_type:
        qs = qs.filter(municipality__type=municipality_type)
    columns: dict[str, list[Engagement]] = {s: [] for s in BOARD_STAGES}
    folded = fold_turkish(q) if q else ""
    for e in qs.order_by("stage_since", "id"):
        if folded and folded not in fold_turkish(f"{e.municipality.name} {e.project.name_tr}"):
            continue
        columns[e.stage].append(e)
    return [(s, str(Stage(s).label), columns[s]) for s in BOARD_STAGES]


def engagement_detail(pk: int) -> Engagement:
    return get_object_or_404(
        Engagement.objects.select_related("municipality__province", "project", "owner", "source_tour").prefetch_related(
            "activities__staff", "evidence", "history__changed_by"
        ),
        pk=pk,
    )


# --- municipalities ----------------------------------------------------------------------------


def municipality_list(
    *, q: str = "", type: str = "", province: int | None = None, engaged: bool = False
) -> QuerySet[Municipality]:
    qs = Municipality.objects.select_related("province").annotate(
        engagements=Count("hub_engagements", distinct=True),
        adopted=Count("hub_engagements", filter=Q(hub_engagements__stage__in=ADOPTED_STAGES), distinct=True),
    )
    if type:
        qs = qs.filter(type=type)
    if province:
        qs = qs.filter(province_id=province)
    if engaged:
        qs = qs.filter(engagements__gt=0)
    if q:
        # 1,407 short names: folding in Python is cheap and gets İ/ı right on every database.
        folded = fold_turkish(q)
        ids = [m.pk for m in Municipality.objects.only("pk", "name") if folded in fold_turkish(m.name)]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("province__name", "type", "name")


# --- tours -------------------------------------------------------------------------------------


def tour_list(*, status: str = "", upcoming: bool = False) -> QuerySet[Tour]:
    # Subqueries, not joins: summing head counts across a join with the stops would multiply them.
    visitors = VisitorEntry.objects.filter(tour=OuterRef("pk")).values("tour").annotate(n=Sum("head_count")).values("n")
    stops = TourStop.objects.filter(tour=OuterRef("pk")).values("tour").annotate(n=Count("id")).values("n")
    qs = Tour.objects.select_related("municipality", "coordinator").annotate(
        visitors_total=Subquery(visitors), stop_count=Subquery(stops)
    )
    if status:
        qs = qs.filter(status=status)
    if upcoming:
        qs = qs.filter(status=TourStatus.PLANNED, visit_on__gte=timezone.localdate())
    return qs.order_by("-visit_on", "-created_at")


def tour_detail(pk: int) -> Tour:
    return get_object_or_404(
        Tour.objects.select_related("municipality__province", "coordinator").prefetch_related(
            "interests", "visitors", "feedback__interested_in", "feedback__most_useful", "engagements__project"
        ),
        pk=pk,
    )


def site_capacity(location: Location) -> int | None:
    profile = getattr(location, "hub_site", None)
    if profile is not None:
        return int(profile.max_visitors)
    return location.capacity


def tour_sites() -> list[Location]:
    """Catalogue locations that are a site of at least one project, with their visit settings."""
    return list(
        Location.objects.filter(hub_projects__isnull=False)
        .select_related("hub_site", "neighbourhood__district")
        .prefetch_related("hub_projects")
        .distinct()
        .order_by("name_tr")
    )


def itinerary_check(tour: Tour) -> ItineraryCheck:
    stops = list(TourStop.objects.filter(tour=tour).select_related("location__hub_site", "project"))
    day = tour.visit_on
    hours: dict[int, list[tuple[dt.time, dt.time]]] = defaultdict(list)
    if day is not None:
        for h in OpeningHours.objects.filter(
            location__in=[s.location_id for s in stops], weekday=day.weekday()
        ).order_by("opens_at"):
            hours[h.location_id].append((h.opens_at, h.closes_at))
    group = visitor_total(tour) or tour.head_count
    values = [
        Stop(
            key=s.pk,
            site=Site(
                name=s.location.name,
                lat=s.location.lat,
                lon=s.location.lon,
                capacity=site_capacity(s.location),
                # Without a date the hours cannot be checked: treat the site as open.
                hours=tuple(hours[s.location_id]) if day is not None else ((dt.time(0, 0), dt.time(23, 59)),),
            ),
            starts_at=s.starts_at,
            ends_at=s.ends_at,
        )
        for s in stops
    ]
    result = check_itinerary(values, day=day, group_size=group)
    by_key = {s.pk: s for s in stops}
    for check in result.stops:
        check.record = by_key[check.stop.key]  # type: ignore[attr-defined]
    return result


def visitor_total(tour: Tour) -> int:
    return int(tour.visitors.aggregate(n=Sum("head_count"))["n"] or 0)


# --- impact ------------------------------------------------------------------------------------


@dataclass
class Impact:
    adoptions: int
    projects_adopted: int
    metropolitan: int
    provincial: int
    district: int
    town: int
    visitors: int
    tours: int
    projects_total: int

    @property
    def municipalities(self) -> int:
        return self.metropolitan + self.provincial + self.district + self.town


DISTRICT_TYPES = (Municipality.Type.DISTRICT, Municipality.Type.METRO_DISTRICT)


def impact_figures() -> Impact:
    """The office's headline, from the records: launched (or followed-up) engagements are the
    projects it supported; municipalities are counted once each by type; visitors are the head
    counts in the register of completed tours."""
    adopted = Engagement.objects.filter(stage__in=ADOPTED_STAGES)
    by_type = dict(
        adopted.values("municipality__type")
        .annotate(n=Count("municipality", distinct=True))
        .values_list("municipality__type", "n")
    )
    visits = VisitorEntry.objects.filter(tour__status=TourStatus.COMPLETED).aggregate(
        n=Sum("head_count"), tours=Count("tour", distinct=True)
    )
    return Impact(
        adoptions=adopted.count(),
        projects_adopted=adopted.values("project").distinct().count(),
        metropolitan=by_type.get(Municipality.Type.METROPOLITAN, 0),
        provincial=by_type.get(Municipality.Type.PROVINCIAL, 0),
        district=sum(by_type.get(t, 0) for t in DISTRICT_TYPES),
        town=by_type.get(Municipality.Type.TOWN, 0),
        visitors=int(visits["n"] or 0),
        tours=int(visits["tours"] or 0),
        projects_total=Project.objects.filter(is_published=True).count(),
    )


def _spread(key: str) -> tuple[float, float]:
    # District municipalities outside Mersin have no coordinates of their own: they are drawn near
    # their province centre, nudged by a fixed amount derived from their key so they do not overlap.
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] / 255 - 0.5) * 0.5, (digest[1] / 255 - 0.5) * 0.6


def supported_municipalities() -> list[dict[str, Any]]:
    rows = (
        Engagement.objects.filter(stage__in=ADOPTED_STAGES)
        .select_related("municipality__province", "municipality__district", "project")
        .order_by("municipality__province__name", "municipality__name", "project__name_tr")
    )
    grouped: dict[int, dict[str, Any]] = {}
    for e in rows:
        m = e.municipality
        entry = grouped.get(m.pk)
        if entry is None:
            lat: float | None = None
            lon: float | None = None
            if m.district is not None and m.district.lat is not None:
                lat, lon = m.district.lat, m.district.lon
            elif m.province.lat is not None:
                lat, lon = m.province.lat, m.province.lon
                if lon is not None and m.type not in (Municipality.Type.METROPOLITAN, Municipality.Type.PROVINCIAL):
                    dlat, dlon = _spread(m.key)
                    lat, lon = m.province.lat + dlat, lon + dlon
            entry = grouped[m.pk] = {
                "municipality": m,
                "name": m.name,
                "type": m.get_type_display(),
                "province": m.province.name,
                "lat": lat,
                "lon": lon,
                "projects": [],
            }
        entry["projects"].append(e.project)
    return list(grouped.values())


def public_adoption_lists() -> list[tuple[Project, list[Engagement]]]:
    projects = Project.objects.filter(is_published=True).prefetch_related(
        Prefetch(
            "engagements",
            queryset=Engagement.objects.filter(stage__in=ADOPTED_STAGES)
            .select_related("municipality__province")
            .order_by("launched_on", "municipality__name"),
            to_attr="adopted",
        ),
        "policy_areas",
    )
    return [(p, p.adopted) for p in projects.order_by("name_tr")]  # type: ignore[attr-defined]
