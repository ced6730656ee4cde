from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omur.core.access import rule_for


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str


# The menu: an item shows only to users whom the access table lets through, so the menu can never
# offer a page that would answer 403. Apps add their entries with register_nav() in AppConfig.ready.
NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "core:home"),
    NavItem(_("Audit trail"), "core:audit-list"),
    NavItem(_("People"), "registry:person-search"),
    NavItem(_("Households"), "registry:household-list"),
    NavItem(_("Requests"), "intake:request-list"),
    NavItem(_("Import people"), "imports:upload"),
    NavItem(_("Tasks"), "cases:task-inbox"),
    NavItem(_("Cases"), "cases:enrolment-list"),
    NavItem(_("Services"), "services:service-list"),
    NavItem(_("Locations"), "services:location-list"),
    NavItem(_("Administration"), "admin:index"),
]


def register_nav(*items: NavItem) -> None:
    """Add menu entries (in order) before "Administration", once each."""
    for item in items:
        if any(existing.url_name == item.url_name for existing in NAVIGATION):
            continue
        NAVIGATION.insert(len(NAVIGATION) - 1, item)


# Menu sections by URL namespace: a section with one visible entry is a plain link, with more a
# drop-down, so the bar stays one line however many apps a role uses. Namespaces not listed here
# stand on their own.
SECTIONS: dict[str, tuple[str, Promise | str]] = {
    "registry": ("people", _("People")),
    "imports": ("people", _("People")),
    "intake": ("people", _("People")),
    "cases": ("cases", _("Cases")),
    "services": ("services", _("Services")),
    "homecare": ("home", _("Home care")),
    "calls": ("home", _("Home care")),
    "meals": ("meals", _("Meals")),
    "venues": ("centres", _("Centres")),
    "bookings": ("centres", _("Centres")),
    "benefits": ("aid", _("Aid")),
    "hub": ("hub", _("Good practice")),
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    current_ns = current.split(":", 1)[0] if ":" in current else ""
    sections: dict[str, dict[str, Any]] = {}
    entries: list[dict[str, Any]] = []
    for item in NAVIGATION:
        rule = rule_for(item.url_name)
        if rule is None or not rule.allows(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        link = {"label": item.label, "url": url, "active": current == item.url_name}
        namespace = item.url_name.split(":", 1)[0]
        if namespace not in SECTIONS:
            entries.append({**link, "children": []})
            continue
        key, label = SECTIONS[namespace]
        if key not in sections:
            sections[key] = {"label": label, "url": url, "active": False, "children": [], "key": key}
            entries.append(sections[key])
        sections[key]["children"].append(link)
        if link["active"] or namespace == current_ns:
            sections[key]["active"] = True
    for entry in entries:
        if len(entry["children"]) == 1:  # one page in the section: a plain link with its own name
            only = entry["children"][0]
            entry.update(label=only["label"], url=only["url"], children=[])
    return {"nav_items": entries}
