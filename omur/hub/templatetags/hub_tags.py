from decimal import Decimal
from typing import Any

from django import template

from omur.accounts.roles import Role
from omur.core.access import user_roles

register = template.Library()


@register.inclusion_tag("hub/includes/tabs.html", takes_context=True)
def hub_tabs(context: dict[str, Any], tab: str) -> dict[str, Any]:
    mine = user_roles(context["request"].user)
    return {
        "tab": tab,
        "perms_tour": bool(mine & {Role.OFFICE_MANAGER, Role.TOUR_COORDINATOR}),
        "perms_manager": Role.OFFICE_MANAGER in mine,
    }


@register.filter
def tl(amount: Any) -> str:
    """Turkish money format without decimals: 18.500.000 ₺."""
    if amount is None:
        return "—"
    value = Decimal(amount)
    return f"{value:,.0f}".replace(",", ".") + " ₺"


@register.filter
def figure(value: Any) -> str:
    """Whole numbers with Turkish thousands separators; decimals kept only where needed."""
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


@register.filter
def lines(obj: Any, field: str) -> list[str]:
    return list(obj.lines(field))


@register.filter
def bi(obj: Any, field: str) -> str:
    """The field in the active language (English when filled), Turkish otherwise."""
    return str(obj.text(field))
