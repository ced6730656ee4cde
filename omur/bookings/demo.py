"""Demo data for appointments and bookings: rooms where the catalogue's places lack them, therapists'
weekly slots (the demo login `terapist` and three generated colleagues), therapy plans in progress for
the registry's children under 72 months (the autism-centre children the cases seeder enrolled first),
Mercan sessions for the past two months and the coming four weeks with school and family bookings and
walk-in counts, and condolence-hall and meeting-room bookings.

Deterministic for a seed and a day (dates are relative to today). Rows are written directly, without
audit events, as the other seeders do: nobody acted on them. Runs after the registry, services and
cases seeders (INSTALLED_APPS order)."""

import datetime as dt
import random
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from omur.accounts.models import User
from omur.accounts.roles import DEMO_USERS, Role
from omur.bookings.models import (
    Audience,
    BookingChannel,
    BookingKind,
    BookingStatus,
    CancelledBy,
    GroupBooking,
    GroupSession,
    GroupSessionKind,
    HallBooking,
    HallBookingKind,
    HallOccupancy,
    PlanStatus,
    SessionStatus,
    TherapyPlan,
    TherapySession,
    TherapySlot,
    WalkInCategory,
    WalkInCount,
)
from omur.bookings.services.mercan import CODE_ALPHABET, CODE_LENGTH
from omur.bookings.services.therapy import AGE_OUT_MONTHS
from omur.core.calendar import is_public_holiday
from omur.core.text import fold_turkish
from omur.services.models import Location, Service
from omur.venues.models import Room, RoomKind

# (location code, room name, kind, capacity, bookable)
ROOMS = [
    ("otizm-aile-danisma", "Duyu Bütünleme Odası 1", RoomKind.THERAPY, 4, False),
    ("otizm-aile-danisma", "Duyu Bütünleme Odası 2", RoomKind.THERAPY, 4, False),
    ("otizm-aile-danisma", "Özel Eğitim Sınıfı 1", RoomKind.THERAPY, 4, False),
    ("otizm-aile-danisma", "Özel Eğitim Sınıfı 2", RoomKind.THERAPY, 4, False),
    ("otizm-aile-danisma", "Ebeveyn Çemberi Salonu", RoomKind.MEETING, 20, True),
    ("mercan", "Planetaryum", RoomKind.PLANETARIUM, 60, False),
    ("mercan", "Gözlemevi Terası", RoomKind.OBSERVATORY, 25, False),
    ("mercan", "İklim Atölyesi", RoomKind.WORKSHOP, 30, False),
    ("taziye-halkkent", "Erkek Salonu", RoomKind.CONDOLENCE_MEN, 250, True),
    ("taziye-halkkent", "Kadın Salonu", RoomKind.CONDOLENCE_WOMEN, 150, True),
    ("taziye-ciftlikkoy", "Erkek Salonu", RoomKind.CONDOLENCE_MEN, 250, True),
    ("taziye-ciftlikkoy", "Kadın Salonu", RoomKind.CONDOLENCE_WOMEN, 150, True),
    ("taziye-tarsus", "Erkek Salonu", RoomKind.CONDOLENCE_MEN, 180, True),
    ("taziye-tarsus", "Kadın Salonu", RoomKind.CONDOLENCE_WOMEN, 120, True),
    ("halkkent-sym", "Toplantı Salonu", RoomKind.MEETING, 40, True),
    ("halkkent-sym", "Çok Amaçlı Salon", RoomKind.HALL, 200, True),
    ("kurdali-sym", "Toplantı Odası", RoomKind.MEETING, 16, True),
]
THERAPISTS = [("terapist2", "Derya", "Aksoy"), ("terapist3", "Burak", "Güneş"), ("terapist4", "Seda", "Karaca")]
# Weekly slot start times: 45-minute sessions with a quarter hour between, lunch 12:00–13:00.
SLOT_TIMES = [dt.time(9), dt.time(10), dt.time(11), dt.time(13), dt.time(14), dt.time(15)]
SCHOOLS = [
    "Mezitli Atatürk İlkokulu",
    "Yenişehir Cumhuriyet Ortaokulu",
    "Toroslar Gazi İlkokulu",
    "Akdeniz Namık Kemal Ortaokulu",
    "Viranşehir İlkokulu",
    "Erdemli Fatih Ortaokulu",
    "Tarsus Şehitkamil İlkokulu",
    "Mersin Bilim ve Sanat Merkezi",
]
FAMILY_NAMES = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç"]
GIVEN = ["Ayşe", "Mehmet", "Elif", "Mustafa", "Zeynep", "Ahmet", "Fatma", "Hasan", "Emine", "Hüseyin"]
SESSION_PLAN = [
    # weekday set, start, end, kind, title, capacity, ages, audience, service
    (
        (1, 2, 3, 4),
        dt.time(10),
        dt.time(11, 30),
        GroupSessionKind.WORKSHOP,
        "İklim Dedektifleri Atölyesi",
        30,
        (8, 12),
        Audience.SCHOOLS,
        "mercan-atolyeler",
    ),
    (
        (1, 2, 3, 4, 5),
        dt.time(13),
        dt.time(13, 45),
        GroupSessionKind.PLANETARIUM,
        "Planetaryum: Güneş Sistemi Yolculuğu",
        60,
        (5, 99),
        Audience.ALL,
        "mercan-atolyeler",
    ),
    (
        (5, 6),
        dt.time(11),
        dt.time(12, 30),
        GroupSessionKind.WORKSHOP,
        "Aile Atölyesi: Geri Dönüşümden Robot",
        24,
        (6, 12),
        Audience.FAMILIES,
        "mercan-atolyeler",
    ),
    (
        (5, 6),
        dt.time(15),
        dt.time(15, 45),
        GroupSessionKind.PLANETARIUM,
        "Planetaryum: Gökyüzünde Takımyıldızlar",
        60,
        (4, 99),
        Audience.FAMILIES,
        "mercan-atolyeler",
    ),
    (
        (4,),
        dt.time(20),
        dt.time(22),
        GroupSessionKind.OBSERVATORY,
        "Gözlemevi Gecesi: Ay ve Satürn",
        25,
        (8, 99),
        Audience.FAMILIES,
        "mercan-gozlemevi",
    ),
]
DECEASED = ["Hasan Yıldırım", "Fadime Koç", "Ali Rıza Tekin", "Hatice Erdem", "Mehmet Ali Kurt"]


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _rooms(locations: dict[str, Location]) -> dict[tuple[str, str], Room]:
    rooms: dict[tuple[str, str], Room] = {}
    for loc_code, name, kind, capacity, bookable in ROOMS:
        location = locations.get(loc_code)
        if location is None:
            continue
        room = (
            Room.objects.filter(location=location, name=name).first()
            or Room.objects.filter(location=location, kind=kind, is_active=True)
            .exclude(pk__in=[r.pk for r in rooms.values()])
            .first()
        )
        if room is None:
            room = Room.objects.create(
                location=location,
                code=slugify(fold_turkish(f"{loc_code} {name}"))[:60],
                name=name,
                kind=kind,
                capacity=capacity,
                bookable=bookable,
            )
        rooms[(loc_code, name)] = room
    return rooms


