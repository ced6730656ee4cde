"""Deterministic, realistic demo people for Mersin, from a couple of thousand for the demo to a million
for benchmarks.

Households are drawn first (elderly alone, elderly couples, young singles, couples, families with
children and sometimes a grandparent, single parents), then their members' ages and sexes follow from
the household type. The mix below was tuned so that a large sample lands close to Mersin's published
structure (TÜİK ADNKS): about 23% aged 0–14, 66% aged 15–64 and 10% aged 65+, women 55–56% of the
65+, about one in four of the 65+ living alone, 3.1–3.2 people per household. Neighbourhoods are drawn
in proportion to their real population (omur.geo, NVI 2023).

Names come from omur/registry/data (see README.md there): given names weighted by birth cohort, so a
grandmother is more likely a Fatma and a granddaughter an Elif or Defne. About 2% of households are
foreign residents (99-prefixed numbers, Arabic names) and about 1% of people have no number at all.

Each household also gets a point around its district's centre (the spread per district that the
Mersin benchmark days use), so the demo's visits and deliveries have places to route between; those
points are demo data, not addresses.

Everything is drawn from `random.Random(seed)` (coordinates from a second stream derived from the
seed), so the same seed, reference date and neighbourhood table give the same people. The writer uses bulk_create in batches: no Person.save(), no per-row audit,
so it fills what save() derives (name_folded) itself.
"""

import bisect
import csv
import datetime as dt
import functools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from omur.core.audit import audit_record
from omur.core.demo import register_seeder
from omur.core.tckn import tckn_check_digits
from omur.geo.models import District, Neighbourhood
from omur.registry.models import Household, HouseholdMember, Person, Relation, Sex, SocialSecurity, fold_person_name

DATA_DIR = Path(__file__).resolve().parent / "data"

# The demo seeder marks its households with this note, which is how a re-run knows it has run.
DEMO_HOUSEHOLD_NOTE = "Demo verisi"
DEMO_PEOPLE = 2000

MINIMUM_WAGE_NET = 22_104  # TRY a month, 2025
MINIMUM_PENSION = 16_881  # TRY a month, 2025
OLD_AGE_PENSION = 5_000  # "65 yaş aylığı" (Law 2022), approximately, 2025


# --- names --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    names: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: list[tuple[str, float]]) -> "NamePool":
        pairs = [(n, w) for n, w in pairs if w > 0]
        total = 0.0
        cumulative = []
        for _name, weight in pairs:
            total += weight
            cumulative.append(total)
        return cls(tuple(n for n, _w in pairs), tuple(cumulative))

    def pick(self, rng: random.Random) -> int:
        return bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])


@dataclass(frozen=True)
class Names:
    # given[sex][cohort]: cohort 0 = born before 1975, 1 = 1975–1999, 2 = 2000 on
    given: dict[str, tuple[NamePool, NamePool, NamePool]]
    family: NamePool
    foreign_given: dict[str, NamePool]
    foreign_family: NamePool


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def names() -> Names:
    given = {}
    for sex, file in ((Sex.FEMALE, "given_names_female.csv"), (Sex.MALE, "given_names_male.csv")):
        rows = _csv(file)
        columns = ("weight_born_before_1975", "weight_born_1975_1999", "weight_born_2000_on")
        given[str(sex)] = tuple(NamePool.of([(r["name"], float(r[c])) for r in rows]) for c in columns)
    foreign = _csv("foreign_names.csv")

    def foreign_pool(kind: str) -> NamePool:
        return NamePool.of([(r["name"], float(r["weight"])) for r in foreign if r["kind"] == kind])

    return Names(
        given=given,  # type: ignore[arg-type]
        family=NamePool.of([(r["name"], float(r["weight"])) for r in _csv("family_names.csv")]),
        foreign_given={str(Sex.FEMALE): foreign_pool("female"), str(Sex.MALE): foreign_pool("male")},
        foreign_family=foreign_pool("family"),
    )


# --- households ----------------------------------------------------------------------------------

