"""Reads for benefits pages: programmes, distributions, a person's and a household's history,
grants, obligations, the livestock dashboard and lotteries."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from omur.benefits.models import (
    AidAmount,
    AidProgramme,
    AidTier,
    Animal,
    AnimalOrigin,
    AnimalStatus,
    Distribution,
    Grant,
    GrantScheme,
    GrantStatus,
    Lottery,
    PassOn,
    PassOnAnimal,
)
from omur.benefits.services.aid import amount_on
from omur.registry.models import HouseholdMember

# --- programmes and amounts --------------------------------------------------------------------


@dataclass(frozen=True)
class TierRow:
    tier: AidTier
    current: AidAmount | None
    history: list[AidAmount]


def programme_list() -> QuerySet[AidProgramme]:
    today = timezone.localdate()
    month_start = today.replace(day=1)
    live = Q(distributions__voided_at__isnull=True)
    return AidProgramme.objects.select_related("service").annotate(
        month_count=Count("distributions", filter=live & Q(distributions__distributed_on__gte=month_start)),
        year_count=Count("distributions", filter=live & Q(distributions__distributed_on__year=today.year)),
    )


def programme_tiers(programme: AidProgramme, *, day: dt.date | None = None) -> list[TierRow]:
    day = day or timezone.localdate()
    tiers = programme.tiers.prefetch_related(
        Prefetch("amounts", queryset=AidAmount.objects.select_related("set_by").order_by("-valid_from"))
    )
    rows = []
    for tier in tiers:
        history = list(tier.amounts.all())
        current = next((a for a in history if a.valid_from <= day), None)
        rows.append(TierRow(tier, current, history))
    return rows


def tier_amount_on(tier: AidTier, day: dt.date) -> AidAmount | None:
    return amount_on(tier, day)


def distribution_list(
    *,
    programme: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    overlap_only: bool = False,
    include_voided: bool = False,
) -> QuerySet[Distribution]:
    qs = Distribution.objects.select_related("programme", "tier", "person", "recorded_by")
    if programme:
        qs = qs.filter(programme__code=programme)
    if date_from:
        qs = qs.filter(distributed_on__gte=date_from)
    if date_to:
        qs = qs.filter(distributed_on__lte=date_to)
    if overlap_only:
        qs = qs.exclude(overlap_note="")
    if not include_voided:
        qs = qs.filter(voided_at__isnull=True)
    return qs.order_by("-distributed_on", "-id")


def near_limit(programme: AidProgramme, *, day: dt.date | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Subjects who used all or all but one of this cycle's distributions (year and month cycles)."""
    day = day or timezone.localdate()
    if programme.cycle == "year":
        key = str(day.year)
    elif programme.cycle == "month":
        key = f"{day:%Y-%m}"
    else:
        return []
    threshold = max(1, programme.limit_per_cycle - 1)
    rows = (
        Distribution.objects.filter(programme=programme, cycle_key=key, voided_at__isnull=True)
        .values("subject_key")
        .annotate(n=Count("id"))
        .filter(n__gte=threshold)
        .order_by("-n", "subject_key")[:limit]
    )
    subjects = {r["subject_key"]: r["n"] for r in rows}
    latest = (
        Distribution.objects.filter(
            programme=programme, cycle_key=key, voided_at__isnull=True, subject_key__in=subjects
        )
        .select_related("person")
        .order_by("subject_key", "-distributed_on")
    )
    seen: dict[str, dict[str, Any]] = {}
    for d in latest:
        if d.subject_key not in seen:
            seen[d.subject_key] = {"person": d.person, "used": subjects[d.subject_key], "last": d.distributed_on}
    return sorted(seen.values(), key=lambda r: (-r["used"], r["person"].family_name))


def person_distributions(person: Any) -> QuerySet[Distribution]:
    return Distribution.objects.filter(person=person).select_related("programme", "tier", "recorded_by")


def household_members(household: Any) -> list[Any]:
    return [
        m.person
        for m in HouseholdMember.objects.filter(household=household)
        .select_related("person")
        .order_by("person__birth_date")
    ]


