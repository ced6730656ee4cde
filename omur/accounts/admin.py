from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from omur.accounts.models import User
from omur.accounts.services import user_deactivate


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("is_active", "groups")
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate and end their sessions"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_deactivate(actor=request.user, user=user)
        messages.success(request, _("Deactivated %(count)d users.") % {"count": queryset.count()})

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Leavers are deactivated: deleting would orphan their audit trail.
        return False
