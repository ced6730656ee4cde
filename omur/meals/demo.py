"""Demo data for the meals app: the two production kitchens of the catalogue, 57 sale points across
the neighbourhoods of the six districts the kitchens reach (weighted by population; the catalogue's
nine points first), dishes with allergens and diet variants, a 4-week menu cycle with its daily menus,
8 weeks of figures at the points at the price in force each day, a few donors with suspended meals
handed out, ~200 home-delivery households from the registry's older people, and today's runs planned
with a short time limit (the demo driver `sofor` drives van 1 of the central kitchen).

Deterministic for a seed and a day; idempotent (nothing is added when the kitchens exist). Rows are
written directly without audit events (nobody acted on them), as the other seeders do."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from omur.accounts.models import User
from omur.accounts.roles import DEMO_USERS, Role
from omur.core.calendar import is_working_day
from omur.meals.models import (
    DELIVERY_SERVICE_CODE,
    DailyMenu,
    DeliveryPlan,
    DeliveryProfile,
    DeliveryRun,
    DeliverySuspension,
    Diet,
    Dish,
    DishVariant,
    Donation,
    Kitchen,
    LedgerEntry,
    LedgerKind,
    MenuCycle,
    MenuCycleDay,
    PointDay,
    SalePoint,
    SuspensionReason,
)

POINT_DISTRICTS = ("Akdeniz", "Mezitli", "Toroslar", "Yenişehir", "Tarsus", "Erdemli")
# Home delivery reaches the city's four central districts (central kitchen) and Tarsus (Tarsus
# kitchen), as in the Mersin delivery benchmark: a household further out cannot be served between
# 11:00 and 15:00 from either kitchen.
DELIVERY_DISTRICTS = ("Akdeniz", "Mezitli", "Toroslar", "Yenişehir", "Tarsus")
TOTAL_POINTS = 57
KITCHENS = [
    # code, name, fallback lat/lon, vans
    ("merkez-mutfak", "Merkez Mutfak", (36.8325, 34.622), 12),
    ("tarsus-mutfak", "Tarsus Mutfağı", (36.9137, 34.8988), 4),
]

# name, course, allergens, {diet: variant note}
DISHES: list[tuple[str, str, list[str], dict[str, str]]] = [
    (
        "Mercimek çorbası",
        "soup",
        ["celery"],
        {"soft": "Süzülmüş", "low_salt": "Tuzsuz", "diabetic": "Unsuz", "vegetarian": "Sebze suyuyla"},
    ),
    (
        "Ezogelin çorbası",
        "soup",
        ["gluten", "celery"],
        {"soft": "Süzülmüş", "low_salt": "Tuzsuz", "vegetarian": "Sebze suyuyla"},
    ),
    (
        "Tarhana çorbası",
        "soup",
        ["gluten", "milk"],
        {"low_salt": "Tuzsuz", "soft": "İnce kıvam", "vegetarian": "Sebze suyuyla"},
    ),
    (
        "Yayla çorbası",
        "soup",
        ["milk", "eggs"],
        {"low_salt": "Tuzsuz", "soft": "Pirinçsiz, süzülmüş", "vegetarian": "Sebze suyuyla"},
    ),
    (
        "Sebze çorbası",
        "soup",
        ["celery"],
        {
            "soft": "Blenderdan geçirilmiş",
            "low_salt": "Tuzsuz",
            "diabetic": "Patatessiz",
            "vegetarian": "Sebze suyuyla",
        },
    ),
    (
        "Tavuk suyu çorba",
        "soup",
        ["celery", "gluten"],
        {"soft": "Şehriyesiz, süzülmüş", "low_salt": "Tuzsuz", "diabetic": "Şehriyesiz"},
    ),
    ("Etli kuru fasulye", "main", [], {"low_salt": "Tuzsuz", "soft": "Ezilmiş", "vegetarian": "Etsiz, zeytinyağlı"}),
    ("Nohutlu tavuk", "main", [], {"low_salt": "Tuzsuz", "soft": "Didiklenmiş tavuk", "vegetarian": "Tavuksuz nohut"}),
    (
        "Etli türlü",
        "main",
        [],
        {"low_salt": "Tuzsuz", "soft": "Uzun pişirilmiş", "vegetarian": "Etsiz", "diabetic": "Patatessiz"},
    ),
    (
        "Tavuk sote",
        "main",
        [],
        {"low_salt": "Tuzsuz", "soft": "Küçük doğranmış", "diabetic": "Yağı azaltılmış", "vegetarian": "Mantar sote"},
    ),
    (
        "İzmir köfte",
        "main",
        ["gluten", "eggs"],
        {"low_salt": "Tuzsuz", "soft": "Yumuşak köfte", "vegetarian": "Mercimek köftesi"},
    ),
    ("Orman kebabı", "main", [], {"low_salt": "Tuzsuz", "soft": "Uzun pişirilmiş", "diabetic": "Patatessiz"}),
    ("Fırında balık", "main", ["fish"], {"low_salt": "Tuzsuz", "soft": "Kılçıksız fileto", "diabetic": "Buharda"}),
    ("Etli nohut", "main", [], {"low_salt": "Tuzsuz", "soft": "Ezilmiş", "vegetarian": "Etsiz"}),
    (
        "Karnıyarık",
        "main",
        [],
        {"low_salt": "Tuzsuz", "soft": "Kabuksuz", "vegetarian": "İmam bayıldı", "diabetic": "Fırında, kızartmasız"},
    ),
    (
        "Etli bezelye",
        "main",
        [],
        {"low_salt": "Tuzsuz", "soft": "Ezilmiş", "vegetarian": "Etsiz", "diabetic": "Patatessiz"},
    ),
    ("Tas kebabı", "main", ["gluten"], {"low_salt": "Tuzsuz", "soft": "Uzun pişirilmiş", "diabetic": "Unsuz sos"}),
    ("Pirinç pilavı", "side", ["milk"], {"low_salt": "Tuzsuz", "diabetic": "Bulgur pilavı", "soft": "Yumuşak pişmiş"}),
    ("Bulgur pilavı", "side", ["gluten"], {"low_salt": "Tuzsuz", "soft": "Yumuşak pişmiş"}),
    ("Şehriyeli pilav", "side", ["gluten", "milk"], {"low_salt": "Tuzsuz", "diabetic": "Bulgur pilavı"}),
    (
        "Makarna",
        "side",
        ["gluten", "eggs"],
        {"low_salt": "Tuzsuz", "diabetic": "Tam buğday, az porsiyon", "soft": "İyi pişmiş"},
    ),
    ("Fırın patates", "side", [], {"low_salt": "Tuzsuz", "soft": "Püre", "diabetic": "Yarım porsiyon"}),
    ("Cacık", "dessert", ["milk"], {"low_salt": "Tuzsuz"}),
    ("Mevsim salatası", "dessert", ["mustard"], {"soft": "Yoğurtlu püre", "low_salt": "Tuzsuz"}),
    ("Sütlaç", "dessert", ["milk"], {"diabetic": "Şekersiz", "soft": "Olduğu gibi"}),
    ("İrmik helvası", "dessert", ["gluten", "milk", "nuts"], {"diabetic": "Meyve", "soft": "Fıstıksız"}),
    ("Revani", "dessert", ["gluten", "eggs", "milk"], {"diabetic": "Meyve", "soft": "Olduğu gibi"}),
    ("Mevsim meyvesi", "dessert", [], {"soft": "Rendelenmiş"}),
    ("Ayran", "dessert", ["milk"], {"low_salt": "Tuzsuz"}),
    ("Zeytinyağlı taze fasulye", "side", [], {"low_salt": "Tuzsuz", "soft": "Uzun pişirilmiş"}),
]
DONORS = [
    ("Mersin Esnaf ve Sanatkârlar Odası (demo)", False, 400),
    ("Hatice Karaca", False, 40),
    ("Adı gizli bir hayırsever", True, 120),
    ("Toroslar Yardımlaşma Derneği (demo)", False, 250),
    ("Mehmet Uysal", False, 25),
]
DIETS = [(Diet.STANDARD, 60), (Diet.DIABETIC, 15), (Diet.SOFT, 10), (Diet.LOW_SALT, 10), (Diet.VEGETARIAN, 5)]


def _working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def seed_meals(*, seed: int) -> str:
    if Kitchen.objects.exists():
        return "nothing to add"
    rng = random.Random(f"meals-{seed}")  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    with transaction.atomic():
        kitchens = _kitchens()
        points = _points(rng, kitchens)
        dishes = _dishes()
        _menus(rng, dishes, today)
        n_sales = _sales(rng, points, today)
        n_donations = _donations(rng, points, today)
        profiles = _households(rng, kitchens, today)
    planned = _plan_today(today)
    return (
        f"{len(kitchens)} kitchens, {len(points)} points, {len(dishes)} dishes, {n_sales} point days, "
        f"{n_donations} donations, {len(profiles)} delivery households; {planned}"
    )


def _kitchens() -> dict[str, Kitchen]:
    from omur.services.models import Location

    out = {}
    for code, name, (lat, lon), vans in KITCHENS:
        loc = Location.objects.filter(code=code).first()
        out[code] = Kitchen.objects.create(
            code=code,
            name=name,
            location=loc,
            address=loc.address if loc else "",
            lat=loc.lat if loc and loc.lat is not None else lat,
            lon=loc.lon if loc and loc.lon is not None else lon,
            vans=vans,
        )
    return out


def _points(rng: random.Random, kitchens: dict[str, Kitchen]) -> list[SalePoint]:
    from omur.geo.models import Neighbourhood
    from omur.services.models import Location

    def kitchen_for(hood: Any) -> Kitchen:
        return kitchens["tarsus-mutfak"] if hood.district.name == "Tarsus" else kitchens["merkez-mutfak"]

    points = []
    used: set[int] = set()
    for loc in Location.objects.filter(kind="meal_point").select_related("neighbourhood__district").order_by("code"):
        if loc.neighbourhood is None:
            continue
        used.add(loc.neighbourhood.pk)
        points.append(
            SalePoint(
                code=loc.code,
                name=f"{loc.neighbourhood.name} Noktası",
                kitchen=kitchen_for(loc.neighbourhood),
                neighbourhood=loc.neighbourhood,
                location=loc,
                address=loc.address,
            )
        )
    hoods = list(
        Neighbourhood.objects.filter(district__name__in=POINT_DISTRICTS, district__province_id=33, population__gt=0)
        .exclude(pk__in=used)
        .select_related("district")
        .order_by("pk")
    )
    # Weighted sampling without replacement (Efraimidis–Spirakis): bigger neighbourhoods first.
    keyed = sorted(hoods, key=lambda h: rng.random() ** (1.0 / h.population), reverse=True)
    for hood in keyed[: TOTAL_POINTS - len(points)]:
        opens = rng.choice([dt.time(11, 30), dt.time(11, 30), dt.time(12, 0), dt.time(11, 0)])
        points.append(
            SalePoint(
                code=f"mutfak-{slugify(hood.district.name)}-{slugify(hood.name.replace('ı', 'i'))}"[:60],
                name=f"{hood.name} Noktası",
                kitchen=kitchen_for(hood),
                neighbourhood=hood,
                address=f"{hood.name} Mah. Muhtarlık yanı, {hood.district.name}/Mersin",
                opens=opens,
                closes=dt.time(14, 0) if opens < dt.time(12, 0) else dt.time(14, 30),
            )
        )
    return SalePoint.objects.bulk_create(points)


def _dishes() -> list[Dish]:
    dishes = Dish.objects.bulk_create([Dish(name=n, course=c, allergens=sorted(a)) for n, c, a, _v in DISHES])
    DishVariant.objects.bulk_create(
        [
            DishVariant(dish=d, diet=diet, note=note)
            for d, (_n, _c, _a, v) in zip(dishes, DISHES, strict=True)
            for diet, note in v.items()
        ]
    )
    return dishes


def _menus(rng: random.Random, dishes: list[Dish], today: dt.date) -> None:
    monday = today - dt.timedelta(days=today.weekday())
    starts = monday - dt.timedelta(weeks=8)
    cycle = MenuCycle.objects.create(name="Kış menüsü (4 hafta)", weeks=4, starts_on=starts)
    by_course: dict[str, list[Dish]] = {}
    for d in dishes:
        by_course.setdefault(d.course, []).append(d)
    soups, mains = by_course["soup"], by_course["main"]
    sides = by_course["side"] + by_course["dessert"]
    rows = []
    for week in range(1, 5):
        for weekday in range(5):
            i = (week - 1) * 5 + weekday
            rows.append(
                MenuCycleDay(
                    cycle=cycle,
                    week=week,
                    weekday=weekday,
                    dish1=soups[i % len(soups)],
                    dish2=mains[(i * 3) % len(mains)],
                    dish3=sides[(i * 7) % len(sides)],
                )
            )
    MenuCycleDay.objects.bulk_create(rows)
    slots = {(r.week, r.weekday): r for r in rows}
    menus = []
    for day in _working_days(starts, today + dt.timedelta(weeks=4)):
        slot = slots[cycle.position(day)]
        menus.append(DailyMenu(day=day, dish1=slot.dish1, dish2=slot.dish2, dish3=slot.dish3, cycle=cycle))
    DailyMenu.objects.bulk_create(menus)


def _sales(rng: random.Random, points: list[SalePoint], today: dt.date) -> int:
    from omur.meals.selectors import meal_price_on

    days = _working_days(today - dt.timedelta(weeks=8), today - dt.timedelta(days=1))
    prices = {d: meal_price_on(d) or Decimal("25.00") for d in days}
    total_pop = sum(p.neighbourhood.population for p in points) or 1
    rows = []
    for p in points:
        # ~3,000 meals a day over 57 points, more in bigger neighbourhoods.
        base = 15 + 1900 * p.neighbourhood.population / total_pop + rng.uniform(0, 10)
        for day in days:
            factor = (1.08, 1.0, 1.0, 0.97, 0.9)[day.weekday()]
            sent = max(10, round(base * factor * rng.uniform(1.02, 1.12)))
            sold = min(sent, max(0, round(base * factor * rng.uniform(0.85, 1.08))))
            rows.append(
                PointDay(
                    point=p,
                    day=day,
                    expected=round(base),
                    sent=sent,
                    sold=sold,
                    unit_price=prices[day],
                    cash=prices[day] * sold,
                )
            )
    PointDay.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _donations(rng: random.Random, points: list[SalePoint], today: dt.date) -> int:
    from omur.meals.selectors import meal_price_on

    manager = User.objects.filter(username=DEMO_USERS[Role.KITCHEN_STAFF][0]).first()
    for i, (name, anonymous, meals) in enumerate(DONORS):
        received = today - dt.timedelta(days=40 - i * 8)
        point = points[i * 7 % len(points)] if i == 1 else None
        price = meal_price_on(received) or Decimal("25.00")
        donation = Donation.objects.create(
            donor_name=name,
            anonymous=anonymous,
            meals=meals,
            remaining=meals,
            amount=price * meals,
            received_on=received,
            point=point,
            received_by=manager,
        )
        LedgerEntry.objects.create(
            donation=donation, kind=LedgerKind.DONATION, quantity=meals, point=point, day=received, created_by=manager
        )
        handed = rng.randint(meals // 3, meals * 2 // 3)
        for day in _working_days(received + dt.timedelta(days=1), today - dt.timedelta(days=1)):
            if handed <= 0:
                break
            take = min(handed, rng.randint(2, 12))
            at = point or points[rng.randrange(len(points))]
            LedgerEntry.objects.create(
                donation=donation, kind=LedgerKind.REDEMPTION, quantity=-take, point=at, day=day, created_by=manager
            )
            PointDay.objects.filter(point=at, day=day).update(redeemed=take)
            handed -= take
            donation.remaining -= take
        donation.save(update_fields=["remaining"])
    # A redemption at a point whose row had sold + redeemed above sent keeps the figures honest.
    for row in PointDay.objects.filter(redeemed__gt=0):
        if row.sold + row.redeemed > row.sent:
            row.sent = row.sold + row.redeemed
            row.save(update_fields=["sent"])
    return len(DONORS)


def _households(rng: random.Random, kitchens: dict[str, Kitchen], today: dt.date) -> list[DeliveryProfile]:
    from omur.cases.models import Enrolment, EnrolmentStatus, EnrolmentStatusChange
    from omur.registry.models import Person
    from omur.services.models import Service

    service = Service.objects.filter(code=DELIVERY_SERVICE_CODE).first()
    if service is None:
        return []
    manager = User.objects.filter(username=DEMO_USERS[Role.SOCIAL_WORKER][0]).first()
    enrolled = {
        e.person_id: e
        for e in Enrolment.objects.filter(service=service)
        .exclude(status=EnrolmentStatus.CLOSED)
        .select_related("person")
    }
    older = list(
        Person.objects.filter(
            date_of_death__isnull=True,
            birth_date__lte=today - relativedelta(years=60),
            district__name__in=DELIVERY_DISTRICTS,
        )
        .exclude(pk__in=enrolled)
        .select_related("district")
        .order_by("birth_date", "pk")
    )
    wanted = 200 - len(enrolled)
    chosen = older[: max(wanted, 0)]
    enrolments = [e for e in enrolled.values() if e.status == EnrolmentStatus.ACTIVE]
    for person in chosen:
        start = today - dt.timedelta(days=rng.randint(20, 700))
        enrolment = Enrolment.objects.create(
            person=person,
            service=service,
            status=EnrolmentStatus.ACTIVE,
            case_manager=manager,
            start_date=start,
            review_on=start + relativedelta(months=12),
            created_by=manager,
        )
        EnrolmentStatusChange.objects.create(
            enrolment=enrolment,
            from_status="",
            to_status=EnrolmentStatus.ACTIVE,
            changed_by=manager,
            changed_at=timezone.make_aware(dt.datetime.combine(start, dt.time(10))),
        )
        enrolments.append(enrolment)
    people = {
        p.pk: p for p in Person.objects.filter(pk__in=[e.person_id for e in enrolments]).select_related("district")
    }
    profiles = []
    for e in sorted(enrolments, key=lambda e: e.pk):
        person = people[e.person_id]
        district = person.district
        kitchen = kitchens["tarsus-mutfak"] if district and district.name == "Tarsus" else kitchens["merkez-mutfak"]
        if person.lat is not None and person.lon is not None:
            lat, lon = person.lat, person.lon
        elif district is not None and district.lat is not None and district.lon is not None:
            spread = 0.02 if district.name in ("Akdeniz", "Yenişehir", "Mezitli", "Toroslar") else 0.035
            lat, lon = district.lat + rng.gauss(0, spread), district.lon + rng.gauss(0, spread)
        else:
            lat, lon = kitchen.lat + rng.gauss(0, 0.02), kitchen.lon + rng.gauss(0, 0.02)
        diet = rng.choices([d for d, _w in DIETS], weights=[w for _d, w in DIETS])[0]
        allergies = rng.sample(["milk", "gluten", "eggs", "fish", "nuts", "celery"], k=1) if rng.random() < 0.1 else []
        profiles.append(
            DeliveryProfile(
                enrolment=e,
                kitchen=kitchen,
                diet=diet,
                allergies=allergies,
                portions=rng.choices([1, 2, 3], weights=[70, 25, 5])[0],
                weekdays=[0, 1, 2, 3, 4] if rng.random() < 0.9 else [0, 2, 4],
                lat=round(lat, 6),
                lon=round(lon, 6),
                door_note=rng.choice(
                    ["", "", "", "Zili çalışmıyor, kapıyı çalın", "3. kat, asansör yok", "Komşuya bırakılabilir"]
                ),
            )
        )
    profiles = DeliveryProfile.objects.bulk_create(profiles)
    # A hospital stay this week and a family visit next week.
    for profile, reason, offset, length in [
        (profiles[3], SuspensionReason.HOSPITAL, 0, 5),
        (profiles[11], SuspensionReason.HOSPITAL, -2, 9),
        (profiles[20], SuspensionReason.TRAVEL, 7, 10),
    ]:
        DeliverySuspension.objects.create(
            profile=profile,
            start=today + dt.timedelta(days=offset),
            end=today + dt.timedelta(days=offset + length),
            reason=reason,
            note="Devlet hastanesinde yatıyor" if reason == SuspensionReason.HOSPITAL else "Kızının yanına gitti",
            created_by=manager,
        )
    return profiles


def _plan_today(today: dt.date) -> str:
    """Plan the next working day's runs with a short limit (the demo must seed in seconds)."""
    from omur.meals.services.delivery import delivery_plan_run

    day = _next_working_day(today)
    driver = User.objects.filter(username=DEMO_USERS[Role.DRIVER][0]).first()
    plan = DeliveryPlan.objects.create(day=day, seconds=4)
    plan = delivery_plan_run(plan_id=plan.pk, workers=1)
    run = DeliveryRun.objects.filter(day=day, kitchen__code="merkez-mutfak", number=1).first()
    if run is not None and driver is not None:
        run.driver = driver
        run.save(update_fields=["driver"])
    s = plan.summary
    return f"runs for {day}: {s.get('vans', 0)} vans, {s.get('routed', 0)} stops ({plan.status})"
