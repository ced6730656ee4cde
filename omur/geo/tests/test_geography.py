from typing import Any

from django.db.models import Sum

from omur.geo.models import District, Municipality, Neighbourhood
from omur.geo.services import geography_load


def test_geography_load_is_complete_and_idempotent(db: Any) -> None:
    first = geography_load()
    second = geography_load()
    assert (first.provinces, first.districts, first.neighbourhoods, first.municipalities) == (81, 973, 806, 1407)
    assert first == second
    assert Neighbourhood.objects.count() == 806 and Municipality.objects.count() == 1407


def test_mersin_has_13_districts_with_centres_and_populations(geography: Any) -> None:
    mersin = District.objects.filter(province_id=33)
    assert mersin.count() == 13
    assert not mersin.filter(lat__isnull=True).exists()
    assert Neighbourhood.objects.filter(district__name="Tarsus").count() == 180
    total = Neighbourhood.objects.aggregate(p=Sum("population"))["p"]
    assert 1_800_000 < total < 2_000_000


def test_municipality_types_match_the_source(geography: Any) -> None:
    counts = {t: Municipality.objects.filter(type=t).count() for t in Municipality.Type.values}
    assert counts == {"buyuksehir": 30, "il": 51, "buyuksehir_ilce": 519, "ilce": 403, "belde": 404}


def test_neighbourhood_names_are_folded_for_search(geography: Any) -> None:
    assert (
        Neighbourhood.objects.filter(name_folded="cay").exists()
        or Neighbourhood.objects.filter(name_folded__contains="cay").exists()
    )
    hood = Neighbourhood.objects.get(id=31853)
    assert hood.name == "Abdullah Şahutoğlu" and hood.name_folded == "abdullah sahutoglu"
