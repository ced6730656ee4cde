from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff. Roles are groups (see roles.py); a leaver is deactivated, never deleted, so
    the audit trail keeps pointing at a real account."""

    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> frozenset[str]:
        from omur.core.access import user_roles

        return user_roles(self)


class Session(AbstractBaseSession):
    """Django's database session with the owner's id alongside, so that deactivating a user can end
    every one of their sessions with one indexed DELETE instead of decoding every session row."""

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls) -> Any:
        from omur.accounts.session_store import SessionStore

        return SessionStore
