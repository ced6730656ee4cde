from django import template

from omur.accounts.roles import Role

register = template.Library()


@register.filter
def role_label(name: str) -> str:
    try:
        return str(Role(name).label)
    except ValueError:
        return name


@register.filter
def format_changes(changes: object) -> list[tuple[str, str]]:
    """Audit changes as readable (field, text) pairs: "before → after" for diffs, the value otherwise."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            before, after = value
            rows.append((str(field), f"{_show(before)} → {_show(after)}"))
        else:
            rows.append((str(field), _show(value)))
    return rows


def _show(value: object) -> str:
    if value is None or value == "" or value == []:
        return "∅"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@register.filter
def may_use(user: object, view_name: str) -> bool:
    """Whether the access table lets `user` open `view_name`: links to other apps' pages show only
    to those who may follow them."""
    from omur.core.access import rule_for

    rule = rule_for(view_name)
    return bool(rule and rule.allows(user))
