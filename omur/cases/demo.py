"""Demo case work for the registry's demo people: partner institutions, enrolments with care plans,
social assessments at every stage, notes of each confidentiality level, referrals in every state of
the loop, and the tasks the daily rules raise from them.

Deterministic for a seed and a day (dates are relative to today, like the registry's ages). Rows are
written directly, with their status history, but without audit events: nobody acted on them (as in
the intake seeder). Runs after the registry, intake and services seeders (INSTALLED_APPS order)."""

import datetime as dt
import random
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from omur.accounts.models import User
from omur.accounts.roles import DEMO_USERS, Role
from omur.cases.models import (
    Assessment,
    AssessmentStatus,
    CarePlan,
    CarePlanItem,
    CaseNote,
    CloseReason,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
    NoteLevel,
    Partner,
    PartnerKind,
    Referral,
    ReferralKind,
    ReferralStatus,
    Task,
    TaskPriority,
    TaskSource,
)
from omur.cases.scales import KATZ_ITEMS, LAWTON_ITEMS, katz_score, lawton_score
from omur.registry.models import Person
from omur.services.models import Service

PARTNERS = [
    ("Mersin Şehir Eğitim ve Araştırma Hastanesi", PartnerKind.PUBLIC, "+903242250000"),
    ("Aile ve Sosyal Hizmetler Mersin İl Müdürlüğü", PartnerKind.PUBLIC, "+903243260000"),
    ("Mersin İl Sağlık Müdürlüğü", PartnerKind.PUBLIC, ""),
    ("Mersin Üniversitesi Tıp Fakültesi Hastanesi", PartnerKind.UNIVERSITY, ""),
    ("Toros Üniversitesi Psikolojik Danışma Merkezi", PartnerKind.UNIVERSITY, ""),
    ("Mersin Engelliler Yardımlaşma Derneği (demo)", PartnerKind.NGO, ""),
    ("Akdeniz Yaşlılara Destek Derneği (demo)", PartnerKind.NGO, ""),
]

# Home-based services and the care-plan line each gets: (task type, RRULE, minutes, window).
HOME_PLANS: dict[str, tuple[str, str, int, tuple[int, int] | None]] = {
    "evde-sicak-yemek": ("meal_delivery", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 10, (11, 15)),
    "yasli-hal-hatir": ("check_in_call", "FREQ=DAILY", 10, (9, 12)),
    "evde-temizlik": ("cleaning", "FREQ=WEEKLY;INTERVAL=2;BYDAY={day}", 180, (9, 16)),
    "kisisel-bakim": ("personal_care", "FREQ=WEEKLY;BYDAY=TU,FR", 60, (10, 14)),
    "evde-saglik": ("health_check", "FREQ=WEEKLY;INTERVAL=4;BYDAY={day}", 45, (9, 17)),
    "evde-fizik-tedavi": ("physiotherapy", "FREQ=WEEKLY;BYDAY=MO,TH", 45, (10, 16)),
}
CHILD_SERVICES = ("otizm-ozel-egitim", "duyu-butunleme")

GENERAL_NOTES = [
    "Telefonla arandı; yemek servisinden memnun, saatlerin 12:00 civarı olmasını istiyor.",
    "Kızı haftada bir geliyor, ilaçlarını o düzenliyor.",
    "Komşusu kapıyı açmadığını bildirdi; aynı gün ziyaret edildi, sağlığı yerinde.",
    "Soba tamiri için usta talebi iletildi.",
    "Kış aylarında ısınma yardımı için bilgilendirildi.",
    "Banyo tutunma barı takılması önerildi.",
]
CLINICAL_NOTES = [
    "Seansta göz teması süresi arttı; sıra alma oyununa 3 tur katıldı. Ev programı anneyle paylaşıldı.",
    "Dokunsal hassasiyet sürüyor; fırçalama protokolüne başlandı. Uyku düzeni aileyle konuşuldu.",
    "Ebeveyn görüşmesi: annede tükenmişlik belirtileri, aile destek grubuna yönlendirme önerildi.",
    "İki kelimelik ifadeler ilk kez gözlendi. Hedefler güncellendi.",
]
REJECTION_REASONS = [
    "Hane geliri kişi başına asgari ücretin üzerinde.",
    "Aynı hizmeti Aile ve Sosyal Hizmetler İl Müdürlüğünden alıyor.",
]
OBSERVATIONS = [
    "Ev temiz ancak soğuk; tek odada yaşıyor. Merdivenleri inmekte zorlanıyor.",
    "Yalnız yaşıyor, komşularıyla ilişkisi iyi. Buzdolabı boşa yakın.",
    "Bakım veren eşi de yaşlı ve yorgun; düzenli destek gerekli.",
]


