"""Reads of the meals app: the price in force, expected portions, the day's delivery list, the
production sheet, the suspended-meal balance, and runs scoped to what each role may see."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext

from omur.accounts.roles import Role
from omur.cases.models import EnrolmentStatus
from omur.core.access import user_roles
from omur.core.calendar import is_working_day
from omur.meals.models import (
    POINT_SERVICE_CODE,
    SPECIAL_DIETS,
    DailyMenu,
    DeliveryPlan,
    DeliveryProfile,
    DeliveryRun,
    DeliveryStop,
    Diet,
    Dish,
    Donation,
    Kitchen,
    LedgerEntry,
    LedgerKind,
    PointDay,
    SalePoint,
    StopStatus,
    minute_text,
)

# Expected portions at a point: the mean of portions served (sold + suspended meals handed out) on
# the same weekday in the last EXPECTED_WEEKS weeks that have figures; with none, the mean of the
# last FALLBACK_DAYS recorded days; with no history at all, DEFAULT_EXPECTED.
EXPECTED_WEEKS = 4
FALLBACK_DAYS = 10
DEFAULT_EXPECTED = 50

RUN_MANAGE_ROLES = frozenset({Role.OFFICE_MANAGER, Role.KITCHEN_STAFF})
HISTORY_ROLES = frozenset({Role.OFFICE_MANAGER, Role.SOCIAL_WORKER})


def meal_price_on(day: dt.date) -> Decimal | None:
    from omur.services.models import Service
    from omur.services.selectors import price_on

    service = Service.objects.filter(code=POINT_SERVICE_CODE).first()
    return price_on(service, day) if service else None


def price_history() -> list[Any]:
    from omur.services.models import ServicePrice

    return list(ServicePrice.objects.filter(service__code=POINT_SERVICE_CODE).order_by("-valid_from"))


def expected_portions(point_ids: list[int], day: dt.date) -> dict[int, int]:
    """Expected portions per point for `day` (see EXPECTED_WEEKS above): two queries for any number
    of points."""
    same_weekday = [day - dt.timedelta(weeks=w) for w in range(1, EXPECTED_WEEKS + 1)]
    rows = (
        PointDay.objects.filter(point_id__in=point_ids, day__in=same_weekday)
        .filter(Q(sold__gt=0) | Q(redeemed__gt=0))
        .values_list("point_id", "sold", "redeemed")
    )
    served: dict[int, list[int]] = defaultdict(list)
    for pid, sold, redeemed in rows:
        served[pid].append(sold + redeemed)
    result = {pid: round(sum(v) / len(v)) for pid, v in served.items()}
    missing = [pid for pid in point_ids if pid not in result]
    if missing:
        recent: dict[int, list[int]] = defaultdict(list)
        history = (
            PointDay.objects.filter(point_id__in=missing, day__lt=day, day__gte=day - dt.timedelta(days=60))
            .filter(Q(sold__gt=0) | Q(redeemed__gt=0))
            .order_by("-day")
            .values_list("point_id", "sold", "redeemed")
        )
        for pid, sold, redeemed in history:
            if len(recent[pid]) < FALLBACK_DAYS:
                recent[pid].append(sold + redeemed)
        for pid in missing:
            values = recent.get(pid)
            result[pid] = round(sum(values) / len(values)) if values else DEFAULT_EXPECTED
    return result


def menu_for(day: dt.date) -> DailyMenu | None:
    return DailyMenu.objects.select_related("dish1", "dish2", "dish3").filter(day=day).first()


def menus_between(start: dt.date, end: dt.date) -> dict[dt.date, DailyMenu]:
    rows = DailyMenu.objects.select_related("dish1", "dish2", "dish3", "changed_by").filter(
        day__gte=start, day__lte=end
    )
    return {m.day: m for m in rows}


def dishes() -> QuerySet[Dish]:
    return Dish.objects.prefetch_related("variants").order_by("course", "name")


# --- points --------------------------------------------------------------------------------------


@dataclass
class PointRow:
    point: SalePoint
    expected: int
    record: PointDay | None

    @property
    def left_over(self) -> int:
        return self.record.left_over if self.record else 0


def point_day_rows(*, day: dt.date, kitchen: Kitchen | None = None) -> list[PointRow]:
    points = SalePoint.objects.filter(is_active=True).select_related("kitchen", "neighbourhood__district")
    if kitchen is not None:
        points = points.filter(kitchen=kitchen)
    points_list = list(points.order_by("kitchen__name", "neighbourhood__district__name", "name"))
    records = {r.point_id: r for r in PointDay.objects.filter(day=day, point__in=points_list)}
    expected = expected_portions([p.pk for p in points_list if p.pk not in records], day)
    return [
        PointRow(
            point=p,
            expected=records[p.pk].expected if p.pk in records else expected.get(p.pk, 0),
            record=records.get(p.pk),
        )
        for p in points_list
    ]


def point_day_totals(rows: list[PointRow]) -> dict[str, Any]:
    recs = [r.record for r in rows if r.record]
    return {
        "expected": sum(r.expected for r in rows),
        "sent": sum(r.sent for r in recs),
        "sold": sum(r.sold for r in recs),
        "redeemed": sum(r.redeemed for r in recs),
        "left_over": sum(r.left_over for r in recs),
        "cash": sum((r.cash for r in recs), Decimal(0)),
        "recorded": len(recs),
    }


# --- suspended meals -----------------------------------------------------------------------------


def suspended_balance(point: SalePoint | None = None) -> dict[str, int]:
    """Meals donated, handed out and still available (for a point: what it may hand out). The
    ledger's sum and the donations' `remaining` are computed separately, so a page shows at once if
    they ever disagree."""
    donations = Donation.objects.all()
    if point is not None:
        donations = donations.filter(Q(point__isnull=True) | Q(point=point))
    agg = donations.aggregate(meals=Sum("meals"), remaining=Sum("remaining"))
    ledger = LedgerEntry.objects.filter(donation__in=donations).aggregate(
        donated=Sum("quantity", filter=Q(kind=LedgerKind.DONATION)),
        redeemed=Sum("quantity", filter=Q(kind=LedgerKind.REDEMPTION)),
    )
    donated, redeemed = ledger["donated"] or 0, -(ledger["redeemed"] or 0)
    return {
        "donated": donated,
        "redeemed": redeemed,
        "available": agg["remaining"] or 0,
        "balanced": (agg["meals"] or 0) == donated and donated - redeemed == (agg["remaining"] or 0),
    }


def donation_list() -> QuerySet[Donation]:
    return Donation.objects.select_related("point").order_by("-received_on", "-id")


def ledger_recent(limit: int = 30) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.select_related("donation", "point").order_by("-created_at", "-id")[:limit])


# --- home delivery -------------------------------------------------------------------------------


def profiles_base() -> QuerySet[DeliveryProfile]:
    return DeliveryProfile.objects.select_related(
        "kitchen", "enrolment__person__district", "enrolment__person__neighbourhood", "enrolment__case_manager"
    )


def delivery_list(*, day: dt.date, kitchen: Kitchen | None = None) -> list[DeliveryProfile]:
    """Households to deliver to on `day`: active enrolment started by then, the weekday in their
    schedule, not suspended that day. Weekends and public holidays have no deliveries."""
    if not is_working_day(day):
        return []
    profiles = (
        profiles_base()
        .filter(enrolment__status=EnrolmentStatus.ACTIVE)
        .filter(Q(enrolment__start_date__isnull=True) | Q(enrolment__start_date__lte=day))
        .filter(Q(enrolment__end_date__isnull=True) | Q(enrolment__end_date__gte=day))
        .exclude(suspensions__start__lte=day, suspensions__end__gte=day)
    )
    if kitchen is not None:
        profiles = profiles.filter(kitchen=kitchen)
    # JSON "contains" is not portable to SQLite: the weekday is checked here.
    return sorted(
        (p for p in profiles if p.delivers_on(day)),
        key=lambda p: (p.kitchen.name, p.enrolment.person.family_name, p.enrolment.person.given_name),
    )


def enrolment_profiles(*, q: str = "", kitchen: Kitchen | None = None, diet: str = "") -> QuerySet[DeliveryProfile]:
    from omur.core.text import fold_turkish

    rows = profiles_base().exclude(enrolment__status=EnrolmentStatus.CLOSED)
    if kitchen is not None:
        rows = rows.filter(kitchen=kitchen)
    if diet:
        rows = rows.filter(diet=diet)
    for word in fold_turkish(q).split():
        rows = rows.filter(enrolment__person__name_folded__contains=word)
    return rows.order_by("enrolment__person__family_name", "enrolment__person__given_name")


def enrolments_without_profile() -> QuerySet[Any]:
    from omur.cases.models import Enrolment
    from omur.meals.models import DELIVERY_SERVICE_CODE

    return (
        Enrolment.objects.filter(service__code=DELIVERY_SERVICE_CODE, meal_profile__isnull=True)
        .exclude(status=EnrolmentStatus.CLOSED)
        .select_related("person")
        .order_by("person__family_name")
    )


def latest_plan(day: dt.date) -> DeliveryPlan | None:
    return DeliveryPlan.objects.filter(day=day).order_by("-requested_at", "-id").first()


def runs_for_day(day: dt.date) -> list[DeliveryRun]:
    return list(
        DeliveryRun.objects.filter(day=day)
        .select_related("kitchen", "driver")
        .annotate(
            n_stops=Count("stops"),
            n_done=Count("stops", filter=~Q(stops__status=StopStatus.PENDING)),
            n_missed=Count("stops", filter=Q(stops__status__in=[StopStatus.NOT_HOME, StopStatus.REFUSED])),
        )
        .order_by("kitchen__name", "number")
    )


def run_geometry(day: dt.date, *, kitchen: Any = None) -> list[dict[str, Any]]:
    """Map data for the delivery day: one line per van (kitchen → stops in order → kitchen), for
    static/js/route-map.js. Stops carry their order, planned time and portions, not names."""
    stops = (
        DeliveryStop.objects.filter(day=day, profile__lat__isnull=False, profile__lon__isnull=False)
        .select_related("run", "run__kitchen", "profile")
        .order_by("run__kitchen__name", "run__number", "sequence")
    )
    if kitchen is not None:
        stops = stops.filter(run__kitchen=kitchen)
    routes: dict[int, dict[str, Any]] = {}
    for stop in stops:
        run = stop.run
        route = routes.get(run.pk)
        if route is None:
            label = gettext("%(kitchen)s · van %(n)s") % {"kitchen": run.kitchen.name, "n": run.number}
            route = routes[run.pk] = {
                "staff": label,
                "colour": len(routes) % 10,
                "base": [run.kitchen.lat, run.kitchen.lon],
                "stops": [],
            }
        route["stops"].append(
            {
                "lat": stop.profile.lat,
                "lon": stop.profile.lon,
                "label": gettext("%(n)s. %(time)s · %(portions)s portions")
                % {"n": stop.sequence, "time": minute_text(stop.eta), "portions": stop.portions},
            }
        )
    return list(routes.values())


def runs_visible_to(actor: Any) -> QuerySet[DeliveryRun]:
    """Drivers see their own runs only; kitchen staff and the office manager see every run."""
    runs = DeliveryRun.objects.select_related("kitchen", "driver")
    if user_roles(actor) & RUN_MANAGE_ROLES:
        return runs
    return runs.filter(driver=actor)


def run_detail(*, actor: Any, pk: int) -> DeliveryRun:
    run = (
        runs_visible_to(actor)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "stops",
                queryset=DeliveryStop.objects.select_related(
                    "person__district", "person__neighbourhood", "profile"
                ).order_by("sequence"),
            )
        )
        .first()
    )
    if run is None:
        raise Http404
    return run


def stop_for(*, actor: Any, pk: int) -> DeliveryStop:
    stop = DeliveryStop.objects.select_related("run", "person", "profile").filter(pk=pk).first()
    if stop is None or not runs_visible_to(actor).filter(pk=stop.run_id).exists():
        raise Http404
    return stop


def stops_for_labels(*, day: dt.date, kitchen: Kitchen | None = None) -> list[DeliveryStop]:
    stops = DeliveryStop.objects.filter(day=day).select_related(
        "run__kitchen", "person__district", "person__neighbourhood"
    )
    if kitchen is not None:
        stops = stops.filter(run__kitchen=kitchen)
    return list(stops.order_by("run__kitchen__name", "run__number", "sequence"))


def deliveries_of(person: Any, limit: int = 60) -> list[DeliveryStop]:
    return list(DeliveryStop.objects.filter(person=person).select_related("run__kitchen").order_by("-day")[:limit])


# --- production ----------------------------------------------------------------------------------


@dataclass
class ProductionLine:
    dish: Dish
    points: int
    homes: dict[str, int]
    variants: dict[str, str]
    missing_variants: list[str] = field(default_factory=list)
    allergy_conflicts: int = 0

    @property
    def home_total(self) -> int:
        return sum(self.homes.values())

    @property
    def total(self) -> int:
        return self.points + self.home_total


@dataclass
class ProductionSheet:
    kitchen: Kitchen
    day: dt.date
    menu: DailyMenu | None
    point_portions: int
    points: list[PointRow]
    home_by_diet: dict[str, int]
    households: int
    lines: list[ProductionLine]

    @property
    def home_total(self) -> int:
        return sum(self.home_by_diet.values())

    @property
    def bread(self) -> int:
        return self.point_portions + self.home_total if self.menu is None or self.menu.bread else 0


def production_sheet(*, kitchen: Kitchen, day: dt.date) -> ProductionSheet:
    """What a kitchen cooks on `day`: expected portions for its points (standard menu) and the day's
    home deliveries by diet, per dish of the menu, with the diets a dish has no variant for and the
    portions going to households allergic to one of its allergens."""
    menu = menu_for(day)
    points = point_day_rows(day=day, kitchen=kitchen) if is_working_day(day) else []
    point_portions = sum(r.expected for r in points)
    homes = delivery_list(day=day, kitchen=kitchen)
    by_diet: dict[str, int] = {d.value: 0 for d in Diet}
    for p in homes:
        by_diet[p.diet] = by_diet.get(p.diet, 0) + p.portions
    lines = []
    if menu is not None:
        variants = {
            d.pk: {v.diet: v.note for v in d.variants.all()}
            for d in Dish.objects.filter(pk__in=[x.pk for x in menu.dishes]).prefetch_related("variants")
        }
        for dish in menu.dishes:
            dish_allergens = set(dish.allergens or [])
            lines.append(
                ProductionLine(
                    dish=dish,
                    points=point_portions,
                    homes=dict(by_diet),
                    variants=variants.get(dish.pk, {}),
                    missing_variants=[
                        str(d.label) for d in SPECIAL_DIETS if by_diet.get(d, 0) and d not in variants.get(dish.pk, {})
                    ],
                    allergy_conflicts=sum(p.portions for p in homes if dish_allergens & set(p.allergies or [])),
                )
            )
    return ProductionSheet(
        kitchen=kitchen,
        day=day,
        menu=menu,
        point_portions=point_portions,
        points=points,
        home_by_diet=by_diet,
        households=len(homes),
        lines=lines,
    )


# --- figures for the hub and the home page -------------------------------------------------------


def portions_per_day(start: dt.date, end: dt.date) -> Decimal:
    """Average portions a day, sold or handed out at the points plus delivered at home, over the days
    of [start, end] that have any figures."""
    points = PointDay.objects.filter(day__gte=start, day__lte=end)
    homes = DeliveryStop.objects.filter(day__gte=start, day__lte=end, status=StopStatus.DELIVERED)
    served = (points.aggregate(n=Sum("sold"))["n"] or 0) + (points.aggregate(n=Sum("redeemed"))["n"] or 0)
    delivered = homes.aggregate(n=Sum("portions"))["n"] or 0
    days = set(points.values_list("day", flat=True).distinct()) | set(homes.values_list("day", flat=True).distinct())
    if not days:
        return Decimal(0)
    return (Decimal(served + delivered) / len(days)).quantize(Decimal("0.1"))
