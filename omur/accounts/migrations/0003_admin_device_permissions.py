from django.db import migrations

from omur.accounts.role_migrations import grant


def forwards(apps, schema_editor):
    # The system administrator removes a lost phone's device so its owner can enrol a new one.
    grant(apps, {"system_admin": ["otp_totp.view_totpdevice", "otp_totp.delete_totpdevice"]})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles"), ("otp_totp", "0003_add_timestamps")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
