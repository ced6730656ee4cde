"""Reference data every installation needs (not demo data): the life stages from pregnancy to end of
life, and the national minimum wage history that income rules compare against. The services, their
locations and the (demo) policy areas come from `manage.py load_catalogue`, because locations need the
neighbourhoods that `load_geography` loads after migrations."""

from decimal import Decimal

from django.db import migrations

LIFE_STAGES = [
    # code, Turkish, English, from age (months), to age (months)
    ("pregnancy", "Gebelik", "Pregnancy", None, None),
    ("infant", "Bebeklik (0–12 ay)", "Infancy (0–12 months)", 0, 12),
    ("early-childhood", "Erken çocukluk (0–72 ay)", "Early childhood (0–72 months)", 0, 72),
    ("school-age", "Okul çağı", "School age", 72, 215),
    ("youth", "Gençler ve öğrenciler", "Youth and students", 180, 359),
    ("adults", "Yetişkinler", "Adults", 216, 779),
    ("pensioners", "Emekliler", "Pensioners", None, None),
    ("elderly", "65 yaş ve üzeri", "Aged 65 and over", 780, None),
    ("end-of-life", "Yaşamın sonu", "End of life", None, None),
]

MINIMUM_WAGES = [
    ("2022-01-01", "4253.40", "5004.00"),
    ("2022-07-01", "5500.35", "6471.00"),
    ("2023-01-01", "8506.80", "10008.00"),
    ("2023-07-01", "11402.32", "13414.50"),
    ("2024-01-01", "17002.12", "20002.50"),
    ("2025-01-01", "22104.67", "26005.50"),
    ("2026-01-01", "28075.50", "33030.00"),
]


def forwards(apps, schema_editor):
    LifeStage = apps.get_model("services", "LifeStage")
    MinimumWage = apps.get_model("services", "MinimumWage")
    for order, (code, tr, en, low, high) in enumerate(LIFE_STAGES, start=1):
        LifeStage.objects.update_or_create(
            code=code,
            defaults={"name_tr": tr, "name_en": en, "min_age_months": low, "max_age_months": high, "order": order},
        )
    for day, net, gross in MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            valid_from=day, defaults={"net_monthly": Decimal(net), "gross_monthly": Decimal(gross)}
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
