"""The office's aid programmes and grant schemes as reference data, bound to catalogue services
(omur/services/catalogue_data.py). `benefits_load()` adds only what is missing (a programme, tier or
amount row the office already has is left as the office edited it), like `load_catalogue`.

Amounts are the published or demo figures with their start dates; the history shows on the
programme page and each distribution keeps the amount in force on its day."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from omur.benefits.models import AidAmount, AidProgramme, AidTier, GrantScheme
from omur.services.models import Service

D = dt.date

PROGRAMMES: list[dict[str, Any]] = [
    {
        "code": "halk-kart",
        "service": "halk-kart",
        "name_tr": "Halk Kart market kartı yüklemesi",
        "name_en": "Halk Kart market card top-up",
        "kind": "card",
        "cycle": "month",
        "limit_per_cycle": 1,
        "limit_scope": "household",
        "items_hint": "Aylık kart yüklemesi",
        "tiers": [
            ("1–3 kişilik hane", 1, [(D(2023, 1, 1), "500"), (D(2024, 9, 1), "750")]),
            ("4 kişi ve üzeri hane", 4, [(D(2023, 1, 1), "850"), (D(2024, 9, 1), "1250")]),
        ],
    },
    {
        "code": "giysi-yardimi",
        "service": "giysi-yardimi",
        "name_tr": "Giysi yardımı",
        "name_en": "Clothing aid",
        "kind": "clothing",
        "cycle": "year",
        "limit_per_cycle": 3,
        "limit_scope": "person",
        "items_hint": "Mevsimlik giysi ve ayakkabı",
        "tiers": [("Standart", 1, [(D(2024, 1, 1), "1000"), (D(2025, 1, 1), "1500")])],
    },
    {
        "code": "gebe-sut-destegi",
        "service": "gebe-sut-destegi",
        "name_tr": "Gebelere süt desteği",
        "name_en": "Milk support in pregnancy",
        "kind": "in_kind",
        "cycle": "period",
        "period_days": 45,
        "limit_per_cycle": 1,
        "limit_scope": "person",
        "items_hint": "45 günlük süt (30 litre)",
        "tiers": [("Standart", 1, [(D(2024, 1, 1), "600"), (D(2025, 1, 1), "900")])],
    },
    {
        "code": "yenidogan-paketi",
        "service": "yenidogan-paketi",
        "name_tr": "Yenidoğan bebek paketi",
        "name_en": "Newborn baby pack",
        "kind": "in_kind",
        "cycle": "once",
        "limit_per_cycle": 1,
        "limit_scope": "person",
        "items_hint": "Zıbın, battaniye, bez ve bakım ürünleri",
        "tiers": [("Standart", 1, [(D(2024, 1, 1), "2500"), (D(2025, 1, 1), "3500")])],
    },
    {
        "code": "ilk-okul-cantasi",
        "service": "ilk-okul-cantasi",
        "name_tr": "İlk Okul Çantam",
        "name_en": "My first school bag",
        "kind": "in_kind",
        "cycle": "once",
        "limit_per_cycle": 1,
        "limit_scope": "person",
        "items_hint": "Çanta, kırtasiye seti ve okul forması",
        "warn_overlap": False,
        "tiers": [("Standart", 1, [(D(2024, 8, 1), "1200"), (D(2025, 8, 1), "1750")])],
    },
]

SCHEMES: list[dict[str, Any]] = [
    {
        "code": "hadi-gel-koyumuze",
        "service": "hadi-gel-koyumuze",
        "name_tr": "Hadi Gel Köyümüze Destek Verelim",
        "name_en": "Hadi Gel Köyümüze: small-livestock grant",
        "kind": "livestock",
        "rural_max_population": 3000,
    },
    {
        "code": "gunes-paneli",
        "service": None,
        "name_tr": "Kırsalda güneş paneli hibesi",
        "name_en": "Solar panel grant for rural households",
        "kind": "one_off",
        "rural_max_population": 3000,
        "item_label": "Güneş enerjisi paneli seti (3 kW, sulama ve ağıl aydınlatması)",
    },
]


@transaction.atomic
def benefits_load() -> dict[str, int]:
    """Add the programmes, tiers, amounts and schemes that are missing; needs the catalogue."""
    added = {"programmes": 0, "tiers": 0, "amounts": 0, "schemes": 0}
    services = {
        s.code: s for s in Service.objects.filter(code__in=[p["service"] for p in PROGRAMMES + SCHEMES if p["service"]])
    }
    for spec in PROGRAMMES:
        service = services.get(spec["service"])
        if service is None:
            continue
        fields = {k: v for k, v in spec.items() if k not in ("code", "service", "tiers")}
        programme, created = AidProgramme.objects.get_or_create(
            code=spec["code"], defaults={**fields, "service": service}
        )
        added["programmes"] += created
        for order, (name, min_size, amounts) in enumerate(spec["tiers"]):
            tier, created = AidTier.objects.get_or_create(
                programme=programme, name=name, defaults={"min_household_size": min_size, "order": order}
            )
            added["tiers"] += created
            for valid_from, amount in amounts:
                _row, created = AidAmount.objects.get_or_create(
                    tier=tier, valid_from=valid_from, defaults={"amount": Decimal(amount)}
                )
                added["amounts"] += created
    for spec in SCHEMES:
        service = services.get(spec["service"]) if spec["service"] else None
        if spec["service"] and service is None:
            continue
        fields = {k: v for k, v in spec.items() if k not in ("code", "service")}
        _scheme, created = GrantScheme.objects.get_or_create(code=spec["code"], defaults={**fields, "service": service})
        added["schemes"] += created
    return added
