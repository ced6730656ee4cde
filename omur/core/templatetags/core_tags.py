from django import template

from omur.accounts.roles import Role

register = template.Library()


@register.filter
def role_label(name: str) -> str:
    try:
        return str(Role(name).label)
    except ValueError:
        return name