def household_distributions(household: Any) -> QuerySet[Distribution]:
    people = HouseholdMember.objects.filter(household=household).values("person_id")
    return (
        Distribution.objects.filter(Q(person_id__in=people) | Q(household=household))
        .select_related("programme", "tier", "person", "recorded_by")
        .order_by("-distributed_on", "-id")
    )


def household_totals(household: Any, *, year: int) -> list[dict[str, Any]]:
    rows: Any = (
        household_distributions(household)
        .filter(voided_at__isnull=True, distributed_on__year=year)
        .values("programme__name_tr", "programme__name_en", "programme__code")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by("programme__name_tr")
    )
    return [dict(r) for r in rows]


# --- grants ------------------------------------------------------------------------------------


def grant_queryset() -> QuerySet[Grant]:
    return Grant.objects.select_related("scheme", "person", "cohort", "district", "neighbourhood", "giver__person")


def with_progress(qs: QuerySet[Grant]) -> QuerySet[Grant]:
    return qs.annotate(
        passed=Count("passed_on__animal_rows", distinct=True),
        flock=Count("animals", filter=Q(animals__status=AnimalStatus.ALIVE), distinct=True),
    )


@dataclass(frozen=True)
class Obligation:
    grant: Grant
    passed: int
    expected: int
    state: str  # "overdue" | "at_risk" | "on_track" | "fulfilled"

    @property
    def missing(self) -> int:
        return max(0, self.grant.obligation_animals - self.passed)


def obligation_state(grant: Grant, passed: int, *, today: dt.date) -> Obligation:
    """Overdue: the deadline passed with animals still owed. At risk: behind a straight-line pace
    from the start date to the deadline (after two years, 10 of 25 should have been passed on)."""
    owed = grant.obligation_animals
    if not owed or grant.obligation_due is None:
        return Obligation(grant, passed, 0, "fulfilled")
    if passed >= owed:
        return Obligation(grant, passed, owed, "fulfilled")
    if today > grant.obligation_due:
        return Obligation(grant, passed, owed, "overdue")
    total = (grant.obligation_due - grant.started_on).days or 1
    elapsed = max(0, (today - grant.started_on).days)
    expected = owed * elapsed // total
    return Obligation(grant, passed, expected, "at_risk" if passed < expected else "on_track")


def obligations(
    *, scheme: GrantScheme | None = None, state: str = "", district: int | None = None, today: dt.date | None = None
) -> list[Obligation]:
    today = today or timezone.localdate()
    qs = grant_queryset().filter(obligation_animals__gt=0).exclude(status=GrantStatus.CANCELLED)
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    if district:
        qs = qs.filter(district_id=district)
    rows = [obligation_state(g, getattr(g, "passed", 0), today=today) for g in with_progress(qs)]
    if state:
        rows = [r for r in rows if r.state == state]
    order = {"overdue": 0, "at_risk": 1, "on_track": 2, "fulfilled": 3}
    return sorted(rows, key=lambda r: (order[r.state], r.grant.obligation_due or today, r.grant.pk))


def obligation_counts(*, today: dt.date | None = None) -> dict[str, int]:
    counts = {"overdue": 0, "at_risk": 0, "on_track": 0, "fulfilled": 0}
    for row in obligations(today=today):
        counts[row.state] += 1
    return counts


def chain(grant: Grant) -> list[tuple[int, Grant, int]]:
    """The breeders who descend from `grant` by pass-ons, depth first: (depth, grant, animals
    received). One query per generation."""
    received = {
        r["to_grant_id"]: r["n"]
        for r in PassOn.objects.filter(from_grant__scheme=grant.scheme)
        .values("to_grant_id")
        .annotate(n=Sum("animal_count"))
    }
    children: dict[int, list[Grant]] = {}
    level = [grant.pk]
    while level:
        rows = list(grant_queryset().filter(giver_id__in=level).order_by("started_on", "id"))
        for g in rows:
            children.setdefault(g.giver_id or 0, []).append(g)
        level = [g.pk for g in rows]
    out: list[tuple[int, Grant, int]] = []

    def walk(node: int, depth: int) -> None:
        for child in children.get(node, []):
            out.append((depth, child, received.get(child.pk, 0)))
            walk(child.pk, depth + 1)

    walk(grant.pk, 1)
    return out


