"""The import service: checking, all-or-nothing writing, repeatable upserts, households, audit."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from omur.core.models import AuditEvent
from omur.registry.imports import columns as C
from omur.registry.imports.services import id_ranges, people_import
from omur.registry.models import Household, HouseholdMember, Person, Relation, fold_person_name
from omur.registry.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory, tckn_from_seq


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English, the msgid language; the suite's default language is Turkish.
    with translation.override("en"):
        yield


HEADER = [c.header for c in C.COLUMNS]
# TC Kimlik Nos with valid checksums.
T1, T2, T3, T4 = (tckn_from_seq(n) for n in (101, 102, 103, 104))


def row(**cells: str) -> list[str]:
    """A template-ordered row; keys are column keys, unspecified cells empty."""
    defaults = {"given_name": "Ayşe", "family_name": "Yılmaz", "sex": "K", "birth_date": "14.03.1952"}
    values = {**defaults, **cells}
    return [values.get(c.key, "") for c in C.COLUMNS]


def write_csv(
    path: Path, rows: list[list[str]], *, header: list[str] = HEADER, encoding: str = "utf-8", delimiter: str = ";"
) -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path: Path, actor: Any, *, dry_run: bool = False) -> Any:
    return people_import(actor=actor, path=path, dry_run=dry_run)


def problems_at(report: Any) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in report.problems}


GOOD_HOUSEHOLD = [
    row(tckn=T1, given_name="Şükrü", family_name="Çağlayan", sex="E", birth_date="02.09.1949", phone="0532 123 45 67",
        district="Yenişehir", neighbourhood="Çiftlikköy Mahallesi", street="3201. Sk.", building_no="12", door_no="4",
        lives_alone="hayır", social_security="SGK emekli", monthly_income="18.250,50", household="H1", relation="hane reisi"),
    row(tckn=T2, given_name="İpek", family_name="Çağlayan", birth_date="1953-01-30", district="yenisehir",
        neighbourhood="CIFTLIKKOY", monthly_income="12500.50", household="H1", relation="eş"),
    row(given_name="Ilgaz", family_name="Çağlayan", sex="E", birth_date="05.05.2010", district="Yenişehir",
        neighbourhood="Çiftlikköy", household="H1", relation="çocuk"),
    row(tckn=T3, given_name="Hatice", family_name="Kaya", birth_date="01.01.1940", district="Akdeniz",
        neighbourhood="Cumhuriyet", lives_alone="evet", social_security="GSS", monthly_income="0"),
]  # fmt: skip


def test_import_creates_people_households_and_one_audit_event(geography, social_worker, audit_events, tmp_path):
    report = run(write_csv(tmp_path / "ok.csv", GOOD_HOUSEHOLD), social_worker)

    assert report.ok and report.committed
    assert (report.created, report.updated, report.unchanged, report.households_created) == (4, 0, 0, 1)
    head = Person.objects.get(tckn=T1)
    assert head.phone == "+905321234567"
    assert head.monthly_income == Decimal("18250.50")
    assert head.neighbourhood.name == "Çiftlikköy" and head.district.name == "Yenişehir"
    assert head.name_folded == "sukru caglayan"
    assert head.created_by == social_worker
    spouse = Person.objects.get(tckn=T2)
    assert spouse.birth_date == dt.date(1953, 1, 30) and spouse.monthly_income == Decimal("12500.50")
    child = Person.objects.get(given_name="Ilgaz")
    assert child.tckn is None and child.name_folded == "ilgaz caglayan"
    household = Household.objects.get()
    assert household.head == head
    assert dict(household.members.values_list("person__given_name", "relation")) == {
        "Şükrü": Relation.HEAD,
        "İpek": Relation.SPOUSE,
        "Ilgaz": Relation.CHILD,
    }
    alone = Person.objects.get(tckn=T3)
    assert alone.lives_alone and not HouseholdMember.objects.filter(person=alone).exists()
    event = audit_events.get(action="person.import")
    assert event.actor == social_worker
    assert event.changes["created"] == 4 and len(event.changes["sha256"]) == 64
    ids = sorted(Person.objects.values_list("id", flat=True))
    assert event.changes["created_person_ids"] == id_ranges(ids)
    assert not audit_events.filter(action="person.update").exists()


def test_imported_rows_hold_what_person_save_derives(geography, social_worker, tmp_path):
    # Guards the bulk path: if Person.save() learns to derive another column, this fails until the
    # import fills it too.
    run(write_csv(tmp_path / "ok.csv", GOOD_HOUSEHOLD), social_worker)
    for person in Person.objects.all():
        before = {
            f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields if f.attname != "updated_at"
        }
        person.save()
        person.refresh_from_db()
        after = {
            f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields if f.attname != "updated_at"
        }
        assert before == after
        assert person.name_folded == fold_person_name(person.given_name, person.family_name)


def test_dry_run_lists_every_problem_with_row_and_column_and_writes_nothing(
    geography, office_manager, audit_events, tmp_path
):
    bad_checksum = T1[:-1] + str((int(T1[-1]) + 1) % 10)
    rows = [
        row(tckn=bad_checksum),  # line 2
        row(tckn=T2, district="Mezitli", neighbourhood="Olmayan Mahalle"),  # line 3
        row(tckn=T3, phone="0532 12"),  # line 4
        row(tckn=T4, birth_date="31.02.1950"),  # line 5
        row(tckn=T4, birth_date="31.02.1950"),  # line 6: the same row again
        row(tckn=T2, given_name="Başka"),  # line 7: the number of line 3 again
        row(sex="X", birth_date=""),  # line 8
        row(district="Seyhan"),  # line 9
        row(monthly_income="on bin"),  # line 10
    ]
    report = run(write_csv(tmp_path / "bad.csv", rows), office_manager, dry_run=True)

    assert not report.ok and not report.committed
    assert problems_at(report) >= {
        (2, "TC Kimlik No"),
        (3, "Mahalle"),
        (4, "Telefon"),
        (5, "Doğum tarihi"),
        (6, ""),
        (7, "TC Kimlik No"),
        (8, "Cinsiyet"),
        (8, "Doğum tarihi"),
        (9, "İlçe"),
        (10, "Aylık gelir"),
    }
    messages = {(p.row, p.column): p.message for p in report.problems}
    assert "checksum" in messages[(2, "TC Kimlik No")]
    assert "Olmayan Mahalle" in messages[(3, "Mahalle")] and "Mezitli" in messages[(3, "Mahalle")]
    assert "row 5" in messages[(6, "")]
    assert "row 3" in messages[(7, "TC Kimlik No")]
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    check = audit_events.get(action="person.import_check")
    assert check.kind == AuditEvent.Kind.READ and check.changes["problems"] == len(report.problems)
    assert not audit_events.filter(action="person.import").exists()


def test_dry_run_of_a_good_file_writes_nothing_but_counts(geography, office_manager, tmp_path):
    report = run(write_csv(tmp_path / "ok.csv", GOOD_HOUSEHOLD), office_manager, dry_run=True)
    assert report.ok and not report.committed
    assert (report.created, report.households_created, report.members_added) == (4, 1, 3)
    assert Person.objects.count() == 0


def test_one_bad_row_means_nothing_is_written(geography, office_manager, audit_events, tmp_path):
    rows = [*GOOD_HOUSEHOLD, row(tckn=T4, phone="12345")]
    report = run(write_csv(tmp_path / "one-bad.csv", rows), office_manager)

    assert not report.committed
    assert problems_at(report) == {(6, "Telefon")}
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    assert not audit_events.filter(action="person.import").exists()
    assert audit_events.get(action="person.import_check").changes["dry_run"] is False


def test_repeating_an_import_creates_no_duplicates(geography, social_worker, audit_events, tmp_path):
    path = write_csv(tmp_path / "ok.csv", GOOD_HOUSEHOLD)
    run(path, social_worker)
    report = run(path, social_worker)

    assert report.committed
    assert (report.created, report.updated, report.unchanged, report.households_created, report.members_added) == (
        0,
        0,
        4,
        0,
        0,
    )
    assert Person.objects.count() == 4 and Household.objects.count() == 1 and HouseholdMember.objects.count() == 3
    assert audit_events.filter(action="person.import").count() == 2
    assert not audit_events.filter(action="person.update").exists()


def test_a_changed_cell_updates_the_person_and_audits_before_and_after(
    geography, social_worker, audit_events, tmp_path
):
    run(write_csv(tmp_path / "first.csv", GOOD_HOUSEHOLD), social_worker)
    changed = [list(r) for r in GOOD_HOUSEHOLD]
    changed[0][HEADER.index("Telefon")] = "0544 765 43 21"
    changed[0][HEADER.index("Aylık gelir")] = ""  # empty: keeps the stored income
    report = run(write_csv(tmp_path / "second.csv", changed), social_worker)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    head = Person.objects.get(tckn=T1)
    assert head.phone == "+905447654321"
    assert head.monthly_income == Decimal("18250.50")
    event = audit_events.get(action="person.update")
    assert event.object_id == str(head.pk) and event.actor == social_worker
    assert event.changes == {"phone": ["+905321234567", "+905447654321"]}
    assert event.purpose.startswith("import ")


def test_a_person_without_a_number_is_matched_by_name_birth_date_and_neighbourhood(geography, social_worker, tmp_path):
    run(write_csv(tmp_path / "first.csv", GOOD_HOUSEHOLD), social_worker)
    # Same child, typed in capitals and without Turkish letters; now with a phone.
    again = row(given_name="ILGAZ", family_name="CAGLAYAN", sex="E", birth_date="05.05.2010", district="Yenişehir",
                neighbourhood="Çiftlikköy", phone="05051112233")  # fmt: skip
    report = run(write_csv(tmp_path / "second.csv", [again]), social_worker)

    assert (report.created, report.updated) == (0, 1)
    child = Person.objects.get(name_folded="ilgaz caglayan")
    assert child.phone == "+905051112233" and child.given_name == "ILGAZ"


def test_a_new_number_is_given_to_the_person_registered_without_one(geography, social_worker, audit_events, tmp_path):
    run(write_csv(tmp_path / "first.csv", GOOD_HOUSEHOLD), social_worker)
    again = row(tckn=T4, given_name="Ilgaz", family_name="Çağlayan", sex="E", birth_date="05.05.2010", district="Yenişehir",
                neighbourhood="Çiftlikköy")  # fmt: skip
    report = run(write_csv(tmp_path / "second.csv", [again]), social_worker)

    assert (report.created, report.updated) == (0, 1)
    assert Person.objects.get(tckn=T4).given_name == "Ilgaz"
    masked = audit_events.get(action="person.update").changes["tckn"]
    assert masked[0] == "" and masked[1].startswith(T4[:2]) and T4 not in masked[1]


def test_an_ambiguous_match_is_a_problem(geography, social_worker, tmp_path):
    for _ in range(2):
        PersonFactory(tckn=None, given_name="Ali", family_name="Kaya", birth_date=dt.date(1980, 1, 1))
    report = run(
        write_csv(tmp_path / "f.csv", [row(given_name="Ali", family_name="Kaya", sex="E", birth_date="01.01.1980")]),
        social_worker,
    )
    assert problems_at(report) == {(2, "TC Kimlik No")}
    assert "2 registered people" in report.problems[0].message


def test_household_rules_are_checked(geography, social_worker, tmp_path):
    rows = [
        row(tckn=T1, household="A", relation="eş"),  # A has no head
        row(tckn=T2, household="B", relation="hane reisi"),
        row(tckn=T3, household="B", relation="hane reisi"),  # a second head
        row(tckn=T4, household="B", relation="çocuk", lives_alone="evet"),  # alone, in a household of 3
        row(given_name="Zeynep", relation="eş"),  # relation without a household
        row(given_name="Elif", household="C"),  # household without a relation
        row(given_name="Defne", household="C", relation="kuzen"),
    ]
    report = run(write_csv(tmp_path / "h.csv", rows), social_worker, dry_run=True)
    assert problems_at(report) == {
        (2, "Haneye yakınlık"),
        (4, "Haneye yakınlık"),
        (5, "Yalnız yaşıyor"),
        (6, "Hane anahtarı"),
        (7, "Haneye yakınlık"),
        (8, "Haneye yakınlık"),
    }


def test_a_member_of_another_registered_household_is_a_problem(geography, social_worker, tmp_path):
    first = HouseholdMemberFactory(person=PersonFactory(tckn=T1), relation=Relation.HEAD)
    other = HouseholdMemberFactory(person=PersonFactory(tckn=T2), relation=Relation.HEAD)
    rows = [
        row(tckn=T1, household="H", relation="hane reisi"),
        row(tckn=T2, household="H", relation="eş"),
        row(tckn=T3, household="H", relation="çocuk"),
    ]
    report = run(write_csv(tmp_path / "f.csv", rows), social_worker)
    assert problems_at(report) == {(3, "Hane anahtarı")}
    assert f"#{other.household_id}" in report.problems[0].message
    assert Person.objects.count() == 2
    assert first.household.members.count() == 1


def test_a_registered_one_person_household_is_joined(geography, social_worker, tmp_path):
    # The file says T1 heads a household with T2, who is registered alone: T1 joins T2's household.
    alone = HouseholdMemberFactory(person=PersonFactory(tckn=T2), relation=Relation.HEAD)
    rows = [row(tckn=T1, household="H", relation="hane reisi"), row(tckn=T2, household="H", relation="eş")]
    report = run(write_csv(tmp_path / "f.csv", rows), social_worker)
    assert report.committed and report.households_created == 0
    household = Household.objects.get(pk=alone.household_id)
    assert household.head.tckn == T1
    assert dict(household.members.values_list("person__tckn", "relation")) == {T1: Relation.HEAD, T2: Relation.SPOUSE}


def test_a_registered_household_is_completed_and_its_head_kept(geography, social_worker, tmp_path):
    head = PersonFactory(tckn=T1)
    household = HouseholdFactory(head=head)
    HouseholdMemberFactory(household=household, person=head, relation=Relation.HEAD)
    rows = [
        row(tckn=T1, household="H", relation="hane reisi"),
        row(tckn=T2, given_name="Elif", household="H", relation="çocuk"),
    ]
    report = run(write_csv(tmp_path / "f.csv", rows), social_worker)

    assert report.committed and report.households_created == 0 and report.members_added == 1
    assert set(household.members.values_list("person__tckn", "relation")) == {(T1, Relation.HEAD), (T2, Relation.CHILD)}


def test_a_different_head_for_a_registered_household_is_refused_unless_the_old_head_is_in_the_file(
    geography, social_worker, tmp_path
):
    old_head, spouse = PersonFactory(tckn=T1), PersonFactory(tckn=T2)
    household = HouseholdFactory(head=old_head)
    HouseholdMemberFactory(household=household, person=old_head, relation=Relation.HEAD)
    HouseholdMemberFactory(household=household, person=spouse, relation=Relation.SPOUSE)

    refused = run(write_csv(tmp_path / "a.csv", [row(tckn=T2, household="H", relation="hane reisi")]), social_worker)
    assert problems_at(refused) == {(2, "Haneye yakınlık")}

    swap = [row(tckn=T2, household="H", relation="hane reisi"), row(tckn=T1, household="H", relation="eş")]
    report = run(write_csv(tmp_path / "b.csv", swap), social_worker)
    assert report.committed and report.members_changed == 2
    household.refresh_from_db()
    assert household.head == spouse
    assert dict(household.members.values_list("person__tckn", "relation")) == {T2: Relation.HEAD, T1: Relation.SPOUSE}


def test_header_problems_stop_the_check(geography, social_worker, tmp_path):
    header = ["TC Kimlik No", "Ad", "Cinsiyet", "Boy", "Ad"]
    report = run(write_csv(tmp_path / "h.csv", [["", "Ayşe", "K", "170", "Ayşe"]], header=header), social_worker)
    assert problems_at(report) == {(1, "Boy"), (1, "Ad"), (1, "Soyad")}


def test_headers_match_in_any_case_order_and_alias(geography, social_worker, tmp_path):
    header = ["cinsiyet", "SOYADI", "adı", "tc_kimlik_no", "DOĞUM TARİHİ"]
    report = run(
        write_csv(tmp_path / "h.csv", [["E", "Kaya", "Mehmet", T1, "1970-05-01"]], header=header), social_worker
    )
    assert report.committed
    assert Person.objects.get(tckn=T1).given_name == "Mehmet"


def test_a_neighbourhood_name_shared_by_districts_needs_the_district(geography, social_worker, tmp_path):
    report = run(
        write_csv(
            tmp_path / "n.csv", [row(neighbourhood="Cumhuriyet"), row(given_name="B", neighbourhood="Çiftlikköy")]
        ),
        social_worker,
    )
    assert problems_at(report) == {(2, "İlçe")}
    assert Person.objects.count() == 0


# --- cell parsers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.500,50", "12500.50"),
        ("12500.50", "12500.50"),
        ("12500,5", "12500.50"),
        ("12.500", "12500.00"),
        ("1.234.567", "1234567.00"),
        ("12,500.75", "12500.75"),
        ("16881", "16881.00"),
        ("16.881,00 TL", "16881.00"),
        ("₺ 950", "950.00"),
        (12500.5, "12500.50"),
        (0, "0.00"),
    ],
)
def test_parse_money(text, value):
    assert C.parse_money(text) == Decimal(value)


@pytest.mark.parametrize("text", ["on bin", "-5", "1,2,3", "12.50.3", "1..2"])
def test_parse_money_refuses(text):
    with pytest.raises(C.CellError):
        C.parse_money(text)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("14.03.1952", dt.date(1952, 3, 14)),
        ("4.3.1952", dt.date(1952, 3, 4)),
        ("14/03/1952", dt.date(1952, 3, 14)),
        ("1952-03-14", dt.date(1952, 3, 14)),
        ("1952-03-14 00:00:00", dt.date(1952, 3, 14)),
        (dt.datetime(1952, 3, 14), dt.date(1952, 3, 14)),
    ],
)
def test_parse_date(raw, value):
    assert C.parse_date(raw, today=dt.date(2026, 1, 1)) == value


@pytest.mark.parametrize("raw", ["31.02.1950", "14.03.52", "1890-01-01", "01.01.2030", "yesterday"])
def test_parse_date_refuses(raw):
    with pytest.raises(C.CellError):
        C.parse_date(raw, today=dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("raw", "value"), [("K", "F"), ("kadın", "F"), ("F", "F"), ("E", "M"), ("ERKEK", "M"), ("m", "M")]
)
def test_parse_sex(raw, value):
    assert C.parse_sex(raw) == value


@pytest.mark.parametrize(
    ("raw", "value"), [("evet", True), ("EVET", True), ("Hayır", False), ("HAYIR", False), ("x", True), (1, True)]
)
def test_parse_bool(raw, value):
    assert C.parse_bool(raw) is value


def test_parse_phone_refuses_short_numbers():
    assert C.parse_phone(5321234567) == "+905321234567"
    with pytest.raises(C.CellError):
        C.parse_phone("185")


def test_place_key_ignores_suffix_case_and_turkish_letters():
    assert C.place_key("ÇİFTLİKKÖY MAHALLESİ") == C.place_key("ciftlikkoy mah.") == C.place_key("Çiftlikköy")


def test_id_ranges():
    assert id_ranges([9, 3, 4, 5]) == [[3, 5], [9, 9]]
    assert id_ranges([]) == []
