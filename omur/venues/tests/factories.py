"""Deterministic factories for venue tests. Catalogue rows are minimal (no catalogue seed needed)."""

import datetime as dt

import factory

from omur.cases.tests.factories import ServiceFactory
from omur.services.models import EligibilityRule, Location, LocationKind, OpeningHours
from omur.venues.models import Activity, ActivityKind, Room, RoomKind, Term

# A Monday well away from holidays, used as the first day of test activities.
MONDAY = dt.date(2030, 3, 4)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"merkez-{n}")
    name_tr = factory.Sequence(lambda n: f"Test Sosyal Yaşam Merkezi {n}")
    kind = LocationKind.SOCIAL_LIFE_CENTRE


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    location = factory.SubFactory(LocationFactory)
    code = factory.Sequence(lambda n: f"oda-{n}")
    name = factory.Sequence(lambda n: f"Derslik {n}")
    kind = RoomKind.CLASSROOM
    capacity = 40


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("name",)

    name = "2030 Bahar"
    starts_on = MONDAY
    ends_on = MONDAY + dt.timedelta(days=70)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A bare row (no sessions): tests of behaviour create activities through services.activity_create
    when they need sessions."""

    class Meta:
        model = Activity

    name = factory.Sequence(lambda n: f"Seramik Atölyesi {n}")
    kind = ActivityKind.COURSE
    service = factory.SubFactory(ServiceFactory, delivery_model="neighbourhood", mechanism="session")
    location = factory.SubFactory(LocationFactory)
    term = factory.SubFactory(TermFactory)
    starts_on = MONDAY
    ends_on = MONDAY + dt.timedelta(days=70)
    recurrence = "FREQ=WEEKLY;BYDAY=MO"
    starts_at = dt.time(10, 0)
    duration_minutes = 90
    capacity = 10


def add_rule(service, kind: str, params: dict) -> EligibilityRule:  # type: ignore[no-untyped-def]
    return EligibilityRule.objects.create(service=service, kind=kind, params=params)


def open_all_week(location: Location) -> None:
    OpeningHours.objects.bulk_create(
        OpeningHours(location=location, weekday=d, opens_at=dt.time(8, 0), closes_at=dt.time(22, 0)) for d in range(7)
    )