# Household types and their shares (of households, not people); see the module docstring.
HOUSEHOLD_TYPES = (
    ("elderly_alone", 0.082),
    ("elderly_couple", 0.10),
    ("young_single", 0.05),
    ("couple", 0.10),
    ("family", 0.60),
    ("single_parent", 0.07),
)
# Age bands (low, high, weight).
ELDERLY_ALONE_AGES = ((65, 69, 24), (70, 74, 26), (75, 79, 23), (80, 84, 15), (85, 89, 9), (90, 97, 3))
ELDERLY_COUPLE_AGES = ((65, 69, 44), (70, 74, 30), (75, 79, 16), (80, 84, 7), (85, 92, 3))
YOUNG_SINGLE_AGES = ((20, 24, 20), (25, 29, 25), (30, 39, 35), (40, 64, 20))
COUPLE_AGES = ((23, 29, 25), (30, 36, 20), (50, 59, 30), (60, 64, 25))
FAMILY_HEAD_AGES = (
    (24, 29, 4),
    (30, 34, 13),
    (35, 39, 16),
    (40, 44, 17),
    (45, 49, 17),
    (50, 54, 15),
    (55, 59, 12),
    (60, 64, 8),
)
SINGLE_PARENT_AGES = ((25, 34, 30), (35, 44, 40), (45, 59, 30))

STREET_NAMES = (
    "Atatürk Cd.",
    "İnönü Cd.",
    "Cumhuriyet Cd.",
    "İstiklal Cd.",
    "Gazi Mustafa Kemal Blv.",
    "Adnan Menderes Blv.",
    "İsmet İnönü Blv.",
    "Kuvay-i Milliye Cd.",
    "Fevzi Çakmak Cd.",
    "Barış Cd.",
    "Hürriyet Cd.",
    "Gazi Cd.",
    "Mersin Cd.",
    "Tarsus Cd.",
    "Silifke Cd.",
    "Okul Sk.",
    "Cami Sk.",
    "Çarşı Sk.",
    "Lale Sk.",
    "Menekşe Sk.",
)
# Mobile prefixes by operator share, roughly: Turkcell 53x, Vodafone 54x, Türk Telekom 50x/55x.
MOBILE_PREFIXES = (
    ("530", 5), ("531", 4), ("532", 8), ("533", 6), ("534", 4), ("535", 6), ("536", 4), ("537", 3), ("538", 3), ("539", 3),
    ("541", 4), ("542", 6), ("543", 5), ("544", 4), ("545", 4), ("546", 3), ("547", 2), ("548", 1), ("549", 1),
    ("501", 2), ("505", 6), ("506", 5), ("507", 3), ("551", 1), ("552", 2), ("553", 2), ("554", 2), ("555", 3), ("559", 1),
)  # fmt: skip


@dataclass
class Member:
    age: int
    sex: str
    relation: str


@dataclass
class GeneratedHousehold:
    members: list[tuple[Person, str]]  # (unsaved person, relation to the head)
    kind: str


