import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from omur.registry.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory


@pytest.fixture
def catalogue(geography: Any) -> None:
    from omur.benefits.setup import benefits_load
    from omur.services.catalogue import catalogue_load

    catalogue_load()
    benefits_load()


@pytest.fixture
def programmes(catalogue: Any) -> dict[str, Any]:
    from omur.benefits.models import AidProgramme

    return {p.code: p for p in AidProgramme.objects.select_related("service")}


def make_household(*incomes_and_ages: tuple[int, int], hood: Any = None) -> list[Any]:
    """People in one household: (monthly income, age in years) each; the first is the head."""
    household = HouseholdFactory()
    people = []
    today = dt.date.today()
    for i, (income, age) in enumerate(incomes_and_ages):
        person = PersonFactory(
            birth_date=dt.date(today.year - age, 1, 15),
            monthly_income=Decimal(income),
            neighbourhood=hood,
            district=hood.district if hood else None,
        )
        HouseholdMemberFactory(household=household, person=person, relation="head" if i == 0 else "child")
        people.append(person)
    return people


@pytest.fixture
def poor_adult(catalogue: Any) -> Any:
    return make_household((3000, 40))[0]
