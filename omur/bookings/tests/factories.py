"""Factories for bookings tests: minimal catalogue rows and rooms, so the tests do not depend on the
catalogue seed."""

import datetime as dt
from typing import Any

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from omur.bookings.models import Audience, GroupSession, GroupSessionKind
from omur.registry.tests.factories import PersonFactory
from omur.services.models import Location, Service
from omur.services.tests.factories import ServiceFactory
from omur.venues.models import Room, RoomKind


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"yer-{n}")
    name_tr = factory.Sequence(lambda n: f"Yer {n}")
    name_en = factory.Sequence(lambda n: f"Place {n}")
    kind = "social_life_centre"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    location = factory.SubFactory(LocationFactory)
    code = factory.Sequence(lambda n: f"oda-{n}")
    name = factory.Sequence(lambda n: f"Oda {n}")
    kind = RoomKind.THERAPY
    capacity = 4
    bookable = True


def child_aged(months: int, **kwargs: Any) -> Any:
    """A child who is `months` months old today (and some days)."""
    born = timezone.localdate() - relativedelta(months=months) - dt.timedelta(days=3)
    return PersonFactory(birth_date=born, tckn=None, **kwargs)


def service(code: str) -> Any:
    existing = Service.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return ServiceFactory(
        code=code, name_tr=code, name_en=code, mechanism="appointment", delivery_model="neighbourhood"
    )


class GroupSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupSession

    service = factory.LazyFunction(lambda: service("mercan-atolyeler"))
    kind = GroupSessionKind.PLANETARIUM
    title = "Planetaryum: Güneş Sistemi"
    day = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    starts_at = dt.time(13)
    ends_at = dt.time(13, 45)
    capacity = 30
    min_age = 6
    max_age = 12
    audience = Audience.ALL
