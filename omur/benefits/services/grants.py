"""Grants: applications checked against the rules, awards, livestock allocations with ear tags, feed,
a year of vaccinations, births, and pass-ons that make the receiver a breeder of the next generation.

Rural neighbourhood: omur.geo has no rural flag (Law 6360 turned Mersin's villages into
neighbourhoods in 2014, and the NVI list no longer tells them apart), so a scheme may set a population
ceiling for its neighbourhoods (`rural_max_population`); the catalogue's district rule still applies."""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omur.benefits.models import (
    EAR_TAG_PATTERN,
    Animal,
    AnimalOrigin,
    AnimalSex,
    AnimalStatus,
    ApplicationStatus,
    FeedDelivery,
    Grant,
    GrantApplication,
    GrantCohort,
    GrantScheme,
    GrantStatus,
    PassOn,
    PassOnAnimal,
    Species,
    VaccinationDose,
    Vaccine,
)
from omur.benefits.permissions import WORK_ROLES
from omur.benefits.services.common import check_eligibility, refusal_reasons, require_role, rule_name
from omur.benefits.services.obligations import obligation_tasks_close
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError

_TAG = re.compile(EAR_TAG_PATTERN)

# One year of cover for a new flock (Ministry of Agriculture's small-ruminant programme, simplified):
# (vaccine, months after allocation). Each row becomes a VaccinationDose to record when done.
VACCINATION_PLAN: tuple[tuple[str, int], ...] = (
    (Vaccine.PARASITE, 0),
    (Vaccine.FMD, 0),
    (Vaccine.POX, 1),
    (Vaccine.PPR, 1),
    (Vaccine.ENTERO, 2),
    (Vaccine.PARASITE, 3),
    (Vaccine.BRUCELLA, 4),
    (Vaccine.FMD, 6),
    (Vaccine.PARASITE, 6),
    (Vaccine.ENTERO, 8),
    (Vaccine.PARASITE, 9),
)


class AlreadyApplied(ApplicationError):
    message = _("%(person)s has already applied to this cohort.")


class AlreadyGrantee(ApplicationError):
    message = _("%(person)s already holds a grant of %(scheme)s.")


class NotAwardable(ApplicationError):
    message = _("Only an eligible application can be awarded (this one is “%(status)s”).")


class LotteryPending(ApplicationError):
    message = _("This cohort has a lottery: award places after the draw, to the main list and then the reserves.")


class CohortFull(ApplicationError):
    message = _("All %(places)s places of the cohort are awarded.")


class NotLivestock(ApplicationError):
    message = _("%(scheme)s is not a livestock scheme.")


class TagsInvalid(ApplicationError):
    message = _("Ear tags must look like TR followed by 8 to 12 digits; check: %(tags)s")


class TagsCount(ApplicationError):
    message = _(
        "The scheme allocates %(females)s female and %(males)s male animals; you entered %(got_f)s and %(got_m)s."
    )


class TagsTaken(ApplicationError):
    message = _("These ear tags are already registered: %(tags)s")


class TagsRepeated(ApplicationError):
    message = _("An ear tag is entered twice: %(tags)s")


class AlreadyAllocated(ApplicationError):
    message = _("Animals were already allocated to this breeder.")


class FeedInvalid(ApplicationError):
    message = _("Feed must be more than zero tonnes.")


class DoseAlreadyDone(ApplicationError):
    message = _("This vaccination is already recorded as done.")


class MotherNotInFlock(ApplicationError):
    message = _("The mother %(tag)s is not a living female of this flock.")


class NothingBorn(ApplicationError):
    message = _("Enter the ear tag of at least one newborn animal.")


class PassOnAnimalsInvalid(ApplicationError):
    message = _("Only living animals born in this flock and not passed on before can be passed on; check: %(tags)s")


class PassOnToSelf(ApplicationError):
    message = _("A breeder cannot pass animals on to themselves.")


class ReceiverIsOtherBreeder(ApplicationError):
    message = _("%(person)s is already a breeder of this scheme and did not receive from this breeder.")


class ReceiverNotEligible(ApplicationError):
    message = _("%(person)s cannot become a breeder: the rule “%(rule)s” is not met (%(explanation)s).")