def ancestry(grant: Grant) -> list[Grant]:
    """The givers above `grant`, from generation 1 down."""
    line: list[Grant] = []
    current = grant
    while current.giver_id:
        current = grant_queryset().get(pk=current.giver_id)
        line.append(current)
    return list(reversed(line))


def district_dashboard(scheme: GrantScheme) -> dict[str, Any]:
    """Per district: breeders, animals in flocks, births and pass-ons per year."""
    grants = Grant.objects.filter(scheme=scheme).exclude(status=GrantStatus.CANCELLED)
    by_district: dict[Any, dict[str, Any]] = {}

    def row(district_id: Any, name: str) -> dict[str, Any]:
        return by_district.setdefault(
            district_id, {"name": name or "—", "breeders": 0, "animals": 0, "births": {}, "passons": {}}
        )

    r: Any
    for r in grants.values("district_id", "district__name").annotate(n=Count("id")):
        row(r["district_id"], r["district__name"])["breeders"] = r["n"]
    animals = Animal.objects.filter(grant__scheme=scheme, status=AnimalStatus.ALIVE)
    for r in animals.values("grant__district_id", "grant__district__name").annotate(n=Count("id")):
        row(r["grant__district_id"], r["grant__district__name"])["animals"] = r["n"]
    births = (
        Animal.objects.filter(born_in__scheme=scheme, origin=AnimalOrigin.BORN)
        .annotate(year=ExtractYear("born_on"))
        .values("born_in__district_id", "born_in__district__name", "year")
        .annotate(n=Count("id"))
    )
    years: set[int] = set()
    for r in births:
        row(r["born_in__district_id"], r["born_in__district__name"])["births"][r["year"]] = r["n"]
        years.add(r["year"])
    passons = (
        PassOnAnimal.objects.filter(pass_on__from_grant__scheme=scheme)
        .annotate(year=ExtractYear("pass_on__transferred_on"))
        .values("pass_on__from_grant__district_id", "pass_on__from_grant__district__name", "year")
        .annotate(n=Count("id"))
    )
    for r in passons:
        row(r["pass_on__from_grant__district_id"], r["pass_on__from_grant__district__name"])["passons"][r["year"]] = r[
            "n"
        ]
        years.add(r["year"])
    ordered_years = sorted(years)
    rows: list[Any] = sorted(by_district.values(), key=lambda x: str(x["name"]))
    for r in rows:
        r["births_by_year"] = [r["births"].get(y, 0) for y in ordered_years]
        r["passons_by_year"] = [r["passons"].get(y, 0) for y in ordered_years]
    totals = {
        "breeders": sum(r["breeders"] for r in rows),
        "animals": sum(r["animals"] for r in rows),
        "births_by_year": [sum(r["births"].get(y, 0) for r in rows) for y in ordered_years],
        "passons_by_year": [sum(r["passons"].get(y, 0) for r in rows) for y in ordered_years],
        "generations": list(grants.values("generation").annotate(n=Count("id")).order_by("generation")),
    }
    return {"years": ordered_years, "rows": rows, "totals": totals}


# --- lotteries ---------------------------------------------------------------------------------


def lottery_list() -> QuerySet[Lottery]:
    return Lottery.objects.select_related("cohort__scheme").annotate(
        entry_count=Count("entries"), eligible_count=Count("entries", filter=Q(entries__eligible=True))
    )


# --- indicators --------------------------------------------------------------------------------


def pass_ons_in(start: dt.date, end: dt.date) -> int:
    return PassOnAnimal.objects.filter(pass_on__transferred_on__gte=start, pass_on__transferred_on__lte=end).count()


def distributions_in(start: dt.date, end: dt.date) -> int:
    return Distribution.objects.filter(
        voided_at__isnull=True, distributed_on__gte=start, distributed_on__lte=end
    ).count()
