from django.db import migrations

from omur.accounts.role_migrations import ensure_groups, grant

ROLES = [
    "office_manager",
    "social_worker",
    "sociologist",
    "therapist",
    "nurse",
    "caregiver",
    "cleaner",
    "physiotherapist",
    "craftsperson",
    "call_operator",
    "driver",
    "kitchen_staff",
    "centre_staff",
    "tour_coordinator",
    "auditor",
    "system_admin",
]

GRANTS = {
    # The auditor reads the audit trail and nothing else.
    "auditor": ["core.view_auditevent"],
    # The system administrator manages accounts, roles and reference data, not people's files.
    "system_admin": [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "auth.change_group",
        "geo.view_province",
        "geo.view_district",
        "geo.view_neighbourhood",
        "geo.change_neighbourhood",
        "geo.view_municipality",
        "geo.change_municipality",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
}


def forwards(apps, schema_editor):
    ensure_groups(apps, ROLES)
    grant(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("geo", "0001_initial"),
        ("axes", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
