"""Deterministic factories for registry tests (and reused by other apps' tests)."""

import datetime as dt

import factory

from omur.core.tckn import tckn_check_digits
from omur.registry.models import Household, HouseholdMember, Person, Relation, Sex

GIVEN_F = ["Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Şükran", "İpek", "Gülşen", "Ümran"]
GIVEN_M = ["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "İsmail", "Şükrü", "Ömer", "Çağrı", "Ilgaz"]
FAMILY = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
]


def tckn_from_seq(n: int) -> str:
    prefix = f"{100000000 + n * 7919 % 899999999:09d}"
    return prefix + tckn_check_digits(prefix)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    sex = factory.Sequence(lambda n: Sex.FEMALE if n % 2 == 0 else Sex.MALE)
    given_name = factory.LazyAttributeSequence(lambda o, n: (GIVEN_F if o.sex == Sex.FEMALE else GIVEN_M)[n % 10])
    family_name = factory.Sequence(lambda n: FAMILY[n % len(FAMILY)])
    tckn = factory.Sequence(tckn_from_seq)
    birth_date = factory.Sequence(lambda n: dt.date(1940 + n % 70, 1 + n % 12, 1 + n % 28))
    phone = factory.Sequence(lambda n: f"+90532{1000000 + n:07d}")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    relation = Relation.HEAD
