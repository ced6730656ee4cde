"""The request categories Mersin's Social Policy Office receives most (until the service catalogue
replaces them): seeded as data, edited in the admin afterwards."""

from django.db import migrations

CATEGORIES = [
    # code, Turkish name, English name
    ("home_cleaning", "Evde temizlik", "Home cleaning"),
    ("personal_care", "Kişisel bakım (banyo, saç, tırnak)", "Personal care (bathing, hair, nails)"),
    ("home_health", "Evde sağlık ziyareti", "Home health visit"),
    ("physiotherapy", "Evde fizyoterapi", "Physiotherapy at home"),
    ("home_repair", "Evde küçük onarım", "Small home repairs"),
    ("hot_meal", "Sıcak yemek dağıtımı", "Hot-meal delivery"),
    ("elderly_checkin", "Yaşlı destek: hal hatır araması", "Elderly check-in calls"),
    ("social_assessment", "Sosyal inceleme (ihtiyaç tespiti)", "Social assessment (needs visit)"),
    ("in_kind_aid", "Ayni yardım (giyim, gıda, bebek paketi)", "In-kind aid (clothing, food, baby pack)"),
    ("halk_kart", "Halk Kart", "Halk Kart market card"),
    ("courses", "Kurslar ve atölyeler", "Courses and workshops"),
    ("autism_centre", "Otizm Aile Danışma Merkezi", "Autism family counselling centre"),
    ("condolence_hall", "Taziye evi", "Condolence hall"),
    ("other", "Diğer", "Other"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("intake", "Category")
    for order, (code, name, name_en) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order * 10 if code != "other" else 999}
        )


def unseed(apps, schema_editor):
    Category = apps.get_model("intake", "Category")
    Category.objects.filter(code__in=[c[0] for c in CATEGORIES], requests__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