def _therapists() -> list[User]:
    from omur.accounts.services import demo_user_ensure
    from omur.core.management.commands.setup_demo import DEMO_PASSWORD

    username, first, last = DEMO_USERS[Role.THERAPIST]
    people = [
        demo_user_ensure(
            role=Role.THERAPIST, username=username, first_name=first, last_name=last, password=DEMO_PASSWORD
        )[0]
    ]
    for username, first, last in THERAPISTS:
        people.append(
            demo_user_ensure(
                role=Role.THERAPIST, username=username, first_name=first, last_name=last, password=DEMO_PASSWORD
            )[0]
        )
    return people


def _seed_therapy(
    rng: random.Random, today: dt.date, rooms: dict[tuple[str, str], Room], counts: dict[str, int]
) -> None:
    from omur.cases.models import OPEN_ENROLMENT_STATUSES, CaseNote, Enrolment, NoteLevel
    from omur.registry.models import HouseholdMember, Person

    services = {
        s.code: s
        for s in Service.objects.filter(code__in=["duyu-butunleme", "otizm-ozel-egitim", "otizm-aile-destegi"])
    }
    if "duyu-butunleme" not in services:
        return
    therapy_rooms = [r for (loc, _n), r in rooms.items() if loc == "otizm-aile-danisma" and r.kind == RoomKind.THERAPY]
    therapists = _therapists()
    slots: dict[int, list[TherapySlot]] = {}
    for index, therapist in enumerate(therapists):
        room = therapy_rooms[index % len(therapy_rooms)] if therapy_rooms else None
        made = [
            TherapySlot(therapist=therapist, weekday=weekday, starts_at=start, minutes=45, room=room)
            for weekday in range(5)
            for start in SLOT_TIMES
        ]
        slots[therapist.pk] = TherapySlot.objects.bulk_create(made)
        counts["slots"] += len(made)
    # Children: those the cases seeder enrolled in the autism centre first, then other young children.
    born_after = today - relativedelta(months=AGE_OUT_MONTHS) + dt.timedelta(days=10)
    young = Person.objects.filter(
        birth_date__gt=born_after, birth_date__lte=today - relativedelta(months=20), date_of_death__isnull=True
    )
    enrolled = {
        e.person_id: e
        for e in Enrolment.objects.filter(
            service__code__in=services, status__in=OPEN_ENROLMENT_STATUSES, person__in=young
        ).order_by("pk")
    }
    others = list(young.exclude(pk__in=list(enrolled)).order_by("pk").values_list("pk", flat=True)[:200])
    child_ids = list(enrolled) + others
    children = {p.pk: p for p in Person.objects.filter(pk__in=child_ids)}
    guardians: dict[int, int] = {}
    members = HouseholdMember.objects.filter(person_id__in=child_ids).values_list("person_id", "household_id")
    household_of = dict(members)
    adult_born_by = today - relativedelta(years=18)
    for household_id, person_id in (
        HouseholdMember.objects.filter(
            household_id__in=set(household_of.values()), person__birth_date__lte=adult_born_by
        )
        .order_by("relation", "pk")
        .values_list("household_id", "person_id")
    ):
        for child_id, hh in household_of.items():
            if hh == household_id and child_id not in guardians:
                guardians[child_id] = person_id
    # Each therapist sees about 26–31 children a week: one plan per weekly slot they fill.
    free = [(t, s) for t in therapists for s in slots[t.pk]]
    rng.shuffle(free)
    per_therapist = {t.pk: rng.randint(26, 29) for t in therapists}
    used = dict.fromkeys(per_therapist, 0)
    sessions: list[TherapySession] = []
    note_targets: list[tuple[TherapySession, TherapyPlan]] = []
    plans_made = 0
    for child_id in child_ids:
        child = children.get(child_id)
        if child is None or child.birth_date is None:
            continue
        while free and used[free[-1][0].pk] >= per_therapist[free[-1][0].pk]:
            free.pop()
        if not free:
            break
        therapist, slot = free.pop()
        used[therapist.pk] += 1
        enrolment = enrolled.get(child_id)
        service = (
            enrolment.service
            if enrolment
            else services[rng.choice(["duyu-butunleme", "duyu-butunleme", "otizm-ozel-egitim"])]
        )
        limit = child.birth_date + relativedelta(months=AGE_OUT_MONTHS)
        weeks_ago = rng.randint(0, 11)
        start = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks_ago)
        start += dt.timedelta(days=slot.weekday)
        days: list[dt.date] = []
        day = start
        while len(days) < 12 and day < limit:
            if not is_public_holiday(day):
                days.append(day)
            day += dt.timedelta(weeks=1)
        if len(days) < 3:
            continue
        plan = TherapyPlan.objects.create(
            child=child,
            guardian_id=guardians.get(child_id),
            service=service,
            enrolment=enrolment,
            therapist=therapist,
            slot=slot,
            sessions_planned=12,
            starts_on=days[0],
            status=PlanStatus.ACTIVE,
        )
        plans_made += 1
        now = timezone.now()
        for number, day in enumerate(days, start=1):
            status = SessionStatus.SCHEDULED
            cancelled_by = ""
            if day < today:
                roll = rng.random()
                status = (
                    SessionStatus.ATTENDED
                    if roll < 0.86
                    else SessionStatus.NO_SHOW
                    if roll < 0.94
                    else SessionStatus.CANCELLED
                )
                cancelled_by = CancelledBy.FAMILY if status == SessionStatus.CANCELLED else ""
            session = TherapySession(
                plan=plan,
                therapist=therapist,
                room=slot.room,
                day=day,
                starts_at=slot.starts_at,
                minutes=slot.minutes,
                number=number,
                status=status,
                cancelled_by=cancelled_by,
                cancel_reason="Çocuk hasta" if cancelled_by else "",
                marked_by=therapist if status != SessionStatus.SCHEDULED else None,
                marked_at=now if status != SessionStatus.SCHEDULED else None,
            )
            sessions.append(session)
            if status == SessionStatus.ATTENDED and rng.random() < 0.15:
                note_targets.append((session, plan))
    TherapySession.objects.bulk_create(sessions, batch_size=500)
    counts["plans"] += plans_made
    counts["sessions"] += len(sessions)
    notes = [
        "Seansta göz teması süresi arttı; salıncakta vestibüler girdiye iyi tolerans. Ev programı anneyle paylaşıldı.",
        "Dokunsal hassasiyet sürüyor; fırçalama protokolüne devam. Geçişlerde görsel program kullanıldı.",
        "Sıra alma oyununa 4 tur katıldı. Denge tahtasında desteksiz 10 saniye durdu.",
        "Ağır iş aktivitelerinden sonra masa başı dikkat süresi 6 dakikaya çıktı.",
    ]
    for session, plan in note_targets:
        if session.pk is None:
            continue
        note = CaseNote.objects.create(
            person=plan.child,
            author=plan.therapist,
            level=NoteLevel.CLINICAL,
            enrolment=plan.enrolment,
            body=rng.choice(notes),
            created_at=timezone.make_aware(dt.datetime.combine(session.day, dt.time(17))),
        )
        TherapySession.objects.filter(pk=session.pk).update(note=note)
        counts["notes"] += 1


