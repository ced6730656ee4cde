"""Care-plan frequencies as RFC 5545 recurrence rules (RRULE), built, checked and described here.
python-dateutil parses and expands them; home care expands them into visit dates."""

import datetime as dt
from typing import Any

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")


def weekday_labels() -> dict[str, str]:
    return {
        "MO": _("Monday"),
        "TU": _("Tuesday"),
        "WE": _("Wednesday"),
        "TH": _("Thursday"),
        "FR": _("Friday"),
        "SA": _("Saturday"),
        "SU": _("Sunday"),
    }


def build_rrule(*, freq: str, interval: int = 1, byday: list[str] | tuple[str, ...] = ()) -> str:
    """ "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH" from its parts (days in week order, INTERVAL=1 left out)."""
    if freq not in FREQUENCIES:
        raise ValueError(f"unsupported frequency {freq!r}")
    if interval < 1:
        raise ValueError("interval must be at least 1")
    parts = [f"FREQ={freq}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    days = [d for d in WEEKDAYS if d in set(byday)]
    if days:
        parts.append("BYDAY=" + ",".join(days))
    return ";".join(parts)


def parse_rrule(text: str) -> dict[str, str]:
    """The rule's parts, after checking that dateutil accepts it and that it ever recurs."""
    text = (text or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text or "DTSTART" in text:
        raise ValueError("empty rule or DTSTART inside the rule")
    start = dt.datetime(2025, 1, 6)  # a Monday
    try:
        rule: Any = rrulestr(text, dtstart=start)
    except (ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from exc
    if rule.after(start, inc=True) is None:
        raise ValueError("the rule never recurs")
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    if "FREQ" not in parts:
        raise ValueError("FREQ is required")
    return parts


def normalise_rrule(text: str) -> str:
    parts = parse_rrule(text)
    return ";".join(f"{k}={v}" for k, v in parts.items())


def describe_rrule(text: str) -> str:
    """A short reading of a rule for staff ("Every 2 weeks: Monday, Thursday"); the raw rule when it
    uses parts this reading does not cover."""
    try:
        parts = parse_rrule(text)
    except ValueError:
        return text
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY"}:
        return text
    interval = int(parts.get("INTERVAL", "1"))
    freq = parts["FREQ"]
    if freq == "DAILY":
        head = ngettext("Every day", "Every %(n)d days", interval) % {"n": interval}
    elif freq == "WEEKLY":
        head = ngettext("Every week", "Every %(n)d weeks", interval) % {"n": interval}
    elif freq == "MONTHLY":
        head = ngettext("Every month", "Every %(n)d months", interval) % {"n": interval}
    else:
        return text
    labels = weekday_labels()
    codes = [d for d in parts.get("BYDAY", "").split(",") if d]
    if any(d not in labels for d in codes):  # "1MO" (the first Monday): beyond this reading
        return text
    days = [labels[d] for d in codes]
    return f"{head}: {', '.join(days)}" if days else head
