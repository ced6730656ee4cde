import datetime as dt

import pytest
from django.utils import translation

from omur.cases.models import CarePlanItem
from omur.cases.recurrence import build_rrule, describe_rrule, normalise_rrule, parse_rrule


def test_build_rrule_orders_days_and_omits_interval_one() -> None:
    assert build_rrule(freq="WEEKLY", byday=["TH", "MO"]) == "FREQ=WEEKLY;BYDAY=MO,TH"
    assert build_rrule(freq="WEEKLY", interval=2, byday=["FR"]) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    assert build_rrule(freq="DAILY") == "FREQ=DAILY"


@pytest.mark.parametrize(
    "bad", ["", "FREQ=HOURLY;BYNONSENSE=1", "DTSTART:20250101T000000\nFREQ=DAILY", "BYDAY=MO", "FREQ=WEEKLY;COUNT=0"]
)
def test_parse_rrule_refuses_what_it_cannot_use(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_rrule(bad)


def test_build_rrule_refuses_unknown_frequency() -> None:
    with pytest.raises(ValueError):
        build_rrule(freq="YEARLY")
    with pytest.raises(ValueError):
        build_rrule(freq="DAILY", interval=0)


def test_normalise_accepts_lower_case_and_prefix() -> None:
    assert normalise_rrule("rrule:freq=monthly;byday=1mo") == "FREQ=MONTHLY;BYDAY=1MO"


def test_describe_rrule_in_plain_words() -> None:
    with translation.override("en"):
        assert describe_rrule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH") == "Every 2 weeks: Monday, Thursday"
        assert describe_rrule("FREQ=DAILY") == "Every day"
    with translation.override("tr"):
        assert describe_rrule("FREQ=WEEKLY;BYDAY=MO") == "Her hafta: Pazartesi"
    # What the short reading cannot say is shown as the rule itself.
    assert describe_rrule("FREQ=MONTHLY;BYDAY=1MO") == "FREQ=MONTHLY;BYDAY=1MO"


def test_care_plan_item_occurrences() -> None:
    item = CarePlanItem(task_type="cleaning", recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")
    days = item.occurrences(dt.date(2025, 1, 6), dt.date(2025, 2, 3))
    assert days == [dt.date(2025, 1, 6), dt.date(2025, 1, 20), dt.date(2025, 2, 3)]
