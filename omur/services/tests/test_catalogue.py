"""The seeded Mersin catalogue: enough real services for every life stage, real places, idempotent."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from omur.services.catalogue import GeographyMissing, catalogue_load
from omur.services.models import LifeStage, Location, MinimumWage, PolicyArea, Service, ServiceAtLocation
from omur.services.selectors import price_on, service_detail

pytestmark = pytest.mark.django_db


def test_reference_data_comes_with_the_migrations() -> None:
    assert list(LifeStage.objects.values_list("code", flat=True)) == [
        "pregnancy",
        "infant",
        "early-childhood",
        "school-age",
        "youth",
        "adults",
        "pensioners",
        "elderly",
        "end-of-life",
    ]
    assert MinimumWage.objects.get(valid_from=dt.date(2025, 1, 1)).net_monthly == Decimal("22104.67")


def test_catalogue_covers_every_life_stage_with_real_places(catalogue: Any) -> None:
    assert Service.objects.count() >= 25
    for stage in LifeStage.objects.all():
        assert stage.services.exists(), f"no service for {stage.code}"
    assert set(PolicyArea.objects.values_list("is_demo", flat=True)) == {True}
    for location in Location.objects.select_related("neighbourhood__district"):
        assert location.neighbourhood is not None
        assert location.neighbourhood.district.province_id == 33
        assert location.has_coordinates
        # Near its district centre (the seed places them within a few km).
        assert abs(location.lat - location.neighbourhood.district.lat) < 0.05
        assert location.hours.exists()
    assert Location.objects.get(code="halkkent-sym").neighbourhood.name == "Halkkent"
    assert Location.objects.get(code="kurdali-sym").neighbourhood.name == "Kurdali"
    assert Location.objects.filter(kind="meal_point").count() >= 8
    for service in Service.objects.all():
        assert service.locations.exists(), f"{service.code} is offered nowhere"


def test_loading_twice_adds_nothing_and_keeps_office_edits(catalogue: Any) -> None:
    service = Service.objects.get(code="halk-kart")
    service.name_tr = "Halk Kart (düzenlendi)"
    service.save()
    counts = (Service.objects.count(), Location.objects.count(), ServiceAtLocation.objects.count())
    result = catalogue_load()
    assert (result.services, result.locations, result.links, result.prices) == (0, 0, 0, 0)
    assert counts == (Service.objects.count(), Location.objects.count(), ServiceAtLocation.objects.count())
    assert Service.objects.get(code="halk-kart").name_tr == "Halk Kart (düzenlendi)"


def test_catalogue_ids_are_stable_across_installations(catalogue: Any) -> None:
    from omur.services.catalogue import hsds_uuid

    assert Service.objects.get(code="kres").uuid == hsds_uuid("service", "kres")


def test_load_catalogue_needs_the_geography(db: Any) -> None:
    with pytest.raises(GeographyMissing):
        catalogue_load()


def test_load_catalogue_command(geography: Any, capsys: Any) -> None:
    call_command("load_catalogue")
    assert "services" in capsys.readouterr().out
    assert Service.objects.filter(code="hadi-gel-koyumuze").exists()


def test_price_on_a_date_follows_the_history(catalogue: Any) -> None:
    kitchens = Service.objects.get(code="mahalle-mutfaklari")
    assert price_on(kitchens, dt.date(2020, 11, 30)) is None
    assert price_on(kitchens, dt.date(2020, 12, 1)) == Decimal("3.00")
    assert price_on(kitchens, dt.date(2022, 2, 28)) == Decimal("3.00")
    assert price_on(kitchens, dt.date(2022, 3, 1)) == Decimal("3.50")
    assert price_on(kitchens, dt.date(2026, 1, 1)) == Decimal("25.00")


def test_price_on_uses_prefetched_prices(catalogue: Any, django_assert_num_queries: Any) -> None:
    kitchens = service_detail("mahalle-mutfaklari")
    with django_assert_num_queries(0):
        assert price_on(kitchens, dt.date(2022, 3, 1)) == Decimal("3.50")


def test_rural_livestock_grant_is_limited_to_rural_districts(catalogue: Any) -> None:
    rule = Service.objects.get(code="hadi-gel-koyumuze").eligibility_rules.get(kind="in_districts")
    from omur.geo.models import District

    names = set(District.objects.filter(pk__in=rule.params["district_ids"]).values_list("name", flat=True))
    assert "Mut" in names and "Yenişehir" not in names
