"""Condolence halls and meeting rooms: three-day blocks, men's and women's halls, clashes refused by
the database with a message naming the existing booking, the calendar."""

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from omur.bookings.models import HallBooking, HallBookingStatus, HallOccupancy
from omur.bookings.services import halls as svc
from omur.bookings.tests.factories import LocationFactory, RoomFactory
from omur.venues.models import RoomKind

TODAY = timezone.localdate()


@pytest.fixture
def house(db: Any) -> Any:
    location = LocationFactory(code="taziye-halkkent", name_tr="Halkkent Taziye Evi", kind="condolence_hall")
    men = RoomFactory(location=location, name="Erkek Salonu", kind=RoomKind.CONDOLENCE_MEN, capacity=250)
    women = RoomFactory(location=location, name="Kadın Salonu", kind=RoomKind.CONDOLENCE_WOMEN, capacity=150)
    return location, men, women


def _condolence(actor: Any, house: Any, rooms: list[Any], first: dt.date, **kw: Any) -> HallBooking:
    return svc.condolence_booking_create(
        actor=actor,
        location=house[0],
        rooms=rooms,
        first_day=first,
        caller_name=kw.pop("caller_name", "Mehmet Yıldırım"),
        caller_phone="0532 111 22 33",
        deceased_name=kw.pop("deceased_name", "Hasan Yıldırım"),
        today=TODAY,
        **kw,
    )


def test_a_condolence_hall_is_booked_for_three_days_and_a_clashing_booking_is_refused(
    centre_staff: Any, house: Any, audit_events: Any
) -> None:
    _location, men, women = house
    first = TODAY + dt.timedelta(days=2)
    booking = _condolence(centre_staff, house, [men, women], first)
    assert (booking.first_day, booking.last_day) == (first, first + dt.timedelta(days=2))
    assert HallOccupancy.objects.filter(booking=booking).count() == 2 * 3 * 24
    assert audit_events.filter(action="hallbooking.create", object_id=str(booking.pk)).exists()

    with pytest.raises(svc.HallTaken) as refused:
        _condolence(centre_staff, house, [men], first + dt.timedelta(days=2), deceased_name="Fadime Koç")
    message = str(refused.value)
    assert first.strftime("%d.%m.%Y") in message and (first + dt.timedelta(days=2)).strftime("%d.%m.%Y") in message
    assert "Hasan Yıldırım" in message
    assert HallBooking.objects.count() == 1  # the refused booking left nothing behind

    # The women's hall alone, the day after the block ends, is free.
    later = _condolence(centre_staff, house, [women], first + dt.timedelta(days=3), days=3, deceased_name="Fadime Koç")
    assert later.status == HallBookingStatus.CONFIRMED


def test_the_database_refuses_two_bookings_of_one_hall_hour(centre_staff: Any, house: Any) -> None:
    _location, men, _women = house
    booking = _condolence(centre_staff, house, [men], TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        HallOccupancy.objects.create(booking=booking, room=men, day=TODAY, hour=12)


def test_cancelling_frees_the_halls(centre_staff: Any, house: Any) -> None:
    _location, men, women = house
    booking = _condolence(centre_staff, house, [men, women], TODAY)
    svc.hall_booking_cancel(actor=centre_staff, booking=booking, reason="Aile başka yer buldu")
    booking.refresh_from_db()
    assert booking.status == HallBookingStatus.CANCELLED and not booking.occupancy.exists()
    assert _condolence(centre_staff, house, [men], TODAY + dt.timedelta(days=1))
    with pytest.raises(svc.AlreadyCancelled):
        svc.hall_booking_cancel(actor=centre_staff, booking=booking)


def test_condolence_rules(centre_staff: Any, house: Any) -> None:
    _location, men, _women = house
    with pytest.raises(svc.HallDatesInvalid):
        _condolence(centre_staff, house, [men], TODAY - dt.timedelta(days=1))
    with pytest.raises(svc.HallDatesInvalid):
        _condolence(centre_staff, house, [men], TODAY, days=4)
    with pytest.raises(svc.DeceasedNameRequired):
        _condolence(centre_staff, house, [men], TODAY, deceased_name=" ")
    with pytest.raises(svc.NoHallChosen):
        _condolence(centre_staff, house, [], TODAY)
    meeting = RoomFactory(kind=RoomKind.MEETING)
    with pytest.raises(svc.RoomNotBookable):
        _condolence(centre_staff, house, [meeting], TODAY)


def test_meeting_rooms_are_booked_by_the_hour(office_manager: Any) -> None:
    room = RoomFactory(kind=RoomKind.MEETING, name="Toplantı Salonu", capacity=20)
    day = TODAY + dt.timedelta(days=1)

    def book(start: int, end: int, **kw: Any) -> HallBooking:
        return svc.meeting_booking_create(
            actor=office_manager,
            room=room,
            day=day,
            starts_at=dt.time(start),
            ends_at=dt.time(end),
            caller_name="Muhtar Ali Kaya",
            caller_phone="0324 123 45 67",
            purpose="Muhtarlar toplantısı",
            today=TODAY,
            **kw,
        )

    book(10, 12)
    book(12, 14)
    with pytest.raises(svc.HallTaken) as refused:
        book(11, 13)
    assert "10:00–12:00" in str(refused.value)
    with pytest.raises(svc.TooManyPeople):
        book(15, 16, expected_people=30)


def test_calendar_pages_and_htmx_navigation(centre_staff: Any, client_as: Any, house: Any) -> None:
    _location, men, women = house
    booking = _condolence(centre_staff, house, [men, women], TODAY)
    client = client_as(centre_staff)
    url = reverse("bookings:hall-calendar")
    month = client.get(url)
    assert month.status_code == 200 and "Hasan Yıldırım" in month.content.decode()
    week = client.get(url, {"view": "week", "day": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    body = week.content.decode()
    assert week.status_code == 200 and "<html" not in body and "Erkek Salonu" in body
    assert client.get(reverse("bookings:hall-booking-detail", kwargs={"pk": booking.pk})).status_code == 200


def test_booking_form_shows_the_clash(centre_staff: Any, client_as: Any, house: Any) -> None:
    location, men, women = house
    _condolence(centre_staff, house, [men, women], TODAY + dt.timedelta(days=1))
    data = {
        "location": location.pk,
        "halls": ["condolence_women"],
        "first_day": TODAY.isoformat(),
        "days": "3",
        "deceased_name": "Ali Rıza Tekin",
        "caller_name": "Ayşe Tekin",
        "caller_phone": "0533 222 33 44",
    }
    client = client_as(centre_staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(reverse("bookings:hall-condolence-create"), data)
    assert response.status_code == 400
    assert (TODAY + dt.timedelta(days=1)).strftime("%d.%m.%Y") in response.content.decode()
    assert HallBooking.objects.count() == 1
