"""Livestock grants: rules with the failed one named, allocation with ear tags, births, pass-ons
that make new breeders (a chain over three generations), obligations overdue and at risk."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from omur.benefits.models import Animal, ApplicationStatus, GrantCohort, GrantScheme, GrantStatus, VaccinationDose
from omur.benefits.selectors import chain, district_dashboard, obligation_state, obligations, pass_ons_in
from omur.benefits.services import grants
from omur.benefits.services.common import NotAllowed
from omur.benefits.tests.conftest import make_household
from omur.geo.models import Neighbourhood

TODAY = dt.date.today()


class Tags:
    n = 50_000_000

    @classmethod
    def take(cls, k: int) -> list[str]:
        out = [f"TR33{cls.n + i:08d}" for i in range(k)]
        cls.n += k
        return out


@pytest.fixture
def village(catalogue: Any) -> Neighbourhood:
    return Neighbourhood.objects.filter(district__name="Mut", population__lte=3000).order_by("id").first()


@pytest.fixture
def scheme(catalogue: Any) -> GrantScheme:
    return GrantScheme.objects.select_related("service").get(code="hadi-gel-koyumuze")


@pytest.fixture
def cohort(scheme: GrantScheme) -> GrantCohort:
    return GrantCohort.objects.create(scheme=scheme, year=TODAY.year, places=60)


def villager(village: Neighbourhood, age: int = 35) -> Any:
    return make_household((3000, age), hood=village)[0]


def breeder(actor: Any, cohort: GrantCohort, person: Any, start: dt.date | None = None) -> Any:
    application = grants.application_record(actor=actor, cohort=cohort, person=person)
    assert application.status == ApplicationStatus.ELIGIBLE, application.failed_rule
    grant = grants.grant_award(actor=actor, application=application, started_on=start or TODAY)
    grants.animals_allocate(
        actor=actor,
        grant=grant,
        species="sheep",
        female_tags=Tags.take(24),
        male_tags=Tags.take(1),
        allocated_on=start or TODAY,
    )
    return grant


def births(actor: Any, grant: Any, n: int, day: dt.date | None = None) -> list[str]:
    tags = Tags.take(n)
    grants.births_record(actor=actor, grant=grant, born_on=day or TODAY, newborns=[(t, "F") for t in tags])
    return tags


def test_an_over_age_applicant_is_rejected_with_the_rule_that_failed(
    cohort: GrantCohort, village: Any, social_worker: Any
) -> None:
    with translation.override("en"):
        application = grants.application_record(actor=social_worker, cohort=cohort, person=villager(village, age=47))
    assert application.status == ApplicationStatus.REJECTED
    assert application.failed_rule.startswith("Age: 25–45 years")
    assert "47" in application.failed_rule
    with pytest.raises(grants.NotAwardable):
        grants.grant_award(actor=social_worker, application=application)


def test_a_town_applicant_fails_the_rural_rule(cohort: GrantCohort, social_worker: Any) -> None:
    town = Neighbourhood.objects.filter(district__name="Tarsus", population__gt=3000).order_by("-population").first()
    with translation.override("en"):
        application = grants.application_record(actor=social_worker, cohort=cohort, person=villager(town))
    assert application.status == ApplicationStatus.REJECTED
    assert application.failed_rule.startswith("Rural neighbourhood")


def test_allocation_needs_24_female_and_1_male_with_unique_ear_tags(
    cohort: GrantCohort, village: Any, social_worker: Any
) -> None:
    first = breeder(social_worker, cohort, villager(village))
    assert first.animals.count() == 25 and first.animals.filter(sex="M").count() == 1
    assert first.feed_deliveries.get().tonnes == 4
    assert VaccinationDose.objects.filter(grant=first).count() >= 10  # a year of doses scheduled
    application = grants.application_record(actor=social_worker, cohort=cohort, person=villager(village))
    second = grants.grant_award(actor=social_worker, application=application)
    with pytest.raises(grants.TagsCount):
        grants.animals_allocate(
            actor=social_worker, grant=second, species="goat", female_tags=Tags.take(23), male_tags=Tags.take(1)
        )
    taken = list(first.animals.values_list("ear_tag", flat=True)[:1])
    with pytest.raises(grants.TagsTaken):
        grants.animals_allocate(
            actor=social_worker, grant=second, species="goat", female_tags=taken + Tags.take(23), male_tags=Tags.take(1)
        )
    with pytest.raises(grants.TagsInvalid):
        grants.animals_allocate(
            actor=social_worker,
            grant=second,
            species="goat",
            female_tags=["33-12", *Tags.take(23)],
            male_tags=Tags.take(1),
        )


def test_a_breeders_pass_on_chain_over_three_generations_is_followed(
    cohort: GrantCohort, village: Any, social_worker: Any, audit_events: Any
) -> None:
    start = TODAY - dt.timedelta(days=3 * 365)
    g1 = breeder(social_worker, cohort, villager(village), start=start)
    born = births(social_worker, g1, 30, start + dt.timedelta(days=300))
    # Allocated animals cannot be passed on: only those born in the flock.
    with pytest.raises(grants.PassOnAnimalsInvalid):
        grants.pass_on_record(
            actor=social_worker,
            from_grant=g1,
            person=villager(village),
            tags=list(g1.animals.filter(origin="allocated").values_list("ear_tag", flat=True)[:2]),
        )
    receiver2 = villager(village, age=30)
    p1 = grants.pass_on_record(
        actor=social_worker,
        from_grant=g1,
        person=receiver2,
        tags=born[:15],
        transferred_on=start + dt.timedelta(days=400),
    )
    g2 = p1.to_grant
    assert g2.generation == 2 and g2.giver == g1 and g2.obligation_animals == 25
    assert g2.obligation_due == (start + dt.timedelta(days=400)).replace(year=(start + dt.timedelta(days=400)).year + 5)
    grants.pass_on_record(
        actor=social_worker,
        from_grant=g1,
        person=receiver2,
        tags=born[15:25],
        transferred_on=start + dt.timedelta(days=500),
    )
    g1.refresh_from_db()
    assert g1.status == GrantStatus.FULFILLED
    born2 = births(social_worker, g2, 8, start + dt.timedelta(days=700))
    g3 = grants.pass_on_record(
        actor=social_worker,
        from_grant=g2,
        person=villager(village, age=28),
        tags=born2,
        transferred_on=start + dt.timedelta(days=800),
    ).to_grant
    assert g3.generation == 3 and g3.giver == g2
    tree = chain(g1)
    assert [(depth, g.pk, n) for depth, g, n in tree] == [(1, g2.pk, 25), (2, g3.pk, 8)]
    assert Animal.objects.filter(grant=g3).count() == 8
    assert audit_events.filter(action="grant.create_by_pass_on").count() == 2
    assert pass_ons_in(start, TODAY) == 33
    # Someone who is already another breeder's receiver cannot be handed animals by a third.
    with pytest.raises(grants.ReceiverIsOtherBreeder):
        grants.pass_on_record(actor=social_worker, from_grant=g1, person=g3.person, tags=born[25:27])
    dashboard = district_dashboard(g1.scheme)
    assert dashboard["totals"]["breeders"] == 3
    assert sum(dashboard["totals"]["passons_by_year"]) == 33


def test_receiver_must_meet_the_rules(cohort: GrantCohort, village: Any, social_worker: Any) -> None:
    g1 = breeder(social_worker, cohort, villager(village))
    born = births(social_worker, g1, 3)
    with pytest.raises(grants.ReceiverNotEligible):
        grants.pass_on_record(actor=social_worker, from_grant=g1, person=villager(village, age=60), tags=born)


def test_obligations_overdue_and_at_risk(cohort: GrantCohort, village: Any, social_worker: Any) -> None:
    g = breeder(social_worker, cohort, villager(village))
    g.started_on = dt.date(2021, 1, 1)
    g.obligation_due = dt.date(2026, 1, 1)
    # Two years in, a steady pace would have passed on 10 of 25.
    assert obligation_state(g, 9, today=dt.date(2023, 1, 3)).state == "at_risk"
    assert obligation_state(g, 10, today=dt.date(2023, 1, 3)).state == "on_track"
    assert obligation_state(g, 24, today=dt.date(2026, 1, 2)).state == "overdue"
    assert obligation_state(g, 25, today=dt.date(2026, 1, 2)).state == "fulfilled"
    g.save()
    rows = obligations(state="overdue", today=dt.date(2026, 6, 1))
    assert [r.grant.pk for r in rows] == [g.pk] and rows[0].missing == 25
    assert obligations(state="at_risk", today=dt.date(2026, 6, 1)) == []


def test_one_off_grant_has_no_obligation(catalogue: Any, village: Any, social_worker: Any) -> None:
    solar = GrantScheme.objects.get(code="gunes-paneli")
    cohort = GrantCohort.objects.create(scheme=solar, year=TODAY.year, places=1)
    application = grants.application_record(actor=social_worker, cohort=cohort, person=villager(village, age=58))
    grant = grants.grant_award(actor=social_worker, application=application, item_serial="GES-1")
    assert grant.obligation_animals == 0 and grant.obligation_due is None and grant.item_serial == "GES-1"
    with pytest.raises(grants.NotLivestock):
        grants.animals_allocate(actor=social_worker, grant=grant, species="goat", female_tags=[], male_tags=[])
    other = grants.application_record(actor=social_worker, cohort=cohort, person=villager(village, age=40))
    with pytest.raises(grants.CohortFull):
        grants.grant_award(actor=social_worker, application=other)


def test_sociologist_cannot_record_an_application(cohort: GrantCohort, village: Any, sociologist: Any) -> None:
    with pytest.raises(NotAllowed):
        grants.application_record(actor=sociologist, cohort=cohort, person=villager(village))


def test_obligations_list_today_is_default(cohort: GrantCohort) -> None:
    assert obligations(today=timezone.localdate()) == []
