from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from omur.accounts.models import Session, User
from omur.accounts.roles import ALL_ROLES, Role
from omur.core.audit import audit_record
from omur.core.exceptions import ApplicationError
from omur.core.models import AuditEvent


class UnknownRole(ApplicationError):
    message = _("Unknown role: %(role)s.")


def sessions_end_for(*, user: User) -> int:
    deleted, _ = Session.objects.filter(user_id=user.pk).delete()
    return deleted


@transaction.atomic
def user_deactivate(*, actor: Any, user: User) -> User:
    """A leaver or a suspended account: no new logins, and every open session ends now."""
    if user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
    ended = sessions_end_for(user=user)
    audit_record(
        actor=actor,
        action="user.deactivate",
        obj=user,
        kind=AuditEvent.Kind.AUTH,
        changes={"is_active": [True, False], "sessions_ended": ended},
    )
    return user


@transaction.atomic
def user_set_roles(*, actor: Any, user: User, roles: Iterable[str]) -> User:
    wanted = set(roles)
    for role in wanted - ALL_ROLES:
        raise UnknownRole(role=role)
    before = sorted(user.groups.values_list("name", flat=True))
    user.groups.set(Group.objects.filter(name__in=wanted))
    # A role taken away must stop working at once, not at the next login.
    if set(before) - wanted:
        sessions_end_for(user=user)
    audit_record(
        actor=actor,
        action="user.roles",
        obj=user,
        kind=AuditEvent.Kind.AUTH,
        changes={"roles": [before, sorted(wanted)]},
    )
    return user


@transaction.atomic
def demo_user_ensure(*, role: Role, username: str, first_name: str, last_name: str, password: str) -> tuple[User, bool]:
    """Create (or leave as it is) the demo login for one role. Idempotent: a second run changes nothing."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@omur.example"},
    )
    if created:
        user.set_password(password)
        user.is_staff = role == Role.SYSTEM_ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        audit_record(
            actor=None, action="user.create", obj=user, kind=AuditEvent.Kind.AUTH, changes={"roles": [[], [str(role)]]}
        )
    return user, created
