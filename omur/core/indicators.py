"""Live indicators that operating apps offer to others (the good-practice hub shows them as project
KPIs). An app registers a function in its AppConfig.ready:

    register_indicator("meals.portions_per_day", _("Meals a day"), unit=_("portions"), func=portions_per_day)

`func(start, end)` returns the figure for the period [start, end] (dates, inclusive) from the app's
own data, as an int or Decimal; it runs one cheap aggregate query."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

Figure = int | Decimal


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    unit: str | Promise
    func: Callable[[dt.date, dt.date], Figure]

    def value(self, start: dt.date, end: dt.date) -> Figure:
        return self.func(start, end)


INDICATORS: dict[str, Indicator] = {}


def register_indicator(
    code: str, label: str | Promise, *, unit: str | Promise, func: Callable[[dt.date, dt.date], Figure]
) -> None:
    if code in INDICATORS and INDICATORS[code].func is not func:
        raise ValueError(f"indicator {code!r} registered twice")
    INDICATORS[code] = Indicator(code=code, label=label, unit=unit, func=func)


def indicator(code: str) -> Indicator | None:
    return INDICATORS.get(code)
