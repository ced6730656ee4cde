from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from omur.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, in the admin as everywhere else."""

    list_display = ("occurred_at", "actor_username", "kind", "action", "object_type", "object_id", "ip")
    list_filter = ("kind",)
    search_fields = ("actor_username", "action", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
