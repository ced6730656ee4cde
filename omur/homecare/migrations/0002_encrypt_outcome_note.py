# Outcome notes are health data: stored as Fernet tokens from now on; notes already written are
# encrypted in place (and decrypted again when the migration is reversed).

from django.db import migrations

import omur.core.crypto


def _rewrite(schema_editor, convert):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, outcome_note FROM homecare_visit WHERE outcome_note <> ''")
        rows = cursor.fetchall()
        for pk, text in rows:
            cursor.execute("UPDATE homecare_visit SET outcome_note = %s WHERE id = %s", [convert(text), pk])


def encrypt(apps, schema_editor):
    _rewrite(schema_editor, omur.core.crypto.encrypt_text)


def decrypt(apps, schema_editor):
    _rewrite(schema_editor, omur.core.crypto.decrypt_text)


class Migration(migrations.Migration):

    dependencies = [
        ('homecare', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='visit',
            name='outcome_note',
            field=omur.core.crypto.EncryptedTextField(blank=True, verbose_name='outcome notes'),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
