"""Demo requests: ~200 over the last eight weeks, across every channel and status, for people already
in the registry (or unregistered callers when the registry is empty).

Deterministic for a seed: the same tracking codes, channels, categories and histories every run;
dates are relative to the day it runs, so "today" and "overdue" figures look alive. Idempotent: a
request whose tracking code exists is skipped, so re-running adds nothing. Written with bulk inserts
(demo data, no audit events and no SMS: nobody acted on these)."""

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from omur.core.text import fold_turkish
from omur.geo.models import Neighbourhood
from omur.intake.models import (
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Category,
    Channel,
    Decision,
    Request,
    RequestStatusChange,
    Status,
    Urgency,
)
from omur.intake.workflow import INTAKE_ROLES
from omur.registry.models import Person

COUNT = 200
DAYS = 56

CHANNEL_WEIGHTS = {
    Channel.PHONE_185: 45,
    Channel.WHATSAPP: 15,
    Channel.WEB_FORM: 14,
    Channel.MOBILE_APP: 8,
    Channel.WALK_IN: 8,
    Channel.EMAIL: 4,
    Channel.REFERRAL: 6,
}
URGENCY_WEIGHTS = {Urgency.LOW: 15, Urgency.NORMAL: 65, Urgency.HIGH: 16, Urgency.EMERGENCY: 4}

# category code → (weight, descriptions a caller would give)
CATEGORY_TEXTS: dict[str, tuple[int, list[str]]] = {
    "home_cleaning": (
        15,
        [
            "Yalnız yaşayan annem için ev temizliği istiyoruz, kendisi yürümekte zorlanıyor.",
            "Eşim yatağa bağımlı, evin genel temizliği için destek talep ediyorum.",
            "82 yaşındayım, evimin temizliğini yapamıyorum.",
        ],
    ),
    "personal_care": (
        10,
        [
            "Babam için banyo desteği istiyoruz, tek başına yıkanamıyor.",
            "Annemin saç ve tırnak bakımı için kadın personel rica ediyoruz.",
        ],
    ),
    "home_health": (
        12,
        [
            "Tansiyon ve şeker takibi için evde sağlık ziyareti istiyoruz.",
            "Ameliyat sonrası pansuman için hemşire ziyareti talep ediyorum.",
            "Yaşlı komşumuz ilaçlarını düzenli alamıyor, sağlık ekibinin bakması rica olunur.",
        ],
    ),
    "physiotherapy": (
        6,
        [
            "İnme geçiren eşim için evde fizik tedavi istiyoruz.",
            "Kalça ameliyatı sonrası yürüme egzersizleri için fizyoterapist talebi.",
        ],
    ),
    "home_repair": (
        8,
        [
            "Banyo musluğu akıyor, tutunma barı takılmasını da rica ediyoruz.",
            "Evin çatısı yağmurda su alıyor, yaşlı ve yalnız yaşıyorum.",
            "Kapı kilidi bozuldu, kendim yaptıramıyorum.",
        ],
    ),
    "hot_meal": (
        10,
        [
            "Yemek yapamıyorum, sıcak yemek dağıtımına dahil olmak istiyorum.",
            "Diyabet hastası babam için diyet yemek talebi.",
        ],
    ),
    "elderly_checkin": (
        5,
        [
            "Yalnız yaşayan annemi her gün arayabilir misiniz? Ben başka şehirdeyim.",
            "Tek başıma yaşıyorum, hal hatır araması istiyorum.",
        ],
    ),
    "social_assessment": (
        6,
        [
            "Eşim vefat etti, gelirimiz yok; durumumuzun incelenmesini istiyorum.",
            "Kira ödeyemiyoruz, üç çocuğum var, destek için inceleme talep ediyorum.",
        ],
    ),
    "in_kind_aid": (
        10,
        [
            "Çocuklarım için kışlık giyim yardımı istiyorum.",
            "Yeni doğan bebeğimiz için bebek paketi talebi.",
            "Gıda kolisi desteği rica ediyorum.",
        ],
    ),
    "halk_kart": (
        8,
        [
            "Halk Kart başvurusu yapmak istiyorum, nasıl yapabilirim?",
            "Halk Kart bakiyem yüklenmedi, bilgi almak istiyorum.",
        ],
    ),
    "courses": (
        4,
        [
            "Mersinli Kadın Ustalar kaynak kursuna katılmak istiyorum.",
            "Kızım için üniversite hazırlık kursu kaydı hakkında bilgi.",
        ],
    ),
    "autism_centre": (2, ["Dört yaşındaki oğlum otizm tanısı aldı, merkezinize kayıt olmak istiyoruz."]),
    "condolence_hall": (
        3,
        ["Babamızın taziyesi için üç günlük taziye evi talebi.", "Cenazemiz var, taziye evi müsait mi?"],
    ),
    "other": (1, ["Engelli aracı ile hastane ulaşımı için bilgi almak istiyorum."]),
}

