"""Demo check-in calls: a daily programme for everyone 65+ living alone (the catalogue's
`yasli-hal-hatir` enrolments, topped up by hand from the registry's demo people when the seed has
too few), a weekly programme for older people who live with family, Turkish wellbeing questions, and
today's list part-worked by two operators: calls done, retries, one waiting for the emergency
contact, one escalated, the rest to call.

The day's work is played through the real services (claims, attempts, retries, escalation, needs)
with `now=` set earlier today, so the dashboard, tasks and audit trail look as they would at this
hour. Deterministic for a seed and a day; a second run adds nothing."""

import datetime as dt
import random

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from omur.accounts.models import User
from omur.accounts.roles import DEMO_USERS, Role
from omur.calls import services
from omur.calls.models import Call, CallProgramme, CallStatus, NeedKind, Outcome, QuestionKind
from omur.registry.models import EmergencyContact, Person
from omur.services.models import Service

DAILY_NAME = "Yalnız yaşayan 65 yaş üstü – günlük hal hatır"
WEEKLY_NAME = "65 yaş üstü, ailesiyle yaşayanlar – haftalık hal hatır"
DAILY_MEMBERS = 40
WEEKLY_MEMBERS = 20

DAILY_QUESTIONS = [
    ("Bugün kendinizi nasıl hissediyorsunuz?", QuestionKind.SCALE, True, "2"),
    ("İlaçlarınızı düzenli aldınız mı?", QuestionKind.YES_NO, False, "no"),
    ("Bugün sıcak bir öğün yediniz mi?", QuestionKind.YES_NO, False, "no"),
    ("Evde bir sorun var mı (ısınma, su, elektrik)?", QuestionKind.YES_NO, False, "yes"),
    ("Bu hafta sizi ziyaret eden oldu mu?", QuestionKind.YES_NO, False, ""),
    ("Eklemek istediğiniz bir şey var mı?", QuestionKind.TEXT, False, ""),
]
WEEKLY_QUESTIONS = [
    ("Genel olarak nasılsınız?", QuestionKind.SCALE, True, "2"),
    ("Bir ihtiyacınız var mı?", QuestionKind.YES_NO, False, "yes"),
]
RELATIVES = [
    ("Kızı", "Aysel"),
    ("Oğlu", "Murat"),
    ("Yeğeni", "Serkan"),
    ("Komşusu", "Nuriye"),
    ("Gelini", "Songül"),
    ("Kardeşi", "Halil"),
]
WELL_NOTES = [
    "",
    "",
    "Keyfi yerinde, torunu hafta sonu gelecekmiş.",
    "Dizleri ağrıyor ama idare ediyor.",
    "Pazara komşusuyla gitmiş.",
    "",
]


def _operators() -> tuple[User, User]:
    from omur.accounts.services import demo_user_ensure
    from omur.core.management.commands.setup_demo import DEMO_PASSWORD

    username, first, last = DEMO_USERS[Role.CALL_OPERATOR]
    first_op, _created = demo_user_ensure(
        role=Role.CALL_OPERATOR, username=username, first_name=first, last_name=last, password=DEMO_PASSWORD
    )
    # A second operator, so "two operators on the same list" can be tried with the demo logins.
    second, _created = demo_user_ensure(
        role=Role.CALL_OPERATOR, username="operator2", first_name="Kemal", last_name="Aksoy", password=DEMO_PASSWORD
    )
    return first_op, second


def _manager() -> User:
    from omur.accounts.services import demo_user_ensure
    from omur.core.management.commands.setup_demo import DEMO_PASSWORD

    username, first, last = DEMO_USERS[Role.SOCIAL_WORKER]
    user, _created = demo_user_ensure(
        role=Role.SOCIAL_WORKER, username=username, first_name=first, last_name=last, password=DEMO_PASSWORD
    )
    return user


