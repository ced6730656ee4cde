"""Mercan: the public booking form and "manage my booking" page, the rate limit, capacity under
concurrency, walk-in counters and visitor figures."""

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from omur.bookings.models import BookingStatus, GroupBooking, GroupSession, WalkInCount
from omur.bookings.selectors.mercan import mercan_visitors, visitor_stats
from omur.bookings.services import mercan as svc
from omur.bookings.tests.factories import GroupSessionFactory
from omur.core.indicators import indicator

SCHOOL = {
    "kind": "school",
    "organisation": "Mezitli Atatürk İlkokulu",
    "contact_name": "Elif Öğretmen",
    "phone": "0532 123 45 67",
    "email": "",
    "children": "24",
    "adults": "2",
    "youngest_age": "8",
    "oldest_age": "9",
    "kvkk": "on",
}


def _client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_a_school_books_from_the_public_page_and_cancels_with_its_code(db: Any, audit_events: Any) -> None:
    session = GroupSessionFactory(capacity=30)
    client = _client()
    listing = client.get(reverse("bookings:public-sessions"))
    assert listing.status_code == 200 and session.title in listing.content.decode()
    response = client.post(reverse("bookings:public-book", kwargs={"pk": session.pk}), SCHOOL)
    assert response.status_code == 302 and response["Location"] == reverse("bookings:public-done")
    booking = GroupBooking.objects.get()
    assert (booking.children, booking.adults, booking.channel, booking.created_by) == (24, 2, "online", None)
    assert booking.phone == "+905321234567"
    session.refresh_from_db()
    assert session.seats_taken == 26
    done = client.get(reverse("bookings:public-done"))
    assert booking.code_display in done.content.decode()

    manage = reverse("bookings:public-manage")
    # A wrong code is refused and changes nothing.
    wrong = client.post(manage, {"kod": "ABCDE-FGHJK", "action": "cancel"})
    assert wrong.status_code == 404
    assert GroupBooking.objects.get().status == BookingStatus.CONFIRMED
    # The code, typed in lower case with a space, finds the booking; fewer people give seats back.
    found = client.post(manage, {"kod": booking.code_display.lower().replace("-", " ")})
    assert found.status_code == 200 and "Mezitli Atatürk İlkokulu" in found.content.decode()
    changed = client.post(manage, {"kod": booking.code, "action": "change", "children": "20", "adults": "2"})
    assert changed.status_code == 200
    session.refresh_from_db()
    assert session.seats_taken == 22
    cancelled = client.post(manage, {"kod": booking.code, "action": "cancel"})
    assert cancelled.status_code == 200
    booking.refresh_from_db()
    session.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and session.seats_taken == 0
    assert audit_events.filter(action="groupbooking.cancel", object_id=str(booking.pk), actor__isnull=True).exists()
    # A cancelled booking cannot be changed again.
    again = client.post(manage, {"kod": booking.code, "action": "change", "children": "5", "adults": "1"})
    assert again.status_code == 400 and GroupSession.objects.get().seats_taken == 0


def test_public_booking_refuses_more_than_the_seats_left_and_the_wrong_ages(db: Any) -> None:
    session = GroupSessionFactory(capacity=20, min_age=8, max_age=12)
    client = _client()
    too_many = client.post(reverse("bookings:public-book", kwargs={"pk": session.pk}), SCHOOL)
    assert too_many.status_code == 400 and "20 seats are free" in too_many.content.decode()
    young = client.post(
        reverse("bookings:public-book", kwargs={"pk": session.pk}),
        {**SCHOOL, "children": "10", "youngest_age": "5", "oldest_age": "6"},
    )
    assert young.status_code == 400 and "8–12" in young.content.decode()
    missing_school = client.post(
        reverse("bookings:public-book", kwargs={"pk": session.pk}), {**SCHOOL, "organisation": "", "children": "5"}
    )
    assert missing_school.status_code == 400
    assert not GroupBooking.objects.exists() and GroupSession.objects.get().seats_taken == 0


