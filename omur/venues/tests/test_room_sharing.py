"""Rooms are shared by activity sessions and by hall and meeting bookings: neither may take a room
the other holds at that time, and the refusal names what holds it."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from omur.bookings.models import HallBooking
from omur.bookings.services import halls
from omur.venues import services
from omur.venues.models import RoomKind, Session
from omur.venues.tests.factories import MONDAY, LocationFactory, RoomFactory, TermFactory, open_all_week
from omur.venues.tests.test_sessions_attendance import _create

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_room() -> Any:
    location = LocationFactory()
    open_all_week(location)
    return RoomFactory(location=location, kind=RoomKind.MEETING, name="Toplantı Salonu", bookable=True, capacity=30)


def _meeting(actor: Any, room: Any, start: int, end: int, day: dt.date = MONDAY) -> HallBooking:
    return halls.meeting_booking_create(
        actor=actor,
        room=room,
        day=day,
        starts_at=dt.time(start),
        ends_at=dt.time(end),
        caller_name="Muhtar Ali Kaya",
        caller_phone="0324 123 45 67",
        purpose="Muhtarlar toplantısı",
        today=MONDAY - dt.timedelta(days=7),
    )


def test_a_meeting_cannot_take_a_room_an_activity_holds(
    centre_staff: Any, office_manager: Any, meeting_room: Any
) -> None:
    course = _create(centre_staff, location=meeting_room.location, room=meeting_room, name="Okuma Yazma Kursu")
    assert Session.objects.filter(activity=course, date=MONDAY, room=meeting_room).exists()  # 10:00–11:30

    with pytest.raises(halls.RoomInUse) as refused:
        _meeting(office_manager, meeting_room, 11, 12)
    assert "Okuma Yazma Kursu" in str(refused.value) and "10:00–11:30" in str(refused.value)
    assert not HallBooking.objects.exists()  # nothing left behind
    # Right after the course, and on a day without it, the room is free.
    _meeting(office_manager, meeting_room, 12, 13)
    _meeting(office_manager, meeting_room, 10, 12, day=MONDAY + dt.timedelta(days=1))
    # A cancelled session frees its hour.
    session = Session.objects.get(activity=course, date=MONDAY + dt.timedelta(days=7))
    services.session_cancel(actor=centre_staff, session=session, reason="Öğretmen izinli")
    _meeting(office_manager, meeting_room, 10, 11, day=MONDAY + dt.timedelta(days=7))


def test_an_activity_cannot_take_a_room_a_booking_or_another_activity_holds(
    centre_staff: Any, office_manager: Any, meeting_room: Any
) -> None:
    _meeting(office_manager, meeting_room, 12, 14, day=MONDAY + dt.timedelta(days=14))
    with pytest.raises(ValidationError) as refused:
        _create(centre_staff, location=meeting_room.location, room=meeting_room, starts_at=dt.time(13), name="Satranç")
    assert "Muhtarlar toplantısı" in str(refused.value.message_dict["room"])
    first = _create(centre_staff, location=meeting_room.location, room=meeting_room, name="Okuma Yazma Kursu")
    with pytest.raises(ValidationError) as clash:
        _create(centre_staff, location=meeting_room.location, room=meeting_room, starts_at=dt.time(11), name="Dikiş")
    assert "Okuma Yazma Kursu" in str(clash.value.message_dict["room"])
    # An activity never clashes with its own sessions when it is edited.
    services.activity_update(actor=centre_staff, activity=first, capacity=12, term=TermFactory())
    first.refresh_from_db()
    assert first.capacity == 12
