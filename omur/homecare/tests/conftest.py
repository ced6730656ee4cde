from typing import Any

import pytest

from conftest import make_user
from omur.accounts.roles import Role
from omur.homecare.tests.factories import StaffMemberFactory
from omur.registry.tests.factories import PersonFactory


@pytest.fixture
def person(db: Any) -> Any:
    return PersonFactory(given_name="Şükriye", family_name="Işık", sex="F", lat=36.80, lon=34.60, street="Gazi Cd.")


@pytest.fixture
def carer(caregiver: Any) -> Any:
    return StaffMemberFactory(user=caregiver, first_name="Emine", last_name="Şahin")


@pytest.fixture
def second_caregiver(db: Any) -> Any:
    return make_user(Role.CAREGIVER, username="second_caregiver")
