"""Demo data for home care: staff profiles for the demo field logins plus ~30 generated staff at four
team bases, visits for the next two weeks from the seeded care plans, a repair job, an urgent welfare
check, and a stored plan for today (and the next working day) so `bakici` sees an ordered day.
Deterministic per seed, idempotent (nothing is added the second time)."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from omur.accounts.models import User
from omur.accounts.roles import DEMO_USERS, Role
from omur.cases.models import CarePlan, CarePlanItem, Enrolment, EnrolmentStatus
from omur.core.calendar import is_working_day
from omur.homecare.models import (
    PROFESSION_SKILLS,
    Profession,
    Skill,
    StaffMember,
    Trade,
    Vehicle,
    Visit,
    VisitSource,
    trade_skill,
)
from omur.homecare.services.common import person_address
from omur.services.models import Location

BASES = [
    "yasli-destek-birimi",
    "halkkent-sym",
    "kurdali-sym",
    "emekliler-mezitli",
    "tarsus-meslek",
    "tarim-mut",
    "mutfak-erdemli-alata",
]
# Teams far from the centre eat on the road: no fixed break back at the base.
RURAL_BASES = {"tarim-mut", "mutfak-erdemli-alata"}
DEMO_STAFF = {
    Role.CAREGIVER: (Profession.CAREGIVER, "F", ()),
    Role.CLEANER: (Profession.CLEANER, "F", ()),
    Role.NURSE: (Profession.NURSE, "F", ()),
    Role.PHYSIOTHERAPIST: (Profession.PHYSIOTHERAPIST, "M", ()),
    Role.CRAFTSPERSON: (Profession.CRAFTSPERSON, "M", (Trade.LOCKSMITH, Trade.CARPENTER, Trade.HANDYMAN)),
    Role.DRIVER: (Profession.DRIVER, "M", ()),
}
# (profession, women, men, trades)
GENERATED = [
    (Profession.CAREGIVER, 8, 3, ()),
    (Profession.CLEANER, 6, 1, ()),
    (Profession.NURSE, 4, 1, ()),
    (Profession.PHYSIOTHERAPIST, 1, 2, ()),
    (Profession.PSYCHOLOGIST, 1, 1, ()),
    (Profession.CRAFTSPERSON, 1, 1, (Trade.ELECTRICIAN, Trade.PLUMBER)),
    (Profession.CRAFTSPERSON, 2, 0, (Trade.PAINTER, Trade.CARPENTER)),  # Mersinli Kadın Ustalar graduates
]
WOMEN = [
    "Ayten",
    "Sevgi",
    "Nuray",
    "Songül",
    "Derya",
    "Filiz",
    "Gönül",
    "Hülya",
    "Meryem",
    "Nermin",
    "Özlem",
    "Serpil",
    "Tülay",
    "Yasemin",
    "Zerrin",
    "Gülay",
]
MEN = ["Ahmet", "Bayram", "Cemal", "Erkan", "Hakan", "Kemal", "Osman", "Recep", "Serkan", "Tuncay", "Yusuf"]
FAMILY = [
    "Akbulut",
    "Bozkurt",
    "Çınar",
    "Duman",
    "Erdem",
    "Güneş",
    "Işık",
    "Karaca",
    "Koç",
    "Oral",
    "Polat",
    "Sarı",
    "Tekin",
    "Uçar",
    "Yavuz",
    "Zengin",
    "Acar",
    "Ateş",
]
DEMO_TIME_LIMIT = 3.0


def _staff(
    user: User | None,
    first: str,
    last: str,
    profession: str,
    sex: str,
    base: Location,
    rng: random.Random,
    trades: tuple[str, ...] = (),
    *,
    every_day: bool = False,
) -> StaffMember:
    skills = list(PROFESSION_SKILLS[profession]) + [trade_skill(t) for t in trades]
    start = rng.choice([dt.time(8, 0), dt.time(8, 30), dt.time(9, 0)])
    end = (dt.datetime.combine(dt.date.today(), start) + dt.timedelta(hours=9)).time()
    return StaffMember.objects.create(
        user=user,
        first_name=first,
        last_name=last,
        profession=profession,
        skills=skills,
        sex=sex,
        phone=f"+90532{rng.randint(1000000, 9999999)}",
        base=base,
        work_days=list(range(7)) if every_day else [0, 1, 2, 3, 4],
        shift_start=start,
        shift_end=end,
        lunch_start=None if base.code in RURAL_BASES else dt.time(12, 30),
        lunch_end=None if base.code in RURAL_BASES else dt.time(13, 0),
        vehicle=Vehicle.VAN
        if profession == Profession.CRAFTSPERSON
        else rng.choice([Vehicle.CAR, Vehicle.CAR, Vehicle.PUBLIC_TRANSPORT]),
        vehicle_plate=f"33 {rng.choice('ABCDEFHK')}{rng.choice('ABCDEFHK')} {rng.randint(100, 999)}",
    )


def _extra_visits(day: dt.date, staff: list[StaffMember], rng: random.Random) -> int:
    """Duty visits for demo logins that have none today (on a weekend or holiday nobody has)."""
    enrolments = list(
        Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE, service__mechanism="home_visit")
        .select_related("person", "person__district", "person__neighbourhood", "service")
        .order_by("pk")[:40]
    )
    made = 0
    for member in staff:
        skill = next((s for s in member.skills if s != Skill.WELFARE_CHECK), None)
        if skill is None:
            continue
        for enrolment in rng.sample(enrolments, min(4, len(enrolments))):
            address, lat, lon, approx = person_address(enrolment.person)
            if lat is None:
                continue
            hour = rng.choice([9, 10, 11, 13, 14])
            Visit.objects.create(
                person=enrolment.person,
                source=VisitSource.MANUAL,
                kind="repair" if skill.startswith("trade_") else skill,
                service=enrolment.service,
                date=day,
                window_start=dt.time(hour),
                window_end=dt.time(hour + 3),
                duration_minutes=45,
                required_skill=skill,
                same_sex=False,
                preferred_staff=member,
                address=address,
                lat=lat,
                lon=lon,
                location_approximate=approx,
                origin="office",
            )
            made += 1
    return made


def seed_homecare(*, seed: int) -> str:
    from omur.homecare.services import (
        MaterialLine,
        plan_request,
        repair_job_create,
        repair_job_schedule,
        route_plan_run,
        visit_request_urgent,
        visits_materialise,
    )

    if StaffMember.objects.exists():
        return "nothing to add"
    bases = [b for b in Location.objects.filter(code__in=BASES, lat__isnull=False).order_by("code")]
    if not bases:
        return "skipped: load the service catalogue first (manage.py load_catalogue)"
    main_base = next((b for b in bases if b.code == "yasli-destek-birimi"), bases[0])
    rng = random.Random(f"homecare:{seed}")  # noqa: S311  (demo data must repeat for a seed)
    today = timezone.localdate()
    manager = User.objects.filter(username=DEMO_USERS[Role.OFFICE_MANAGER][0]).first()
    with transaction.atomic():
        demo_staff = []
        for role, (profession, sex, trades) in DEMO_STAFF.items():
            username, first, last = DEMO_USERS[role]
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            demo_staff.append(_staff(user, first, last, profession, sex, main_base, rng, trades, every_day=True))
        names = set()
        count = len(demo_staff)
        for profession, women, men, trades in GENERATED:
            for sex, n in (("F", women), ("M", men)):
                for _i in range(n):
                    while True:
                        first = rng.choice(WOMEN if sex == "F" else MEN)
                        last = rng.choice(FAMILY)
                        if (first, last) not in names:
                            names.add((first, last))
                            break
                    _staff(
                        None,
                        first,
                        last,
                        profession,
                        sex,
                        rng.choice(bases),
                        rng,
                        tuple(rng.sample(trades, 1)) if trades else (),
                    )
                    count += 1
        # Care plans for active home-visit enrolments that have none (the cases seeder covers most).
        for enrolment in Enrolment.objects.filter(
            status=EnrolmentStatus.ACTIVE, service__mechanism="home_visit", care_plan__isnull=True
        ).select_related("service"):
            task = {
                "evde-temizlik": "cleaning",
                "kisisel-bakim": "personal_care",
                "evde-saglik": "health_check",
                "evde-fizik-tedavi": "physiotherapy",
            }.get(enrolment.service.code)
            if task:
                plan = CarePlan.objects.create(enrolment=enrolment, window_start=dt.time(9), window_end=dt.time(16))
                CarePlanItem.objects.create(
                    care_plan=plan, task_type=task, recurrence="FREQ=WEEKLY;BYDAY=TU", duration_minutes=60
                )
        result = visits_materialise(start=today, days=14, edit_from=today)
        # Every demo field login has a day to work: those whom no visit of today prefers get a few.
        idle = [
            s
            for s in demo_staff
            if s.profession != Profession.DRIVER and not Visit.objects.filter(date=today, preferred_staff=s).exists()
        ]
        extra = _extra_visits(today, idle, rng) if idle else 0
        # A repair job booked for today (routed to the locksmith), and one waiting for a date.
        enrolled = list(
            Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE, person__lat__isnull=False)
            .select_related("person", "person__district", "person__neighbourhood")
            .order_by("pk")[:10]
        )
        if len(enrolled) >= 3:
            job = repair_job_create(
                actor=manager,
                person=enrolled[0].person,
                problem="Dış kapı kilidi kırık",
                detail="Anahtar dönmüyor; kapı içeriden de kilitlenemiyor.",
                trade=Trade.LOCKSMITH,
                estimated_minutes=60,
                materials=[MaterialLine("kapı kilidi (barel)", Decimal(1)), MaterialLine("vida", Decimal(6))],
            )
            repair_job_schedule(actor=manager, job=job, day=today, window_start=dt.time(10), window_end=dt.time(15))
            repair_job_create(
                actor=manager,
                person=enrolled[1].person,
                problem="Banyo musluğu damlatıyor",
                trade=Trade.PLUMBER,
                estimated_minutes=45,
                materials=[MaterialLine("musluk contası", Decimal(2)), MaterialLine("teflon bant", Decimal(1), "rulo")],
            )
            visit_request_urgent(
                actor=None,
                person=enrolled[2].person,
                reason="Hal hatır araması: üç kez cevap yok, yakını da ulaşamadı.",
                source="checkin_call",
            )
    plans = []
    days = [today]
    nxt = today + dt.timedelta(days=1)
    while not is_working_day(nxt):
        nxt += dt.timedelta(days=1)
    days.append(nxt)
    for day in days:
        row = plan_request(actor=manager, day=day, time_limit=DEMO_TIME_LIMIT, enqueue=False, note="demo")
        row = route_plan_run(row.pk)
        plans.append(f"{day}: {row.visits_placed} placed, {row.visits_unplaced} not placed")
    return (
        f"{count} staff, {result.created + extra} visits (14 days), 2 repair jobs, 1 urgent visit; plans: "
        + "; ".join(plans)
    )
