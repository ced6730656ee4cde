"""Pensioners' clubs: memberships with expiry, daily check-ins, expired memberships flagged."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from omur.registry.tests.factories import PersonFactory
from omur.services.models import LocationKind
from omur.venues import services
from omur.venues.models import ClubCheckIn, ClubMembership
from omur.venues.selectors import club_members, clubs
from omur.venues.tests.factories import LocationFactory


def _club() -> Any:
    return LocationFactory(code="emekliler-test", kind=LocationKind.PENSIONERS_CLUB, name_tr="Test Emekliler Lokali")


def test_membership_numbers_and_one_check_in_a_day(centre_staff: Any) -> None:
    club = _club()
    first = services.membership_create(actor=centre_staff, club=club, person=PersonFactory())
    second = services.membership_create(actor=centre_staff, club=club, person=PersonFactory())
    assert (first.number, second.number) == ("00001", "00002")
    assert first.expires_on > timezone.localdate()
    result = services.club_check_in(actor=centre_staff, membership=first)
    again = services.club_check_in(actor=centre_staff, membership=first)
    assert result.created and not again.created and not result.expired
    assert ClubCheckIn.objects.filter(club=club, day=timezone.localdate()).count() == 1


def test_expired_membership_is_flagged_at_check_in_and_listed(centre_staff: Any, client_as: Any) -> None:
    club = _club()
    today = timezone.localdate()
    lapsed = services.membership_create(
        actor=centre_staff,
        club=club,
        person=PersonFactory(given_name="Hatice"),
        starts_on=today - dt.timedelta(days=400),
    )
    valid = services.membership_create(actor=centre_staff, club=club, person=PersonFactory())
    assert lapsed.expires_on < today
    result = services.club_check_in(actor=centre_staff, membership=lapsed)
    assert result.expired and result.check_in.membership_expired
    assert [m.pk for m in club_members(club=club, expired=True)] == [lapsed.pk]
    row = clubs().get(pk=club.pk)
    assert row.expired == 1 and row.members == 2 and row.today_count == 1
    page = client_as(centre_staff).get(reverse("venues:club-counter", kwargs={"code": club.code}), {"q": "hatice"})
    assert 'data-testid="expired-flag"' in page.content.decode()
    services.membership_renew(actor=centre_staff, membership=lapsed)
    lapsed.refresh_from_db()
    assert lapsed.expires_on > today and valid.expires_on > today


def test_counter_check_in_view(centre_staff: Any, client_as: Any) -> None:
    club = _club()
    membership = services.membership_create(actor=centre_staff, club=club, person=PersonFactory())
    url = reverse("venues:club-check-in", kwargs={"code": club.code, "membership_id": membership.pk})
    assert client_as(centre_staff).post(url).status_code == 302
    assert ClubCheckIn.objects.filter(membership=membership).count() == 1


def test_member_of_another_club_cannot_be_checked_in_here(centre_staff: Any, client_as: Any) -> None:
    club = _club()
    other = LocationFactory(code="emekliler-diger", kind=LocationKind.PENSIONERS_CLUB)
    membership = services.membership_create(actor=centre_staff, club=other, person=PersonFactory())
    url = reverse("venues:club-check-in", kwargs={"code": club.code, "membership_id": membership.pk})
    assert client_as(centre_staff).post(url).status_code == 404
    assert not ClubMembership.objects.filter(club=club).exists()
