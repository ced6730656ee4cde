"""Shared pieces of the home-care services: errors, actor checks, addresses, clock minutes."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from omur.core.access import user_roles
from omur.core.exceptions import ApplicationError
from omur.homecare.permissions import PLANNER_ROLES


class HomecareError(ApplicationError):
    message = _("The home-care change could not be made.")


class NotAllowed(HomecareError):
    message = _("Your role cannot make this change.")


def is_planner(actor: Any) -> bool:
    return bool(user_roles(actor) & PLANNER_ROLES)


def check_planner(actor: Any) -> None:
    """Rules run with actor=None (jobs); people must hold a planner role."""
    if actor is not None and not is_planner(actor):
        raise NotAllowed()


def minute_of_day(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def person_address(person: Any) -> tuple[str, float | None, float | None, bool]:
    """The visit's address text and coordinates. Without the person's own coordinates the district's
    centre stands in, flagged as approximate (planning then treats the travel time as an estimate)."""
    parts = []
    street = " ".join(p for p in [person.street, person.building_no and f"No:{person.building_no}"] if p)
    if street:
        parts.append(street)
    if person.door_no:
        parts.append(f"D:{person.door_no}")
    if person.neighbourhood_id:
        parts.append(f"{person.neighbourhood.name} Mah.")
    if person.district_id:
        parts.append(f"{person.district.name}/Mersin")
    text = ", ".join(parts)
    if person.lat is not None and person.lon is not None:
        return text, person.lat, person.lon, False
    district = person.district if person.district_id else None
    if district is not None and district.lat is not None and district.lon is not None:
        return text, district.lat, district.lon, True
    return text, None, None, True
