"""Registry services: rules, refusals, and the audit events they write."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from omur.core.tckn import tckn_check_digits
from omur.geo.models import District, Neighbourhood
from omur.registry import services
from omur.registry.models import (
    EmergencyContact,
    Household,
    HouseholdMember,
    LegalBasis,
    Person,
    PersonHealth,
    ProcessingBasis,
    Relation,
)
from omur.registry.selectors import household_get, person_location
from omur.registry.tests.factories import PersonFactory, tckn_from_seq


def make_tckn(first_nine: str) -> str:
    return first_nine + tckn_check_digits(first_nine)


def create(actor: Any, **kwargs: Any) -> Person:
    values = {"given_name": "Ayşe", "family_name": "Yılmaz", "sex": "F", "birth_date": dt.date(1950, 3, 4)}
    values.update(kwargs)
    return services.person_create(actor=actor, **values)


# --- person_create / person_update ------------------------------------------------------------


def test_person_create_normalises_and_audits(social_worker: Any, audit_events: Any) -> None:
    tckn = make_tckn("123456789")
    person = create(social_worker, tckn=f" {tckn[:5]} {tckn[5:]} ", given_name="  ayşe   nur ", phone="0532 123 45 67")
    assert person.tckn == tckn and person.given_name == "ayşe nur" and person.phone == "+905321234567"
    assert person.created_by == social_worker and person.name_folded == "ayse nur yilmaz"
    event = audit_events.get(action="person.create")
    assert event.object_id == str(person.pk) and event.actor == social_worker
    # The trail keeps the number masked, like every list.
    assert event.changes["tckn"] == [None, "12*******" + tckn[-2:]]
    assert tckn not in str(event.changes)


def test_person_without_number_is_allowed_and_flagged(social_worker: Any) -> None:
    person = create(social_worker, tckn="")
    assert person.tckn is None and person.lacks_tckn


def test_foreign_resident_number_is_accepted(social_worker: Any) -> None:
    person = create(social_worker, tckn=make_tckn("991234567"))
    assert person.is_foreign_resident


@pytest.mark.parametrize("bad", ["12345678901", "01234567890", "1234", "1234567890a"])
def test_invalid_tckn_is_refused_on_its_field(social_worker: Any, bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        create(social_worker, tckn=bad)
    assert "tckn" in caught.value.error_dict
    assert not Person.objects.exists()


def test_second_person_with_same_tckn_is_refused_with_the_existing_record(
    social_worker: Any, audit_events: Any
) -> None:
    first = create(social_worker, tckn=make_tckn("234567891"))
    with pytest.raises(services.DuplicateTckn) as caught:
        create(social_worker, tckn=first.tckn, given_name="Başka", birth_date=dt.date(1990, 1, 1))
    assert caught.value.existing == first
    assert Person.objects.count() == 1 and audit_events.filter(action="person.create").count() == 1


def test_likely_duplicate_without_number_must_be_confirmed(social_worker: Any, audit_events: Any) -> None:
    first = create(social_worker, tckn="", given_name="Ayşe", family_name="Yılmaz")
    with pytest.raises(services.PossibleDuplicates) as caught:
        create(social_worker, tckn="", given_name="AYSE", family_name="YILMAZ")
    assert caught.value.candidates == [first]
    second = create(social_worker, tckn="", given_name="AYSE", family_name="YILMAZ", confirm_duplicates=True)
    event = audit_events.get(action="person.create", object_id=str(second.pk))
    assert event.changes["confirmed_not_duplicate_of"] == [first.pk]


@pytest.mark.parametrize(
    ("given", "family", "born", "duplicate"),
    [
        ("Ayşegül", "Yılmaz", dt.date(1950, 3, 4), True),  # same family, given names start alike
        ("Aysе", "Yilmazz", dt.date(1950, 3, 4), True),  # close spelling (difflib)
        ("Fatma", "Yılmaz", dt.date(1950, 3, 4), False),  # another given name
        ("Ayşe", "Yılmaz", dt.date(1951, 3, 4), False),  # another birth date
    ],
)
def test_likely_duplicate_rules(social_worker: Any, given: str, family: str, born: dt.date, duplicate: bool) -> None:
    create(social_worker, tckn="")
    if duplicate:
        with pytest.raises(services.PossibleDuplicates):
            create(social_worker, tckn="", given_name=given, family_name=family, birth_date=born)
    else:
        create(social_worker, tckn="", given_name=given, family_name=family, birth_date=born)


def test_person_with_number_is_checked_against_records_without_one(social_worker: Any) -> None:
    create(social_worker, tckn="")
    with pytest.raises(services.PossibleDuplicates):
        create(social_worker, tckn=make_tckn("345678912"))


def test_people_with_different_numbers_are_never_duplicates(social_worker: Any) -> None:
    create(social_worker, tckn=make_tckn("456789123"))
    create(social_worker, tckn=make_tckn("567891234"))
    assert Person.objects.count() == 2


def test_phone_is_checked(social_worker: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        create(social_worker, phone="12")
    assert "phone" in caught.value.error_dict


def test_address_must_agree_and_be_in_mersin(social_worker: Any, geography: Any) -> None:
    hood = Neighbourhood.objects.filter(district__province_id=33).select_related("district").first()
    other_district = District.objects.filter(province_id=33).exclude(pk=hood.district_id).first()
    with pytest.raises(ValidationError) as caught:
        create(social_worker, district=other_district, neighbourhood=hood)
    assert "neighbourhood" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        create(social_worker, district=District.objects.exclude(province_id=33).first())
    assert "district" in caught.value.error_dict
    person = create(social_worker, neighbourhood=hood)
    assert person.district == hood.district


def test_coordinates_optional_else_approximate_district_centre(social_worker: Any, geography: Any) -> None:
    hood = (
        Neighbourhood.objects.filter(district__province_id=33, district__lat__isnull=False)
        .select_related("district")
        .first()
    )
    person = create(social_worker, neighbourhood=hood)
    assert person_location(person) == (hood.district.lat, hood.district.lon, True)
    exact = create(
        social_worker, tckn=make_tckn("678912345"), given_name="Veli", neighbourhood=hood, lat=36.8, lon=34.6
    )
    assert person_location(exact) == (36.8, 34.6, False)
    assert person_location(PersonFactory()) is None
    with pytest.raises(ValidationError):
        create(social_worker, given_name="Can", lat=41.0, lon=29.0)  # Istanbul
    with pytest.raises(ValidationError):
        create(social_worker, given_name="Can", lat=36.8)


def test_dates_are_checked(social_worker: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        create(social_worker, birth_date=dt.date(2999, 1, 1), date_of_death=dt.date(1900, 1, 1))
    assert {"birth_date", "date_of_death"} <= set(caught.value.error_dict)


def test_person_update_audits_before_and_after(social_worker: Any, audit_events: Any) -> None:
    person = create(social_worker, phone="0532 000 00 01")
    services.person_update(actor=social_worker, person=person, phone="0532 000 00 02", monthly_income=Decimal("1500"))
    event = audit_events.get(action="person.update")
    assert event.changes["phone"] == ["+905320000001", "+905320000002"]
    assert event.changes["monthly_income"] == [None, "1500.00"]
    assert set(event.changes) == {"phone", "monthly_income"}
    # Nothing changed, nothing logged.
    services.person_update(actor=social_worker, person=person, phone="05320000002")
    assert audit_events.filter(action="person.update").count() == 1


def test_person_update_refuses_anothers_tckn(social_worker: Any) -> None:
    first = create(social_worker, tckn=make_tckn("789123456"))
    second = create(social_worker, tckn="", given_name="Mehmet", sex="M", birth_date=dt.date(1980, 1, 1))
    with pytest.raises(services.DuplicateTckn):
        services.person_update(actor=social_worker, person=second, tckn=first.tckn)
    second.refresh_from_db()
    assert second.tckn is None


def test_person_update_checks_a_new_district_against_the_kept_neighbourhood(social_worker: Any, geography: Any) -> None:
    hood = Neighbourhood.objects.filter(district__province_id=33).first()
    person = create(social_worker, neighbourhood=hood)
    other = District.objects.filter(province_id=33).exclude(pk=hood.district_id).first()
    with pytest.raises(ValidationError):
        services.person_update(actor=social_worker, person=person, district=other)


def test_person_update_rejects_unknown_fields(social_worker: Any) -> None:
    with pytest.raises(TypeError):
        services.person_update(actor=social_worker, person=create(social_worker), name_folded="x")


# --- special-category data --------------------------------------------------------------------


def test_health_update_is_encrypted_and_audited_without_contents(nurse: Any, audit_events: Any) -> None:
    person = PersonFactory()
    services.person_health_update(actor=nurse, person=person, disability_percent=64, diagnoses="Tip 2 diyabet")
    record = PersonHealth.objects.get(person=person)
    assert record.data == {"disability_percent": 64, "diagnoses": "Tip 2 diyabet"}
    event = audit_events.get(action="person.health_update")
    assert event.changes == {"fields": ["diagnoses", "disability_percent"]}
    assert "diyabet" not in str(event.changes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM registry_personhealth WHERE id = %s", [record.pk])
        raw = cursor.fetchone()[0]
    # A Fernet token is url-safe base64: no quotes or spaces, so no plaintext JSON can hide in it.
    # (A bare "64" could occur in random base64 by chance, so the test looks for the JSON itself.)
    assert raw.startswith("gAAAA") and "diyabet" not in raw and '"disability_percent"' not in raw
    assert set(raw) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def test_health_update_validates_and_clears(nurse: Any) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.person_health_update(actor=nurse, person=person, disability_percent=140)
    services.person_health_update(actor=nurse, person=person, health_notes="Not", chronic_conditions="KOAH")
    services.person_health_update(actor=nurse, person=person, health_notes="")
    assert PersonHealth.objects.get(person=person).data == {"chronic_conditions": "KOAH"}


# --- emergency contacts -----------------------------------------------------------------------


def test_emergency_contact_by_name_and_phone(social_worker: Any, audit_events: Any) -> None:
    person = PersonFactory()
    contact = services.emergency_contact_add(
        actor=social_worker, person=person, name="Elif Kaya", phone="0532 999 88 77", relation="kızı"
    )
    assert contact.phone == "+905329998877"
    assert audit_events.get(action="person.contact_add").object_id == str(person.pk)
    services.emergency_contact_remove(actor=social_worker, contact=contact)
    assert not EmergencyContact.objects.exists() and audit_events.filter(action="person.contact_remove").count() == 1


def test_emergency_contact_registered_person(social_worker: Any) -> None:
    person, daughter = PersonFactory(), PersonFactory()
    contact = services.emergency_contact_add(
        actor=social_worker, person=person, contact_person=daughter, relation="kızı"
    )
    assert contact.contact_person == daughter and contact.name == ""


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "Elif", "phone": ""},
        {"name": "", "phone": "05329998877"},
        {"name": "Elif", "phone": "x"},
        {"name": "Elif", "phone": "05329998877", "relation": ""},
    ],
)
def test_emergency_contact_needs_person_or_name_and_phone(social_worker: Any, kwargs: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        services.emergency_contact_add(actor=social_worker, person=PersonFactory(), **{"relation": "komşu", **kwargs})


def test_emergency_contact_cannot_be_oneself(social_worker: Any) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.emergency_contact_add(actor=social_worker, person=person, contact_person=person, relation="?")


# --- households -------------------------------------------------------------------------------


def test_household_create_with_head_and_members(social_worker: Any, audit_events: Any) -> None:
    head = PersonFactory(monthly_income=Decimal("12000"))
    spouse = PersonFactory(monthly_income=Decimal("3000"))
    child = PersonFactory(monthly_income=None)
    household = services.household_create(
        actor=social_worker, head=head, members=[(spouse, Relation.SPOUSE), (child, Relation.CHILD)]
    )
    assert household.head == head
    assert HouseholdMember.objects.get(person=head).relation == Relation.HEAD
    loaded = household_get(actor=social_worker, pk=household.pk)
    assert (
        loaded.size == 3 and loaded.income_total == Decimal("15000") and loaded.income_per_head == pytest.approx(5000)
    )
    assert audit_events.get(action="household.create").changes["members"] == [
        [spouse.pk, "spouse"],
        [child.pk, "child"],
    ]


def test_household_create_refuses_a_member_of_another_household(social_worker: Any) -> None:
    busy = PersonFactory()
    services.household_create(actor=social_worker, head=busy)
    with pytest.raises(services.PersonInAnotherHousehold) as caught:
        services.household_create(actor=social_worker, head=PersonFactory(), members=[(busy, Relation.CHILD)])
    assert caught.value.person == busy
    assert Household.objects.count() == 1  # all or nothing


def test_household_create_refuses_duplicates_and_head_relation(social_worker: Any) -> None:
    head, member = PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError):
        services.household_create(actor=social_worker, head=head, members=[(member, "child"), (member, "spouse")])
    with pytest.raises(ValidationError):
        services.household_create(actor=social_worker, head=head, members=[(member, Relation.HEAD)])
    assert not Household.objects.exists()


def test_household_member_add_remove_and_head_change(social_worker: Any, audit_events: Any) -> None:
    head, son = PersonFactory(), PersonFactory()
    household = services.household_create(actor=social_worker, head=head)
    member = services.household_member_add(
        actor=social_worker, household=household, person=son, relation=Relation.CHILD
    )
    head_member = HouseholdMember.objects.get(person=head)
    with pytest.raises(services.HeadCannotLeave):
        services.household_member_remove(actor=social_worker, member=head_member)
    services.household_head_change(
        actor=social_worker, household=household, new_head=member, former_head_relation=Relation.PARENT
    )
    household.refresh_from_db()
    head_member.refresh_from_db()
    assert household.head == son and head_member.relation == Relation.PARENT
    services.household_member_remove(actor=social_worker, member=head_member)
    assert list(household.members.values_list("person_id", flat=True)) == [son.pk]
    assert set(audit_events.filter(object_type="registry.household").values_list("action", flat=True)) == {
        "household.create",
        "household.member_add",
        "household.head_change",
        "household.member_remove",
    }


def test_household_figures_without_income_or_members(social_worker: Any) -> None:
    household = services.household_create(actor=social_worker, head=PersonFactory(monthly_income=None))
    loaded = household_get(actor=social_worker, pk=household.pk)
    assert loaded.size == 1 and loaded.income_total is None and loaded.income_per_head is None
    empty = Household.objects.create()
    assert household_get(actor=social_worker, pk=empty.pk).income_per_head is None


# --- legal bases ------------------------------------------------------------------------------


def test_explicit_consent_needs_date_and_channel(social_worker: Any) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        services.processing_basis_add(
            actor=social_worker, person=person, purpose="communication", basis=LegalBasis.EXPLICIT_CONSENT
        )
    assert {"consent_date", "consent_channel"} <= set(caught.value.error_dict)
    basis = services.processing_basis_add(
        actor=social_worker,
        person=person,
        purpose="communication",
        basis="explicit_consent",
        consent_date=dt.date(2025, 1, 2),
        consent_channel="written",
    )
    assert basis.consent_channel == "written"


def test_non_consent_basis_drops_consent_fields(social_worker: Any) -> None:
    basis = services.processing_basis_add(
        actor=social_worker,
        person=PersonFactory(),
        purpose="social_services",
        basis="public_duty",
        consent_date=dt.date(2025, 1, 2),
        consent_channel="phone",
    )
    assert basis.consent_date is None and basis.consent_channel == ""


def test_one_basis_in_force_per_purpose_and_withdrawal_keeps_the_record(social_worker: Any, audit_events: Any) -> None:
    person = PersonFactory()
    first = services.processing_basis_add(
        actor=social_worker,
        person=person,
        purpose="communication",
        basis="explicit_consent",
        consent_date=dt.date(2025, 1, 2),
        consent_channel="online",
    )
    with pytest.raises(services.ActiveBasisExists):
        services.processing_basis_add(actor=social_worker, person=person, purpose="communication", basis="public_duty")
    with pytest.raises(ValidationError):
        services.processing_basis_withdraw(actor=social_worker, basis=first, withdrawn_on=dt.date(2024, 12, 31))
    services.processing_basis_withdraw(actor=social_worker, basis=first, withdrawn_on=dt.date(2025, 6, 1))
    with pytest.raises(services.BasisAlreadyWithdrawn):
        services.processing_basis_withdraw(actor=social_worker, basis=first)
    services.processing_basis_add(actor=social_worker, person=person, purpose="communication", basis="public_duty")
    assert ProcessingBasis.objects.filter(person=person).count() == 2
    assert audit_events.get(action="person.basis_withdraw").changes["withdrawn_on"] == [None, "2025-06-01"]


def test_factories_make_valid_numbers() -> None:
    from omur.core.tckn import is_valid_tckn

    assert all(is_valid_tckn(tckn_from_seq(n)) for n in range(200))