def _demo_staff() -> dict[str, User]:
    """One active user per role the cases need: the demo logins, created here when the seeder runs
    before `setup_demo` has made them (it seeds first, then makes the logins)."""
    from omur.accounts.services import demo_user_ensure
    from omur.core.management.commands.setup_demo import DEMO_PASSWORD

    staff: dict[str, User] = {}
    for role in (Role.OFFICE_MANAGER, Role.SOCIAL_WORKER, Role.SOCIOLOGIST, Role.THERAPIST, Role.NURSE, Role.CAREGIVER):
        existing = User.objects.filter(is_active=True, groups__name=role).order_by("pk").first()
        if existing is None:
            username, first, last = DEMO_USERS[role]
            existing, _created = demo_user_ensure(
                role=role, username=username, first_name=first, last_name=last, password=DEMO_PASSWORD
            )
        staff[role] = existing
    return staff


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _enrol(
    person: Person,
    service: Service,
    *,
    status: str,
    start: dt.date,
    manager: User,
    review_on: dt.date | None,
    reason: str = "",
) -> Enrolment:
    enrolment = Enrolment.objects.create(
        person=person,
        service=service,
        status=status,
        case_manager=manager,
        start_date=start if status != EnrolmentStatus.WAITING else None,
        end_date=start + dt.timedelta(days=200) if status == EnrolmentStatus.CLOSED else None,
        review_on=review_on if status != EnrolmentStatus.CLOSED else None,
        close_reason=reason,
        created_by=manager,
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=_aware(start - dt.timedelta(days=10)))
    steps = [("", EnrolmentStatus.WAITING, start - dt.timedelta(days=10))]
    if status != EnrolmentStatus.WAITING:
        steps.append((EnrolmentStatus.WAITING, EnrolmentStatus.ACTIVE, start))
    if status == EnrolmentStatus.SUSPENDED:
        steps.append((EnrolmentStatus.ACTIVE, EnrolmentStatus.SUSPENDED, start + dt.timedelta(days=60)))
    if status == EnrolmentStatus.CLOSED:
        steps.append((EnrolmentStatus.ACTIVE, EnrolmentStatus.CLOSED, start + dt.timedelta(days=200)))
    EnrolmentStatusChange.objects.bulk_create(
        [
            EnrolmentStatusChange(
                enrolment=enrolment,
                from_status=a,
                to_status=b,
                reason=reason if b == EnrolmentStatus.CLOSED else "",
                changed_at=_aware(day),
                changed_by=manager,
            )
            for a, b, day in steps
        ]
    )
    return enrolment


def _care_plan(enrolment: Enrolment, rng: random.Random, carer: User) -> None:
    line = HOME_PLANS.get(enrolment.service.code)
    if line is None or enrolment.service.delivery_model != "home":
        return
    task_type, rule, minutes, window = line
    day = rng.choice(["MO", "TU", "WE", "TH", "FR"])
    plan = CarePlan.objects.create(
        enrolment=enrolment,
        preferred_days=[day] if "{day}" in rule else [],
        window_start=dt.time(window[0]) if window else None,
        window_end=dt.time(window[1]) if window else None,
        same_sex_carer=task_type == "personal_care",
        preferred_staff=carer if task_type == "personal_care" and rng.random() < 0.5 else None,
        notes="Kapı zili çalışmıyor, telefonla haber verin." if rng.random() < 0.2 else "",
    )
    CarePlanItem.objects.create(
        care_plan=plan, task_type=task_type, recurrence=rule.format(day=day), duration_minutes=minutes
    )


