from decimal import Decimal

from django import template

from omur.benefits.services.common import money

register = template.Library()


@register.filter
def try_amount(value: Decimal | int | None) -> str:
    """Turkish lira with the locale's separators: "1.250,00 ₺"."""
    return money(value)


@register.filter
def percent_of(part: int, whole: int) -> int:
    return int(100 * part / whole) if whole else 0


@register.inclusion_tag("benefits/_tabs.html", takes_context=True)
def benefits_tabs(context: dict, active: str = "") -> dict:
    return {"active": active, "request": context.get("request")}