@dataclass
class PeopleGenerator:
    """Draws households of unsaved Person objects. `places` is (neighbourhood id, district id,
    population) for every neighbourhood to draw from, in a fixed order."""

    seed: int
    places: list[tuple[int, int, int]]
    reference_date: dt.date
    # District id -> (lat, lon, spread in km): each household gets a point drawn around its
    # district's centre; without an entry it gets no coordinates.
    centres: dict[int, tuple[float, float, float]] = field(default_factory=dict)
    rng: random.Random = field(init=False)
    used_tckn: set[int] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 (reproducible demo data, not secrets)
        # Coordinates come from a stream of their own, so adding them left every other draw as it was.
        self._geo_rng = random.Random(f"{self.seed}:coordinates")  # noqa: S311
        total = 0
        self._place_cumulative: list[int] = []
        for _hood, _district, population in self.places:
            total += max(population, 1)
            self._place_cumulative.append(total)
        self._names = names()
        self._types = _cumulative(HOUSEHOLD_TYPES)
        self._prefixes = _cumulative(MOBILE_PREFIXES)
        self._folded: dict[tuple[str, str], str] = {}

    # - composition

    def _band(self, bands: tuple[tuple[int, int, int], ...]) -> int:
        low, high, _w = self.rng.choices(bands, weights=[b[2] for b in bands])[0]
        return self.rng.randint(low, high)

    def _sex(self, female_share: float) -> str:
        return Sex.FEMALE if self.rng.random() < female_share else Sex.MALE

    def _children(self, mother_age: int) -> list[int]:
        rng = self.rng
        if mother_age < 25:
            n = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        elif mother_age < 45:
            n = rng.choices((1, 2, 3, 4, 5), weights=(30, 42, 20, 6, 2))[0]
        else:
            n = rng.choices((1, 2, 3, 4), weights=(40, 38, 16, 6))[0]
        ages = []
        for _child in range(n):
            for _attempt in range(6):
                age = mother_age - int(rng.triangular(19, 42, 28))
                # Fewer small children (Türkiye's fertility is falling) and fewer adult children at home.
                if age < 0 or age > 29 or (age < 10 and rng.random() < 0.25) or (age > 22 and rng.random() < 0.4):
                    continue
                ages.append(age)
                break
        return ages

    def compose(self) -> tuple[str, list[Member]]:
        rng = self.rng
        kind = HOUSEHOLD_TYPES[bisect.bisect_right(self._types, rng.random())][0]
        members: list[Member] = []
        if kind == "elderly_alone":
            members.append(Member(self._band(ELDERLY_ALONE_AGES), self._sex(0.72), Relation.HEAD))
        elif kind == "elderly_couple":
            head = self._band(ELDERLY_COUPLE_AGES)
            members += [
                Member(head, Sex.MALE, Relation.HEAD),
                Member(max(58, head - int(rng.gauss(4, 3))), Sex.FEMALE, Relation.SPOUSE),
            ]
            if rng.random() < 0.15:
                members.append(Member(rng.randint(25, 45), self._sex(0.5), Relation.CHILD))
        elif kind == "young_single":
            members.append(Member(self._band(YOUNG_SINGLE_AGES), self._sex(0.4), Relation.HEAD))
        elif kind == "couple":
            head = self._band(COUPLE_AGES)
            members += [
                Member(head, Sex.MALE, Relation.HEAD),
                Member(max(18, head - int(rng.gauss(3, 3))), Sex.FEMALE, Relation.SPOUSE),
            ]
        elif kind == "family":
            head = self._band(FAMILY_HEAD_AGES)
            wife = max(18, head - round(rng.gauss(3.5, 3)))
            members += [Member(head, Sex.MALE, Relation.HEAD), Member(wife, Sex.FEMALE, Relation.SPOUSE)]
            members += [Member(age, self._sex(0.49), Relation.CHILD) for age in self._children(wife)]
            if rng.random() < 0.16:
                members.append(Member(min(98, head + rng.randint(24, 34)), self._sex(0.72), Relation.PARENT))
        else:  # single parent, mostly mothers
            female = rng.random() < 0.85
            parent = self._band(SINGLE_PARENT_AGES)
            members.append(Member(parent, Sex.FEMALE if female else Sex.MALE, Relation.HEAD))
            ages = self._children(parent if female else parent - 3) or [max(0, parent - 25)]
            members += [Member(age, self._sex(0.49), Relation.CHILD) for age in ages]
        return kind, members

    # - people

    def _tckn(self, *, foreign: bool) -> str:
        low, high = (990_000_000, 999_999_999) if foreign else (100_000_000, 989_999_999)
        while True:
            prefix = self.rng.randint(low, high)
            if prefix not in self.used_tckn:
                self.used_tckn.add(prefix)
                text = str(prefix)
                return text + tckn_check_digits(text)

    def _phone(self) -> str:
        prefix = MOBILE_PREFIXES[bisect.bisect_right(self._prefixes, self.rng.random())][0]
        return f"+90{prefix}{self.rng.randint(2_000_000, 9_999_999)}"

    def _birth_date(self, age: int) -> dt.date:
        # A uniformly random day in the year that makes the person `age` on the reference date.
        ref = self.reference_date
        last = dt.date(ref.year - age, ref.month, 28 if (ref.month, ref.day) == (2, 29) else ref.day)
        return last - dt.timedelta(days=self.rng.randint(0, 364))

    def _income(self, age: int, sex: str) -> tuple[str, Decimal | None]:
        rng = self.rng
        if age < 18:
            return "", None
        if rng.random() < 0.08:
            return "", None  # not known
        if age >= 65 or (age >= 58 and rng.random() < 0.5):
            roll = rng.random()
            if roll < 0.84:
                return SocialSecurity.SGK_RETIRED, _money(MINIMUM_PENSION * rng.lognormvariate(0.12, 0.25))
            if roll < 0.95:
                return SocialSecurity.OTHER, Decimal(OLD_AGE_PENSION)
            return SocialSecurity.GSS, Decimal(0)
        employed = rng.random() < (0.70 if sex == Sex.MALE else 0.33) and age >= 20
        if employed:
            return SocialSecurity.SGK_EMPLOYEE, _money(MINIMUM_WAGE_NET * rng.lognormvariate(0.15, 0.35))
        roll = rng.random()
        if roll < 0.80:
            return SocialSecurity.GSS, Decimal(0)
        if roll < 0.93:
            return SocialSecurity.NONE, Decimal(0)
        return SocialSecurity.GREEN_CARD, Decimal(0)

    def _address(self) -> dict[str, Any]:
        rng = self.rng
        index = (
            bisect.bisect_right(self._place_cumulative, rng.random() * self._place_cumulative[-1])
            if self.places
            else -1
        )
        hood_id, district_id = (self.places[index][0], self.places[index][1]) if index >= 0 else (None, None)
        roll = rng.random()
        street = f"{rng.randint(1001, 5999)}. Sk." if roll < 0.68 else rng.choice(STREET_NAMES)
        building = str(rng.randint(1, 140)) + ("/A" if rng.random() < 0.05 else "")
        door = str(rng.randint(1, 24)) if rng.random() < 0.85 else ""
        lat, lon = self._point(district_id)
        return {
            "neighbourhood_id": hood_id,
            "district_id": district_id,
            "street": street,
            "building_no": building,
            "door_no": door,
            "lat": lat,
            "lon": lon,
        }

    def _point(self, district_id: int | None) -> tuple[float | None, float | None]:
        # A normal spread around the district centre (the rule of the shared Mersin benchmark days),
        # kept within the province's box.
        centre = self.centres.get(district_id) if district_id is not None else None
        if centre is None:
            return None, None
        lat0, lon0, spread_km = centre
        dy, dx = self._geo_rng.gauss(0, spread_km), self._geo_rng.gauss(0, spread_km)
        lat = lat0 + dy / 111.0
        lon = lon0 + dx / (111.0 * math.cos(math.radians(lat0)))
        return round(min(max(lat, 35.9), 37.4), 5), round(min(max(lon, 32.5), 35.3), 5)

    def materialise(self, kind: str, members: list[Member]) -> GeneratedHousehold:
        rng = self.rng
        pools = self._names
        foreign = rng.random() < 0.02
        family_pool = pools.foreign_family if foreign else pools.family
        family_index = family_pool.pick(rng)
        address = self._address()
        alone = len(members) == 1
        people: list[tuple[Person, str]] = []
        for member in members:
            birth = self._birth_date(member.age)
            if foreign:
                pool = pools.foreign_given[member.sex]
            else:
                pool = pools.given[member.sex][0 if birth.year < 1975 else 1 if birth.year < 2000 else 2]
            given_index = pool.pick(rng)
            surname_index = family_index
            if member.relation == Relation.PARENT and rng.random() < 0.3:
                surname_index = family_pool.pick(rng)  # the head's mother, widowed and remarried, or maternal
            social_security, income = self._income(member.age, member.sex)
            has_phone = member.age >= 15 and rng.random() < (0.75 if member.age >= 65 else 0.9)
            tckn = None if rng.random() < 0.01 else self._tckn(foreign=foreign)
            given, family = pool.names[given_index], family_pool.names[surname_index]
            folded = self._folded.get((given, family))
            if folded is None:
                folded = self._folded[(given, family)] = fold_person_name(given, family)
            person = Person(
                tckn=tckn,
                given_name=given,
                family_name=family,
                # What Person.save() derives (bulk_create skips save()); the name_word columns are
                # generated by the database from it.
                name_folded=folded,
                birth_date=birth,
                sex=member.sex,
                phone=self._phone() if has_phone else "",
                lives_alone=alone,
                social_security=social_security,
                monthly_income=income,
                **address,
            )
            people.append((person, member.relation))
        return GeneratedHousehold(members=people, kind=kind)

    def households(self, count: int) -> Iterator[GeneratedHousehold]:
        """Households until exactly `count` people; the last one is cut short if needed."""
        remaining = count
        while remaining > 0:
            kind, members = self.compose()
            members = members[:remaining]
            remaining -= len(members)
            yield self.materialise(kind, members)