def _answers(rng: random.Random, frail: bool) -> dict[str, dict[str, str]]:
    katz = {i.key: ("dependent" if frail and rng.random() < 0.5 else "independent") for i in KATZ_ITEMS}
    lawton = {i.key: rng.choice(i.options[1:] if frail else i.options[:2]).code for i in LAWTON_ITEMS}
    return {"katz": katz, "lawton": lawton}


def _assessment(
    person: Person, *, assessor: User, status: str, visit: dt.date, rng: random.Random, decided_by: User | None = None
) -> Assessment:
    today = timezone.localdate()
    done = status != AssessmentStatus.SCHEDULED
    daily: Any = _answers(rng, frail=rng.random() < 0.6) if done else {}  # encrypted JSON fields
    health: Any = (
        {"chronic_conditions": rng.choice(["Diyabet", "Hipertansiyon, KOAH", "Kalp yetmezliği"])} if done else {}
    )
    assessment = Assessment.objects.create(
        person=person,
        household=getattr(person, "membership", None) and person.membership.household,
        assessor=assessor,
        scheduled_on=visit,
        scheduled_time=dt.time(rng.choice([9, 10, 11, 13, 14, 15]), rng.choice([0, 30])),
        status=status,
        visited_on=visit if done else None,
        household_section={"household_size": 1, "elderly": 1, "notes": "Yalnız yaşıyor."} if done else {},
        income_section={
            "monthly_income": str(rng.choice([5000, 9500, 16881])),
            "income_sources": ["old_age_pension"],
            "owns_home": rng.random() < 0.5,
        }
        if done
        else {},
        housing_section={
            "tenure": rng.choice(["owner", "tenant"]),
            "heating": rng.choice(["stove", "natural_gas"]),
            "condition": rng.choice(["fair", "poor"]),
        }
        if done
        else {},
        health_section=health,
        daily_living_section=daily,
        support_section={"lives_alone": True, "contact_frequency": rng.choice(["weekly", "monthly", "rarely"])}
        if done
        else {},
        statements_section={"muhtar_statement": "Mahallede tanınır, ihtiyaç sahibidir."} if done else {},
        observations=rng.choice(OBSERVATIONS) if done else "",
        katz_score=katz_score(daily["katz"]) if daily else None,
        lawton_score=lawton_score(daily["lawton"]) if daily else None,
        decided_on=visit + dt.timedelta(days=7)
        if status in (AssessmentStatus.APPROVED, AssessmentStatus.REJECTED)
        else None,
        decided_by=decided_by if status in (AssessmentStatus.APPROVED, AssessmentStatus.REJECTED) else None,
        decision_reason=rng.choice(REJECTION_REASONS) if status == AssessmentStatus.REJECTED else "",
        # A year on, or (for the older visits) a date the office has since set in the coming months.
        reassess_on=max(visit + relativedelta(years=1), today + dt.timedelta(days=rng.randint(3, 150)))
        if status == AssessmentStatus.APPROVED
        else None,
        created_by=decided_by or assessor,
    )
    return assessment