def _contacts_for(people: list[Person], rng: random.Random) -> int:
    """The service asks for a relative's contact details; the registry's demo people have none."""
    have = set(EmergencyContact.objects.filter(person__in=people).values_list("person_id", flat=True))
    rows = []
    for person in people:
        if person.pk in have:
            continue
        relation, given = rng.choice(RELATIVES)
        rows.append(
            EmergencyContact(
                person=person,
                name=f"{given} {person.family_name}",
                phone=f"+90533{rng.randint(1000000, 9999999)}",
                relation=relation,
            )
        )
    EmergencyContact.objects.bulk_create(rows)
    return len(rows)


def seed_calls(*, seed: int) -> str:
    if CallProgramme.objects.filter(name=DAILY_NAME).exists():
        return "nothing to add"
    service = Service.objects.filter(code="yasli-hal-hatir").first()
    if service is None:
        return "skipped: load the service catalogue first (manage.py load_catalogue)"
    today = timezone.localdate()
    old = today - relativedelta(years=65)
    living = Person.objects.filter(date_of_death__isnull=True, birth_date__lte=old).exclude(phone="").order_by("pk")
    if living.count() < 10:
        return "skipped: too few people (seed the registry first)"
    rng = random.Random(f"calls:{seed}")  # noqa: S311  (demo data must repeat for a seed)
    with transaction.atomic():
        operator, operator2 = _operators()
        manager = _manager()
        daily = services.programme_save(
            actor=manager,
            name=DAILY_NAME,
            service=service,
            frequency="daily",
            weekdays=[],
            skip_holidays=False,
            window_start=dt.time(9, 0),
            window_end=dt.time(12, 0),
            retry_minutes=30,
            max_attempts=3,
        )
        services.questions_save(
            actor=manager,
            programme=daily,
            rows=[{"text": t, "kind": k, "required": r, "flag_answer": f} for t, k, r, f in DAILY_QUESTIONS],
        )
        weekly = services.programme_save(
            actor=manager,
            name=WEEKLY_NAME,
            service=None,
            frequency="weekly",
            weekdays=[0, 3],
            skip_holidays=True,
            window_start=dt.time(13, 0),
            window_end=dt.time(16, 0),
            retry_minutes=60,
            max_attempts=2,
        )
        services.questions_save(
            actor=manager,
            programme=weekly,
            rows=[{"text": t, "kind": k, "required": r, "flag_answer": f} for t, k, r, f in WEEKLY_QUESTIONS],
        )
        # The rule gives the people enrolled in the service; top up by hand (as a social worker would
        # for someone waiting for their enrolment) from the 65+ who live alone.
        enrolled = list(services.programme_people(daily, today))
        added = 0
        if len(enrolled) < DAILY_MEMBERS:
            taken = {p.pk for p in enrolled}
            for person in living.filter(lives_alone=True).exclude(pk__in=taken)[: DAILY_MEMBERS - len(enrolled)]:
                services.member_add(actor=manager, programme=daily, person=person)
                added += 1
        for person in living.filter(lives_alone=False)[:WEEKLY_MEMBERS]:
            services.member_add(actor=manager, programme=weekly, person=person)
        members = list(services.programme_people(daily, today))
        contacts = _contacts_for(members, rng)
        call_list, count = services.call_list_generate(programme=daily, day=today)
        services.call_list_generate(programme=weekly, day=today)
        worked = _work_the_day(daily, today, operator, operator2, rng) if call_list is not None else {}
    return (
        f"2 programmes ({len(enrolled)} enrolled + {added} added by hand, {WEEKLY_MEMBERS} weekly), "
        f"{contacts} emergency contacts, today's list {count} calls; worked: {_summary(worked)}"
    )


def _count(counts: dict[str, int], outcome: str) -> None:
    """Count under the plain value ("no_answer"), not the enum member: the summary line prints keys."""
    key = str(getattr(outcome, "value", outcome))
    counts[key] = counts.get(key, 0) + 1


def _summary(counts: dict[str, int]) -> str:
    """ "no_answer 8, well 20" — plain values, in a stable order."""
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items())) or "nothing"


def _timeline(today: dt.date) -> tuple[dt.datetime, float]:
    """The moment the demo's work ends (now) and a factor that squeezes the morning into the hours
    since midnight when the seed runs early."""
    now = timezone.now()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time(0, 5)))
    span = (now - start).total_seconds() / 60
    return now, min(1.0, max(span, 1) / 240)


