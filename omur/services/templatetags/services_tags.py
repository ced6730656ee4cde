from django import template
from django.utils import formats

from omur.core.phones import format_phone

register = template.Library()


@register.filter
def phone_display(value: str) -> str:
    """+905321234567 → 0532 123 45 67 (as people read and dial it); anything else unchanged."""
    if not value:
        return ""
    return format_phone(value) or value


@register.filter
def km(value: float | None) -> str:
    if value is None:
        return ""
    return formats.number_format(value, 1 if value < 10 else 0)
