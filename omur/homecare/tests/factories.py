"""Deterministic factories for home-care tests (also used by the demo seeder's helpers)."""

import datetime as dt

import factory

from omur.homecare.models import Profession, Skill, StaffMember, StaffSex, Visit, VisitSource
from omur.registry.tests.factories import PersonFactory
from omur.services.models import Location


class BaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("code",)

    code = "yasli-destek-birimi"
    name_tr = "Yaşlı Destek Birimi"
    kind = "office"
    lat = 36.7939
    lon = 34.5915


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    first_name = factory.Sequence(lambda n: ["Emine", "Hatice", "Fatma", "Songül"][n % 4])
    last_name = factory.Sequence(lambda n: ["Şahin", "Yıldız", "Çelik", "Kurt"][n % 4])
    profession = Profession.CAREGIVER
    skills = factory.LazyFunction(lambda: [Skill.PERSONAL_CARE, Skill.WELFARE_CHECK])
    sex = StaffSex.FEMALE
    base = factory.SubFactory(BaseFactory)
    work_days = factory.LazyFunction(lambda: [0, 1, 2, 3, 4, 5, 6])
    shift_start = dt.time(8, 30)
    shift_end = dt.time(17, 30)
    lunch_start = None
    lunch_end = None


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    person = factory.SubFactory(PersonFactory)
    source = VisitSource.MANUAL
    kind = "personal_care"
    date = factory.LazyFunction(dt.date.today)
    window_start = dt.time(9, 0)
    window_end = dt.time(16, 0)
    duration_minutes = 45
    required_skill = Skill.PERSONAL_CARE
    address = "Atatürk Cd. No:5, Akkent Mah., Yenişehir/Mersin"
    lat = factory.Sequence(lambda n: 36.78 + (n % 10) * 0.004)
    lon = factory.Sequence(lambda n: 34.58 + (n % 7) * 0.005)
