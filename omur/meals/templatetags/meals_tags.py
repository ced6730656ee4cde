from typing import Any

from django import template
from django.utils.translation import gettext as _

from omur.meals.models import minute_text

register = template.Library()

REASONS = {
    "no_staff_at_depot": lambda: _("no van at its kitchen"),
    "demand_exceeds_capacity": lambda: _("more portions than a van carries"),
    "window_unreachable": lambda: _("too far to reach between 11:00 and 15:00"),
    "no_capacity_in_day": lambda: _("no room left on the vans"),
}


@register.filter
def minutes(value: Any) -> str:
    return minute_text(value) if value is not None else ""


@register.filter
def unplaced_reason(code: str) -> str:
    return REASONS[code]() if code in REASONS else code