def test_public_form_is_rate_limited_per_address(db: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("omur.bookings.views.mercan.BOOK_LIMIT", (2, 3600))
    session = GroupSessionFactory(capacity=200)
    client = _client()
    url = reverse("bookings:public-book", kwargs={"pk": session.pk})
    family = {**SCHOOL, "kind": "family", "organisation": "", "children": "1", "adults": "1"}
    assert [client.post(url, family).status_code for _ in range(3)] == [302, 302, 429]
    assert GroupBooking.objects.count() == 2
    other_address = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.0.0.9")
    assert other_address.post(url, family).status_code == 302


def test_manage_page_is_rate_limited(db: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("omur.bookings.views.mercan.MANAGE_LIMIT", (3, 600))
    client = _client()
    codes = [client.post(reverse("bookings:public-manage"), {"kod": f"AAAAA-BBBB{n}"}).status_code for n in range(2, 6)]
    assert codes == [404, 404, 404, 429]


def test_a_full_or_past_session_is_not_offered(db: Any) -> None:
    full = GroupSessionFactory(capacity=2, seats_taken=2)
    past = GroupSessionFactory(day=timezone.localdate() - dt.timedelta(days=1))
    client = _client()
    assert client.get(reverse("bookings:public-book", kwargs={"pk": past.pk})).status_code == 404
    response = client.post(
        reverse("bookings:public-book", kwargs={"pk": full.pk}),
        {**SCHOOL, "kind": "family", "organisation": "", "children": "1", "adults": "0"},
    )
    assert response.status_code == 400 and GroupSession.objects.get(pk=full.pk).seats_taken == 2


def test_the_database_refuses_an_overbooked_counter(db: Any) -> None:
    session = GroupSessionFactory(capacity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupSession.objects.filter(pk=session.pk).update(seats_taken=6)


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_the_capacity() -> None:
    session = GroupSessionFactory(capacity=10)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            svc.group_booking_create(
                session=GroupSession.objects.get(pk=session.pk),
                kind="family",
                contact_name=f"Aile {n}",
                phone="+905321234567",
                children=1,
                adults=1,
                youngest_age=8,
                oldest_age=8,
            )
            outcomes.append("ok")
        except svc.SessionFull:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    session.refresh_from_db()
    assert outcomes.count("ok") == 5 and outcomes.count("full") == 7
    assert session.seats_taken == 10
    assert sum(b.head_count for b in GroupBooking.objects.filter(status=BookingStatus.CONFIRMED)) == 10


def test_walk_in_counter_goes_up_and_down_but_never_below_zero(
    centre_staff: Any, client_as: Any, audit_events: Any
) -> None:
    today = timezone.localdate()
    client = client_as(centre_staff)
    url = reverse("bookings:mercan-walkin-bump")
    for _ in range(3):
        client.post(url, {"day": today.isoformat(), "category": "child", "delta": "1"}, HTTP_HX_REQUEST="true")
    response = client.post(url, {"day": today.isoformat(), "category": "child", "delta": "-1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-testid="count-child">2<' in response.content.decode()
    for _ in range(2):
        client.post(url, {"day": today.isoformat(), "category": "adult", "delta": "-1"})
    assert WalkInCount.objects.get(day=today, category="child").count == 2
    assert not WalkInCount.objects.filter(day=today, category="adult", count__gt=0).exists()
    assert (
        client.post(
            url, {"day": (today + dt.timedelta(days=1)).isoformat(), "category": "child", "delta": "1"}
        ).status_code
        == 400
    )
    assert audit_events.filter(action="walkin.bump").count() >= 4


def test_visitor_statistics_and_the_hub_indicator(centre_staff: Any, client_as: Any) -> None:
    day = timezone.localdate() - dt.timedelta(days=3)
    workshop = GroupSessionFactory(day=day, kind="workshop", capacity=60, seats_taken=40)
    GroupBooking.objects.create(
        session=workshop,
        code="AAAAABBBBB",
        kind="school",
        organisation="Okul",
        contact_name="x",
        phone="1",
        children=25,
        adults=2,
        channel="online",
    )
    GroupBooking.objects.create(
        session=workshop,
        code="AAAAACCCCC",
        kind="family",
        contact_name="y",
        phone="1",
        children=2,
        adults=1,
        channel="phone",
    )
    GroupBooking.objects.create(
        session=workshop,
        code="AAAAADDDDD",
        kind="school",
        organisation="Gelmeyen",
        contact_name="z",
        phone="1",
        children=10,
        adults=0,
        channel="online",
        status=BookingStatus.NO_SHOW,
    )
    WalkInCount.objects.create(day=day, category="child", count=7)
    WalkInCount.objects.create(day=day, category="adult", count=5)
    row = visitor_stats(year=day.year)[day.month - 1]
    assert (row.schools, row.families, row.walk_in, row.school_groups, row.by_kind["workshop"]) == (27, 3, 12, 1, 30)
    assert mercan_visitors(day, day) == 42
    found = indicator("bookings.mercan_visitors")
    assert found is not None and found.value(day, day) == 42
    page = client_as(centre_staff).get(reverse("bookings:mercan-stats"), {"year": day.year})
    assert page.status_code == 200


def test_staff_books_by_phone_and_gets_a_code(centre_staff: Any, client_as: Any) -> None:
    session = GroupSessionFactory(is_public=False)
    data = {k: v for k, v in SCHOOL.items() if k != "kvkk"}
    response = client_as(centre_staff).post(reverse("bookings:mercan-session-detail", kwargs={"pk": session.pk}), data)
    assert response.status_code == 302
    booking = GroupBooking.objects.get()
    assert booking.channel == "phone" and booking.created_by == centre_staff
    # A non-public session cannot be booked from the public page.
    assert _client().get(reverse("bookings:public-book", kwargs={"pk": session.pk})).status_code == 404


def test_contact_details_are_erased_thirty_days_after_the_visit(audit_events: Any) -> None:
    from omur.bookings.services.mercan import CONTACT_RETENTION_DAYS, group_bookings_erase_contacts

    today = dt.date(2026, 11, 25)

    def booking(days_ago: int, code: str) -> GroupBooking:
        session = GroupSessionFactory(day=today - dt.timedelta(days=days_ago))
        return GroupBooking.objects.create(
            session=session, code=code, kind="school", organisation="Atatürk İlkokulu", contact_name="Şule Işık",
            phone="05321234567", email="sule@example.org", children=25, adults=2, channel="online",
        )  # fmt: skip

    old = booking(CONTACT_RETENTION_DAYS + 1, "OLD0000001")
    recent = booking(CONTACT_RETENTION_DAYS - 1, "NEW0000001")
    assert group_bookings_erase_contacts(today=today) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_name, old.phone, old.email) == ("—", "", "")
    assert old.head_count == 27 and old.organisation == "Atatürk İlkokulu"  # statistics keep their figures
    assert recent.phone == "05321234567"
    assert audit_events.filter(action="groupbooking.contact_erase", object_id=str(old.pk)).count() == 1
    assert group_bookings_erase_contacts(today=today) == 0  # nothing twice