def seed_cases(*, seed: int) -> str:
    if Partner.objects.filter(name=PARTNERS[0][0]).exists():
        return "nothing to add"
    services = {
        s.code: s
        for s in Service.objects.filter(
            code__in=[*HOME_PLANS, *CHILD_SERVICES, "psikolojik-destek", "otizm-aile-destegi"]
        )
    }
    if len(services) < 4:
        return "skipped: load the service catalogue first (manage.py load_catalogue)"
    today = timezone.localdate()
    living = Person.objects.filter(date_of_death__isnull=True, birth_date__isnull=False).order_by("pk")
    elderly = list(living.filter(lives_alone=True, birth_date__lte=today - relativedelta(years=65))[:300])
    children = list(
        living.filter(
            birth_date__gt=today - relativedelta(months=72), birth_date__lte=today - relativedelta(months=24)
        )[:200]
    )
    if len(elderly) < 20:
        return "skipped: too few people (seed the registry first)"
    rng = random.Random(f"cases:{seed}")  # noqa: S311  (demo data must repeat for a seed)
    with transaction.atomic():
        staff = _demo_staff()
        manager, social, sociologist, therapist = (
            staff[Role.OFFICE_MANAGER],
            staff[Role.SOCIAL_WORKER],
            staff[Role.SOCIOLOGIST],
            staff[Role.THERAPIST],
        )
        partners = [Partner.objects.create(name=n, kind=k, phone=p) for n, k, p in PARTNERS]
        counts = {"enrolments": 0, "assessments": 0, "notes": 0, "referrals": 0}

        # Older people living alone: an approved assessment, then home services with care plans.
        old = rng.sample(elderly, min(60, len(elderly)))
        home_codes = [c for c in HOME_PLANS if c in services]
        for index, person in enumerate(old[:45]):
            visit = today - dt.timedelta(days=rng.randint(60, 500))
            assessment = _assessment(
                person,
                assessor=rng.choice([sociologist, social]),
                status=AssessmentStatus.APPROVED,
                visit=visit,
                rng=rng,
                decided_by=manager,
            )
            counts["assessments"] += 1
            start = visit + dt.timedelta(days=rng.randint(10, 30))
            for code in rng.sample(home_codes, rng.randint(1, 3)):
                status = EnrolmentStatus.ACTIVE
                if index % 15 == 3:
                    status = EnrolmentStatus.SUSPENDED
                elif index % 15 == 7:
                    status = EnrolmentStatus.WAITING
                review = start + relativedelta(months=6 * (1 + (today - start).days // 182))
                if index % 6 == 0:
                    review = today + dt.timedelta(days=rng.randint(0, 6))  # due this week
                enrolment = _enrol(
                    person,
                    services[code],
                    status=status,
                    start=start,
                    manager=social if index % 4 else manager,
                    review_on=review,
                )
                Enrolment.objects.filter(pk=enrolment.pk).update(assessment=assessment)
                _care_plan(enrolment, rng, staff[Role.CAREGIVER])
                counts["enrolments"] += 1
            for body in rng.sample(GENERAL_NOTES, rng.randint(0, 2)):
                CaseNote.objects.create(
                    person=person,
                    author=social,
                    body=body,
                    created_at=_aware(min(today, start + dt.timedelta(days=rng.randint(5, 90)))),
                )
                counts["notes"] += 1
        # One closed case (a service the person no longer uses), and a note only named staff may read.
        taken = set(Enrolment.objects.filter(person=old[0]).values_list("service__code", flat=True))
        spare = [c for c in home_codes if c not in taken]
        if spare:
            _enrol(
                old[0],
                services[spare[0]],
                status=EnrolmentStatus.CLOSED,
                start=today - dt.timedelta(days=700),
                manager=social,
                review_on=None,
                reason=CloseReason.MOVED_AWAY,
            )
            counts["enrolments"] += 1
        restricted = CaseNote.objects.create(
            person=old[1],
            author=social,
            level=NoteLevel.RESTRICTED,
            body="Oğluyla ilgili şiddet şüphesi bildirildi; yalnızca adı geçenler okuyabilir. Kolluk bilgilendirildi.",
        )
        restricted.readers.add(manager)
        counts["notes"] += 1

        # Assessments still in progress: awaiting the committee, one rejected, visits this week.
        for person in old[45:49]:
            _assessment(
                person,
                assessor=sociologist,
                status=AssessmentStatus.COMPLETED,
                visit=today - dt.timedelta(days=rng.randint(2, 10)),
                rng=rng,
            )
        _assessment(
            old[49],
            assessor=social,
            status=AssessmentStatus.REJECTED,
            visit=today - dt.timedelta(days=40),
            rng=rng,
            decided_by=manager,
        )
        for offset, person in enumerate(old[50:55]):
            visit = today + dt.timedelta(days=offset + 1)
            assessment = _assessment(
                person,
                assessor=sociologist if offset % 2 == 0 else social,
                status=AssessmentStatus.SCHEDULED,
                visit=visit,
                rng=rng,
            )
            Task.objects.create(
                title="Sosyal inceleme için ev ziyareti",
                person=person,
                related_type_id=_content_type_id(Assessment),
                related_id=assessment.pk,
                assignee=assessment.assessor,
                due=visit,
                source=TaskSource.ASSESSMENT_VISIT,
                dedupe_key=f"assessment-visit:{assessment.pk}",
            )
        counts["assessments"] += 10

        # Children at the autism centre: therapy enrolments and clinical notes; one ages out soon.
        children.sort(key=lambda p: p.birth_date or today)  # the oldest first: the one nearest 72 months
        for index, child in enumerate(children[:14]):
            code = CHILD_SERVICES[index % 2] if index % 3 else CHILD_SERVICES[0]
            if code not in services:
                continue
            start = max(child.birth_date + relativedelta(months=24), today - dt.timedelta(days=rng.randint(60, 400)))
            enrolment = _enrol(
                child,
                services[code],
                status=EnrolmentStatus.ACTIVE,
                start=start,
                manager=social,
                review_on=today + dt.timedelta(days=rng.randint(10, 120)),
            )
            counts["enrolments"] += 1
            for _ in range(rng.randint(1, 2)):
                CaseNote.objects.create(
                    person=child,
                    author=therapist,
                    level=NoteLevel.CLINICAL,
                    enrolment=enrolment,
                    body=rng.choice(CLINICAL_NOTES),
                    created_at=_aware(min(today, start + dt.timedelta(days=rng.randint(7, 60))), 15),
                )
                counts["notes"] += 1

        # Referrals in every state of the loop.
        physio = services.get("evde-fizik-tedavi") or services[home_codes[0]]
        family = services.get("otizm-aile-destegi") or services.get("psikolojik-destek")
        loop = [
            (old[2], ReferralKind.INTERNAL, physio, None, ReferralStatus.SENT, social),
            (old[3], ReferralKind.INTERNAL, physio, None, ReferralStatus.ACCEPTED, social),
            (old[4], ReferralKind.EXTERNAL, None, partners[0], ReferralStatus.COMPLETED, social),
            (old[5], ReferralKind.EXTERNAL, None, partners[6], ReferralStatus.DECLINED, manager),
        ]
        if children and family is not None:
            loop.append((children[0], ReferralKind.INTERNAL, family, None, ReferralStatus.COMPLETED, therapist))
        for person, kind, service, partner, state, sender in loop:
            sent = today - dt.timedelta(days=rng.randint(3, 40))
            answered = state != ReferralStatus.SENT
            Referral.objects.create(
                person=person,
                kind=kind,
                to_service=service,
                to_partner=partner,
                reason="Değerlendirme ve destek için yönlendirildi.",
                status=state,
                sent_by=sender,
                sent_at=_aware(sent),
                answered_by=social if answered else None,
                answered_at=_aware(sent + dt.timedelta(days=2)) if answered else None,
                answer_note="Kontenjan dolu, bekleme listesine alınamadı." if state == ReferralStatus.DECLINED else "",
                completed_by=social if state == ReferralStatus.COMPLETED else None,
                completed_at=_aware(sent + dt.timedelta(days=20)) if state == ReferralStatus.COMPLETED else None,
                outcome="Muayene edildi, tedavi planı aileyle paylaşıldı." if state == ReferralStatus.COMPLETED else "",
            )
            counts["referrals"] += 1

        # A few hand-made tasks, then what the daily rules raise from all of the above.
        Task.objects.create(
            title="Kışlık yakacak yardımı başvurusunu tamamla",
            person=old[6],
            assignee=social,
            due=today - dt.timedelta(days=2),
            priority=TaskPriority.HIGH,
            source=TaskSource.MANUAL,
        )
        Task.objects.create(
            title="Yemek teslim edilemedi: kapı açılmadı",
            person=old[7],
            assignee=social,
            due=today,
            priority=TaskPriority.URGENT,
            source=TaskSource.MISSED_MEAL,
            dedupe_key=f"demo-missed-meal:{old[7].pk}",
        )
        Task.objects.create(
            title="Hal hatır araması cevapsız (3 deneme)",
            person=old[8],
            assignee_role=Role.SOCIAL_WORKER,
            due=today,
            source=TaskSource.UNANSWERED_CALL,
        )
    from omur.cases.services.rules import cases_daily_rules

    rules = cases_daily_rules(today=today)
    return (
        f"{counts['enrolments']} enrolments, {counts['assessments']} assessments, {counts['notes']} notes, "
        f"{counts['referrals']} referrals, {len(partners)} partners; daily rules: {rules or 'nothing due'}"
    )


def _content_type_id(model: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
