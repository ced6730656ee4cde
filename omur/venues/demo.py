"""Demo data for the centres: rooms for the catalogue's facilities, a current term of courses with
sessions (holidays skipped), enrolments filling some courses with waitlists behind them, attendance
for the sessions already held (one participant absent three times in a row, so her case manager has
a task), a finished Kadın Ustalar cohort with certificates, MYK exams and job placements, and
pensioners' club memberships (some expired) with two weeks of check-ins.

Deterministic for a seed and a day (dates are relative to today); rows are written directly, without
audit events (nobody acted on them). A second run adds nothing: activities are seeded once."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from omur.accounts.models import User
from omur.accounts.roles import DEMO_USERS, Role
from omur.registry.models import Person
from omur.services.eligibility import eligible_people
from omur.services.models import Location, Service
from omur.venues.models import (
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Certificate,
    ClubCheckIn,
    ClubMembership,
    Enrolment,
    EnrolmentStatus,
    ExamResult,
    FollowUp,
    JobPlacement,
    MykExam,
    Room,
    RoomKind,
    Session,
    Term,
    Track,
)
from omur.venues.priority import vulnerability
from omur.venues.services.activities import expand_dates, session_ends_at

ROOMS: dict[str, list[tuple[str, str, int, bool]]] = {
    "halkkent-sym": [
        ("Derslik 1", RoomKind.CLASSROOM, 30, False),
        ("Derslik 2", RoomKind.CLASSROOM, 25, False),
        ("Atölye", RoomKind.WORKSHOP, 16, False),
        ("Kadın Spor Salonu", RoomKind.GYM, 20, False),
        ("Toplantı Salonu", RoomKind.MEETING, 40, True),
        ("Emekliler Lokali", RoomKind.CLUB, 60, False),
    ],
    "kurdali-sym": [
        ("Derslik A", RoomKind.CLASSROOM, 30, False),
        ("Seramik Atölyesi", RoomKind.WORKSHOP, 14, False),
        ("Spor Salonu", RoomKind.GYM, 25, False),
        ("Emekliler Lokali", RoomKind.CLUB, 50, False),
    ],
    "kadin-ustalar-atolye": [
        ("Marangozluk Atölyesi", RoomKind.WORKSHOP, 14, False),
        ("Kaynak Atölyesi", RoomKind.WORKSHOP, 12, False),
        ("Boya Atölyesi", RoomKind.WORKSHOP, 14, False),
        ("Teori Sınıfı", RoomKind.CLASSROOM, 24, False),
    ],
    "otizm-aile-danisma": [
        ("Duyu Bütünleme Odası 1", RoomKind.THERAPY, 4, False),
        ("Duyu Bütünleme Odası 2", RoomKind.THERAPY, 4, False),
        ("Ebeveyn Çemberi Salonu", RoomKind.MEETING, 16, False),
    ],
    "mercan": [
        ("Planetaryum", RoomKind.PLANETARIUM, 60, True),
        ("Gözlemevi", RoomKind.OBSERVATORY, 25, True),
        ("Bilim Atölyesi", RoomKind.WORKSHOP, 30, True),
    ],
    "emekliler-mezitli": [("Lokal Salonu", RoomKind.CLUB, 80, False), ("Okuma Odası", RoomKind.CLUB, 20, False)],
    "emekliler-akdeniz": [("Lokal Salonu", RoomKind.CLUB, 70, False)],
    "tarsus-meslek": [("Atölye", RoomKind.WORKSHOP, 16, False)],
}

# (name, kind, track, service, facility, room, leader role, RRULE, start time, minutes, capacity, fill, waiting)
COURSES: list[tuple[str, str, str, str, str, str, str, str, dt.time, int, int, int, int]] = [
    (
        "Kadınlara Özel Pilates",
        ActivityKind.COURSE,
        "",
        "kadin-spor-salonu",
        "halkkent-sym",
        "Kadın Spor Salonu",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=TU,TH",
        dt.time(10, 0),
        60,
        15,
        15,
        4,
    ),
    (
        "Ahşap Boyama Atölyesi",
        ActivityKind.WORKSHOP,
        "",
        "sym-atolyeler",
        "halkkent-sym",
        "Atölye",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=WE",
        dt.time(14, 0),
        120,
        12,
        9,
        0,
    ),
    (
        "LGS Hazırlık — Matematik",
        ActivityKind.COURSE,
        "",
        "sinava-hazirlik",
        "halkkent-sym",
        "Derslik 1",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=SA",
        dt.time(10, 0),
        120,
        25,
        25,
        5,
    ),
    (
        "YKS Hazırlık — Türkçe",
        ActivityKind.COURSE,
        "",
        "sinava-hazirlik",
        "kurdali-sym",
        "Derslik A",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=MO,WE",
        dt.time(17, 30),
        90,
        25,
        18,
        0,
    ),
    (
        "Seramik Atölyesi",
        ActivityKind.WORKSHOP,
        "",
        "sym-atolyeler",
        "kurdali-sym",
        "Seramik Atölyesi",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=TH",
        dt.time(13, 30),
        120,
        10,
        10,
        3,
    ),
    (
        "Emekliler Satranç Kulübü",
        ActivityKind.CLUB,
        "",
        "emekliler-lokali",
        "kurdali-sym",
        "Emekliler Lokali",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=FR",
        dt.time(15, 0),
        120,
        20,
        11,
        0,
    ),
    (
        "Mobilya Marangozluğu Kursu",
        ActivityKind.COURSE,
        Track.KADIN_USTALAR,
        "kadin-ustalar",
        "kadin-ustalar-atolye",
        "Marangozluk Atölyesi",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH",
        dt.time(9, 30),
        180,
        12,
        12,
        6,
    ),
    (
        "Kaynakçılık Kursu",
        ActivityKind.COURSE,
        Track.KADIN_USTALAR,
        "kadin-ustalar",
        "kadin-ustalar-atolye",
        "Kaynak Atölyesi",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH",
        dt.time(13, 30),
        180,
        10,
        8,
        0,
    ),
    (
        "Ebeveyn Çemberi",
        ActivityKind.THERAPY,
        "",
        "otizm-aile-destegi",
        "otizm-aile-danisma",
        "Ebeveyn Çemberi Salonu",
        Role.THERAPIST,
        "FREQ=WEEKLY;BYDAY=WE",
        dt.time(10, 0),
        90,
        12,
        8,
        0,
    ),
]
EMPLOYERS = [
    ("Mersin Mobilya Sanayi A.Ş. (demo)", "Mobilya montaj elemanı"),
    ("Toroslar Ahşap Atölyesi (demo)", "Marangoz yardımcısı"),
    ("Akdeniz Boya Dekorasyon (demo)", "Boya ustası"),
    ("Tarsus Metal Yapı (demo)", "Kaynakçı"),
]


def _staff(role: Role) -> User | None:
    user = User.objects.filter(is_active=True, groups__name=role).order_by("pk").first()
    if user is None and role in DEMO_USERS:
        from omur.accounts.services import demo_user_ensure
        from omur.core.management.commands.setup_demo import DEMO_PASSWORD

        username, first, last = DEMO_USERS[role]
        user, _created = demo_user_ensure(
            role=role, username=username, first_name=first, last_name=last, password=DEMO_PASSWORD
        )
    return user


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _rooms() -> int:
    made = 0
    for code, rooms in ROOMS.items():
        location = Location.objects.filter(code=code).first()
        if location is None:
            continue
        for name, kind, capacity, bookable in rooms:
            slug = f"{code}-{name}".lower()
            for a, b in (("ı", "i"), ("ö", "o"), ("ü", "u"), ("ş", "s"), ("ç", "c"), ("ğ", "g"), (" ", "-"), ("—", "")):
                slug = slug.replace(a, b)
            _room, created = Room.objects.get_or_create(
                location=location,
                name=name,
                defaults={"code": slug[:60], "kind": kind, "capacity": capacity, "bookable": bookable},
            )
            made += int(created)
    return made


def _people(service: Service, day: dt.date, rng: random.Random, n: int, taken: set[int]) -> list[Person]:
    ids = list(
        eligible_people(service, day=day)
        .exclude(pk__in=taken)
        .filter(phone__gt="")
        .order_by("pk")
        .values_list("pk", flat=True)[: n * 6]
    )
    rng.shuffle(ids)
    chosen = ids[:n]
    taken.update(chosen)
    by_id = Person.objects.in_bulk(chosen)
    return [by_id[i] for i in chosen]


def _activity(
    spec: tuple[Any, ...], term: Term, start: dt.date, end: dt.date, leaders: dict[Role, User | None]
) -> Activity | None:
    name, kind, track, service_code, loc_code, room_name, leader_role, rule, at, minutes, capacity, _f, _w = spec
    service = Service.objects.filter(code=service_code).first()
    location = Location.objects.filter(code=loc_code).first()
    if service is None or location is None:
        return None
    room = Room.objects.filter(location=location, name=room_name).first()
    activity = Activity.objects.create(
        name=name,
        kind=kind,
        track=track,
        service=service,
        location=location,
        room=room,
        term=term,
        leader=leaders.get(leader_role),
        starts_on=start,
        ends_on=end,
        recurrence=rule,
        starts_at=at,
        duration_minutes=minutes,
        capacity=capacity,
        description="",
    )
    dates, _skipped = expand_dates(rule, start, end)
    ends = session_ends_at(activity)
    Session.objects.bulk_create(
        Session(activity=activity, date=d, starts_at=at, ends_at=ends, room=room) for d in dates
    )
    return activity


def _enrol(
    activity: Activity,
    people: list[Person],
    fill: int,
    waiting: int,
    today: dt.date,
    rng: random.Random,
    staff: User | None,
) -> tuple[list[Enrolment], list[Enrolment]]:
    enrolled, queue = [], []
    applied0 = _aware(activity.starts_on - dt.timedelta(days=20), dt.time(9, 0))
    for i, person in enumerate(people[:fill]):
        at = applied0 + dt.timedelta(hours=3 * i)
        enrolled.append(
            Enrolment(
                activity=activity,
                person=person,
                status=EnrolmentStatus.ENROLLED,
                applied_at=at,
                enrolled_at=at,
                created_by=staff,
            )
        )
    for j, person in enumerate(people[fill : fill + waiting]):
        p = vulnerability(person, day=today)
        at = _aware(today - dt.timedelta(days=10 - j), dt.time(11, 15))
        queue.append(
            Enrolment(
                activity=activity,
                person=person,
                status=EnrolmentStatus.WAITING,
                priority=p.score,
                priority_reasons=p.reasons,
                applied_at=at,
                created_by=staff,
            )
        )
    Enrolment.objects.bulk_create(enrolled + queue)
    Activity.objects.filter(pk=activity.pk).update(places_taken=len(enrolled))
    return enrolled, queue


def _attendance(
    activity: Activity,
    enrolled: list[Enrolment],
    until: dt.date,
    rng: random.Random,
    staff: User | None,
    absent_run: Enrolment | None = None,
) -> None:
    sessions = list(Session.objects.filter(activity=activity, date__lte=until).order_by("date"))
    rows = []
    for index, session in enumerate(sessions):
        for e in enrolled:
            tail = len(sessions) - index
            if e is absent_run and tail <= 3:
                status = AttendanceStatus.ABSENT
            else:
                roll = rng.random()
                status = (
                    AttendanceStatus.PRESENT
                    if roll < 0.86
                    else (AttendanceStatus.ABSENT if roll < 0.95 else AttendanceStatus.EXCUSED)
                )
            rows.append(
                Attendance(
                    session=session,
                    enrolment=e,
                    status=status,
                    recorded_at=_aware(session.date, session.ends_at),
                    recorded_by=staff,
                )
            )
        Session.objects.filter(pk=session.pk).update(attendance_taken_at=_aware(session.date, session.ends_at))
    Attendance.objects.bulk_create(rows, batch_size=1000)


def _past_cohort(
    term: Term,
    today: dt.date,
    rng: random.Random,
    leaders: dict[Role, User | None],
    staff: User | None,
    taken: set[int],
) -> int:
    start, end = today - dt.timedelta(days=220), today - dt.timedelta(days=150)
    spec = (
        "Boya ve Badana Kursu",
        ActivityKind.COURSE,
        Track.KADIN_USTALAR,
        "kadin-ustalar",
        "kadin-ustalar-atolye",
        "Boya Atölyesi",
        Role.CENTRE_STAFF,
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH",
        dt.time(9, 30),
        180,
        12,
        11,
        0,
    )
    activity = _activity(spec, term, start, end, leaders)
    if activity is None:
        return 0
    people = _people(activity.service, start, rng, 11, taken)
    enrolled, _queue = _enrol(activity, people, 11, 0, start, rng, staff)
    _attendance(activity, enrolled, end, rng, staff)
    issued = end + dt.timedelta(days=3)
    held = Session.objects.filter(activity=activity).count()
    count = 0
    for i, e in enumerate(enrolled):
        present = Attendance.objects.filter(enrolment=e, status=AttendanceStatus.PRESENT).count()
        excused = Attendance.objects.filter(enrolment=e, status=AttendanceStatus.EXCUSED).count()
        percent = round(100 * present / max(held - excused, 1))
        if percent < activity.min_attendance_percent:
            continue
        Enrolment.objects.filter(pk=e.pk).update(
            status=EnrolmentStatus.COMPLETED, ended_at=_aware(issued, dt.time(16, 0))
        )
        count += 1
        cert = Certificate.objects.create(
            enrolment=e,
            number=f"KU-{issued.year}-{9000 + i:04d}",
            holder_name=e.person.full_name,
            course_name=activity.name,
            hours=round(present * activity.duration_minutes / 60),
            attendance_percent=percent,
            issued_on=issued,
            issued_by=staff,
        )
        exam_on = issued + dt.timedelta(days=21)
        result = [ExamResult.PASSED, ExamResult.PASSED, ExamResult.FAILED, ExamResult.PASSED, ExamResult.ABSENT][i % 5]
        MykExam.objects.create(
            certificate=cert,
            qualification="Boyacı (Seviye 3)",
            exam_on=exam_on,
            fee_amount=Decimal("12000.00"),
            fee_paid_on=exam_on - dt.timedelta(days=7),
            result=result,
            myk_certificate_no=f"MYK-{exam_on.year}-{48213 + i}" if result == ExamResult.PASSED else "",
            created_by=staff,
        )
        if result == ExamResult.PASSED and i % 3 != 2:
            employer, position = EMPLOYERS[i % len(EMPLOYERS)]
            starts = exam_on + dt.timedelta(days=15 + 7 * i)
            placement = JobPlacement.objects.create(
                person=e.person,
                certificate=cert,
                employer=employer,
                position=position,
                starts_on=starts,
                created_by=staff,
            )
            for months in (3, 6):
                due = starts + relativedelta(months=months)
                done = due < today - dt.timedelta(days=5) and i % 4 != 0
                FollowUp.objects.create(
                    placement=placement,
                    months=months,
                    due_on=due,
                    done_on=due + dt.timedelta(days=2) if done else None,
                    still_employed=True if done else None,
                    done_by=staff if done else None,
                )
    return count


def _clubs(today: dt.date, rng: random.Random, staff: User | None) -> tuple[int, int]:
    members = checkins = 0
    pensioners = list(
        Person.objects.filter(date_of_death__isnull=True, birth_date__lte=today - relativedelta(years=60))
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    rng.shuffle(pensioners)
    for n, code in enumerate(("emekliler-mezitli", "emekliler-akdeniz", "halkkent-sym", "kurdali-sym")):
        club = Location.objects.filter(code=code).first()
        if club is None or ClubMembership.objects.filter(club=club).exists():
            continue
        chosen = pensioners[n * 30 : (n + 1) * 30]
        rows = []
        for i, pk in enumerate(chosen):
            since = today - dt.timedelta(days=rng.randint(30, 700))
            expires = since + relativedelta(years=1) - dt.timedelta(days=1)
            while expires < today - dt.timedelta(days=40) and rng.random() < 0.8:
                expires += relativedelta(years=1)  # most renew; some lapse
            rows.append(
                ClubMembership(
                    club=club,
                    person_id=pk,
                    number=f"{i + 1:05d}",
                    starts_on=since,
                    expires_on=expires,
                    created_by=staff,
                )
            )
        ClubMembership.objects.bulk_create(rows)
        members += len(rows)
        saved = list(ClubMembership.objects.filter(club=club))
        ins = []
        for back in range(14, 0, -1):
            day = today - dt.timedelta(days=back)
            if day.weekday() == 6:
                continue
            for m in saved:
                if rng.random() < 0.35:
                    ins.append(
                        ClubCheckIn(
                            membership=m,
                            club=club,
                            day=day,
                            at=_aware(day, dt.time(rng.randint(9, 18), rng.randint(0, 59))),
                            membership_expired=m.expires_on < day,
                            recorded_by=staff,
                        )
                    )
        ClubCheckIn.objects.bulk_create(ins)
        checkins += len(ins)
    return members, checkins


def seed_venues(*, seed: int) -> str:
    rng = random.Random(f"venues:{seed}")  # noqa: S311  (demo data must repeat for a seed)
    today = timezone.localdate()
    with transaction.atomic():
        rooms = _rooms()
        staff = _staff(Role.CENTRE_STAFF)
        leaders = {Role.CENTRE_STAFF: staff, Role.THERAPIST: _staff(Role.THERAPIST)}
        members, checkins = _clubs(today, rng, staff)
        if Activity.objects.exists():
            return f"venues: {rooms} rooms, {members} club members (activities already seeded)"
        season = "Bahar" if today.month <= 6 else "Güz"
        start, end = today - dt.timedelta(days=35), today + dt.timedelta(days=42)
        term, _ = Term.objects.get_or_create(
            name=f"{today.year} {season} Dönemi", defaults={"starts_on": start, "ends_on": end}
        )
        past_term, _ = Term.objects.get_or_create(
            name=f"{(today - dt.timedelta(days=220)).year} Önceki Dönem (demo)",
            defaults={"starts_on": today - dt.timedelta(days=220), "ends_on": today - dt.timedelta(days=150)},
        )
        taken: set[int] = set()
        activities = enrolments = 0
        absence_case: Enrolment | None = None
        for spec in COURSES:
            activity = _activity(spec, term, start, end, leaders)
            if activity is None:
                continue
            activities += 1
            fill, waiting = spec[11], spec[12]
            people = _people(activity.service, today, rng, fill + waiting, taken)
            enrolled, queue = _enrol(activity, people, fill, waiting, today, rng, staff)
            enrolments += len(enrolled) + len(queue)
            run = enrolled[0] if spec[2] == Track.KADIN_USTALAR and enrolled and absence_case is None else None
            absence_case = absence_case or run
            _attendance(activity, enrolled, today - dt.timedelta(days=1), rng, staff, absent_run=run)
            if spec[0] == "Kadınlara Özel Pilates" and len(enrolled) > 1:
                # One participant left this week: her place is offered to the first on the waitlist.
                leaver = enrolled[-1]
                Enrolment.objects.filter(pk=leaver.pk).update(
                    status=EnrolmentStatus.WITHDRAWN,
                    ended_at=timezone.now() - dt.timedelta(hours=20),
                    end_note="Taşındı",
                )
                first = (
                    Enrolment.objects.filter(activity=activity, status=EnrolmentStatus.WAITING)
                    .order_by("-priority", "applied_at", "pk")
                    .first()
                )
                if first is not None:
                    Enrolment.objects.filter(pk=first.pk).update(
                        status=EnrolmentStatus.OFFERED,
                        offered_at=timezone.now() - dt.timedelta(hours=20),
                        offer_expires_at=timezone.now() + dt.timedelta(hours=28),
                    )
        certificates = _past_cohort(past_term, today, rng, leaders, staff, taken)
    if absence_case is not None:
        from omur.venues.services.attendance import absences_check

        absences_check(actor=None, enrolment=absence_case)
    return (
        f"venues: {rooms} rooms, {activities} activities, {enrolments} enrolments, "
        f"{certificates} certificates, {members} club members, {checkins} check-ins"
    )
