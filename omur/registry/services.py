"""Writes for the registry. Each function is atomic and writes its audit event in the same
transaction. Invalid input raises django.core.exceptions.ValidationError (a dict keyed by field, so
a form can show each message beside its field); a refused use case raises an ApplicationError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omur.core.audit import audit_record, diff_fields
from omur.core.exceptions import ApplicationError
from omur.core.phones import normalise_phone
from omur.core.tckn import mask_tckn, validate_tckn
from omur.geo.models import District, Neighbourhood
from omur.registry.models import (
    ConsentChannel,
    EmergencyContact,
    Household,
    HouseholdMember,
    LegalBasis,
    Person,
    PersonHealth,
    ProcessingBasis,
    ProcessingPurpose,
    Relation,
    Sex,
    SocialSecurity,
)
from omur.registry.selectors import MERSIN_PROVINCE_ID, likely_duplicates

# What person_create takes and person_update may change.
PERSON_FIELDS = (
    "tckn",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "phone",
    "phone_alt",
    "district",
    "neighbourhood",
    "street",
    "building_no",
    "door_no",
    "lat",
    "lon",
    "lives_alone",
    "social_security",
    "monthly_income",
    "date_of_death",
)
# Special-category facts kept (encrypted) in PersonHealth.data.
HEALTH_FIELDS = ("disability_percent", "disability_report", "chronic_conditions", "diagnoses", "health_notes")
# Mersin province with a margin: a point outside is a typo (swapped lat/lon, another city).
MERSIN_BOUNDS = {"lat": (35.8, 37.6), "lon": (32.4, 35.4)}


# --- refusals ---------------------------------------------------------------------------------


class DuplicateTckn(ApplicationError):
    message = _("A person with this TC Kimlik No is already registered.")

    def __init__(self, existing: Person) -> None:
        super().__init__()
        self.existing = existing


class PossibleDuplicates(ApplicationError):
    message = _(
        "People with the same birth date and a similar name are already registered. Check that this is not one of them; to register a different person, confirm and save again."
    )

    def __init__(self, candidates: list[Person]) -> None:
        super().__init__()
        self.candidates = candidates


class PersonInAnotherHousehold(ApplicationError):
    message = _("%(name)s already belongs to a household: remove them from it first.")

    def __init__(self, person: Person) -> None:
        super().__init__(name=person.full_name)
        self.person = person


class HeadCannotLeave(ApplicationError):
    message = _("The head of the household cannot be removed: make another member the head first.")


class ActiveBasisExists(ApplicationError):
    message = _("A legal basis for this purpose is already in force: withdraw it before recording a new one.")


class BasisAlreadyWithdrawn(ApplicationError):
    message = _("This legal basis was already withdrawn.")


# --- people -----------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _clean_name(value: Any) -> str:
    return " ".join(str(value or "").split())


def _clean_person(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check a person's fields; every problem is collected, then raised together."""
    errors: dict[str, list[Any]] = {}
    data = dict(values)

    def fail(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(message)

    for name in ("given_name", "family_name"):
        if name in data:
            data[name] = _clean_name(data[name])
            if not data[name]:
                fail(name, _("This field is required."))
            elif len(data[name]) > 80:
                fail(name, _("At most 80 characters."))
    if "tckn" in data:
        raw = "".join(str(data["tckn"] or "").split())
        data["tckn"] = raw or None
        if raw:
            try:
                validate_tckn(raw)
            except ValidationError as exc:
                fail("tckn", exc.messages[0])
    if "sex" in data and data["sex"] not in Sex.values:
        fail("sex", _("Choose female or male."))
    for name in ("phone", "phone_alt"):
        if name in data:
            try:
                data[name] = normalise_phone(str(data[name] or ""))
            except ValidationError as exc:
                fail(name, exc.messages[0])
    for name in ("street", "building_no", "door_no"):
        if name in data:
            data[name] = _clean_name(data[name])
    if "social_security" in data:
        data["social_security"] = data["social_security"] or ""
        if data["social_security"] and data["social_security"] not in SocialSecurity.values:
            fail("social_security", _("Choose a social security status from the list."))
    if "lives_alone" in data:
        data["lives_alone"] = bool(data["lives_alone"])
    if data.get("monthly_income") not in (None, ""):
        try:
            income = Decimal(str(data["monthly_income"]))
        except InvalidOperation:
            fail("monthly_income", _("Enter an amount in lira."))
        else:
            if income < 0:
                fail("monthly_income", _("The income cannot be negative."))
            data["monthly_income"] = income.quantize(Decimal("0.01"))
    elif "monthly_income" in data:
        data["monthly_income"] = None
    today = _today()
    birth = data.get("birth_date")
    if birth and birth > today:
        fail("birth_date", _("The birth date cannot be in the future."))
    death = data.get("date_of_death")
    if death and death > today:
        fail("date_of_death", _("The date of death cannot be in the future."))
    if death and birth and death < birth:
        fail("date_of_death", _("The date of death cannot be before the birth date."))
    _clean_address(data, fail)
    if errors:
        raise ValidationError(errors)
    return data


def _clean_address(data: dict[str, Any], fail: Any) -> None:
    district: District | None = data.get("district")
    neighbourhood: Neighbourhood | None = data.get("neighbourhood")
    if neighbourhood is not None and district is None:
        data["district"] = district = neighbourhood.district
    if district is not None and district.province_id != MERSIN_PROVINCE_ID:
        fail("district", _("The address must be in one of Mersin's districts."))
    elif neighbourhood is not None and district is not None and neighbourhood.district_id != district.pk:
        fail(
            "neighbourhood",
            _("%(neighbourhood)s is not in %(district)s: choose a neighbourhood of the district.")
            % {"neighbourhood": neighbourhood.name, "district": district.name},
        )
    lat, lon = data.get("lat"), data.get("lon")
    if (lat is None) != (lon is None):
        fail("lat", _("Give both latitude and longitude, or neither."))
    elif lat is not None and lon is not None and not _in_mersin(lat, lon):
        fail("lat", _("These coordinates are not in Mersin (latitude about 36–37, longitude about 33–35)."))


def _in_mersin(lat: float, lon: float) -> bool:
    return (
        MERSIN_BOUNDS["lat"][0] <= lat <= MERSIN_BOUNDS["lat"][1]
        and MERSIN_BOUNDS["lon"][0] <= lon <= MERSIN_BOUNDS["lon"][1]
    )


def _snapshot(person: Person) -> dict[str, Any]:
    """The person's fields as the audit trail keeps them: the TC Kimlik No masked."""
    values: dict[str, Any] = {}
    for name in PERSON_FIELDS:
        if name in ("district", "neighbourhood"):
            values[name] = getattr(person, f"{name}_id")
        else:
            values[name] = getattr(person, name)
    values["tckn"] = mask_tckn(person.tckn)
    return values


def _refuse_duplicate_tckn(tckn: str | None, exclude_pk: int | None) -> None:
    if not tckn:
        return
    others = Person.objects.filter(tckn=tckn)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    existing = others.first()
    if existing is not None:
        raise DuplicateTckn(existing)


def _check_likely_duplicates(person: Person, *, confirm: bool) -> list[int]:
    found = likely_duplicates(
        given_name=person.given_name,
        family_name=person.family_name,
        birth_date=person.birth_date,
        tckn=person.tckn,
        exclude_pk=person.pk,
    )
    if found and not confirm:
        raise PossibleDuplicates(found)
    return [p.pk for p in found]


def _save_person(person: Person) -> None:
    # The check above runs first for a clear message; the unique index settles a race between two
    # clerks registering the same number at once.
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        if person.tckn:
            existing = Person.objects.filter(tckn=person.tckn).exclude(pk=person.pk).first()
            if existing is not None:
                raise DuplicateTckn(existing) from None
        raise


@transaction.atomic
def person_create(
    *,
    actor: Any,
    given_name: str,
    family_name: str,
    sex: str,
    tckn: str | None = None,
    birth_date: dt.date | None = None,
    phone: str = "",
    phone_alt: str = "",
    district: District | None = None,
    neighbourhood: Neighbourhood | None = None,
    street: str = "",
    building_no: str = "",
    door_no: str = "",
    lat: float | None = None,
    lon: float | None = None,
    lives_alone: bool = False,
    social_security: str = "",
    monthly_income: Decimal | None = None,
    date_of_death: dt.date | None = None,
    confirm_duplicates: bool = False,
) -> Person:
    """Register a person. A TC Kimlik No must pass the checksum and be new (DuplicateTckn links to
    the existing record); a person without one is allowed (Person.lacks_tckn flags them). When a
    number cannot settle identity, likely duplicates raise PossibleDuplicates unless confirmed."""
    values = _clean_person(
        {
            "tckn": tckn,
            "given_name": given_name,
            "family_name": family_name,
            "birth_date": birth_date,
            "sex": sex,
            "phone": phone,
            "phone_alt": phone_alt,
            "district": district,
            "neighbourhood": neighbourhood,
            "street": street,
            "building_no": building_no,
            "door_no": door_no,
            "lat": lat,
            "lon": lon,
            "lives_alone": lives_alone,
            "social_security": social_security,
            "monthly_income": monthly_income,
            "date_of_death": date_of_death,
        }
    )
    _refuse_duplicate_tckn(values["tckn"], None)
    person = Person(**values, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    confirmed = _check_likely_duplicates(person, confirm=confirm_duplicates)
    _save_person(person)
    changes: dict[str, Any] = diff_fields({}, _snapshot(person))
    if confirmed:
        changes["confirmed_not_duplicate_of"] = confirmed
    audit_record(actor=actor, action="person.create", obj=person, changes=changes)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, confirm_duplicates: bool = False, **changes: Any) -> Person:
    """Change any of PERSON_FIELDS; the audit event records each changed field before and after."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update() cannot change {sorted(unknown)}")
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    # Cleaned as a whole, so a new district is checked against the neighbourhood kept, and so on.
    values = _clean_person({**current, **changes})
    before = _snapshot(person)
    identity_before = (person.given_name, person.family_name, person.birth_date, person.tckn)
    for name, value in values.items():
        setattr(person, name, value)
    if "tckn" in values:
        _refuse_duplicate_tckn(person.tckn, person.pk)
    confirmed: list[int] = []
    if (person.given_name, person.family_name, person.birth_date, person.tckn) != identity_before:
        confirmed = _check_likely_duplicates(person, confirm=confirm_duplicates)
    diff = diff_fields(before, _snapshot(person))
    if not diff:
        return person
    _save_person(person)
    if confirmed:
        diff["confirmed_not_duplicate_of"] = confirmed  # type: ignore[assignment]
    audit_record(actor=actor, action="person.update", obj=person, changes=diff)
    return person


@transaction.atomic
def person_health_update(*, actor: Any, person: Person, **facts: Any) -> PersonHealth:
    """Replace the given special-category facts (HEALTH_FIELDS). Values are encrypted at rest; the
    audit event names the fields that changed and never their contents."""
    unknown = set(facts) - set(HEALTH_FIELDS)
    if unknown:
        raise TypeError(f"person_health_update() cannot change {sorted(unknown)}")
    errors: dict[str, list[Any]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in facts.items():
        if name == "disability_percent":
            if value in (None, ""):
                cleaned[name] = None
                continue
            try:
                percent = int(value)
            except (TypeError, ValueError):
                percent = -1
            if not 0 <= percent <= 100:
                errors.setdefault(name, []).append(_("A percentage from 0 to 100."))
            cleaned[name] = percent
        else:
            cleaned[name] = str(value or "").strip()
    if errors:
        raise ValidationError(errors)
    record, _created = PersonHealth.objects.get_or_create(person=person)
    stored: dict[str, Any] = record.data or {}  # type: ignore[assignment]  # the decrypted JSON value
    before = dict(stored)
    after = dict(before)
    for name, value in cleaned.items():
        if value in (None, ""):
            after.pop(name, None)
        else:
            after[name] = value
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    if changed:
        record.data = after  # type: ignore[assignment]
        record.save()
        audit_record(actor=actor, action="person.health_update", obj=person, changes={"fields": changed})
    return record


# --- emergency contacts -----------------------------------------------------------------------


@transaction.atomic
def emergency_contact_add(
    *, actor: Any, person: Person, relation: str, contact_person: Person | None = None, name: str = "", phone: str = ""
) -> EmergencyContact:
    """Someone to call for `person`: a registered person, or a name and phone number."""
    errors: dict[str, list[Any]] = {}
    relation = _clean_name(relation)
    if not relation:
        errors["relation"] = [_("Say how the contact is related (e.g. daughter, neighbour).")]
    if contact_person is not None:
        if contact_person.pk == person.pk:
            errors["contact_person"] = [_("A person cannot be their own emergency contact.")]
        name, phone = "", ""
    else:
        name = _clean_name(name)
        try:
            phone = normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
        if not name:
            errors.setdefault("name", []).append(_("Give the contact's name, or choose a registered person."))
        if not phone and "phone" not in errors:
            errors["phone"] = [_("Give the contact's phone number.")]
    if errors:
        raise ValidationError(errors)
    contact = EmergencyContact.objects.create(
        person=person, contact_person=contact_person, name=name, phone=phone, relation=relation
    )
    audit_record(
        actor=actor,
        action="person.contact_add",
        obj=person,
        changes={
            "contact": contact.pk,
            "contact_person": contact_person.pk if contact_person else None,
            "name": name,
            "phone": phone,
            "relation": relation,
        },
    )
    return contact


@transaction.atomic
def emergency_contact_remove(*, actor: Any, contact: EmergencyContact) -> None:
    person = contact.person
    audit_record(
        actor=actor,
        action="person.contact_remove",
        obj=person,
        changes={
            "contact": contact.pk,
            "contact_person": contact.contact_person_id,
            "name": contact.name,
            "phone": contact.phone,
            "relation": contact.relation,
        },
    )
    contact.delete()


# --- households -------------------------------------------------------------------------------


def _check_relation(relation: str) -> None:
    if relation not in Relation.values or relation == Relation.HEAD:
        raise ValidationError({"relation": [_("Choose the member's relation to the head from the list.")]})


def _add_member(household: Household, person: Person, relation: str) -> HouseholdMember:
    if HouseholdMember.objects.filter(person=person).exists():
        raise PersonInAnotherHousehold(person)
    try:
        with transaction.atomic():
            return HouseholdMember.objects.create(household=household, person=person, relation=relation)
    except IntegrityError:
        # Another clerk put the person in a household in the meantime (one membership per person).
        raise PersonInAnotherHousehold(person) from None


@transaction.atomic
def household_create(
    *, actor: Any, head: Person, members: Sequence[tuple[Person, str]] = (), note: str = ""
) -> Household:
    """Register a household in one go: its head and the other members with their relation to the
    head. A person belongs to one household at a time."""
    seen = {head.pk}
    for person, relation in members:
        if person.pk in seen:
            raise ValidationError({"members": [_("%(name)s is listed twice.") % {"name": person.full_name}]})
        seen.add(person.pk)
        _check_relation(relation)
    household = Household.objects.create(head=head, note=note.strip())
    _add_member(household, head, Relation.HEAD)
    for person, relation in members:
        _add_member(household, person, relation)
    audit_record(
        actor=actor,
        action="household.create",
        obj=household,
        changes={"head": head.pk, "members": [[p.pk, r] for p, r in members], "note": household.note},
    )
    return household


@transaction.atomic
def household_member_add(*, actor: Any, household: Household, person: Person, relation: str) -> HouseholdMember:
    _check_relation(relation)
    member = _add_member(household, person, relation)
    audit_record(
        actor=actor, action="household.member_add", obj=household, changes={"person": person.pk, "relation": relation}
    )
    return member


@transaction.atomic
def household_member_remove(*, actor: Any, member: HouseholdMember) -> None:
    if member.relation == Relation.HEAD:
        raise HeadCannotLeave()
    household = member.household
    audit_record(
        actor=actor,
        action="household.member_remove",
        obj=household,
        changes={"person": member.person_id, "relation": member.relation},
    )
    member.delete()


@transaction.atomic
def household_head_change(
    *, actor: Any, household: Household, new_head: HouseholdMember, former_head_relation: str
) -> Household:
    """Make another member the head; the former head stays with the given relation to the new one."""
    _check_relation(former_head_relation)
    if new_head.household_id != household.pk:
        raise ValidationError({"new_head": [_("Choose a member of this household.")]})
    if new_head.relation == Relation.HEAD:
        return household
    former = household.members.filter(relation=Relation.HEAD).first()
    # Demote first: the one-head-per-household constraint holds after every statement.
    if former is not None:
        former.relation = former_head_relation
        former.save(update_fields=["relation", "updated_at"])
    previous_relation = new_head.relation
    new_head.relation = Relation.HEAD
    new_head.save(update_fields=["relation", "updated_at"])
    household.head = new_head.person
    household.save(update_fields=["head", "updated_at"])
    audit_record(
        actor=actor,
        action="household.head_change",
        obj=household,
        changes={
            "head": [former.person_id if former else None, new_head.person_id],
            "former_head_relation": former_head_relation,
            "new_head_previous_relation": previous_relation,
        },
    )
    return household


# --- legal bases and consent ------------------------------------------------------------------


@transaction.atomic
def processing_basis_add(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    basis: str,
    consent_date: dt.date | None = None,
    consent_channel: str = "",
    note: str = "",
) -> ProcessingBasis:
    """Record the legal basis for one purpose (KVKK art. 5/6). Explicit consent needs the date it
    was given and the channel; one basis is in force per purpose at a time."""
    errors: dict[str, list[Any]] = {}
    if purpose not in ProcessingPurpose.values:
        errors["purpose"] = [_("Choose a purpose from the list.")]
    if basis not in LegalBasis.values:
        errors["basis"] = [_("Choose a legal basis from the list.")]
    if basis == LegalBasis.EXPLICIT_CONSENT:
        if consent_date is None:
            errors["consent_date"] = [_("Explicit consent needs the date it was given.")]
        elif consent_date > _today():
            errors["consent_date"] = [_("The consent date cannot be in the future.")]
        if consent_channel not in ConsentChannel.values:
            errors["consent_channel"] = [_("Explicit consent needs the channel it was given through.")]
    else:
        consent_date, consent_channel = None, ""
    if errors:
        raise ValidationError(errors)
    if ProcessingBasis.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True).exists():
        raise ActiveBasisExists()
    try:
        with transaction.atomic():
            record = ProcessingBasis.objects.create(
                person=person,
                purpose=purpose,
                basis=basis,
                consent_date=consent_date,
                consent_channel=consent_channel,
                note=note.strip(),
            )
    except IntegrityError:
        raise ActiveBasisExists() from None
    audit_record(
        actor=actor,
        action="person.basis_add",
        obj=person,
        changes={
            "basis_id": record.pk,
            "purpose": purpose,
            "basis": basis,
            "consent_date": consent_date.isoformat() if consent_date else None,
            "consent_channel": consent_channel,
        },
    )
    return record


@transaction.atomic
def processing_basis_withdraw(
    *, actor: Any, basis: ProcessingBasis, withdrawn_on: dt.date | None = None
) -> ProcessingBasis:
    """End a legal basis (consent withdrawn, duty ended) on a date. The record stays, so the trail
    shows on what basis the data was processed until then."""
    withdrawn_on = withdrawn_on or _today()
    if basis.withdrawn_on is not None:
        raise BasisAlreadyWithdrawn()
    if withdrawn_on > _today():
        raise ValidationError({"withdrawn_on": [_("The withdrawal date cannot be in the future.")]})
    if basis.consent_date and withdrawn_on < basis.consent_date:
        raise ValidationError({"withdrawn_on": [_("Consent cannot be withdrawn before it was given.")]})
    basis.withdrawn_on = withdrawn_on
    basis.save(update_fields=["withdrawn_on", "updated_at"])
    audit_record(
        actor=actor,
        action="person.basis_withdraw",
        obj=basis.person,
        changes={"basis_id": basis.pk, "purpose": basis.purpose, "withdrawn_on": [None, withdrawn_on.isoformat()]},
    )
    return basis


def values_from(mapping: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """The subset of a form's cleaned_data that a service takes."""
    return {name: mapping[name] for name in names if name in mapping}