def _cumulative(pairs: tuple[tuple[str, float], ...]) -> list[float]:
    total = sum(w for _n, w in pairs)
    running, out = 0.0, []
    for _name, weight in pairs:
        running += weight / total
        out.append(running)
    out[-1] = 1.0
    return out


def _money(value: float) -> Decimal:
    return Decimal(round(value / 50) * 50)


def default_reference_date() -> dt.date:
    # The first of January of this year: the same people all year round for a given seed.
    return dt.date(timezone.localdate().year, 1, 1)


def mersin_places() -> list[tuple[int, int, int]]:
    return list(Neighbourhood.objects.order_by("id").values_list("id", "district_id", "population"))


# Standard deviation (km) of homes around each district centre: compact city districts, large rural
# ones (as in the Mersin benchmark days). Other districts: DEFAULT_SPREAD_KM.
SPREAD_KM = {
    "Akdeniz": 2.5,
    "Yenişehir": 2.5,
    "Toroslar": 3.0,
    "Mezitli": 3.0,
    "Tarsus": 8.0,
    "Erdemli": 10.0,
    "Silifke": 14.0,
    "Mut": 14.0,
    "Anamur": 8.0,
    "Bozyazı": 7.0,
    "Aydıncık": 6.0,
    "Gülnar": 10.0,
    "Çamlıyayla": 6.0,
}
DEFAULT_SPREAD_KM = 5.0


