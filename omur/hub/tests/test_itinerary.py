"""The itinerary rules, without a database."""

import datetime as dt

import pytest
from django.utils import translation

from omur.hub.itinerary import Site, Stop, check_itinerary, travel_minutes

T = dt.time
OPEN = ((T(8, 30), T(17, 30)),)
KITCHEN = Site("Kitchen", 36.80, 34.60, 20, OPEN)
WORKSHOP = Site("Workshop", 36.83, 34.64, 25, OPEN)
FAR = Site("Mut", 36.64, 33.43, 30, OPEN)
MONDAY = dt.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def test_clean_itinerary_has_no_clashes() -> None:
    stops = [Stop(1, KITCHEN, T(9, 30), T(10, 15)), Stop(2, WORKSHOP, T(10, 45), T(11, 30))]
    result = check_itinerary(stops, day=MONDAY, group_size=18)
    assert result.ok, [c.clashes for c in result.stops]
    assert result.stops[1].travel_minutes == travel_minutes(KITCHEN, WORKSHOP) > 0


def test_each_kind_of_clash_is_flagged() -> None:
    closed_saturday = Site("Closed", 36.80, 34.60, None, ())
    small = Site("Small", 36.80, 34.61, 10, OPEN)
    stops = [
        Stop(1, KITCHEN, T(7, 30), T(8, 45)),  # before opening
        Stop(2, small, T(8, 40), T(9, 0)),  # overlaps 1, over capacity
        Stop(3, FAR, T(9, 10), T(10, 0)),  # ~100 km away in 10 minutes
    ]
    result = check_itinerary(stops, day=MONDAY, group_size=18)
    texts = [" ".join(c.clashes) for c in result.stops]
    assert "Outside opening hours" in texts[0] or "opening" in texts[0]
    assert "Overlaps" in texts[1] and "Over capacity" in texts[1]
    assert "Not enough travel time" in texts[2]
    closed = check_itinerary([Stop(1, closed_saturday, T(10, 0), T(11, 0))], day=MONDAY, group_size=5)
    assert "closed" in closed.stops[0].clashes[0]


def test_public_holiday_is_flagged() -> None:
    result = check_itinerary([Stop(1, KITCHEN, T(10, 0), T(11, 0))], day=dt.date(2025, 10, 29), group_size=5)
    assert result.day_note and not result.ok