def _seed_mercan(
    rng: random.Random, today: dt.date, rooms: dict[tuple[str, str], Room], counts: dict[str, int]
) -> None:
    services = {s.code: s for s in Service.objects.filter(code__in=["mercan-atolyeler", "mercan-gozlemevi"])}
    if len(services) < 2:
        return
    room_for = {
        GroupSessionKind.WORKSHOP: rooms.get(("mercan", "İklim Atölyesi")),
        GroupSessionKind.PLANETARIUM: rooms.get(("mercan", "Planetaryum")),
        GroupSessionKind.OBSERVATORY: rooms.get(("mercan", "Gözlemevi Terası")),
    }
    start = today - dt.timedelta(days=60)
    end = today + dt.timedelta(days=28)
    bookings: list[GroupBooking] = []
    day = start
    while day <= end:
        if not is_public_holiday(day):
            for weekdays, begin, finish, kind, title, capacity, (lo, hi), audience, service in SESSION_PLAN:
                if day.weekday() not in weekdays:
                    continue
                session = GroupSession.objects.create(
                    service=services[service],
                    kind=kind,
                    title=title,
                    description="",
                    room=room_for[kind],
                    day=day,
                    starts_at=begin,
                    ends_at=finish,
                    capacity=capacity,
                    min_age=lo,
                    max_age=hi,
                    audience=audience,
                )
                counts["gsessions"] += 1
                # Fuller in the past (the figures) and in the next fortnight than further ahead.
                fill = rng.uniform(0.5, 1.0) if day < today + dt.timedelta(days=14) else rng.uniform(0.0, 0.5)
                left = int(capacity * fill)
                taken = 0
                while left > 0:
                    school = audience == Audience.SCHOOLS or (audience == Audience.ALL and rng.random() < 0.6)
                    if school:
                        children = min(left, rng.randint(18, 28))
                        adults = 0 if children >= left else min(left - children, 2)
                    else:
                        children = min(left, rng.randint(1, 3))
                        adults = 0 if children >= left else min(left - children, rng.randint(1, 2))
                    seats = children + adults
                    if seats <= 0:
                        break
                    past = day < today
                    status = BookingStatus.CONFIRMED
                    if past and rng.random() < 0.05:
                        status = BookingStatus.NO_SHOW
                    family = rng.choice(FAMILY_NAMES)
                    bookings.append(
                        GroupBooking(
                            session=session,
                            code=_code(rng),
                            kind=BookingKind.SCHOOL if school else BookingKind.FAMILY,
                            organisation=rng.choice(SCHOOLS) if school else "",
                            contact_name=f"{rng.choice(GIVEN)} {family}",
                            phone=f"+90532{rng.randint(1000000, 9999999)}",
                            children=children,
                            adults=adults,
                            youngest_age=max(lo, 6 if school else lo) if children else None,
                            oldest_age=min(hi, 11 if school else 10) if children else None,
                            status=status,
                            channel=rng.choice([BookingChannel.ONLINE, BookingChannel.ONLINE, BookingChannel.PHONE]),
                        )
                    )
                    taken += seats
                    left -= seats
                GroupSession.objects.filter(pk=session.pk).update(seats_taken=taken)
            if day < today and day.weekday() in (1, 2, 3, 4, 5, 6):
                for category, (lo_n, hi_n) in ((WalkInCategory.CHILD, (20, 90)), (WalkInCategory.ADULT, (15, 70))):
                    WalkInCount.objects.create(day=day, category=category, count=rng.randint(lo_n, hi_n))
        day += dt.timedelta(days=1)
    GroupBooking.objects.bulk_create(bookings, batch_size=500)
    counts["gbookings"] += len(bookings)