def mersin_centres() -> dict[int, tuple[float, float, float]]:
    """District id -> (centre lat, centre lon, spread km) for the districts with a known centre."""
    rows = District.objects.filter(lat__isnull=False, lon__isnull=False).values_list("id", "name", "lat", "lon")
    return {
        pk: (lat, lon, SPREAD_KM.get(name, DEFAULT_SPREAD_KM))
        for pk, name, lat, lon in rows
        if lat is not None and lon is not None
    }


# --- writing --------------------------------------------------------------------------------------


@dataclass
class GenerateResult:
    people: int = 0
    households: int = 0
    tckn_replaced: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.people / self.seconds if self.seconds else 0.0


def people_generate(
    *,
    actor: Any = None,
    count: int,
    seed: int,
    batch_size: int = 5000,
    household_note: str = "",
    reference_date: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateResult:
    """Add `count` generated people in households. Each batch commits on its own (a million rows in
    one transaction would only grow SQLite's WAL); one audit event records the run."""
    started = timezone.now()
    generator = PeopleGenerator(
        seed=seed,
        places=mersin_places(),
        centres=mersin_centres(),
        reference_date=reference_date or default_reference_date(),
    )
    # A number drawn here may already belong to someone registered: check only when anyone is.
    check_existing = Person.objects.exists()
    result = GenerateResult()
    batch: list[GeneratedHousehold] = []
    in_batch = 0
    for household in generator.households(count):
        batch.append(household)
        in_batch += len(household.members)
        if in_batch >= batch_size:
            _write_batch(batch, generator=generator, note=household_note, check_existing=check_existing, result=result)
            batch, in_batch = [], 0
            if progress:
                progress(result.people, count)
    if batch:
        _write_batch(batch, generator=generator, note=household_note, check_existing=check_existing, result=result)
        if progress:
            progress(result.people, count)
    audit_record(
        actor=actor,
        action="person.generate",
        object_type="registry.person",
        changes={"seed": seed, "people": result.people, "households": result.households, "note": household_note},
    )
    result.seconds = (timezone.now() - started).total_seconds()
    return result


@transaction.atomic
def _write_batch(
    batch: list[GeneratedHousehold],
    *,
    generator: PeopleGenerator,
    note: str,
    check_existing: bool,
    result: GenerateResult,
) -> None:
    people = [person for household in batch for person, _relation in household.members]
    if check_existing:
        result.tckn_replaced += _replace_taken_numbers(people, generator)
    Person.objects.bulk_create(people, batch_size=1000)
    households = [Household(head=household.members[0][0], note=note) for household in batch]
    Household.objects.bulk_create(households, batch_size=1000)
    members = [
        HouseholdMember(household=row, person=person, relation=relation)
        for row, household in zip(households, batch, strict=True)
        for person, relation in household.members
    ]
    HouseholdMember.objects.bulk_create(members, batch_size=1000)
    result.people += len(people)
    result.households += len(households)


def _replace_taken_numbers(people: list[Person], generator: PeopleGenerator) -> int:
    numbers = [p.tckn for p in people if p.tckn]
    taken: set[str] = set()
    for start in range(0, len(numbers), 900):
        found = Person.objects.filter(tckn__in=numbers[start : start + 900]).values_list("tckn", flat=True)
        taken.update(number for number in found if number)
    for person in people:
        if person.tckn in taken:
            person.tckn = generator._tckn(foreign=person.tckn.startswith("99"))  # type: ignore[union-attr]
    return len(taken)


# --- the demo seeder -------------------------------------------------------------------------------


def seed_demo_people(*, seed: int) -> str:
    """About 2,000 people in households, once: a second run finds its marked households and adds
    nothing."""
    if Household.objects.filter(note=DEMO_HOUSEHOLD_NOTE).exists():
        return "people already there"
    if not Neighbourhood.objects.exists():
        return "skipped: load the geography first (manage.py load_geography)"
    with transaction.atomic():
        result = people_generate(count=DEMO_PEOPLE, seed=seed, household_note=DEMO_HOUSEHOLD_NOTE)
    return f"{result.people} people in {result.households} households"


register_seeder("registry", seed_demo_people)


# --- the same people as an import file --------------------------------------------------------------


def as_import_rows(households: list[GeneratedHousehold], *, key_prefix: str = "H") -> list[list[str]]:
    """Rows in the import template's column order (header not included), for tests and benchmarks."""
    from omur.geo.models import District
    from omur.registry.imports.columns import COLUMNS

    hood_names = dict(Neighbourhood.objects.values_list("id", "name"))
    district_names = dict(District.objects.filter(neighbourhoods__isnull=False).distinct().values_list("id", "name"))
    relations: dict[str, str] = {
        Relation.HEAD: "hane reisi",
        Relation.SPOUSE: "eş",
        Relation.CHILD: "çocuk",
        Relation.PARENT: "anne/baba",
        Relation.SIBLING: "kardeş",
        Relation.GRANDCHILD: "torun",
        Relation.GRANDPARENT: "büyükanne/büyükbaba",
        Relation.OTHER_RELATIVE: "diğer akraba",
        Relation.NON_RELATIVE: "akraba değil",
    }
    security = {
        "": "",
        "none": "yok",
        "sgk_employee": "SGK çalışan",
        "sgk_retired": "SGK emekli",
        "gss": "GSS",
        "green_card": "yeşil kart",
        "other": "diğer",
    }
    rows = []
    for number, household in enumerate(households, start=1):
        for person, relation in household.members:
            phone = person.phone
            cells = {
                "tckn": person.tckn or "",
                "given_name": person.given_name,
                "family_name": person.family_name,
                "birth_date": person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "",
                "sex": "K" if person.sex == Sex.FEMALE else "E",
                "phone": f"0{phone[3:6]} {phone[6:9]} {phone[9:11]} {phone[11:]}" if phone else "",
                "district": district_names.get(person.district_id, ""),  # type: ignore[arg-type]
                "neighbourhood": hood_names.get(person.neighbourhood_id, ""),  # type: ignore[arg-type]
                "street": person.street,
                "building_no": person.building_no,
                "door_no": person.door_no,
                "lives_alone": "evet" if person.lives_alone else "hayır",
                "social_security": security[person.social_security],
                "monthly_income": ""
                if person.monthly_income is None
                else f"{person.monthly_income:.2f}".replace(".", ","),
                "household": f"{key_prefix}{number}",
                "relation": relations[relation],
            }
            rows.append([cells[column.key] for column in COLUMNS])
    return rows
