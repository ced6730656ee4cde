"""Eligibility rules: each kind for one person (passed / failed / unknown with its explanation), and
the bulk worklist, which must select exactly the people the per-person evaluation calls eligible."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from omur.registry.models import HouseholdMember, Person, PersonHealth, Relation, SocialSecurity
from omur.registry.tests.factories import HouseholdFactory, PersonFactory
from omur.services.eligibility import (
    age_in_months,
    age_in_years,
    eligible_people,
    evaluate_person,
    latest_birth_date,
    reaches_age_on,
    validate_params,
)
from omur.services.facts import facts_from_health
from omur.services.models import EligibilityFacts, MinimumWage, Service
from omur.services.selectors import person_eligibility, services_with_rules, worklist, worklist_service
from omur.services.tests.factories import service_with_rules

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 25)


def _outcome(person: Person, service: Service, day: dt.date = DAY) -> Any:
    [result] = evaluate_person(person, [service], day=day)
    return result


def _in_worklist(person: Person, service: Service, day: dt.date = DAY) -> bool:
    return eligible_people(service, day=day).filter(pk=person.pk).exists()


# --- dates ------------------------------------------------------------------------------------


def test_latest_birth_date_clamps_to_the_end_of_a_short_month() -> None:
    assert latest_birth_date(dt.date(2025, 3, 31), months=1) == dt.date(2025, 2, 28)
    assert latest_birth_date(dt.date(2024, 3, 31), months=1) == dt.date(2024, 2, 29)
    assert latest_birth_date(dt.date(2026, 11, 25), months=65 * 12) == dt.date(1961, 11, 25)


def test_leap_day_birthday_counts_from_the_first_of_march_in_common_years() -> None:
    born = dt.date(1960, 2, 29)
    assert age_in_years(born, dt.date(2025, 2, 28)) == 64
    assert age_in_years(born, dt.date(2025, 3, 1)) == 65
    assert reaches_age_on(born, months=65 * 12) == dt.date(2025, 3, 1)
    assert reaches_age_on(born, months=64 * 12) == dt.date(2024, 2, 29)


def test_age_in_months_counts_completed_months() -> None:
    assert age_in_months(dt.date(2020, 11, 26), dt.date(2026, 11, 25)) == 71
    assert age_in_months(dt.date(2020, 11, 25), dt.date(2026, 11, 25)) == 72


# --- one rule kind at a time ------------------------------------------------------------------


def test_turning_65_tomorrow_is_not_eligible_today_but_is_tomorrow() -> None:
    service = service_with_rules(("age_years_between", {"min": 65}))
    person = PersonFactory(birth_date=dt.date(1961, 11, 26))
    with translation.override("tr"):
        today = _outcome(person, service, DAY)
        tomorrow = _outcome(person, service, DAY + dt.timedelta(days=1))
    assert today.status == "not_eligible"
    assert (
        today.outcomes[0].explanation == "Yaş 64: 65 ve üzeri şartını karşılamıyor (26.11.2026 tarihinde karşılayacak)"
    )
    assert not _in_worklist(person, service, DAY)
    assert tomorrow.eligible
    assert tomorrow.outcomes[0].explanation == "Yaş 65: 65 ve üzeri şartını karşılıyor"
    assert _in_worklist(person, service, DAY + dt.timedelta(days=1))


def test_age_explanation_in_english() -> None:
    service = service_with_rules(("age_years_between", {"min": 65}))
    person = PersonFactory(birth_date=dt.date(1959, 5, 1))
    with translation.override("en"):
        result = _outcome(person, service)
    assert result.outcomes[0].explanation == "Age 67: meets the “65 or over” condition"


def test_age_range_upper_bound_is_inclusive_in_completed_years() -> None:
    service = service_with_rules(("age_years_between", {"min": 25, "max": 45}))
    forty_five = PersonFactory(birth_date=dt.date(1980, 11, 25))  # 46 today
    still_45 = PersonFactory(birth_date=dt.date(1980, 11, 26))  # 45 until tomorrow
    assert _outcome(forty_five, service).status == "not_eligible"
    assert _outcome(still_45, service).eligible
    assert not _in_worklist(forty_five, service)
    assert _in_worklist(still_45, service)


def test_age_in_months_ages_out_at_72_months() -> None:
    service = service_with_rules(("age_months_between", {"max": 71}))
    seventy_one = PersonFactory(birth_date=dt.date(2020, 11, 26))
    seventy_two = PersonFactory(birth_date=dt.date(2020, 11, 25))
    with translation.override("tr"):
        assert _outcome(seventy_one, service).outcomes[0].explanation == "Yaş 71 ay: 71 ay ve altı şartını karşılıyor"
        assert _outcome(seventy_two, service).status == "not_eligible"
    assert _in_worklist(seventy_one, service)
    assert not _in_worklist(seventy_two, service)


def test_missing_birth_date_is_unknown_and_not_in_the_worklist() -> None:
    service = service_with_rules(("age_years_between", {"min": 65}))
    person = PersonFactory(birth_date=None)
    result = _outcome(person, service)
    assert result.status == "unknown"
    with translation.override("tr"):
        assert _outcome(person, service).outcomes[0].explanation.startswith("Doğum tarihi kayıtlı değil")
    assert not _in_worklist(person, service)


def test_disability_percentage_from_the_encrypted_health_record() -> None:
    service = service_with_rules(("min_disability_percent", {"percent": 40}))
    at_40 = PersonFactory()
    PersonHealth.objects.create(person=at_40, data={"disability_percent": 40, "notes": "not copied"})
    at_39 = PersonFactory()
    PersonHealth.objects.create(person=at_39, data={"disability": {"percent": 39}})
    no_record = PersonFactory()
    assert _outcome(at_40, service).eligible
    assert _outcome(at_39, service).status == "not_eligible"
    assert _outcome(no_record, service).status == "unknown"
    assert set(eligible_people(service, day=DAY)) == {at_40}
    with translation.override("tr"):
        assert _outcome(at_40, service).outcomes[0].explanation == "Engel oranı %40: en az %40 şartını karşılıyor"


def test_health_record_changes_and_deletion_keep_the_facts_in_step() -> None:
    person = PersonFactory()
    health = PersonHealth.objects.create(person=person, data={"disability_percent": 20})
    assert EligibilityFacts.objects.get(person=person).disability_percent == 20
    health.data = {"disability_percent": 70, "diagnoses": ["f84.0", {"code": "G80"}]}
    health.save()
    facts = EligibilityFacts.objects.get(person=person)
    assert (facts.disability_percent, facts.diagnosis_codes) == (70, " F84.0 G80 ")
    health.delete()
    assert not EligibilityFacts.objects.filter(person=person).exists()


def test_facts_copy_only_what_rules_need() -> None:
    assert facts_from_health({"disability_percent": "55", "notes": "secret", "pregnant": True}) == (55, " Z33 ")
    assert facts_from_health({"disability_percent": 140}) == (None, "")
    assert facts_from_health({"diagnoses": "F84.1, E11"}) == (None, " E11 F84.1 ")
    assert facts_from_health(None) == (None, "")


def test_lives_alone() -> None:
    service = service_with_rules(("lives_alone", {"value": True}))
    alone = PersonFactory(lives_alone=True)
    with_family = PersonFactory(lives_alone=False)
    assert _outcome(alone, service).eligible
    assert _outcome(with_family, service).status == "not_eligible"
    assert set(eligible_people(service, day=DAY)) == {alone}


def test_districts_and_neighbourhoods(geography: Any) -> None:
    from omur.geo.models import Neighbourhood

    halkkent = Neighbourhood.objects.get(name="Halkkent")
    mut_hood = Neighbourhood.objects.filter(district__name="Mut").first()
    assert mut_hood is not None
    by_district = service_with_rules(("in_districts", {"district_ids": [mut_hood.district_id]}))
    by_hood = service_with_rules(("in_neighbourhoods", {"neighbourhood_ids": [halkkent.pk]}))
    in_mut = PersonFactory(neighbourhood=mut_hood)
    district_only = PersonFactory(district_id=mut_hood.district_id)
    in_halkkent = PersonFactory(neighbourhood=halkkent)
    nowhere = PersonFactory()
    assert [_outcome(p, by_district).status for p in (in_mut, district_only, in_halkkent, nowhere)] == [
        "eligible",
        "eligible",
        "not_eligible",
        "unknown",
    ]
    assert set(eligible_people(by_district, day=DAY)) == {in_mut, district_only}
    assert set(eligible_people(by_hood, day=DAY)) == {in_halkkent}
    with translation.override("tr"):
        assert (
            _outcome(in_halkkent, by_district).outcomes[0].explanation
            == "Toroslar ilçesinde oturuyor: hizmet bölgesinin dışında (Mut)"
        )


def test_income_per_head_uses_the_whole_household_and_the_minimum_wage_on_the_day() -> None:
    service = service_with_rules(("income_per_head_below_min_wage_ratio", {"ratio": "0.5"}))
    household = HouseholdFactory()
    earner = PersonFactory(monthly_income=Decimal("30000"))
    child = PersonFactory(monthly_income=None)
    spouse = PersonFactory(monthly_income=Decimal("0"))
    for person, relation in ((earner, Relation.HEAD), (child, Relation.CHILD), (spouse, Relation.SPOUSE)):
        HouseholdMember.objects.create(household=household, person=person, relation=relation)
    # 30,000 / 3 = 10,000 a head. Half the 2025 net minimum wage is 11,052.34 (below); half the
    # 2026 one is 14,037.75 (below); half the 2024 one is 8,501.06 (not below).
    assert _outcome(child, service, dt.date(2025, 6, 1)).eligible
    assert _outcome(child, service, dt.date(2024, 6, 1)).status == "not_eligible"
    assert _in_worklist(child, service, dt.date(2025, 6, 1))
    assert not _in_worklist(child, service, dt.date(2024, 6, 1))
    with translation.override("tr"):
        text = _outcome(child, service, dt.date(2025, 6, 1)).outcomes[0].explanation
    assert text == "Hane kişi başı geliri 10.000,00 TL: 11.052,34 TL sınırının altında (asgari ücretin %50 oranı)"


def test_income_exactly_at_the_limit_is_not_below_it() -> None:
    MinimumWage.objects.create(
        valid_from=dt.date(2030, 1, 1), net_monthly=Decimal("20000.00"), gross_monthly=Decimal("24000.00")
    )
    service = service_with_rules(("income_per_head_below_min_wage_ratio", {"ratio": "0.5"}))
    at_limit = PersonFactory(monthly_income=Decimal("10000.00"))
    just_below = PersonFactory(monthly_income=Decimal("9999.99"))
    day = dt.date(2030, 2, 1)
    assert _outcome(at_limit, service, day).status == "not_eligible"
    assert _outcome(just_below, service, day).eligible
    assert set(eligible_people(service, day=day)) == {just_below}


def test_income_unknown_when_nobody_in_the_household_has_a_recorded_income() -> None:
    service = service_with_rules(("income_per_head_below_min_wage_ratio", {"ratio": "1"}))
    household = HouseholdFactory()
    person = PersonFactory(monthly_income=None)
    HouseholdMember.objects.create(household=household, person=person, relation=Relation.HEAD)
    alone_unknown = PersonFactory(monthly_income=None)
    assert _outcome(person, service).status == "unknown"
    assert _outcome(alone_unknown, service).status == "unknown"
    assert not eligible_people(service, day=DAY).exists()


def test_income_without_a_minimum_wage_for_the_day_matches_nobody() -> None:
    service = service_with_rules(("income_per_head_below_min_wage_ratio", {"ratio": "1"}))
    person = PersonFactory(monthly_income=Decimal(0))
    day = dt.date(2000, 1, 1)
    assert _outcome(person, service, day).status == "unknown"
    assert not eligible_people(service, day=day).exists()


def test_no_social_security() -> None:
    service = service_with_rules(("no_social_security", {}))
    without = PersonFactory(social_security=SocialSecurity.NONE)
    insured = PersonFactory(social_security=SocialSecurity.SGK_RETIRED)
    not_recorded = PersonFactory(social_security="")
    assert [_outcome(p, service).status for p in (without, insured, not_recorded)] == [
        "eligible",
        "not_eligible",
        "unknown",
    ]
    assert set(eligible_people(service, day=DAY)) == {without}


def test_sex() -> None:
    service = service_with_rules(("sex", {"sex": "F"}))
    woman = PersonFactory(sex="F")
    man = PersonFactory(sex="M")
    with translation.override("tr"):
        expected = f"Cinsiyet: {man.get_sex_display()} — hizmet yalnızca kadınlar için"
        assert _outcome(man, service).outcomes[0].explanation == expected
    assert set(eligible_people(service, day=DAY)) == {woman}


def test_diagnosis_matches_code_prefixes() -> None:
    service = service_with_rules(("diagnosis_present", {"codes": ["F84"], "label_tr": "otizm", "label_en": "autism"}))
    autistic = PersonFactory()
    PersonHealth.objects.create(person=autistic, data={"diagnoses": ["F84.0"]})
    other = PersonFactory()
    PersonHealth.objects.create(person=other, data={"diagnoses": ["F41.2", "XF84"]})
    no_record = PersonFactory()
    assert [_outcome(p, service).status for p in (autistic, other, no_record)] == [
        "eligible",
        "not_eligible",
        "unknown",
    ]
    assert set(eligible_people(service, day=DAY)) == {autistic}


def test_deceased_people_are_never_eligible() -> None:
    service = service_with_rules()
    alive = PersonFactory()
    deceased = PersonFactory(date_of_death=dt.date(2026, 1, 1))
    assert _outcome(deceased, service).status == "not_eligible"
    assert _outcome(alive, service).eligible
    assert set(eligible_people(service, day=DAY)) == {alive}
    assert _in_worklist(deceased, service, dt.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("age_years_between", {}),
        ("age_years_between", {"min": 70, "max": 65}),
        ("age_months_between", {"min": -1}),
        ("min_disability_percent", {"percent": 0}),
        ("lives_alone", {"value": "yes"}),
        ("in_districts", {"district_ids": []}),
        ("in_neighbourhoods", {"neighbourhood_ids": ["x"]}),
        ("income_per_head_below_min_wage_ratio", {"ratio": "zero"}),
        ("sex", {"sex": "X"}),
        ("diagnosis_present", {"codes": []}),
        ("unknown_kind", {}),
    ],
)
def test_invalid_parameters_are_refused(kind: str, params: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        validate_params(kind, params)


# --- the worklist -----------------------------------------------------------------------------


def test_worklist_leaves_out_people_with_an_open_enrolment() -> None:
    Enrolment = apps.get_model("cases", "Enrolment")
    service = service_with_rules(("age_years_between", {"min": 65}))
    active, closed, waiting = (PersonFactory(birth_date=dt.date(1950, 1, 1)) for _ in range(3))
    Enrolment.objects.create(person=active, service=service, status="active")
    Enrolment.objects.create(person=waiting, service=service, status="waiting")
    Enrolment.objects.create(person=closed, service=service, status="closed", close_reason="goal_met")
    assert set(worklist(service, day=DAY)) == {closed}


def test_worklist_is_one_query(django_assert_num_queries: Any) -> None:
    service = service_with_rules(
        ("age_years_between", {"min": 65}),
        ("income_per_head_below_min_wage_ratio", {"ratio": "1"}),
        ("min_disability_percent", {"percent": 40}),
    )
    for _ in range(5):
        PersonFactory(birth_date=dt.date(1950, 1, 1), monthly_income=Decimal(100))
    service = worklist_service(service.code)
    # One for the minimum wage in force, one for the list itself.
    with django_assert_num_queries(2):
        list(worklist(service, day=DAY))


def test_person_evaluation_takes_the_same_queries_for_3_or_30_services(django_assert_max_num_queries: Any) -> None:
    person = PersonFactory(birth_date=dt.date(1950, 1, 1))
    for _ in range(3):
        service_with_rules(("age_years_between", {"min": 65}), ("income_per_head_below_min_wage_ratio", {"ratio": "1"}))
    with django_assert_max_num_queries(6) as few:
        person_eligibility(person, day=DAY)
    for _ in range(27):
        service_with_rules(("age_years_between", {"min": 65}), ("lives_alone", {"value": True}))
    with django_assert_max_num_queries(len(few.captured_queries)):
        results = person_eligibility(person, day=DAY)
    assert len(results) == 30


# The equivalence: for a varied population and every rule kind, the database selects exactly the
# people the per-person evaluation calls eligible, on ordinary days and on boundary days.
RULE_SETS: list[list[tuple[str, dict[str, Any]]]] = [
    [("age_years_between", {"min": 65})],
    [("age_years_between", {"min": 25, "max": 45})],
    [("age_months_between", {"max": 71})],
    [("age_months_between", {"min": 36, "max": 71})],
    [("min_disability_percent", {"percent": 40})],
    [("lives_alone", {"value": True})],
    [("lives_alone", {"value": False})],
    [("income_per_head_below_min_wage_ratio", {"ratio": "0.5"})],
    [("income_per_head_below_min_wage_ratio", {"ratio": "1"})],
    [("no_social_security", {})],
    [("sex", {"sex": "F"})],
    [("diagnosis_present", {"codes": ["F84", "Z33"]})],
    [
        ("age_years_between", {"min": 65}),
        ("lives_alone", {"value": True}),
        ("income_per_head_below_min_wage_ratio", {"ratio": "1"}),
    ],
    [("sex", {"sex": "F"}), ("age_years_between", {"min": 18}), ("no_social_security", {})],
    # Selective rules with income: the household sums are narrowed to the candidates.
    [("diagnosis_present", {"codes": ["Z33"]}), ("income_per_head_below_min_wage_ratio", {"ratio": "1"})],
    [("min_disability_percent", {"percent": 40}), ("income_per_head_below_min_wage_ratio", {"ratio": "0.5"})],
    [("age_months_between", {"max": 71}), ("income_per_head_below_min_wage_ratio", {"ratio": "1"})],
]


def _population(rng: random.Random, day: dt.date) -> list[Person]:
    people = []
    # Birthdays on and around the boundaries of every age rule above, and some leap days.
    boundary_births = []
    for months in (36, 71, 72, 18 * 12, 25 * 12, 46 * 12, 65 * 12):
        edge = latest_birth_date(day, months=months)
        boundary_births += [edge - dt.timedelta(days=1), edge, edge + dt.timedelta(days=1)]
    boundary_births += [dt.date(1960, 2, 29), dt.date(2020, 2, 29), None]
    for i in range(160):
        birth = boundary_births[i] if i < len(boundary_births) else day - dt.timedelta(days=rng.randint(0, 95 * 365))
        people.append(
            PersonFactory(
                birth_date=birth,
                sex=rng.choice(["F", "M"]),
                lives_alone=rng.random() < 0.3,
                social_security=rng.choice(["", "none", "sgk_retired", "gss"]),
                monthly_income=rng.choice(
                    [None, Decimal(0), Decimal("5000.00"), Decimal("11052.33"), Decimal("11052.34"), Decimal("30000")]
                ),
                date_of_death=rng.choice([None] * 12 + [day, day + dt.timedelta(days=1)]),
            )
        )
    households = [HouseholdFactory() for _ in range(30)]
    for person in people:
        if rng.random() < 0.6:
            HouseholdMember.objects.create(
                household=rng.choice(households), person=person, relation=Relation.OTHER_RELATIVE
            )
        roll = rng.random()
        if roll < 0.5:
            data: dict[str, Any] = {}
            if rng.random() < 0.7:
                data["disability_percent"] = rng.choice([0, 39, 40, 41, 90])
            if rng.random() < 0.5:
                data["diagnoses"] = rng.sample(["F84.0", "F84.5", "Z33", "E11", "I10"], k=rng.randint(0, 2))
            PersonHealth.objects.create(person=person, data=data or {"note": "x"})
    return people


@pytest.mark.parametrize("day", [DAY, dt.date(2025, 3, 1), dt.date(2024, 2, 29)])
def test_worklist_equals_the_per_person_evaluation(day: dt.date) -> None:
    rng = random.Random(day.toordinal())
    people = _population(rng, day)
    services = [service_with_rules(*rules) for rules in RULE_SETS]
    by_code = {s.code: s for s in services_with_rules(day=day) if s in services}
    for service in by_code.values():
        in_db = set(eligible_people(service, day=day).values_list("pk", flat=True))
        in_python = {p.pk for p in people if evaluate_person(p, [service], day=day)[0].eligible}
        assert in_db == in_python, (
            f"{[(r.kind, r.params) for r in service.eligibility_rules.all()]}: {in_db ^ in_python}"
        )
        # The sample is varied enough that each rule set selects some people and leaves some out.
        assert 0 < len(in_db) < len(people)


def test_month_rules_speak_in_years_for_adults() -> None:
    service = service_with_rules(("age_months_between", {"max": 71}))
    adult = PersonFactory(birth_date=dt.date(1958, 1, 10))
    with translation.override("tr"):
        assert _outcome(adult, service).outcomes[0].explanation == "Yaş 68: 71 ay ve altı şartını karşılamıyor"


def test_worklist_count_matches_the_list() -> None:
    Enrolment = apps.get_model("cases", "Enrolment")
    from omur.services.eligibility import worklist_count

    service = service_with_rules(("age_years_between", {"min": 65}))
    people = [PersonFactory(birth_date=dt.date(1950, 1, 1)) for _ in range(6)]
    PersonFactory(birth_date=dt.date(1990, 1, 1))
    Enrolment.objects.create(person=people[0], service=service, status="active")
    Enrolment.objects.create(person=people[1], service=service, status="closed", close_reason="goal_met")
    Enrolment.objects.create(person=people[2], service=service, status="closed", close_reason="goal_met")
    Enrolment.objects.create(person=people[2], service=service, status="suspended")
    assert worklist_count(service, day=DAY) == worklist(service, day=DAY).count() == 4


def test_income_sums_narrowed_to_candidates_give_the_same_people() -> None:
    # A selective rule (a diagnosis) narrows the household sums to the candidates' households.
    household = HouseholdFactory()
    mother = PersonFactory(sex="F", monthly_income=Decimal(0))
    father = PersonFactory(sex="M", monthly_income=Decimal("90000"))
    for person, relation in ((mother, Relation.HEAD), (father, Relation.SPOUSE)):
        HouseholdMember.objects.create(household=household, person=person, relation=relation)
    poor_mother = PersonFactory(sex="F", monthly_income=Decimal(100))
    for person in (mother, poor_mother):
        PersonHealth.objects.create(person=person, data={"pregnant": True})
    service = service_with_rules(
        ("diagnosis_present", {"codes": ["Z33"]}), ("income_per_head_below_min_wage_ratio", {"ratio": "1"})
    )
    assert set(eligible_people(service, day=DAY)) == {poor_mother}
    assert "GROUP BY" in str(eligible_people(service, day=DAY).query)
