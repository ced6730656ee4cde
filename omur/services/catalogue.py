"""Loading the Mersin service catalogue (catalogue_data.py) into the database.

Why a command and not a data migration: locations point at neighbourhoods, which `load_geography`
loads after migrations, and the office edits its catalogue in the admin afterwards. So the load is
an idempotent step of setup (`manage.py load_catalogue`, also run by `seed_demo` through the
registered seeder) that only ever adds what is missing: a service, location, price, link, rule set or
opening-hours set that exists is left as the office has it. Re-running adds nothing.

HSDS ids are UUIDs derived from the codes (uuid5), so every installation publishes the same ids for
the same seeded rows and a re-load never changes them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db import transaction

from omur.geo.models import District, Neighbourhood
from omur.services import catalogue_data as data
from omur.services.models import (
    Department,
    EligibilityRule,
    LifeStage,
    Location,
    MinimumWage,
    OpeningHours,
    PolicyArea,
    Service,
    ServiceAtLocation,
    ServicePrice,
)

MERSIN_PROVINCE_ID = 33
HSDS_NAMESPACE = uuid.UUID("6f1c3a52-4b1e-5d7a-9c1e-0e6d5a0b6d33")


def hsds_uuid(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{code}")


@dataclass
class CatalogueLoadResult:
    services: int = 0
    locations: int = 0
    links: int = 0
    prices: int = 0

    def __str__(self) -> str:
        return f"{self.services} services, {self.locations} locations, {self.links} service-location links, {self.prices} prices added"


class GeographyMissing(Exception):
    def __init__(self) -> None:
        super().__init__("Mersin's districts are not loaded: run `manage.py load_geography` before `load_catalogue`.")


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def _rule_params(kind: str, params: dict[str, Any], districts: dict[str, District]) -> dict[str, Any]:
    # The data names districts; rules store their national codes.
    if kind == "in_districts" and "district_names" in params:
        return {"district_ids": [districts[name].pk for name in params["district_names"]]}
    return dict(params)


@transaction.atomic
def catalogue_load() -> CatalogueLoadResult:
    result = CatalogueLoadResult()
    districts = {d.name: d for d in District.objects.filter(province_id=MERSIN_PROVINCE_ID)}
    if not districts:
        raise GeographyMissing
    hoods = {
        (h.district.name, h.name): h
        for h in Neighbourhood.objects.filter(district__province_id=MERSIN_PROVINCE_ID).select_related("district")
    }

    areas = {}
    for order, (code, tr, en) in enumerate(data.POLICY_AREAS, start=1):
        areas[code], _ = PolicyArea.objects.get_or_create(
            code=code, defaults={"name_tr": tr, "name_en": en, "order": order, "is_demo": True}
        )
    departments = {}
    for dept in data.DEPARTMENTS:
        defaults = {k: v for k, v in dept.items() if k != "code"}
        departments[dept["code"]], _ = Department.objects.get_or_create(
            code=dept["code"], defaults={**defaults, "uuid": hsds_uuid("organization", dept["code"])}
        )
    for order, (code, tr, en, low, high) in enumerate(data.LIFE_STAGES, start=1):
        LifeStage.objects.get_or_create(
            code=code,
            defaults={"name_tr": tr, "name_en": en, "min_age_months": low, "max_age_months": high, "order": order},
        )
    for day, net, gross in data.MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            valid_from=dt.date.fromisoformat(day),
            defaults={"net_monthly": Decimal(net), "gross_monthly": Decimal(gross)},
        )
    stages = {s.code: s for s in LifeStage.objects.all()}

    locations = {}
    for row in cast(list[dict[str, Any]], data.LOCATIONS):
        district_name, hood_name = row["hood"]
        hood = hoods[(district_name, hood_name)]
        district = districts[district_name]
        dlat, dlon = row.get("offset", (0, 0))
        fields = {k: v for k, v in row.items() if k not in {"code", "hood", "offset", "hours"}}
        location, created = Location.objects.get_or_create(
            code=row["code"],
            defaults={
                **fields,
                "uuid": hsds_uuid("location", row["code"]),
                "neighbourhood": hood,
                "lat": round(district.lat + dlat, 5) if district.lat is not None else None,
                "lon": round(district.lon + dlon, 5) if district.lon is not None else None,
                "phone": row.get("phone", "185"),
            },
        )
        locations[row["code"]] = location
        if created:
            result.locations += 1
        if not location.hours.exists():
            OpeningHours.objects.bulk_create(
                OpeningHours(location=location, weekday=day, opens_at=_time(opens), closes_at=_time(closes))
                for day, opens, closes in data.HOURS[row["hours"]]
            )

    for row in cast(list[dict[str, Any]], data.SERVICES):
        capacity_note = row.get("capacity_note", ("", ""))
        service, created = Service.objects.get_or_create(
            code=row["code"],
            defaults={
                "uuid": hsds_uuid("service", row["code"]),
                "name_tr": row["name_tr"],
                "name_en": row["name_en"],
                "description_tr": row["description_tr"],
                "description_en": row["description_en"],
                "policy_area": areas[row["area"]],
                "delivery_model": row["delivery"],
                "mechanism": row["mechanism"],
                "department": departments[row["department"]],
                "documents_tr": row.get("documents_tr", ""),
                "documents_en": row.get("documents_en", ""),
                "application_channels": row["channels"],
                "capacity": row.get("capacity"),
                "capacity_note_tr": capacity_note[0],
                "capacity_note_en": capacity_note[1],
            },
        )
        if created:
            result.services += 1
            service.life_stages.set([stages[code] for code in row["stages"]])
        if not service.eligibility_rules.exists():
            EligibilityRule.objects.bulk_create(
                EligibilityRule(service=service, kind=kind, params=_rule_params(kind, params, districts), order=i)
                for i, (kind, params) in enumerate(row["rules"], start=1)
            )
        for day, amount, note in row.get("prices", []):
            _price, made = ServicePrice.objects.get_or_create(
                service=service,
                valid_from=dt.date.fromisoformat(day),
                defaults={"amount": Decimal(amount), "note": note},
            )
            result.prices += made
        for code in row["locations"]:
            _link, made = ServiceAtLocation.objects.get_or_create(
                service=service,
                location=locations[code],
                defaults={"uuid": hsds_uuid("service_at_location", f"{row['code']}@{code}")},
            )
            result.links += made
    return result
