"""Demo data for benefits, deterministic for a seed and added once (a second run finds the demo
cohort and adds nothing). Everything goes through the services (eligibility, limits, audit), except
the 2021 pilot flocks, entered as they were carried over from the paper register before the system
existed (no minimum wage is recorded before 2022, so they could not be checked today).

- programmes with their tier and amount history, and a July 2026 increase of Halk Kart;
- a year of distributions for registry demo households: Halk Kart every month, clothing (several
  people at their limit of three), school bags, newborn packs, pregnancy milk; overlaps arise;
- Hadi Gel Köyümüze: the 2022 cohort of 60 breeders in small rural neighbourhoods with allocations,
  feed, vaccinations, births and pass-ons over three generations, six 2021 pilot flocks (three of
  them overdue), and a 2027 cohort whose lottery is announced and waits for its public value;
- solar panels: a 2026 cohort with a completed lottery and its awards."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from omur.accounts.models import User
from omur.benefits.models import (
    AidProgramme,
    Animal,
    AnimalOrigin,
    AnimalSex,
    ApplicationStatus,
    Confirmation,
    Grant,
    GrantCohort,
    GrantScheme,
    Lottery,
)
from omur.benefits.services import aid, grants, lotteries
from omur.benefits.setup import benefits_load
from omur.core.exceptions import ApplicationError
from omur.core.tckn import tckn_check_digits
from omur.geo.models import Neighbourhood
from omur.registry.models import Household, HouseholdMember, Person, Relation, Sex, fold_person_name
from omur.services.catalogue_data import RURAL_DISTRICTS
from omur.services.eligibility import eligible_people
from omur.services.models import Service

DEMO_NOTE = "Demo verisi (yardım ve hibe)"
LIVESTOCK_YEAR = 2022
RURAL_MAX_POPULATION = 3000

GIVEN_F = [
    "Ayşe",
    "Fatma",
    "Emine",
    "Hatice",
    "Zeynep",
    "Elif",
    "Meryem",
    "Sultan",
    "Hacer",
    "Gülsüm",
    "Şerife",
    "Dilek",
]
GIVEN_M = [
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Ali",
    "Hüseyin",
    "İbrahim",
    "Hasan",
    "Osman",
    "Yusuf",
    "Ramazan",
    "Halil",
    "Veli",
]
FAMILY = [
    "Yörük",
    "Toros",
    "Karaca",
    "Aksoy",
    "Çoban",
    "Keskin",
    "Bozkurt",
    "Kara",
    "Yalçın",
    "Güneş",
    "Tekin",
    "Er",
    "Uçar",
    "Sarı",
    "Aydoğan",
    "Koçak",
    "Dağlı",
    "Özkan",
    "Akın",
    "Tuna",
]


class _Tags:
    """Ear tags TR33 + 8 digits, handed out in order."""

    def __init__(self, start: int) -> None:
        self.next = start

    def take(self, n: int) -> list[str]:
        tags = [f"TR33{self.next + i:08d}" for i in range(n)]
        self.next += n
        return tags


def _users() -> tuple[User, User]:
    worker = User.objects.filter(username="sosyal").first() or User.objects.filter(groups__name="social_worker").first()
    manager = (
        User.objects.filter(username="mudur").first() or User.objects.filter(groups__name="office_manager").first()
    )
    if worker is None or manager is None:
        raise LookupError("demo users missing")
    return worker, manager


def _rural_people(
    rng: random.Random, count: int, *, today: dt.date, age_range: tuple[int, int], tag: str
) -> list[Person]:
    """New people heading small households in small neighbourhoods of the rural districts, with a
    low recorded income (the demo registry has too few 25–45-year-old villagers)."""
    hoods = list(
        Neighbourhood.objects.filter(district__name__in=RURAL_DISTRICTS, population__lte=RURAL_MAX_POPULATION)
        .select_related("district")
        .order_by("id")
    )
    taken = set(Person.objects.exclude(tckn=None).values_list("tckn", flat=True))
    people: list[Person] = []
    for _i in range(count):
        sex = Sex.FEMALE if rng.random() < 0.3 else Sex.MALE
        given = rng.choice(GIVEN_F if sex == Sex.FEMALE else GIVEN_M)
        family = rng.choice(FAMILY)
        age = rng.randint(*age_range)
        birth = today - dt.timedelta(days=age * 365 + rng.randint(30, 330))
        while True:
            prefix = f"{rng.randint(100000000, 899999999)}"
            tckn = prefix + tckn_check_digits(prefix)
            if tckn not in taken:
                taken.add(tckn)
                break
        hood = hoods[rng.randrange(len(hoods))]
        person = Person(
            tckn=tckn,
            given_name=given,
            family_name=family,
            name_folded=fold_person_name(given, family),
            sex=sex,
            birth_date=birth,
            phone=f"+90532{rng.randint(1000000, 9999999)}",
            district=hood.district,
            neighbourhood=hood,
            street=f"{hood.name} Köy Yolu",
            building_no=str(rng.randint(1, 90)),
            monthly_income=Decimal(rng.choice([2500, 3000, 3500, 4000])),
        )
        people.append(person)
    Person.objects.bulk_create(people)
    households = [Household(head=p, note=f"{DEMO_NOTE} {tag}") for p in people]
    Household.objects.bulk_create(households)
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(household=h, person=p, relation=Relation.HEAD)
            for h, p in zip(households, people, strict=True)
        ]
    )
    return list(
        Person.objects.filter(pk__in=[p.pk for p in people]).select_related("neighbourhood__district").order_by("pk")
    )


def _try(func: Any, **kwargs: Any) -> Any:
    try:
        return func(**kwargs)
    except ApplicationError:
        return None


# --- aid ---------------------------------------------------------------------------------------


def _seed_aid(rng: random.Random, worker: User, manager: User, today: dt.date) -> int:
    programmes = {p.code: p for p in AidProgramme.objects.select_related("service")}
    halk = programmes["halk-kart"]
    for tier, amount in zip(halk.tiers.order_by("order"), ("900", "1500"), strict=False):
        _try(
            aid.amount_set,
            actor=manager,
            tier=tier,
            valid_from=dt.date(2026, 7, 1),
            amount=Decimal(amount),
            note="Meclis kararı 2026/112",
        )
    start = today - relativedelta(months=11)
    start = start.replace(day=1)
    count = 0
    confirmations = [Confirmation.SIGNATURE, Confirmation.SMS, Confirmation.ID_SEEN]

    def record(programme: AidProgramme, person: Person, day: dt.date, items: str = "") -> None:
        nonlocal count
        confirmation = rng.choice(confirmations)
        ref = f"{rng.randint(100000, 999999)}" if confirmation == Confirmation.SMS else ""
        if _try(
            aid.distribution_record,
            actor=worker,
            programme=programme,
            person=person,
            distributed_on=day,
            confirmation=confirmation,
            confirmation_ref=ref,
            items=items,
        ):
            count += 1

    adults = list(
        eligible_people(
            halk.service, day=today, people=Person.objects.filter(membership__household__note__startswith="Demo verisi")
        )
        .filter(membership__relation=Relation.HEAD)
        .order_by("pk")[:400]
    )
    rng.shuffle(adults)
    card_heads = adults[:24]
    for person in card_heads:
        for m in range(12):
            day = (start + relativedelta(months=m)).replace(day=rng.randint(3, 20))
            if day <= today and rng.random() < 0.9:
                record(halk, person, day)
    clothing = programmes["giysi-yardimi"]
    wearers = list(
        eligible_people(
            clothing.service,
            day=today,
            people=Person.objects.filter(membership__household__note__startswith="Demo verisi"),
        ).order_by("pk")[:600]
    )
    rng.shuffle(wearers)
    # Households with a Halk Kart get clothing too (the overlap warnings), and a few people reach
    # their limit of three this year.
    for i, person in enumerate(card_heads[:6] + wearers[:30]):
        times = 3 if i % 4 == 0 else 1 + i % 3
        months = sorted(rng.sample(range(1, today.month + 1), min(times, today.month)))
        for month in months:
            record(
                clothing,
                person,
                dt.date(today.year, month, rng.randint(2, 25)) if month < today.month else today,
                "Mont ve bot",
            )
    bags = programmes["ilk-okul-cantasi"]
    children = list(eligible_people(bags.service, day=dt.date(today.year, 9, 1)).order_by("pk")[:12])
    for child in children:
        record(bags, child, dt.date(today.year, 9, rng.randint(1, 12)))
    packs = programmes["yenidogan-paketi"]
    for baby in eligible_people(packs.service, day=today).order_by("pk")[:8]:
        birth = baby.birth_date or today
        record(packs, baby, min(today, birth + dt.timedelta(days=rng.randint(7, 30))))
    milk = programmes["gebe-sut-destegi"]
    from omur.registry.services import person_health_update

    mothers = list(
        Person.objects.filter(
            membership__household__note__startswith="Demo verisi",
            sex=Sex.FEMALE,
            birth_date__gte=today - relativedelta(years=38),
            birth_date__lte=today - relativedelta(years=20),
        ).order_by("pk")[:60]
    )
    rng.shuffle(mothers)
    for mother in mothers[:6]:
        # The pregnancy is recorded as the family doctor's report would be (ICD-10 Z33).
        person_health_update(actor=worker, person=mother, diagnoses="Z33")
        for k in range(3):
            day = today - dt.timedelta(days=100 - k * 46)
            record(milk, mother, day, "30 litre süt")
    return count


# --- livestock ---------------------------------------------------------------------------------


def _flock_year(grant: Grant, tags: _Tags, rng: random.Random, worker: User, season: dt.date, n: int) -> None:
    if n <= 0 or season > timezone.localdate():
        return
    mother = grant.animals.filter(sex=AnimalSex.FEMALE, status="alive").order_by("ear_tag").first()
    newborns = [(tag, AnimalSex.FEMALE if rng.random() < 0.5 else AnimalSex.MALE) for tag in tags.take(n)]
    grants.births_record(
        actor=worker, grant=grant, born_on=season, newborns=newborns, mother_tag=mother.ear_tag if mother else ""
    )


def _available(grant: Grant, n: int) -> list[str]:
    return list(
        Animal.objects.filter(
            grant=grant, born_in=grant, origin=AnimalOrigin.BORN, status="alive", passed_on_in__isnull=True
        )
        .order_by("born_on", "ear_tag")
        .values_list("ear_tag", flat=True)[:n]
    )


def _seed_livestock(rng: random.Random, worker: User, manager: User, today: dt.date) -> str:
    scheme = GrantScheme.objects.get(code="hadi-gel-koyumuze")
    tags = _Tags(10_000_000)
    cohort = GrantCohort.objects.create(scheme=scheme, year=LIVESTOCK_YEAR, places=60, note="Demo")
    applied = dt.date(LIVESTOCK_YEAR, 1, 20)
    breeders = _rural_people(rng, 60, today=today, age_range=(30, 44), tag=f"HG{LIVESTOCK_YEAR}")
    gen1: list[Grant] = []
    for i, person in enumerate(breeders):
        application = grants.application_record(actor=worker, cohort=cohort, person=person, applied_on=applied)
        if application.status != ApplicationStatus.ELIGIBLE:
            continue
        start = dt.date(LIVESTOCK_YEAR, 3, 1) + dt.timedelta(days=i % 20)
        grant = grants.grant_award(actor=worker, application=application, started_on=start)
        grants.animals_allocate(
            actor=worker,
            grant=grant,
            species="sheep" if i % 3 else "goat",
            female_tags=tags.take(scheme.females),
            male_tags=tags.take(scheme.males),
            allocated_on=start,
        )
        for dose in grant.vaccinations.filter(due_on__lte=today).order_by("due_on"):
            if rng.random() < 0.93:
                grants.vaccination_record(
                    actor=worker,
                    dose=dose,
                    done_on=dose.due_on + dt.timedelta(days=rng.randint(0, 6)),
                    animals=25,
                    vet="Vet. Hek. Cemil Aras",
                )
        gen1.append(grant)
    receivers2 = _rural_people(rng, 48, today=today, age_range=(30, 40), tag="HG-2")
    receivers3 = _rural_people(rng, 12, today=today, age_range=(28, 38), tag="HG-3")
    gen2: list[Grant] = []
    for i, grant in enumerate(gen1):
        for year in range(LIVESTOCK_YEAR + 1, today.year + 1):
            _flock_year(grant, tags, rng, worker, dt.date(year, 2, 10 + i % 15), rng.randint(12, 20))
        # 60% passed all 25 on in two instalments, 20% only a first instalment, 20% none yet.
        if i % 5 < 3 and receivers2:
            receiver = receivers2.pop(0)
            first = grants.pass_on_record(
                actor=worker,
                from_grant=grant,
                person=receiver,
                tags=_available(grant, 13),
                transferred_on=dt.date(LIVESTOCK_YEAR + 1, 9, 1 + i % 20),
            )
            grants.pass_on_record(
                actor=worker,
                from_grant=grant,
                person=receiver,
                tags=_available(grant, 12),
                transferred_on=dt.date(LIVESTOCK_YEAR + 2 + i % 2, 9, 5 + i % 20),
            )
            gen2.append(first.to_grant)
        elif i % 5 == 3 and receivers2:
            first = grants.pass_on_record(
                actor=worker,
                from_grant=grant,
                person=receivers2.pop(0),
                tags=_available(grant, 10),
                transferred_on=dt.date(LIVESTOCK_YEAR + 2, 10, 1 + i % 20),
            )
            gen2.append(first.to_grant)
    gen3 = 0
    for i, grant in enumerate(gen2):
        grant.refresh_from_db()
        for year in range(grant.started_on.year + 1, today.year + 1):
            _flock_year(grant, tags, rng, worker, dt.date(year, 2, 12 + i % 10), rng.randint(6, 12))
        if i % 3 == 0 and receivers3 and _available(grant, 1):
            grants.pass_on_record(
                actor=worker,
                from_grant=grant,
                person=receivers3.pop(0),
                tags=_available(grant, rng.randint(6, 10)),
                transferred_on=min(today, dt.date(today.year, 10, 1 + i % 20)),
            )
            gen3 += 1
    pilots = _seed_pilot(rng, scheme, worker, tags, today)
    # Next year's cohort: more eligible applicants than places, so a lottery, announced and waiting.
    nxt = GrantCohort.objects.create(scheme=scheme, year=today.year + 1, places=60, note="Demo")
    applicants = _rural_people(rng, 66, today=today, age_range=(26, 44), tag=f"HG{today.year + 1}")
    applicants += _rural_people(rng, 3, today=today, age_range=(47, 52), tag=f"HG{today.year + 1}")
    for person in applicants:
        grants.application_record(
            actor=worker, cohort=nxt, person=person, applied_on=today - dt.timedelta(days=rng.randint(1, 40))
        )
    lottery = lotteries.lottery_create_for_cohort(actor=worker, cohort=nxt, reserves=6)
    lotteries.lottery_announce(
        actor=manager,
        lottery=lottery,
        value_source=f"Milli Piyango yılbaşı çekilişi {today.year}: büyük ikramiye kazanan numarası",
        value_due=dt.date(today.year, 12, 31),
    )
    return f"{len(gen1)} breeders of {LIVESTOCK_YEAR}, {len(gen2)} second and {gen3} third generation, {pilots} pilot flocks"


def _seed_pilot(rng: random.Random, scheme: GrantScheme, worker: User, tags: _Tags, today: dt.date) -> int:
    """The 2021 pilot, carried over from the paper register (see the module docstring)."""
    cohort = GrantCohort.objects.create(scheme=scheme, year=2021, places=6, note="Pilot; kâğıt kayıtlardan aktarıldı")
    people = _rural_people(rng, 6, today=today, age_range=(33, 46), tag="HG2021")
    receivers = _rural_people(rng, 3, today=today, age_range=(28, 40), tag="HG2021-2")
    for i, person in enumerate(people):
        start = dt.date(2021, 4, 1 + i)
        hood = person.neighbourhood
        grant = Grant.objects.create(
            scheme=scheme,
            cohort=cohort,
            person=person,
            started_on=start,
            obligation_animals=scheme.pass_on_animals,
            obligation_due=start + relativedelta(years=scheme.pass_on_years),
            district_id=hood.district_id if hood else None,
            neighbourhood=hood,
            created_by=worker,
        )
        Animal.objects.bulk_create(
            [
                Animal(
                    ear_tag=t, species="goat", sex=sex, grant=grant, origin=AnimalOrigin.ALLOCATED, acquired_on=start
                )
                for t, sex in [(t, AnimalSex.FEMALE) for t in tags.take(24)]
                + [(t, AnimalSex.MALE) for t in tags.take(1)]
            ]
        )
        for year in range(2022, today.year + 1):
            _flock_year(grant, tags, rng, worker, dt.date(year, 2, 20), rng.randint(10, 16))
        if i < 3:
            grants.pass_on_record(
                actor=worker,
                from_grant=grant,
                person=receivers[i],
                tags=_available(grant, 25),
                transferred_on=dt.date(2024, 9, 10 + i),
            )
    return len(people)


def _seed_solar(rng: random.Random, worker: User, manager: User, today: dt.date) -> str:
    scheme = GrantScheme.objects.get(code="gunes-paneli")
    cohort = GrantCohort.objects.create(scheme=scheme, year=today.year, places=8, note="Demo")
    people = _rural_people(rng, 13, today=today, age_range=(28, 60), tag=f"GP{today.year}")
    # One applicant from a large neighbourhood: rejected with the rural rule named.
    town = (
        Neighbourhood.objects.filter(district__name="Tarsus", population__gt=RURAL_MAX_POPULATION)
        .order_by("-population")
        .first()
    )
    if town is not None:
        Person.objects.filter(pk=people[-1].pk).update(neighbourhood=town, district=town.district)
        people[-1].refresh_from_db()
    for person in people:
        grants.application_record(
            actor=worker, cohort=cohort, person=person, applied_on=dt.date(today.year, 3, rng.randint(1, 28))
        )
    lottery = lotteries.lottery_create_for_cohort(actor=worker, cohort=cohort, reserves=3)
    # The steps happened on their own days; the dates are set as they were (a demo can't wait).
    _announce_in_past(lottery, manager, dt.date(today.year, 4, 11))
    lottery.refresh_from_db()
    lotteries.lottery_record_value(
        actor=manager, lottery=lottery, public_value="Milli Piyango 11.04.2026 çekilişi büyük ikramiye: 815472"
    )
    lotteries.lottery_draw(actor=manager, lottery=lottery)
    awarded = 0
    for i, application in enumerate(cohort.applications.filter(status=ApplicationStatus.SELECTED).order_by("id")):
        grants.grant_award(
            actor=worker,
            application=application,
            started_on=dt.date(today.year, 5, 10 + i),
            item_serial=f"GES-{today.year}-{i + 1:03d}",
        )
        awarded += 1
    return f"solar cohort {today.year}: lottery drawn, {awarded} panels awarded"


def _announce_in_past(lottery: Lottery, manager: User, due: dt.date) -> None:
    """Close the list as the office did in March (the announce step refuses past dates today)."""
    from omur.benefits import lottery as method
    from omur.benefits.models import LotteryStatus
    from omur.core.audit import audit_record

    digest = method.list_digest(lotteries.eligible_refs(lottery))
    Lottery.objects.filter(pk=lottery.pk).update(
        status=LotteryStatus.ANNOUNCED,
        value_source="Milli Piyango 11.04.2026 çekilişi: büyük ikramiye kazanan numarası",
        value_due=due,
        list_digest=digest,
        announced_at=timezone.make_aware(dt.datetime.combine(due - dt.timedelta(days=10), dt.time(10))),
        announced_by=manager,
    )
    audit_record(actor=manager, action="lottery.announce", obj=lottery, changes={"list_sha256": digest, "demo": True})


def seed_benefits(*, seed: int) -> str:
    if GrantCohort.objects.filter(scheme__code="hadi-gel-koyumuze", year=LIVESTOCK_YEAR, note="Demo").exists():
        return "benefits already there"
    if not Service.objects.filter(code="halk-kart").exists():
        return "skipped: load the catalogue first (manage.py load_catalogue)"
    if not Neighbourhood.objects.exists():
        return "skipped: load the geography first"
    loaded = benefits_load()
    try:
        worker, manager = _users()
    except LookupError:
        return "skipped: create the demo users first"
    rng = random.Random(seed)  # noqa: S311 - demo data must repeat for a seed; nothing secret is drawn
    today = timezone.localdate()
    with transaction.atomic():
        distributions = _seed_aid(rng, worker, manager, today)
        livestock = _seed_livestock(rng, worker, manager, today)
        solar = _seed_solar(rng, worker, manager, today)
    return f"{loaded['programmes']} programmes, {distributions} distributions; {livestock}; {solar}"
