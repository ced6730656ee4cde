"""Loading Türkiye's administrative geography from the CSV files shipped in omur/geo/data
(derived from ubeydeozdmr/turkiye-api, MIT; see data/SOURCES.md for attribution)."""

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model

from omur.core.text import fold_turkish
from omur.geo.models import District, Municipality, Neighbourhood, Province

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class GeoLoadResult:
    provinces: int
    districts: int
    neighbourhoods: int
    municipalities: int


def _rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    with open(data_dir / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _num(value: str) -> int:
    return int(value) if value.strip() else 0


def _upsert(model: type[Model], objects: list[Any], fields: list[str], unique: list[str]) -> None:
    model._default_manager.bulk_create(
        objects, update_conflicts=True, update_fields=fields, unique_fields=unique, batch_size=500
    )


@transaction.atomic
def geography_load(*, data_dir: Path = DATA_DIR) -> GeoLoadResult:
    """Insert or update every row by its national code: running it twice changes nothing."""
    provinces = [
        Province(
            id=int(r["plate_code"]),
            name=r["name"],
            slug=r["slug"],
            is_metropolitan=r["is_metropolitan"] == "1",
            region=r["region_tr"],
            population=_num(r["population_2025"]),
            lat=float(r["center_lat"]) if r["center_lat"] else None,
            lon=float(r["center_lon"]) if r["center_lon"] else None,
        )
        for r in _rows(data_dir, "tr_provinces.csv")
    ]
    _upsert(Province, provinces, ["name", "slug", "is_metropolitan", "region", "population", "lat", "lon"], ["id"])

    centres = {
        int(r["district_id"]): (float(r["lat"]), float(r["lon"]))
        for r in _rows(data_dir, "mersin_district_centres.csv")
    }
    districts = []
    for r in _rows(data_dir, "tr_districts.csv"):
        lat, lon = centres.get(int(r["id"]), (None, None))
        districts.append(
            District(
                id=int(r["id"]),
                province_id=int(r["province_id"]),
                name=r["name"],
                population=_num(r["population_2025"]),
                lat=lat,
                lon=lon,
            )
        )
    _upsert(District, districts, ["province", "name", "population", "lat", "lon"], ["id"])

    hoods = [
        Neighbourhood(
            id=int(r["id"]),
            district_id=int(r["district_id"]),
            name=r["name"],
            name_folded=fold_turkish(r["name"]),
            population=_num(r["population_2023"]),
        )
        for r in _rows(data_dir, "mersin_neighborhoods.csv")
    ]
    _upsert(Neighbourhood, hoods, ["district", "name", "name_folded", "population"], ["id"])

    municipalities = []
    for r in _rows(data_dir, "tr_municipalities.csv"):
        key = f"{r['type']}:{r['id']}" if r["id"] else f"{r['type']}:p{r['province_id']}"
        municipalities.append(
            Municipality(
                key=key,
                name=r["name"],
                type=r["type"],
                province_id=int(r["province_id"]),
                district_id=int(r["district_id"]) if r["district_id"] else None,
                population=_num(r["population_2025"]),
            )
        )
    _upsert(Municipality, municipalities, ["name", "type", "province", "district", "population"], ["key"])
    return GeoLoadResult(len(provinces), len(districts), len(hoods), len(municipalities))