class GrantInactive(ApplicationError):
    message = _("This grant is cancelled.")


def normalise_tags(text_or_tags: str | Iterable[str]) -> list[str]:
    items = re.split(r"[\s,;]+", text_or_tags) if isinstance(text_or_tags, str) else list(text_or_tags)
    return [t.strip().upper().replace(" ", "") for t in items if t and t.strip()]


def _check_tags(tags: Sequence[str]) -> None:
    bad = [t for t in tags if not _TAG.match(t)]
    if bad:
        raise TagsInvalid(tags=", ".join(bad))
    counts: dict[str, int] = {}
    for tag in tags:
        counts[tag] = counts.get(tag, 0) + 1
    repeated = sorted(tag for tag, n in counts.items() if n > 1)
    if repeated:
        raise TagsRepeated(tags=", ".join(repeated))
    taken = list(Animal.objects.filter(ear_tag__in=list(tags)).values_list("ear_tag", flat=True))
    if taken:
        raise TagsTaken(tags=", ".join(sorted(taken)))


# --- rules -------------------------------------------------------------------------------------


def grant_checks(scheme: GrantScheme, person: Any, *, day: dt.date) -> tuple[list[dict[str, str]], str]:
    """Every rule's outcome for `person` (the catalogue's rules, then the rural-neighbourhood
    ceiling) and the first rule not met, named, or "" when all pass."""
    checks: list[dict[str, str]] = []
    failed = ""
    if scheme.service_id:
        result = check_eligibility(person, scheme.service, day=day)  # type: ignore[arg-type]
        for outcome in result.outcomes:
            checks.append({"rule": rule_name(outcome), "status": outcome.status, "explanation": outcome.explanation})
        refusals = refusal_reasons(result)
        if refusals:
            first = refusals[0]
            failed = f"{rule_name(first)}: {first.explanation}"
    if scheme.rural_max_population:
        hood = person.neighbourhood
        rule = gettext("Rural neighbourhood (population at most %(max)s)") % {"max": scheme.rural_max_population}
        if hood is None:
            status, text = "unknown", gettext("Neighbourhood not recorded")
        elif hood.population <= scheme.rural_max_population:
            status = "passed"
            text = gettext("%(hood)s has %(pop)s residents: rural") % {"hood": hood.name, "pop": hood.population}
        else:
            status = "failed"
            text = gettext("%(hood)s has %(pop)s residents: not rural") % {"hood": hood.name, "pop": hood.population}
        checks.append({"rule": rule, "status": status, "explanation": text})
        if status != "passed" and not failed:
            failed = f"{rule}: {text}"
    return checks, failed


# --- applications and awards ---------------------------------------------------------------------


@transaction.atomic
def application_record(
    *, actor: Any, cohort: GrantCohort, person: Any, applied_on: dt.date | None = None
) -> GrantApplication:
    """Record an application; it is checked at once and rejected, naming the rule not met, when a
    rule fails or a fact the rules need is not recorded."""
    require_role(actor, WORK_ROLES)
    applied_on = applied_on or timezone.localdate()
    scheme = cohort.scheme
    if Grant.objects.filter(scheme=scheme, person=person).exists():
        raise AlreadyGrantee(person=person.full_name, scheme=scheme.name)
    checks, failed = grant_checks(scheme, person, day=applied_on)
    status = ApplicationStatus.REJECTED if failed else ApplicationStatus.ELIGIBLE
    try:
        with transaction.atomic():
            application = GrantApplication.objects.create(
                cohort=cohort,
                person=person,
                applied_on=applied_on,
                status=status,
                failed_rule=failed[:300],
                checks=checks,
                recorded_by=actor,
            )
    except IntegrityError as exc:
        raise AlreadyApplied(person=person.full_name) from exc
    audit_record(
        actor=actor,
        action="grant_application.create",
        obj=application,
        changes={"cohort": cohort.pk, "person": person.pk, "status": status, "failed_rule": failed},
    )
    return application


def _place(person: Any) -> tuple[Any, Any]:
    hood = person.neighbourhood
    return (hood.district_id if hood else person.district_id), (hood.pk if hood else None)


