"""Helpers for data migrations that create roles and give them permissions.

Migrations run before Django's post_migrate hook creates permissions, so these create the content
type and permission rows they need themselves (get_or_create: re-running is harmless)."""

from typing import Any

ACTION_NAMES = {"view": "Can view", "add": "Can add", "change": "Can change", "delete": "Can delete"}


def ensure_groups(apps: Any, names: list[str]) -> None:
    Group = apps.get_model("auth", "Group")
    for name in names:
        Group.objects.get_or_create(name=name)


def grant(apps: Any, grants: dict[str, list[str]]) -> None:
    """grants: {role: ["app_label.codename", ...]}; a model permission's codename is action_model."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for role, perms in grants.items():
        group, _ = Group.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            action, _, model = codename.partition("_")
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            name = f"{ACTION_NAMES.get(action, action)} {model}"
            permission, _ = Permission.objects.get_or_create(
                codename=codename, content_type=content_type, defaults={"name": name}
            )
            group.permissions.add(permission)
