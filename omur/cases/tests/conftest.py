from typing import Any

import pytest

from conftest import make_user
from omur.accounts.roles import Role
from omur.registry.tests.factories import PersonFactory


@pytest.fixture
def person(db: Any) -> Any:
    return PersonFactory(given_name="Şükriye", family_name="Işık")


@pytest.fixture
def second_social_worker(db: Any) -> Any:
    return make_user(Role.SOCIAL_WORKER, username="second_social_worker")


@pytest.fixture
def second_therapist(db: Any) -> Any:
    return make_user(Role.THERAPIST, username="second_therapist")