def _hall_booking(
    *, location: Location, rooms: list[Room], kind: str, first: dt.date, days: int, hours: range, **fields: Any
) -> HallBooking:
    booking = HallBooking.objects.create(
        location=location, kind=kind, first_day=first, last_day=first + dt.timedelta(days=days - 1), **fields
    )
    booking.rooms.set(rooms)
    HallOccupancy.objects.bulk_create(
        [
            HallOccupancy(booking=booking, room=room, day=first + dt.timedelta(days=offset), hour=hour)
            for room in rooms
            for offset in range(days)
            for hour in hours
        ]
    )
    return booking


def _seed_halls(rng: random.Random, today: dt.date, rooms: dict[tuple[str, str], Room], counts: dict[str, int]) -> None:
    houses = [code for code in ("taziye-halkkent", "taziye-ciftlikkoy", "taziye-tarsus")]
    plans = [(0, -1, True), (0, 5, True), (1, 0, False), (2, 2, True), (0, -12, True), (1, 14, True)]
    for index, (house_index, offset, both) in enumerate(plans):
        code = houses[house_index]
        men, women = rooms.get((code, "Erkek Salonu")), rooms.get((code, "Kadın Salonu"))
        if men is None or women is None:
            continue
        chosen = [men, women] if both else [men]
        _hall_booking(
            location=men.location,
            rooms=chosen,
            kind=HallBookingKind.CONDOLENCE,
            first=today + dt.timedelta(days=offset),
            days=3,
            hours=range(24),
            caller_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY_NAMES)}",
            caller_phone=f"+90533{rng.randint(1000000, 9999999)}",
            deceased_name=DECEASED[index % len(DECEASED)],
            expected_people=rng.choice([150, 200, 300]),
            notes="Çay ve lokma ikramı istendi." if index % 2 == 0 else "",
        )
        counts["halls"] += 1
    meeting_rooms = [r for (_loc, _n), r in rooms.items() if r.kind in (RoomKind.MEETING, RoomKind.HALL)]
    purposes = [
        "Mahalle muhtarları toplantısı",
        "Gönüllü eğitimi",
        "Emekliler derneği aylık toplantısı",
        "Veli bilgilendirme",
    ]
    for index in range(8):
        if not meeting_rooms:
            break
        room = meeting_rooms[index % len(meeting_rooms)]
        day = today + dt.timedelta(days=index % 6)
        start = 10 + (index % 3) * 3
        _hall_booking(
            location=room.location,
            rooms=[room],
            kind=HallBookingKind.MEETING,
            first=day,
            days=1,
            hours=range(start, start + 2),
            starts_at=dt.time(start),
            ends_at=dt.time(start + 2),
            caller_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY_NAMES)}",
            caller_phone=f"+90542{rng.randint(1000000, 9999999)}",
            purpose=purposes[index % len(purposes)],
            expected_people=min(room.capacity, rng.randint(8, 30)),
        )
        counts["halls"] += 1


def seed_bookings(*, seed: int) -> str:
    if TherapySlot.objects.exists() or GroupSession.objects.exists() or HallBooking.objects.exists():
        return "nothing to add"
    locations = {loc.code: loc for loc in Location.objects.filter(code__in={code for code, *_rest in ROOMS})}
    if "otizm-aile-danisma" not in locations or "mercan" not in locations:
        return "skipped: load the service catalogue first (manage.py load_catalogue)"
    rng = random.Random(f"bookings:{seed}")  # noqa: S311  (demo data must repeat for a seed)
    today = timezone.localdate()
    counts = dict.fromkeys(["slots", "plans", "sessions", "notes", "gsessions", "gbookings", "halls"], 0)
    with transaction.atomic():
        rooms = _rooms(locations)
        _seed_therapy(rng, today, rooms, counts)
        _seed_mercan(rng, today, rooms, counts)
        _seed_halls(rng, today, rooms, counts)
    return (
        f"{counts['slots']} therapy slots, {counts['plans']} plans with {counts['sessions']} sessions "
        f"({counts['notes']} clinical notes), {counts['gsessions']} Mercan sessions with {counts['gbookings']} "
        f"bookings, {counts['halls']} hall bookings"
    )
