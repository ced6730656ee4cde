from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from omur.accounts.models import User
from omur.core.audit import audit_record
from omur.core.models import AuditEvent


@receiver(pre_save, sender=User)
def _remember_active_flag(sender: type[User], instance: User, **kwargs: Any) -> None:
    if instance.pk:
        instance._was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def _end_sessions_on_deactivation(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    # Deactivation through any path (the admin's checkbox included) ends the user's open sessions.
    if not created and getattr(instance, "_was_active", False) and not instance.is_active:
        from omur.accounts.services import sessions_end_for

        sessions_end_for(user=instance)


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", obj=user, kind=AuditEvent.Kind.AUTH)


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, kind=AuditEvent.Kind.AUTH)


@receiver(user_login_failed)
def _audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_record(
        actor=None,
        action="auth.login_failed",
        kind=AuditEvent.Kind.AUTH,
        object_type="accounts.user",
        object_repr=str(credentials.get("username", ""))[:150],
    )
