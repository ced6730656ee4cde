import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from omur.bookings.services.therapy import therapy_slots_add
from omur.bookings.tests.factories import LocationFactory, RoomFactory, service
from omur.venues.models import RoomKind


@pytest.fixture
def centre(db: Any) -> Any:
    return LocationFactory(code="otizm-aile-danisma", name_tr="Otizm Aile Danışma Merkezi", kind="autism_centre")


@pytest.fixture
def sensory(db: Any) -> Any:
    return service("duyu-butunleme")


@pytest.fixture
def therapy_room(centre: Any) -> Any:
    return RoomFactory(location=centre, name="Duyu Odası 1", kind=RoomKind.THERAPY)


@pytest.fixture
def monday_slot(therapist: Any, therapy_room: Any) -> Any:
    """The therapist's Monday 10:00 slot (45 minutes) in the sensory room."""
    (slot,) = therapy_slots_add(
        actor=therapist,
        therapist=therapist,
        weekday=0,
        start=dt.time(10),
        end=dt.time(10, 45),
        minutes=45,
        room=therapy_room,
    )
    return slot


@pytest.fixture
def next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())
