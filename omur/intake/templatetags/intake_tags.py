from django import template

from omur.core.phones import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """E.164 as people read it: +905321234567 → 0532 123 45 67."""
    return format_phone(value or "")