HOME_CARE = {
    "home_cleaning",
    "personal_care",
    "home_health",
    "physiotherapy",
    "home_repair",
    "hot_meal",
    "elderly_checkin",
}

REJECTION_REASONS = [
    "Hane geliri kişi başı eşik değerin üzerinde.",
    "Aynı hizmeti başka bir kurumdan düzenli olarak alıyor.",
    "Adres il sınırları dışında; ilgili belediyeye yönlendirildi.",
    "Başvuru sahibine üç kez ulaşılamadı.",
]
CLOSE_NOTES = ["Mükerrer başvuru.", "Başvuru sahibi talebini geri çekti.", "İlgili daireye yönlendirildi."]

GIVEN = [
    "Ayşe",
    "Fatma",
    "Emine",
    "Hatice",
    "Zeynep",
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "Elif",
    "Meryem",
    "Sultan",
    "Şerife",
    "Yusuf",
    "Ramazan",
    "Gülsüm",
    "Osman",
]
FAMILY = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Çelik",
    "Şahin",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
]


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _history(
    rng: random.Random, created: dt.datetime, now: dt.datetime
) -> tuple[list[tuple[str, str, dt.datetime, str]], str]:
    """(to_status, decision, at, note) steps after creation that have already happened by `now`."""
    steps: list[tuple[str, str, dt.datetime, str]] = []
    at = created
    decision = ""

    def step(to: str, hours: float, dec: str = "", note: str = "") -> bool:
        nonlocal at
        nxt = at + dt.timedelta(hours=hours)
        if nxt > now:
            return False
        at = nxt
        steps.append((to, dec, at, note))
        return True

    if rng.random() < 0.05:  # stuck: nobody has looked at it yet (some of these are overdue)
        return steps, decision
    if rng.random() < 0.05:
        step(Status.CLOSED, rng.uniform(1, 30), note=rng.choice(CLOSE_NOTES))
        return steps, decision
    if not step(Status.TRIAGED, rng.uniform(0.3, 30)):
        return steps, decision
    if rng.random() < 0.55 and not step(Status.ASSESSMENT_SCHEDULED, rng.uniform(12, 96)):
        return steps, decision
    rejected = rng.random() < 0.25
    decision = Decision.REJECTED if rejected else Decision.APPROVED
    note = rng.choice(REJECTION_REASONS) if rejected else ""
    if not step(Status.DECIDED, rng.uniform(48, 240), decision, note):
        return steps, ""
    step(Status.CLOSED, rng.uniform(24, 168))
    return steps, decision


