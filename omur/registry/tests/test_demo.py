"""Demo people: deterministic for a seed, close to Mersin's age and sex structure, valid and unique
numbers, households with heads, neighbourhoods by population; the seeder runs once."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from omur.core.demo import SEEDERS
from omur.core.tckn import is_valid_tckn
from omur.geo.models import Neighbourhood
from omur.registry.demo import (
    DEMO_HOUSEHOLD_NOTE,
    PeopleGenerator,
    mersin_centres,
    mersin_places,
    people_generate,
    seed_demo_people,
)
from omur.registry.models import Household, HouseholdMember, Person, Relation, fold_person_name

REFERENCE = dt.date(2026, 1, 1)


def age(birth: dt.date) -> int:
    return REFERENCE.year - birth.year - ((REFERENCE.month, REFERENCE.day) < (birth.month, birth.day))


def snapshot(households):
    return [
        (
            p.tckn,
            p.given_name,
            p.family_name,
            p.birth_date,
            p.sex,
            p.phone,
            p.neighbourhood_id,
            p.street,
            p.monthly_income,
            relation,
        )
        for household in households
        for p, relation in household.members
    ]


def test_the_same_seed_gives_the_same_people(geography):
    places = mersin_places()
    first = snapshot(PeopleGenerator(seed=7, places=places, reference_date=REFERENCE).households(3000))
    second = snapshot(PeopleGenerator(seed=7, places=places, reference_date=REFERENCE).households(3000))
    other = snapshot(PeopleGenerator(seed=8, places=places, reference_date=REFERENCE).households(3000))
    assert len(first) == 3000
    assert first == second
    assert first != other


def test_households_get_a_point_around_their_district_centre_without_changing_anything_else(geography):
    import math

    places, centres = mersin_places(), mersin_centres()
    assert len(centres) == 13
    plain = list(PeopleGenerator(seed=7, places=places, reference_date=REFERENCE).households(2000))
    placed = list(PeopleGenerator(seed=7, places=places, centres=centres, reference_date=REFERENCE).households(2000))
    # The coordinates come from a stream of their own: every other value is what it was.
    assert snapshot(plain) == snapshot(placed)
    assert all(p.lat is None for h in plain for p, _r in h.members)
    far = 0
    for household in placed:
        points = {(p.lat, p.lon) for p, _r in household.members}
        assert len(points) == 1  # one home per household
        (lat, lon), person = points.pop(), household.members[0][0]
        lat0, lon0, spread = centres[person.district_id]
        km = math.hypot((lat - lat0) * 111.0, (lon - lon0) * 111.0 * math.cos(math.radians(lat0)))
        far += km > 3 * spread
    assert far <= len(placed) * 0.02  # a normal spread: hardly anyone beyond three deviations


def test_the_population_looks_like_mersins(geography):
    households = list(PeopleGenerator(seed=2026, places=mersin_places(), reference_date=REFERENCE).households(25_000))
    people = [p for h in households for p, _relation in h.members]
    ages = [age(p.birth_date) for p in people]
    old = [p for p, a in zip(people, ages, strict=True) if a >= 65]

    assert 0.085 <= len(old) / len(people) <= 0.12  # about 10% aged 65+
    assert 0.19 <= sum(a < 15 for a in ages) / len(people) <= 0.26
    assert 0.52 <= sum(p.sex == "F" for p in old) / len(old) <= 0.62  # women slightly more among the old
    assert 0.18 <= sum(p.lives_alone for p in old) / len(old) <= 0.32  # about one in four alone
    assert 2.9 <= len(people) / len(households) <= 3.5
    assert max(len(h.members) for h in households) <= 9
    assert all(h.members[0][1] == Relation.HEAD for h in households)
    assert all(p.lives_alone == (len(h.members) == 1) for h in households for p, _r in h.members)

    numbers = [p.tckn for p in people if p.tckn]
    assert len(set(numbers)) == len(numbers) and all(is_valid_tckn(n) for n in numbers)
    assert 0.005 <= 1 - len(numbers) / len(people) <= 0.02  # about 1% without a number
    assert 0.01 <= sum(n.startswith("99") for n in numbers) / len(people) <= 0.04
    assert all(p.phone.startswith("+905") and len(p.phone) == 13 for p in people if p.phone)
    assert not any(p.phone for p, a in zip(people, ages, strict=True) if a < 15)
    assert all(p.name_folded == fold_person_name(p.given_name, p.family_name) for p in people[:2000])
    assert len({p.given_name for p in people}) > 300

    # Neighbourhoods by population: each district's share of people is close to its real share.
    by_district = Counter(p.district_id for p in people)
    population: Counter[int] = Counter()
    for district_id, count in Neighbourhood.objects.values_list("district_id", "population"):
        population[district_id] += count
    total = sum(population.values())
    for district_id, count in by_district.items():
        assert abs(count / len(people) - population[district_id] / total) < 0.03


def test_people_generate_writes_households_that_match_the_model(geography, audit_events):
    result = people_generate(count=500, seed=5, reference_date=REFERENCE, batch_size=200)

    assert (result.people, Person.objects.count(), HouseholdMember.objects.count()) == (500, 500, 500)
    assert Household.objects.count() == result.households
    assert HouseholdMember.objects.filter(relation=Relation.HEAD).count() == result.households
    assert not Household.objects.filter(head__isnull=True).exists()
    for household in Household.objects.all()[:50]:
        assert household.members.get(relation=Relation.HEAD).person_id == household.head_id
    # bulk_create skipped Person.save(): saving again must change nothing it derives.
    for person in Person.objects.all()[:30]:
        before = {
            f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields if f.attname != "updated_at"
        }
        person.save()
        person.refresh_from_db()
        assert before == {
            f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields if f.attname != "updated_at"
        }
    event = audit_events.get(action="person.generate")
    assert event.changes["people"] == 500 and event.changes["seed"] == 5


def test_a_second_run_with_the_same_seed_redraws_numbers_already_taken(geography):
    people_generate(count=200, seed=9, reference_date=REFERENCE)
    result = people_generate(count=200, seed=9, reference_date=REFERENCE)
    assert result.tckn_replaced > 150
    numbers = list(Person.objects.exclude(tckn=None).values_list("tckn", flat=True))
    assert len(numbers) == len(set(numbers))
    assert Person.objects.count() == 400


def test_the_demo_seeder_is_registered_and_runs_once(geography):
    assert SEEDERS["registry"] is seed_demo_people
    first = seed_demo_people(seed=2026)
    people = Person.objects.count()
    assert 1900 <= people <= 2100 and first.startswith(f"{people} people")
    assert Household.objects.filter(note=DEMO_HOUSEHOLD_NOTE).count() == Household.objects.count()
    assert seed_demo_people(seed=2026) == "people already there"
    assert Person.objects.count() == people


def test_the_demo_seeder_waits_for_the_geography(db):
    assert seed_demo_people(seed=1).startswith("skipped")
    assert not Person.objects.exists()


def test_generate_people_command(geography, capsys):
    call_command("generate_people", "--count", "120", "--seed", "4")
    assert Person.objects.count() == 120
    assert "Generated 120 people" in capsys.readouterr().out


def test_generate_people_command_needs_the_geography(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_people", "--count", "10")
