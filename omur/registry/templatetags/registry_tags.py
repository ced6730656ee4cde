from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from omur.core.phones import format_phone

register = template.Library()


@register.filter
def phone_display(value: str) -> str:
    """A stored E.164 number in the national format people read: 0532 123 45 67."""
    return format_phone(value or "")


@register.filter
def lira(value: Decimal | float | None) -> str:
    """An amount in Turkish lira with two decimals and the locale's separators ("12.345,50 ₺")."""
    if value is None:
        return "—"
    return f"{floatformat(value, '2g')} ₺"