def _obligation(scheme: GrantScheme, started_on: dt.date) -> tuple[int, dt.date | None]:
    if not scheme.is_livestock or not scheme.pass_on_animals:
        return 0, None
    return scheme.pass_on_animals, started_on + relativedelta(years=scheme.pass_on_years)


@transaction.atomic
def grant_award(
    *, actor: Any, application: GrantApplication, started_on: dt.date | None = None, item_serial: str = ""
) -> Grant:
    """Award a place of the cohort to an eligible (or drawn) application."""
    require_role(actor, WORK_ROLES)
    started_on = started_on or timezone.localdate()
    # Lock the cohort row while counting its places (PostgreSQL; SQLite serialises writers anyway).
    cohort = GrantCohort.objects.select_for_update().select_related("scheme").get(pk=application.cohort_id)
    lottery = getattr(cohort, "lottery", None)
    allowed = {ApplicationStatus.ELIGIBLE, ApplicationStatus.SELECTED, ApplicationStatus.RESERVE}
    if lottery is not None:
        if not hasattr(lottery, "draw"):
            raise LotteryPending()
        allowed = {ApplicationStatus.SELECTED, ApplicationStatus.RESERVE}
    if application.status not in allowed:
        raise NotAwardable(status=application.get_status_display())
    if Grant.objects.filter(cohort=cohort).count() >= cohort.places:
        raise CohortFull(places=cohort.places)
    scheme = cohort.scheme
    if Grant.objects.filter(scheme=scheme, person=application.person).exists():
        raise AlreadyGrantee(person=application.person.full_name, scheme=scheme.name)
    owed, due = _obligation(scheme, started_on)
    district_id, hood_id = _place(application.person)
    grant = Grant.objects.create(
        scheme=scheme,
        cohort=cohort,
        application=application,
        person=application.person,
        generation=1,
        started_on=started_on,
        obligation_animals=owed,
        obligation_due=due,
        district_id=district_id,
        neighbourhood_id=hood_id,
        item_serial=item_serial.strip(),
        created_by=actor,
    )
    GrantApplication.objects.filter(pk=application.pk).update(status=ApplicationStatus.AWARDED)
    audit_record(
        actor=actor,
        action="grant.award",
        obj=grant,
        changes={"application": application.pk, "cohort": cohort.pk, "person": grant.person_id, "due": str(due)},
    )
    return grant


