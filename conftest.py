"""Personas and helpers shared by every app's tests.

One persona per role (`social_worker`, `auditor`, …), plus `anonymous` behaviour through `client`
and `deactivated_user`. Every permission rule has a test where the wrong persona is refused."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from omur.accounts.models import User
from omur.accounts.roles import Role


def make_user(role: str | None, username: str | None = None, **extra: Any) -> User:
    username = username or (f"{role}_persona" if role else "no_role_persona")
    user = User.objects.create_user(username=username, password="correct horse battery", first_name="Test", **extra)
    if role:
        # get_or_create: transactional tests flush the groups the data migration made.
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def user_factory(db: Any) -> Callable[..., User]:
    return make_user


def _persona(role: Role) -> Any:
    @pytest.fixture
    def fixture(db: Any) -> User:
        return make_user(role)

    return fixture


for _role in Role:
    globals()[_role.value] = _persona(_role)


@pytest.fixture
def deactivated_user(db: Any) -> User:
    return make_user(Role.SOCIAL_WORKER, username="leaver", is_active=False)


@pytest.fixture
def client_as(db: Any) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def audit_events(db: Any) -> Any:
    from omur.core.models import AuditEvent

    return AuditEvent.objects


@pytest.fixture
def geography(db: Any) -> None:
    from omur.geo.services import geography_load

    geography_load()