def seed_requests(*, seed: int) -> str:
    # Demo data must repeat for a seed: a seeded PRNG on purpose (real codes use `secrets`).
    rng = random.Random(f"intake:{seed}")  # noqa: S311
    codes = ["".join(rng.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH)) for _ in range(COUNT)]
    existing = set(Request.objects.filter(tracking_code__in=codes).values_list("tracking_code", flat=True))
    if len(existing) == COUNT:
        return "nothing to add"
    categories = {c.code: c for c in Category.objects.all()}
    category_weights = {code: w for code, (w, _texts) in CATEGORY_TEXTS.items() if code in categories}
    if not category_weights:
        return "no request categories (run the migrations first)"
    # Requesters are adults; home-care requests mostly come from (or for) people over 60.
    today = timezone.localdate()
    living = Person.objects.filter(date_of_death__isnull=True).order_by("pk")
    adults = list(
        living.filter(birth_date__lte=today - dt.timedelta(days=18 * 366)).values_list("pk", flat=True)[:5000]
    )
    elderly = list(
        living.filter(birth_date__lte=today - dt.timedelta(days=60 * 366)).values_list("pk", flat=True)[:5000]
    )
    hoods = list(
        Neighbourhood.objects.filter(district__province_id=33)
        .order_by("pk")
        .values_list("pk", "district_id", "population")
    )
    staff = list(
        get_user_model().objects.filter(is_active=True, groups__name__in=INTAKE_ROLES).distinct().order_by("username")
    )
    now = timezone.now()

    requests: list[Request] = []
    histories: list[list[tuple[str, str, dt.datetime, str]]] = []
    for index, code in enumerate(codes):
        # Draw every value even for rows that exist, so each row's values never depend on which exist.
        channel = _pick(rng, CHANNEL_WEIGHTS)
        category_code = _pick(rng, category_weights)
        text = rng.choice(CATEGORY_TEXTS[category_code][1])
        urgency = _pick(rng, URGENCY_WEIGHTS)
        created = now - dt.timedelta(days=rng.triangular(0, DAYS, 0), minutes=rng.randint(0, 600))
        pool = elderly if category_code in HOME_CARE and elderly and rng.random() < 0.8 else adults
        registered = bool(pool) and channel != Channel.WEB_FORM and rng.random() < 0.7
        person_id = pool[rng.randrange(len(pool))] if pool else None
        hood_row = rng.choices(hoods, weights=[h[2] or 1 for h in hoods])[0] if hoods else None
        caller = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        phone = f"+905{rng.choice(['32', '33', '35', '42', '43', '44', '05', '06', '52', '53'])}{rng.randint(1000000, 9999999)}"
        assignee = staff[rng.randrange(len(staff))] if staff and rng.random() < 0.7 else None
        steps, decision = _history(rng, created, now)
        if code in existing:
            continue
        ticket = ""
        if channel == Channel.PHONE_185:
            ticket = f"TKS-{created:%Y}-{seed % 1000:03d}{index:05d}"
        elif channel == Channel.REFERRAL:
            ticket = f"SHM-{created:%y}/{index + 100}"
        req = Request(
            channel=channel,
            external_ticket_id=ticket,
            tracking_code=code,
            person_id=person_id if registered else None,
            caller_name="" if registered else caller,
            caller_name_folded="" if registered else fold_turkish(caller),
            caller_phone="" if registered else phone,
            neighbourhood_id=None if registered or not hood_row else hood_row[0],
            district_id=None if registered or not hood_row else hood_row[1],
            category=categories[category_code],
            description=text,
            urgency=urgency,
            assignee=assignee if steps else None,
            status=steps[-1][0] if steps else Status.NEW,
            status_changed_at=steps[-1][2] if steps else created,
            decision=decision if steps and steps[-1][0] in (Status.DECIDED, Status.CLOSED) else "",
            decision_reason=next((s[3] for s in steps if s[0] == Status.DECIDED), ""),
            kvkk_acknowledged_at=created if channel == Channel.WEB_FORM else None,
        )
        req.created_at = created
        requests.append(req)
        histories.append(steps)

    with transaction.atomic():
        created_at = [req.created_at for req in requests]
        Request.objects.bulk_create(requests, batch_size=500)
        # auto_now_add stamped "now" on insert (and on the objects); put back the demo dates
        # (bulk_update does not call pre_save).
        for req, created in zip(requests, created_at, strict=True):
            req.created_at = created
            req.updated_at = req.status_changed_at
        Request.objects.bulk_update(requests, ["created_at", "updated_at"], batch_size=500)
        changes = []
        for req, steps in zip(requests, histories, strict=True):
            by = req.assignee
            changes.append(RequestStatusChange(request=req, from_status="", to_status=Status.NEW, at=req.created_at))
            previous: str = Status.NEW
            for to, dec, at, note in steps:
                changes.append(
                    RequestStatusChange(
                        request=req, from_status=previous, to_status=to, decision=dec, at=at, by=by, note=note
                    )
                )
                previous = to
        RequestStatusChange.objects.bulk_create(changes, batch_size=1000)
    registered_count = sum(1 for r in requests if r.person_id)
    return f"{len(requests)} requests ({registered_count} from registered people), {len(changes)} status changes"
