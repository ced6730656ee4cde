"""person_search: Turkish-aware, partial, multi-word, by number and place; bounded work; the same
answers on SQLite and PostgreSQL (this file runs on both)."""

from typing import Any

import pytest
from django.db import connection

from omur.registry.models import Person
from omur.registry.selectors import SEARCH_LIMIT, parse_search, person_search, prefix_q, turkish_sort_key
from omur.registry.tests.factories import PersonFactory


def names(result: Any) -> list[str]:
    return [p.full_name for p in result[0 : len(result)]]


@pytest.fixture
def people(db: Any) -> dict[str, Person]:
    made = {
        "ismail": PersonFactory(given_name="İSMAİL", family_name="KARA"),
        "ilgaz": PersonFactory(given_name="ILGAZ", family_name="DEMİR"),
        "sukru": PersonFactory(given_name="ŞÜKRÜ", family_name="ÖZTÜRK"),
        "ayse": PersonFactory(given_name="Ayşe", family_name="Yılmaz", phone="+905321112233"),
        "ayse_nur": PersonFactory(given_name="Ayşe Nur", family_name="Yıldız"),
        "fatma": PersonFactory(given_name="Fatma", family_name="Yılmaz"),
        "isik": PersonFactory(given_name="Işık", family_name="Çelik", tckn=None),
        "hyphen": PersonFactory(given_name="Zeynep", family_name="Aydın-Kaya"),
    }
    return made


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ismail", "ismail"),
        ("İSMAİL", "ismail"),
        ("Ismail", "ismail"),
        ("isma", "ismail"),
        ("ılgaz", "ilgaz"),
        ("ILGAZ", "ilgaz"),
        ("ilgaz", "ilgaz"),
        ("Ilg", "ilgaz"),
        ("şükrü", "sukru"),
        ("sukru", "sukru"),
        ("ŞÜKRÜ", "sukru"),
        ("SuKrU", "sukru"),
        ("ozturk", "sukru"),
        ("ÖZTÜRK şükrü", "sukru"),
        ("işik", "isik"),
        ("isik celik", "isik"),
        ("kaya", "hyphen"),
    ],
)
def test_search_ignores_case_and_turkish_letters(people: dict[str, Person], typed: str, expected: str) -> None:
    result = person_search(actor=None, q=typed)
    assert people[expected].pk in result.ids


def test_search_needs_every_word_in_any_order(people: dict[str, Person]) -> None:
    assert set(person_search(actor=None, q="ayşe yıl").ids) == {people["ayse"].pk, people["ayse_nur"].pk}
    assert person_search(actor=None, q="yılmaz ayşe").ids == [people["ayse"].pk]
    assert person_search(actor=None, q="ayse nur").ids == [people["ayse_nur"].pk]
    assert person_search(actor=None, q="nur yildiz").ids == [people["ayse_nur"].pk]
    assert person_search(actor=None, q="ayşe kara").ids == []


def test_search_matches_word_starts_not_the_middle_of_words(people: dict[str, Person]) -> None:
    assert person_search(actor=None, q="lmaz").ids == []
    assert set(person_search(actor=None, q="yılmaz").ids) == {people["ayse"].pk, people["fatma"].pk}


def test_search_orders_in_turkish_alphabetical_order(db: Any) -> None:
    for family in ["Çelik", "Cevher", "Demir", "Şahin", "Sarı", "Öz", "Ozan", "İnce", "Işık", "Uçar", "Ünal"]:
        PersonFactory(given_name="Ali", family_name=family)
    got = [p.family_name for p in person_search(actor=None, q="ali")[0:20]]
    assert got == ["Cevher", "Çelik", "Demir", "Işık", "İnce", "Ozan", "Öz", "Sarı", "Şahin", "Uçar", "Ünal"]


def test_turkish_sort_key_puts_each_letter_after_its_latin_neighbour() -> None:
    words = ["çay", "cam", "dal", "ğ", "gol", "hal", "ılık", "iğne", "ölü", "ok", "şu", "su", "ün", "us"]
    assert sorted(words, key=turkish_sort_key) == [
        "cam",
        "çay",
        "dal",
        "gol",
        "ğ",
        "hal",
        "ılık",
        "iğne",
        "ok",
        "ölü",
        "su",
        "şu",
        "us",
        "ün",
    ]


def test_search_by_tckn_exact_and_prefix(people: dict[str, Person]) -> None:
    target = people["ismail"]
    assert person_search(actor=None, q=target.tckn).ids == [target.pk]
    assert target.pk in person_search(actor=None, q=target.tckn[:6]).ids
    spaced = f"{target.tckn[:3]} {target.tckn[3:6]} {target.tckn[6:]}"
    assert person_search(actor=None, q=spaced).ids == [target.pk]


@pytest.mark.parametrize("typed", ["0532 111 22 33", "05321112233", "+90 (532) 111-22-33", "532 111", "0532111"])
def test_search_by_phone_in_any_format(people: dict[str, Person], typed: str) -> None:
    assert person_search(actor=None, q=typed).ids == [people["ayse"].pk]


