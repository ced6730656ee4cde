"""Demo data for the good-practice hub: the projects (demo_data.py), visit settings of their sites,
partners with protocols and joint works, contacts at other municipalities, engagements through
every stage, and the Social Policy Tour's past and coming visits.

The office's published figures are reproduced from these records, never stored as numbers: 32
projects supported (launched engagements) in 6 metropolitan, 2 provincial and 9 district
municipalities, and over 1,000 visitors in the register of completed tours. Rows are written
directly with their history but without audit events, as in the other seeders: nobody acted on
them. Dates are relative to today; the rest is fixed or drawn from a generator seeded by `seed`."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from omur.accounts.models import User
from omur.accounts.roles import DEMO_USERS, Role
from omur.geo.models import Municipality
from omur.hub.demo_data import FULL, SHORT
from omur.hub.models import (
    ActivityKind,
    AdoptionEvidence,
    BudgetLine,
    DelegationKind,
    Engagement,
    EngagementActivity,
    EngagementStageChange,
    JointWork,
    Kpi,
    KpiMeasurement,
    KpiSource,
    MunicipalityContact,
    Partner,
    PartnerKind,
    Project,
    ProjectStep,
    Protocol,
    SiteProfile,
    StaffingLine,
    Stage,
    Tour,
    TourFeedback,
    TourStatus,
    TourStop,
    VisitorEntry,
)
from omur.services.models import Department, LifeStage, Location, PolicyArea, Service

# Visit settings of the sites: (visitors at once, minutes, host).
SITES = {
    "merkez-mutfak": (20, 45, "Hakan Yurt"),
    "mutfak-demirtas": (15, 20, "Sevgi Kılınç"),
    "mutfak-guneykent": (15, 20, ""),
    "tarsus-mutfak": (20, 40, ""),
    "kadin-ustalar-atolye": (25, 45, "Nurten Aksoy"),
    "tarsus-meslek": (25, 40, ""),
    # A therapy centre shows small groups, between sessions.
    "otizm-aile-danisma": (12, 40, "Dr. Canan Er"),
    "mercan": (60, 75, "Barış Tuncel"),
    "tarim-mut": (30, 60, "Veteriner Ahmet Bozkurt"),
    "halkkent-sym": (40, 60, "Gül Sarı"),
    "kurdali-sym": (35, 45, ""),
    "yasli-destek-birimi": (20, 40, "Serpil Acar"),
    "sosyal-politikalar-ofis": (30, 45, ""),
    "taziye-halkkent": (40, 20, ""),
    "emekliler-mezitli": (30, 30, ""),
}

# Supported municipalities (geo keys) with the projects they launched.
LAUNCHED: dict[str, list[str]] = {
    # metropolitan
    "buyuksehir:p1": ["mahalle-mutfaklari", "evde-sicak-yemek", "kadin-ustalar"],  # Adana
    "buyuksehir:p7": ["mahalle-mutfaklari", "mercan"],  # Antalya
    "buyuksehir:p31": ["hadi-gel-koyumuze", "evde-saglik", "yasli-destek-birimi"],  # Hatay
    "buyuksehir:p27": ["otizm-aile-danisma", "askida-yemek"],  # Gaziantep
    "buyuksehir:p35": ["kadin-ustalar", "sosyal-yasam-merkezleri"],  # İzmir
    "buyuksehir:p26": ["mercan-bilim-okullari", "teksin-alo-185"],  # Eskişehir
    # provincial
    "il:3271": ["hadi-gel-koyumuze", "mahalle-mutfaklari"],  # Niğde
    "il:3997": ["hadi-gel-koyumuze", "evde-temizlik"],  # Karaman
    # district
    "buyuksehir_ilce:937": ["kadin-ustalar", "kres"],  # Seyhan
    "buyuksehir_ilce:1155": ["yasli-destek-birimi", "evde-onarim"],  # Çankaya
    "buyuksehir_ilce:1310": ["askida-yemek", "emekliler-lokali"],  # Muratpaşa
    "buyuksehir_ilce:1530": ["otizm-aile-danisma"],  # Nilüfer
    "buyuksehir_ilce:1970": ["yasli-sosyal-etkinlik", "sinava-hazirlik"],  # Tepebaşı
    "buyuksehir_ilce:1979": ["mahalle-mutfaklari", "taziye-evleri"],  # Şahinbey
    "buyuksehir_ilce:52389": ["evde-kisisel-bakim", "hasta-nakil"],  # Antakya
    "buyuksehir_ilce:2273": ["duyu-butunleme"],  # Kadıköy (İstanbul)
    "buyuksehir_ilce:2341": ["kadin-spor-salonlari", "halk-kart"],  # Karşıyaka
}
# Engagements still under way (or dropped): (key, project, stage).
IN_PROGRESS = [
    ("buyuksehir:p1", "otizm-aile-danisma", Stage.IMPLEMENTATION),
    ("buyuksehir:p7", "evde-sicak-yemek", Stage.PLANNING),
    ("il:2549", "hadi-gel-koyumuze", Stage.STUDY_VISIT),  # Kırşehir
    ("buyuksehir_ilce:3134", "mahalle-mutfaklari", Stage.PLANNING),  # Bodrum
    ("buyuksehir_ilce:3134", "askida-yemek", Stage.PRESENTATION),
    ("buyuksehir:p27", "mercan", Stage.INQUIRY),
    ("buyuksehir_ilce:1530", "duyu-butunleme", Stage.IMPLEMENTATION),
    ("buyuksehir:p35", "hadi-gel-koyumuze", Stage.DROPPED),
    ("buyuksehir_ilce:1155", "sosyal-yasam-merkezleri", Stage.STUDY_VISIT),
]
# Demo tours carry a recognisable feedback token, so a re-run can tell they exist (not a secret).
DEMO_TOKEN = "demo-"  # noqa: S105
PATH = [Stage.INQUIRY, Stage.PRESENTATION, Stage.STUDY_VISIT, Stage.PLANNING, Stage.IMPLEMENTATION, Stage.LAUNCHED]

CONTACTS = [
    ("Ayten Koç", "Sosyal Hizmetler Dairesi Başkanı"),
    ("Murat Ergin", "Strateji Geliştirme Müdürü"),
    ("Deniz Uçar", "Kadın ve Aile Hizmetleri Müdürü"),
    ("Kemal Tan", "Tarımsal Hizmetler Şube Müdürü"),
    ("Seda Yalın", "Sosyal Destek Birimi Sorumlusu"),
]

PARTNERS = [
    (
        "Mersin Üniversitesi",
        PartnerKind.UNIVERSITY,
        "Prof. Dr. Leyla Atay",
        "https://www.mersin.edu.tr",
        "Sosyal hizmet ve hemşirelik öğrencilerinin uygulama eğitimi ve etki değerlendirmesi",
        ["evde-saglik", "otizm-aile-danisma"],
    ),
    (
        "Toros Üniversitesi",
        PartnerKind.UNIVERSITY,
        "Doç. Dr. Emre Kaplan",
        "https://www.toros.edu.tr",
        "Ergoterapi ve psikoloji stajları; ebeveyn çemberlerine akademik destek",
        ["otizm-aile-danisma", "psikolojik-destek"],
    ),
    (
        "Mersin İl Milli Eğitim Müdürlüğü",
        PartnerKind.PUBLIC,
        "Hülya Demirci",
        "",
        "Okul gruplarının Mercan ziyaretleri ve sınav hazırlık kurslarına öğretmen desteği",
        ["mercan", "sinava-hazirlik"],
    ),
    (
        "Mersin İl Tarım ve Orman Müdürlüğü",
        PartnerKind.PUBLIC,
        "Vet. Hek. Cengiz Ay",
        "",
        "Hibe hayvanlarının aşılanması, küpe kaydı ve devir denetimi",
        ["hadi-gel-koyumuze"],
    ),
    (
        "Mesleki Yeterlilik Kurumu (MYK)",
        PartnerKind.PUBLIC,
        "",
        "https://www.myk.gov.tr",
        "Kadın ustaların belgelendirme sınavları",
        ["kadin-ustalar"],
    ),
    (
        "Akdeniz Gıda Bankası Derneği (demo)",
        PartnerKind.NGO,
        "Fatih Er",
        "",
        "Askıda yemek bağışlarının toplanması ve duyurulması",
        ["askida-yemek", "mahalle-mutfaklari"],
    ),
    (
        "Otizmli Çocuk Aileleri Derneği (demo)",
        PartnerKind.NGO,
        "Sibel Aras",
        "",
        "Aile buluşmaları ve gönüllü eğitimi",
        ["otizm-aile-danisma"],
    ),
]

DELEGATIONS = [
    # (kind, municipality key or "", organisation, head count)
    (DelegationKind.METROPOLITAN, "buyuksehir:p1", "", 42),
    (DelegationKind.METROPOLITAN, "buyuksehir:p7", "", 38),
    (DelegationKind.METROPOLITAN, "buyuksehir:p31", "", 45),
    (DelegationKind.METROPOLITAN, "buyuksehir:p27", "", 36),
    (DelegationKind.METROPOLITAN, "buyuksehir:p35", "", 40),
    (DelegationKind.METROPOLITAN, "buyuksehir:p26", "", 28),
    (DelegationKind.PROVINCIAL, "il:3271", "", 22),
    (DelegationKind.PROVINCIAL, "il:3997", "", 25),
    (DelegationKind.PROVINCIAL, "il:2549", "", 18),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:937", "", 30),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:1155", "", 34),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:1310", "", 27),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:1530", "", 31),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:1970", "", 26),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:1979", "", 35),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:52389", "", 24),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:2273", "", 29),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:2341", "", 33),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:3134", "", 21),
    (DelegationKind.NGO, "", "Türkiye Belediyeler Birliği Sosyal Politikalar Komisyonu", 48),
    (DelegationKind.UNIVERSITY, "", "Hacettepe Üniversitesi Sosyal Hizmet Bölümü", 44),
    (DelegationKind.UNIVERSITY, "", "Çukurova Üniversitesi Sosyoloji Bölümü", 37),
    (DelegationKind.PUBLIC, "", "Aile ve Sosyal Hizmetler Bakanlığı", 19),
    (DelegationKind.NGO, "", "Kadın Kooperatifleri Birliği", 41),
    (DelegationKind.NGO, "", "Marmara Belediyeler Birliği", 46),
    (DelegationKind.PRESS, "", "Yerel Yönetim Muhabirleri Derneği", 23),
    (DelegationKind.UNIVERSITY, "", "Mersin Üniversitesi Hemşirelik Fakültesi", 50),
    (DelegationKind.NGO, "", "Avrupa Konseyi Yerel Demokrasi Ajansı heyeti", 17),
    (DelegationKind.DISTRICT, "buyuksehir_ilce:937", "", 26),
    (DelegationKind.METROPOLITAN, "buyuksehir:p1", "", 32),
    (DelegationKind.PUBLIC, "", "Mersin Sosyal Yardımlaşma ve Dayanışma Vakfı", 28),
    (DelegationKind.UNIVERSITY, "", "Tarsus Üniversitesi Sağlık Bilimleri Fakültesi", 39),
]
# Tour day: (site, project, start, end), with travel time between them.
ITINERARY = [
    ("merkez-mutfak", "mahalle-mutfaklari", "09:30", "10:15"),
    ("kadin-ustalar-atolye", "kadin-ustalar", "10:45", "11:30"),
    ("halkkent-sym", "sosyal-yasam-merkezleri", "12:00", "13:30"),
    ("otizm-aile-danisma", "otizm-aile-danisma", "14:15", "15:00"),
    ("mercan", "mercan", "15:45", "17:00"),
]
FIRST_NAMES = ["Ahmet", "Zeynep", "Hasan", "Elif", "Mehmet", "Ayşe", "Burak", "Gizem", "Osman", "Derya"]
LAST_NAMES = ["Güneş", "Yıldırım", "Aktaş", "Bulut", "Çınar", "Ekinci", "Korkmaz", "Uysal", "Tekin", "Sönmez"]


def _staff(role: str) -> User | None:
    username = DEMO_USERS[role][0]  # type: ignore[index]
    return User.objects.filter(username=username).first()


def _projects() -> dict[str, Project]:
    areas = {a.code: a for a in PolicyArea.objects.all()}
    stages = {s.code: s for s in LifeStage.objects.all()}
    depts = {d.code: d for d in Department.objects.all()}
    services = {s.code: s for s in Service.objects.all()}
    locations = {loc.code: loc for loc in Location.objects.all()}
    made: dict[str, Project] = {}
    for spec in [*FULL, *SHORT]:
        existing = Project.objects.filter(code=spec["code"]).first()
        if existing is not None:
            made[spec["code"]] = existing
            continue
        texts: dict[str, str] = {}
        for key in ("name", "summary", "target", "problem", "objectives", "risks", "lessons"):
            if key in spec:
                field = "target_group" if key == "target" else key
                texts[f"{field}_tr"], texts[f"{field}_en"] = spec[key]
        service_objs = [services[c] for c in spec.get("services", []) if c in services]
        eligibility_tr = "; ".join(s.name_tr for s in service_objs)
        project = Project.objects.create(
            code=spec["code"],
            department=depts.get(spec["dept"]),
            started_on=dt.date.fromisoformat(spec["started"]),
            eligibility_tr=(
                "Başvuru ve uygunluk şartları, programı sunan katalog hizmetlerinin kurallarıdır: " + eligibility_tr
                if eligibility_tr
                else ""
            ),
            eligibility_en=(
                "Who may apply is set by the rules of the catalogue services that deliver it: "
                + "; ".join(s.name_en or s.name_tr for s in service_objs)
                if service_objs
                else ""
            ),
            is_published=True,
            **texts,
        )
        project.policy_areas.set([areas[c] for c in spec["areas"] if c in areas])
        project.life_stages.set([stages[c] for c in spec["stages"] if c in stages])
        project.services.set(service_objs)
        project.sites.set([locations[c] for c in spec.get("sites", []) if c in locations])
        for order, step in enumerate(spec.get("steps", []), start=1):
            ProjectStep.objects.create(
                project=project, order=order, title_tr=step[0], title_en=step[1], detail_tr=step[2], detail_en=step[3]
            )
        for role_tr, role_en, count in spec.get("staffing", []):
            StaffingLine.objects.create(project=project, role_tr=role_tr, role_en=role_en, count=count)
        for kind, item_tr, item_en, amount in spec.get("budget", []):
            BudgetLine.objects.create(
                project=project, kind=kind, item_tr=item_tr, item_en=item_en, amount=Decimal(amount)
            )
        for order, (name_tr, name_en, unit_tr, unit_en, code, window, value, on, target) in enumerate(
            spec.get("kpis", []), start=1
        ):
            kpi = Kpi.objects.create(
                project=project,
                order=order,
                name_tr=name_tr,
                name_en=name_en,
                unit_tr=unit_tr,
                unit_en=unit_en,
                source=KpiSource.LIVE if code else KpiSource.MANUAL,
                indicator_code=code,
                window_days=window,
                target=Decimal(target) if target is not None else None,
            )
            if value is not None:
                KpiMeasurement.objects.create(
                    kpi=kpi, value=Decimal(value), measured_on=dt.date.fromisoformat(on), note="Faaliyet raporu"
                )
        made[spec["code"]] = project
    return made


def _sites() -> None:
    for code, (size, minutes, host) in SITES.items():
        loc = Location.objects.filter(code=code).first()
        if loc is not None:
            SiteProfile.objects.get_or_create(
                location=loc, defaults={"max_visitors": size, "visit_minutes": minutes, "host_name": host}
            )


def _engagement(
    municipality: Municipality,
    project: Project,
    stage: str,
    start: dt.date,
    rng: random.Random,
    staff: Any,
    tour: Tour | None = None,
) -> Engagement | None:
    if Engagement.objects.filter(municipality=municipality, project=project).exists():
        return None
    target = stage if stage != Stage.DROPPED else Stage.STUDY_VISIT
    path: list[str] = list(PATH[: PATH.index(Stage(target)) + 1])
    day = start
    e = Engagement.objects.create(
        municipality=municipality, project=project, stage=path[0], stage_since=day, owner=staff, source_tour=tour
    )
    EngagementStageChange.objects.create(
        engagement=e, from_stage="", to_stage=path[0], changed_on=day, changed_by=staff
    )
    kinds: dict[str, str] = {
        Stage.PRESENTATION: ActivityKind.PRESENTATION,
        Stage.STUDY_VISIT: ActivityKind.SITE_VISIT,
        Stage.PLANNING: ActivityKind.DOCUMENT_SENT,
        Stage.IMPLEMENTATION: ActivityKind.MEETING,
    }
    previous = path[0]
    for nxt in path[1:]:
        day = min(day + dt.timedelta(days=rng.randint(20, 70)), timezone.localdate())
        if nxt == Stage.LAUNCHED:
            AdoptionEvidence.objects.create(
                engagement=e,
                title=f"{municipality.name} meclis kararı — {project.name_tr}",
                dated=day - dt.timedelta(days=rng.randint(3, 15)),
                url=f"https://example.org/{municipality.key.replace(':', '-')}/{project.code}",
                added_by=staff,
            )
        EngagementStageChange.objects.create(
            engagement=e, from_stage=previous, to_stage=nxt, changed_on=day, changed_by=staff
        )
        if nxt in kinds:
            EngagementActivity.objects.create(engagement=e, kind=kinds[nxt], happened_on=day, staff=staff, note="")
        previous = nxt
    e.stage, e.stage_since = previous, day
    if previous == Stage.LAUNCHED:
        e.launched_on = day
    if stage == Stage.DROPPED:
        day = day + dt.timedelta(days=rng.randint(20, 40))
        EngagementStageChange.objects.create(
            engagement=e,
            from_stage=previous,
            to_stage=Stage.DROPPED,
            changed_on=day,
            changed_by=staff,
            note="Bütçe önceliği değişti; gelecek yıl yeniden görüşülecek.",
        )
        e.stage, e.stage_since = Stage.DROPPED, day
    e.save()
    return e


def seed_hub(*, seed: int) -> str:
    if not Location.objects.filter(code="mercan").exists() or not Municipality.objects.exists():
        return "skipped: load the geography and the service catalogue first"
    if (
        Project.objects.filter(code=FULL[0]["code"]).exists()
        and Tour.objects.filter(feedback_token__startswith=DEMO_TOKEN).exists()
    ):
        return "nothing to add"
    rng = random.Random(f"hub:{seed}")  # noqa: S311  (demo data must repeat for a seed)
    today = timezone.localdate()
    manager = _staff(Role.OFFICE_MANAGER)
    coordinator = _staff(Role.TOUR_COORDINATOR) or manager
    with transaction.atomic():
        projects = _projects()
        _sites()
        municipalities = {
            m.key: m
            for m in Municipality.objects.filter(
                key__in={*LAUNCHED, *[k for k, _p, _s in IN_PROGRESS], *[d[1] for d in DELEGATIONS if d[1]]}
            )
        }

        # Contacts at every municipality the office works with.
        for i, (_key, m) in enumerate(sorted(municipalities.items())):
            if not m.hub_contacts.exists():
                name, title = CONTACTS[i % len(CONTACTS)]
                MunicipalityContact.objects.create(
                    municipality=m,
                    name=name,
                    title=title,
                    phone=f"+90312{4000000 + i * 137:07d}",
                    email=f"sosyal{i + 1}@example.org",
                )

        # Past tours: each municipality's visit opened its engagements.
        tours = 0
        visitors = 0
        locations = {loc.code: loc for loc in Location.objects.filter(code__in=[s[0] for s in ITINERARY])}
        for i, (kind, key, organisation, heads) in enumerate(DELEGATIONS):
            token = f"demo-{seed}-{i}"
            if Tour.objects.filter(feedback_token=token).exists():
                continue
            muni = municipalities.get(key) if key else None
            visit_on = today - dt.timedelta(days=900 - i * 27)
            while visit_on.weekday() >= 5:
                visit_on -= dt.timedelta(days=1)
            tour = Tour.objects.create(
                kind=kind,
                organisation=muni.name if muni else organisation,
                municipality=muni,
                contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                contact_title="Heyet başkanı",
                contact_phone=f"+90532{rng.randint(1000000, 9999999)}",
                preferred_from=visit_on - dt.timedelta(days=7),
                preferred_to=visit_on + dt.timedelta(days=7),
                head_count=heads,
                status=TourStatus.COMPLETED,
                visit_on=visit_on,
                coordinator=coordinator,
                feedback_token=token,
                followed_up_at=timezone.now() if muni else None,
            )
            interests = [
                projects[c]
                for c in (LAUNCHED.get(key) or ["mahalle-mutfaklari", "otizm-aile-danisma"])
                if c in projects
            ]
            tour.interests.set(interests)
            for site, code, start, end in ITINERARY[:4]:
                if site in locations:
                    TourStop.objects.create(
                        tour=tour,
                        location=locations[site],
                        project=projects.get(code),
                        starts_at=dt.time.fromisoformat(start),
                        ends_at=dt.time.fromisoformat(end),
                    )
            officials = max(1, heads // 4)
            VisitorEntry.objects.create(
                tour=tour, group="Yöneticiler ve meclis üyeleri", head_count=officials, recorded_by=coordinator
            )
            VisitorEntry.objects.create(
                tour=tour, group="Teknik ekip", head_count=heads - officials, recorded_by=coordinator
            )
            visitors += heads
            tours += 1
            if i % 3 != 2:
                fb = TourFeedback.objects.create(
                    tour=tour,
                    rating=rng.choice([4, 5, 5]),
                    most_useful=interests[0] if interests else None,
                    wants_support=bool(muni),
                    comments="Uygulamaları yerinde görmek çok öğretici oldu.",
                )
                fb.interested_in.set(interests[:2])

        # Engagements: the launched ones and those under way.
        adopted = 0
        tours_by_muni: dict[int, Tour] = {}
        for t in Tour.objects.filter(
            municipality__isnull=False, feedback_token__startswith=DEMO_TOKEN, status=TourStatus.COMPLETED
        ).order_by("visit_on"):
            tours_by_muni.setdefault(t.municipality_id, t)  # type: ignore[arg-type]
        for key, codes in LAUNCHED.items():
            adopter = municipalities.get(key)
            if adopter is None:
                continue
            first_tour = tours_by_muni.get(adopter.pk)
            visited = first_tour.visit_on if first_tour and first_tour.visit_on else today - dt.timedelta(days=800)
            for project_code in codes:
                begun = visited - dt.timedelta(days=30)
                if _engagement(adopter, projects[project_code], Stage.LAUNCHED, begun, rng, coordinator, first_tour):
                    adopted += 1
        for key, project_code, stage in IN_PROGRESS:
            partner_muni = municipalities.get(key)
            if partner_muni is not None:
                begun = today - dt.timedelta(days=rng.randint(150, 320))
                _engagement(
                    partner_muni,
                    projects[project_code],
                    stage,
                    begun,
                    rng,
                    coordinator,
                    tours_by_muni.get(partner_muni.pk),
                )
        # A few launched programmes are now in their follow-up year.
        for e in Engagement.objects.filter(
            stage=Stage.LAUNCHED, launched_on__lte=today - dt.timedelta(days=400)
        ).order_by("pk")[:8]:
            assert e.launched_on is not None
            day = e.launched_on + dt.timedelta(days=365)
            EngagementStageChange.objects.create(
                engagement=e,
                from_stage=Stage.LAUNCHED,
                to_stage=Stage.FOLLOW_UP,
                changed_on=day,
                changed_by=coordinator,
            )
            EngagementActivity.objects.create(
                engagement=e,
                kind=ActivityKind.MEETING,
                happened_on=day,
                staff=coordinator,
                note="Birinci yıl değerlendirme toplantısı",
            )
            Engagement.objects.filter(pk=e.pk).update(stage=Stage.FOLLOW_UP, stage_since=day)

        # Coming visits: one planned with an itinerary (with a clash to resolve), one new request.
        upcoming = today + dt.timedelta(days=12)
        while upcoming.weekday() >= 5:
            upcoming += dt.timedelta(days=1)
        kocaeli = Municipality.objects.filter(key="buyuksehir:p41").first()
        if not Tour.objects.filter(feedback_token=f"demo-{seed}-planned").exists():
            planned = Tour.objects.create(
                kind=DelegationKind.METROPOLITAN if kocaeli else DelegationKind.NGO,
                organisation=kocaeli.name if kocaeli else "Belediyeler Birliği",
                municipality=kocaeli,
                contact_name="Nihat Ölmez",
                contact_title="Sosyal Hizmetler Daire Başkanı",
                contact_phone="+902623180000",
                contact_email="sosyal@example.org",
                preferred_from=upcoming - dt.timedelta(days=3),
                preferred_to=upcoming + dt.timedelta(days=3),
                head_count=18,
                status=TourStatus.PLANNED,
                visit_on=upcoming,
                coordinator=coordinator,
                feedback_token=f"demo-{seed}-planned",
                message="Mahalle mutfakları ve otizm merkezini özellikle görmek istiyoruz.",
            )
            planned.interests.set(
                [projects["mahalle-mutfaklari"], projects["otizm-aile-danisma"], projects["kadin-ustalar"]]
            )
            for site, code, start, end in ITINERARY:
                if site in locations:
                    TourStop.objects.create(
                        tour=planned,
                        location=locations[site],
                        project=projects.get(code),
                        starts_at=dt.time.fromisoformat(start),
                        ends_at=dt.time.fromisoformat(end),
                    )
        if not Tour.objects.filter(feedback_token=f"demo-{seed}-requested").exists():
            requested = Tour.objects.create(
                kind=DelegationKind.UNIVERSITY,
                organisation="Ankara Üniversitesi Sosyal Politika Bölümü",
                contact_name="Doç. Dr. Pınar Erdem",
                contact_phone="+903125951000",
                contact_email="sosyalpolitika@example.org",
                preferred_from=today + dt.timedelta(days=20),
                preferred_to=today + dt.timedelta(days=35),
                head_count=26,
                feedback_token=f"demo-{seed}-requested",
                message="Yüksek lisans öğrencileriyle ev temelli hizmetleri görmek istiyoruz.",
            )
            requested.interests.set([projects["yasli-destek-birimi"], projects["evde-saglik"]])

        # Partners, protocols and joint works.
        for name, partner_kind, contact, website, scope, codes in PARTNERS:
            if Partner.objects.filter(name=name).exists():
                continue
            partner = Partner.objects.create(name=name, kind=partner_kind, contact_name=contact, website=website)
            signed = today - dt.timedelta(days=rng.randint(200, 900))
            protocol = Protocol.objects.create(
                partner=partner,
                title=f"{name} iş birliği protokolü",
                signed_on=signed,
                valid_to=signed + dt.timedelta(days=3 * 365),
                scope=scope,
            )
            protocol.projects.set([projects[c] for c in codes if c in projects])
            for code in codes:
                if code in projects:
                    JointWork.objects.create(
                        partner=partner,
                        protocol=protocol,
                        project=projects[code],
                        title=f"{projects[code].name_tr} — {name}",
                        started_on=signed + dt.timedelta(days=30),
                        description=scope,
                    )
    return f"{len(projects)} projects, {adopted} launched engagements, {tours} past tours ({visitors} visitors)"