def _vaccination_schedule(grant: Grant, start: dt.date) -> None:
    months = grant.scheme.vaccination_months
    VaccinationDose.objects.bulk_create(
        [
            VaccinationDose(grant=grant, vaccine=vaccine, due_on=start + relativedelta(months=offset))
            for vaccine, offset in VACCINATION_PLAN
            if offset < months
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def animals_allocate(
    *,
    actor: Any,
    grant: Grant,
    species: str,
    female_tags: str | Iterable[str],
    male_tags: str | Iterable[str],
    allocated_on: dt.date | None = None,
    with_feed: bool = True,
) -> list[Animal]:
    """Hand the scheme's animals (24 female + 1 male by default) to a breeder, each with its ear tag;
    schedules the year of vaccinations and, unless told otherwise, records the feed delivery."""
    require_role(actor, WORK_ROLES)
    scheme = grant.scheme
    if not scheme.is_livestock:
        raise NotLivestock(scheme=scheme.name)
    if grant.status == GrantStatus.CANCELLED:
        raise GrantInactive()
    if Animal.objects.filter(grant=grant, origin=AnimalOrigin.ALLOCATED).exists() or grant.generation > 1:
        raise AlreadyAllocated()
    females, males = normalise_tags(female_tags), normalise_tags(male_tags)
    if len(females) != scheme.females or len(males) != scheme.males:
        raise TagsCount(females=scheme.females, males=scheme.males, got_f=len(females), got_m=len(males))
    if species not in Species.values:
        species = Species.SHEEP
    _check_tags([*females, *males])
    allocated_on = allocated_on or timezone.localdate()
    animals = [
        Animal(
            ear_tag=tag, species=species, sex=sex, grant=grant, origin=AnimalOrigin.ALLOCATED, acquired_on=allocated_on
        )
        for tags, sex in ((females, AnimalSex.FEMALE), (males, AnimalSex.MALE))
        for tag in tags
    ]
    try:
        with transaction.atomic():
            Animal.objects.bulk_create(animals)
    except IntegrityError as exc:  # a colleague registered one of the tags a moment ago
        raise TagsTaken(tags=", ".join(sorted(a.ear_tag for a in animals))) from exc
    _vaccination_schedule(grant, allocated_on)
    if with_feed and scheme.feed_tonnes:
        FeedDelivery.objects.create(
            grant=grant, delivered_on=allocated_on, tonnes=scheme.feed_tonnes, recorded_by=actor
        )
    audit_record(
        actor=actor,
        action="grant.allocate",
        obj=grant,
        changes={"species": species, "females": females, "males": males, "date": allocated_on.isoformat()},
    )
    return animals


@transaction.atomic
def feed_record(*, actor: Any, grant: Grant, delivered_on: dt.date, tonnes: Decimal, note: str = "") -> FeedDelivery:
    require_role(actor, WORK_ROLES)
    if tonnes is None or tonnes <= 0:
        raise FeedInvalid()
    row = FeedDelivery.objects.create(
        grant=grant, delivered_on=delivered_on, tonnes=tonnes, note=note, recorded_by=actor
    )
    audit_record(
        actor=actor, action="grant.feed", obj=grant, changes={"tonnes": str(tonnes), "date": str(delivered_on)}
    )
    return row


@transaction.atomic
def vaccination_record(
    *, actor: Any, dose: VaccinationDose, done_on: dt.date, animals: int | None = None, vet: str = ""
) -> VaccinationDose:
    require_role(actor, WORK_ROLES)
    updated = VaccinationDose.objects.filter(pk=dose.pk, done_on__isnull=True).update(
        done_on=done_on, animals=animals, vet=vet.strip(), recorded_by=actor
    )
    if not updated:
        raise DoseAlreadyDone()
    dose.refresh_from_db()
    audit_record(
        actor=actor,
        action="grant.vaccination",
        obj=dose.grant,
        changes={"vaccine": dose.vaccine, "due_on": str(dose.due_on), "done_on": str(done_on), "animals": animals},
    )
    return dose


@transaction.atomic
def births_record(
    *,
    actor: Any,
    grant: Grant,
    born_on: dt.date,
    newborns: Sequence[tuple[str, str]],
    mother_tag: str = "",
) -> list[Animal]:
    """Newborns of a flock, each (ear tag, sex); they are the animals the breeder may pass on."""
    require_role(actor, WORK_ROLES)
    if not grant.scheme.is_livestock:
        raise NotLivestock(scheme=grant.scheme.name)
    if not newborns:
        raise NothingBorn()
    mother = None
    if mother_tag.strip():
        tag = normalise_tags(mother_tag)[0]
        mother = Animal.objects.filter(
            grant=grant, ear_tag=tag, sex=AnimalSex.FEMALE, status=AnimalStatus.ALIVE
        ).first()
        if mother is None:
            raise MotherNotInFlock(tag=tag)
    tags = [normalise_tags(tag)[0] if normalise_tags(tag) else "" for tag, _sex in newborns]
    _check_tags(tags)
    species = mother.species if mother else grant.animals.values_list("species", flat=True).first() or Species.SHEEP
    animals = [
        Animal(
            ear_tag=tag,
            species=species,
            sex=sex if sex in AnimalSex.values else AnimalSex.FEMALE,
            grant=grant,
            origin=AnimalOrigin.BORN,
            born_in=grant,
            mother=mother,
            born_on=born_on,
            acquired_on=born_on,
        )
        for tag, (_tag, sex) in zip(tags, newborns, strict=True)
    ]
    try:
        with transaction.atomic():
            Animal.objects.bulk_create(animals)
    except IntegrityError as exc:
        raise TagsTaken(tags=", ".join(tags)) from exc
    audit_record(
        actor=actor,
        action="grant.births",
        obj=grant,
        changes={"born_on": str(born_on), "tags": tags, "mother": mother.ear_tag if mother else None},
    )
    return animals


@transaction.atomic
def pass_on_record(
    *,
    actor: Any,
    from_grant: Grant,
    person: Any,
    tags: str | Iterable[str],
    transferred_on: dt.date | None = None,
    note: str = "",
) -> PassOn:
    """A breeder passes animals born in their flock to `person`, who becomes a breeder of the next
    generation with an obligation of their own (or, already one, receives more from the same giver)."""
    require_role(actor, WORK_ROLES)
    transferred_on = transferred_on or timezone.localdate()
    scheme = from_grant.scheme
    if not scheme.is_livestock:
        raise NotLivestock(scheme=scheme.name)
    if person.pk == from_grant.person_id:
        raise PassOnToSelf()
    wanted = normalise_tags(tags)
    if not wanted:
        raise PassOnAnimalsInvalid(tags="—")
    animals = list(
        Animal.objects.filter(
            ear_tag__in=wanted,
            grant=from_grant,
            born_in=from_grant,
            status=AnimalStatus.ALIVE,
            passed_on_in__isnull=True,
        )
    )
    found = {a.ear_tag for a in animals}
    if len(found) != len(set(wanted)):
        raise PassOnAnimalsInvalid(tags=", ".join(sorted(set(wanted) - found)))
    receiver = Grant.objects.filter(scheme=scheme, person=person).first()
    if receiver is not None and receiver.giver_id != from_grant.pk:
        raise ReceiverIsOtherBreeder(person=person.full_name)
    if receiver is None:
        _checks, failed = grant_checks(scheme, person, day=transferred_on)
        if failed:
            rule, _sep, explanation = failed.partition(": ")
            raise ReceiverNotEligible(person=person.full_name, rule=rule, explanation=explanation)
        owed, due = _obligation(scheme, transferred_on)
        district_id, hood_id = _place(person)
        receiver = Grant.objects.create(
            scheme=scheme,
            cohort=None,
            person=person,
            generation=from_grant.generation + 1,
            giver=from_grant,
            started_on=transferred_on,
            obligation_animals=owed,
            obligation_due=due,
            district_id=district_id,
            neighbourhood_id=hood_id,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="grant.create_by_pass_on",
            obj=receiver,
            changes={"giver": from_grant.pk, "generation": receiver.generation, "due": str(due)},
        )
    pass_on = PassOn.objects.create(
        from_grant=from_grant,
        to_grant=receiver,
        transferred_on=transferred_on,
        animal_count=len(animals),
        note=note.strip(),
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            PassOnAnimal.objects.bulk_create([PassOnAnimal(pass_on=pass_on, animal=a) for a in animals])
    except IntegrityError as exc:  # the same animal passed on by a colleague a moment ago
        raise PassOnAnimalsInvalid(tags=", ".join(sorted(found))) from exc
    Animal.objects.filter(pk__in=[a.pk for a in animals]).update(grant=receiver, acquired_on=transferred_on)
    passed = PassOnAnimal.objects.filter(pass_on__from_grant=from_grant).count()
    if from_grant.obligation_animals and passed >= from_grant.obligation_animals:
        Grant.objects.filter(pk=from_grant.pk, status=GrantStatus.ACTIVE).update(status=GrantStatus.FULFILLED)
    # Fulfilled: its open tasks are done; back on pace: the "at risk" one is.
    obligation_tasks_close(actor=actor, grant=from_grant, passed=passed)
    audit_record(
        actor=actor,
        action="grant.pass_on",
        obj=pass_on,
        changes={
            "from": from_grant.pk,
            "to": receiver.pk,
            "person": person.pk,
            "tags": sorted(found),
            "date": transferred_on.isoformat(),
            "passed_total": passed,
        },
    )
    return pass_on


def passed_counts(grant_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        PassOnAnimal.objects.filter(pass_on__from_grant_id__in=list(grant_ids))
        .values("pass_on__from_grant_id")
        .annotate(n=Count("id"))
    )
    return {r["pass_on__from_grant_id"]: r["n"] for r in rows}
