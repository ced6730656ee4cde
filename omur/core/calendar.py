"""Turkish public holidays (the `holidays` package) and working days, for every app that schedules
visits, sessions or deliveries. Half days (the eves of religious holidays, 29 October's eve) count as
working days; the whole holidays do not."""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils.translation import get_language


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> dict[dt.date, str]:
    lang = "tr" if language.startswith("tr") else "en_US"
    try:
        table = holidays.country_holidays("TR", years=year, language=lang)
    except (NotImplementedError, KeyError):  # pragma: no cover - a language the package lacks
        table = holidays.country_holidays("TR", years=year)
    return dict(table.items())


def holiday_name(day: dt.date) -> str | None:
    """The holiday's name in the active language, or None on an ordinary day."""
    return _holidays(day.year, get_language() or "tr").get(day)


def is_public_holiday(day: dt.date) -> bool:
    return day in _holidays(day.year, "tr")


def is_working_day(day: dt.date, *, weekdays: frozenset[int] = frozenset(range(5))) -> bool:
    """Monday..Friday (or the given weekdays, 0 = Monday) and not a public holiday."""
    return day.weekday() in weekdays and not is_public_holiday(day)


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Public holidays from start to end inclusive, with their names in the active language."""
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _holidays(year, get_language() or "tr").items():
            if start <= day <= end:
                found[day] = name
    return dict(sorted(found.items()))