def test_search_by_second_phone(db: Any) -> None:
    person = PersonFactory(phone="", phone_alt="+903242223344")
    assert person_search(actor=None, q="0324 222 33 44").ids == [person.pk]


def test_too_few_digits_search_nothing(people: dict[str, Person]) -> None:
    result = person_search(actor=None, q="53")
    assert result.searched and result.ids == []


def test_search_by_place(geography: Any) -> None:
    from omur.geo.models import Neighbourhood

    hood = Neighbourhood.objects.filter(district__province_id=33).first()
    other = Neighbourhood.objects.filter(district__province_id=33).exclude(district=hood.district).first()
    here = PersonFactory(given_name="Emine", family_name="Kurt", neighbourhood=hood, district=hood.district)
    PersonFactory(given_name="Emine", family_name="Kurt", neighbourhood=other, district=other.district)
    assert person_search(actor=None, neighbourhood=hood.pk).ids == [here.pk]
    assert person_search(actor=None, q="emine", district=hood.district_id).ids == [here.pk]
    assert len(person_search(actor=None, q="emine kurt")) == 2


def test_empty_search_asks_for_input(people: dict[str, Person]) -> None:
    result = person_search(actor=None, q="   ")
    assert not result.searched and len(result) == 0


def test_search_is_bounded_and_says_so(db: Any) -> None:
    PersonFactory.create_batch(12, given_name="Hatice", family_name="Kaya")
    result = person_search(actor=None, q="hatice", limit=10)
    assert len(result) == 10 and result.truncated
    assert not person_search(actor=None, q="hatice", limit=12).truncated


def test_search_default_limit_is_documented() -> None:
    assert SEARCH_LIMIT == 500


def test_wildcards_typed_are_literal(people: dict[str, Person]) -> None:
    assert person_search(actor=None, q="%").ids == []
    assert person_search(actor=None, q="a_e").ids == []


def test_parse_search_splits_words_and_digits() -> None:
    terms = parse_search("AYŞE  yıl 0532 111")
    assert terms.words == ("ayse", "yil") and terms.digits == "0532111"
    assert parse_search("Yılmaz-Kaya").words == ("yilmaz", "kaya")


def test_prefix_q_is_exact_at_the_edges(db: Any) -> None:
    PersonFactory(given_name="Ali", family_name="Can")  # "ali can"
    PersonFactory(given_name="Alim", family_name="Can")  # "alim can"
    PersonFactory(given_name="Alj", family_name="X")  # just past the range for "ali"
    got = set(Person.objects.filter(prefix_q("name_folded", "ali")).values_list("name_folded", flat=True))
    assert got == {"ali can", "alim can"}


def test_search_query_count_is_fixed(people: dict[str, Person], django_assert_max_num_queries: Any) -> None:
    # The ids through the indexes, their names (to sort), the page of people.
    with django_assert_max_num_queries(3):
        person_search(actor=None, q="yilmaz")[0:25]
    # Two words: first one probe per word, to pick the rarer.
    with django_assert_max_num_queries(5):
        person_search(actor=None, q="ayse yil")[0:25]
    with django_assert_max_num_queries(3):
        person_search(actor=None, q="0532 111")[0:25]


def test_name_word_columns_are_computed_by_the_database(db: Any) -> None:
    person = PersonFactory(given_name="Fatma  Nur", family_name="Yılmaz Kaya")
    person.refresh_from_db()
    assert person.name_folded == "fatma nur yilmaz kaya"
    assert (person.name_word2, person.name_word3, person.name_word4) == ("nur yilmaz kaya", "yilmaz kaya", "kaya")
    single = Person.objects.create(given_name="Ali", family_name="", sex="M")
    single.refresh_from_db()
    assert (single.name_word2, single.name_word3, single.name_word4) == (None, None, None)


def test_bulk_inserted_people_are_found(db: Any) -> None:
    """Bulk inserts (imports, demo data) skip save(): name_folded set by them is enough."""
    from omur.registry.models import fold_person_name

    Person.objects.bulk_create(
        [Person(given_name="Gülşen", family_name="Ünal", sex="F", name_folded=fold_person_name("Gülşen", "Ünal"))]
    )
    assert len(person_search(actor=None, q="unal gul")) == 1


def test_search_uses_indexes(people: dict[str, Person]) -> None:
    """The plan for a name search reads indexes, never the whole table."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        person_search(actor=None, q="ayse yil")
    search_sql = next(q["sql"] for q in ctx.captured_queries if "UNION ALL" in q["sql"] and "COUNT" not in q["sql"])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + search_sql)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "SCAN registry_person" not in plan and "USING" in plan and "INDEX" in plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + search_sql)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan


def test_parse_search_keeps_words_whole_when_typed_with_a_combining_dot() -> None:
    from omur.registry.selectors import parse_search

    assert parse_search("i\u0307brahim kaya").words == ("ibrahim", "kaya")
    assert parse_search("İBRAHİM").words == ("ibrahim",)