def _work_the_day(
    programme: CallProgramme, today: dt.date, operator: User, operator2: User, rng: random.Random
) -> dict[str, int]:
    now, squeeze = _timeline(today)

    def at(minutes_ago: float) -> dt.datetime:
        return now - dt.timedelta(minutes=minutes_ago * squeeze)

    calls = list(Call.objects.filter(call_list__programme=programme, day=today).select_related("person").order_by("pk"))
    # Due from the window's start, or from now when the demo is seeded before the window opens.
    Call.objects.filter(pk__in=[c.pk for c in calls], due_at__gt=now).update(due_at=at(1))
    for c in calls:
        c.refresh_from_db()
    questions = list(programme.questions.filter(active=True).order_by("order"))
    counts: dict[str, int] = {}

    def record(call: Call, who: User, outcome: str, minutes_ago: float, **extra: object) -> None:
        when = at(minutes_ago)
        services.call_claim(actor=who, call=call, now=when - dt.timedelta(minutes=2))
        services.call_record(actor=who, call=call, outcome=outcome, now=when, **extra)  # type: ignore[arg-type]
        call.refresh_from_db()
        _count(counts, outcome)

    def answers(good: bool) -> dict[str, object]:
        result: dict[str, object] = {}
        for q in questions:
            if q.kind == QuestionKind.SCALE:
                result[str(q.pk)] = str(rng.choice([4, 5]) if good else 2)
            elif q.kind == QuestionKind.YES_NO:
                worry = q.flag_answer or "no"
                result[str(q.pk)] = worry if not good and rng.random() < 0.5 else ("yes" if worry == "no" else "no")
        return result

    n = len(calls)
    if n < 8:
        return counts
    escalate, contact_step, retry_due, retry_later = calls[0], calls[1], calls[2], calls[3]
    done_part = calls[4 : 4 + max(3, n * 45 // 100)]
    # The escalated call: three unanswered calls, then the relative cannot confirm.
    try:
        for minutes in (170, 140, 110):
            record(escalate, operator, Outcome.NO_ANSWER, minutes)
        if escalate.status == CallStatus.CONTACT:
            contact = escalate.person.emergency_contacts.order_by("pk").first()
            record(
                escalate,
                operator2,
                Outcome.CONTACT_UNSURE,
                95,
                contact=contact,
                note="Kızına ulaşıldı, iki gündür annesiyle konuşamamış; Tarsus'ta yaşıyor, gidemiyor.",
            )
    except ImportError:
        counts["escalation skipped (homecare missing)"] = 1
    # Three no-answers: now waiting for an operator to call the emergency contact.
    for minutes in (150, 120, 60):
        record(contact_step, operator2, Outcome.NO_ANSWER, minutes)
    record(retry_due, operator, Outcome.NO_ANSWER, 45)  # due again 15 minutes ago
    record(retry_later, operator2, Outcome.NO_ANSWER, 10)  # due again in 20 minutes
    for index, call in enumerate(done_part):
        who = operator if index % 2 == 0 else operator2
        ago = 160 - index * (150 / max(1, len(done_part)))
        if index == 2:
            record(
                call,
                who,
                Outcome.NEEDS_HELP,
                ago,
                answers=answers(False),
                need_kind=NeedKind.REPAIR,
                need_description="Mutfak musluğu akıtıyor, banyo kapısının kilidi bozuk.",
                note="Usta talebi oluşturuldu.",
            )
        elif index == 5:
            record(
                call,
                who,
                Outcome.NEEDS_HELP,
                ago,
                answers=answers(False),
                need_kind=NeedKind.HEALTH,
                need_description="Tansiyonu yüksek çıkıyormuş, başı dönüyor; hemşire ziyareti istiyor.",
                need_urgent=True,
            )
        elif index == 8:
            record(call, who, Outcome.HOSPITALISED, ago, note="Oğlu açtı: dün akşam hastaneye yatırılmış.")
        else:
            record(call, who, Outcome.WELL, ago, answers=answers(index % 7 != 4), note=rng.choice(WELL_NOTES))
    return counts
