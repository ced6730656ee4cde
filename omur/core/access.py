"""Access by URL: one table says which roles may use which URL, and this middleware enforces it.

The table lives in config/access.py. A URL whose name has no entry is refused (fail closed), and the
access test walks every URL pattern so a new URL without an entry fails the suite.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Rule:
    """Who may use a URL. `public`: anyone, logged in or not. `authenticated`: any active staff user.
    Otherwise the listed roles only. `before_2fa`: reachable while the second factor is pending."""

    roles: frozenset[str] = frozenset()
    public: bool = False
    authenticated: bool = False
    before_2fa: bool = False
    sample_kwargs: dict[str, Any] = field(default_factory=dict)

    def allows(self, user: Any) -> bool:
        if self.public:
            return True
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if self.authenticated:
            return True
        return bool(self.roles & user_roles(user))


def public(**kwargs: Any) -> Rule:
    return Rule(public=True, before_2fa=True, **kwargs)


def authenticated(**kwargs: Any) -> Rule:
    return Rule(authenticated=True, **kwargs)


def roles(*names: str | Iterable[str], **kwargs: Any) -> Rule:
    flat: set[str] = set()
    for name in names:
        if isinstance(name, str):
            flat.add(name)
        else:
            flat.update(name)
    return Rule(roles=frozenset(flat), **kwargs)


def merge_access_tables(*tables: dict[str, "Rule"]) -> dict[str, "Rule"]:
    """One table from several sections; a URL name in two sections is a configuration error."""
    merged: dict[str, Rule] = {}
    for table in tables:
        for name, rule in table.items():
            if name in merged:
                raise ImproperlyConfigured(f"access table: {name!r} is listed twice")
            merged[name] = rule
    return merged


def user_roles(user: Any) -> frozenset[str]:
    """The user's role names, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_omur_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._omur_roles = cached
    return cached


def access_table() -> dict[str, Rule]:
    table: dict[str, Rule] = import_string(settings.OMUR_ACCESS_TABLE)
    return table


def rule_for(view_name: str) -> Rule | None:
    table = access_table()
    if view_name in table:
        return table[view_name]
    # Namespace wildcards ("admin:*") cover apps whose URLs we do not name ourselves.
    namespace = view_name.rpartition(":")[0]
    while namespace:
        wildcard = f"{namespace}:*"
        if wildcard in table:
            return table[wildcard]
        namespace = namespace.rpartition(":")[0]
    return None


class AccessTableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match else ""
        rule = rule_for(view_name)
        if rule is not None and rule.allows(request.user):
            return None
        if rule is not None and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # Marked so tests can tell the table's refusal from a view's own finer-grained 403.
        request.refused_by_access_table = True  # type: ignore[attr-defined]
        # Fail closed: a URL nobody declared is nobody's to use.
        raise PermissionDenied(f"No access rule for {view_name!r}" if rule is None else "")


def iter_url_patterns(
    resolvers: Iterable[URLPattern | URLResolver] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """Every concrete URL pattern as (view name, route, pattern), namespaces resolved."""
    if resolvers is None:
        resolvers = get_resolver().url_patterns
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_url_patterns(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        else:
            # An unnamed pattern inside a namespace (the admin has some) is covered by "namespace:*".
            name = entry.name or ""
            view_name = f"{namespace}:{name}" if namespace else name
            yield view_name, prefix + str(entry.pattern), entry


def check_table_complete() -> list[str]:
    """View names reachable by URL but missing from the table (also used by a system check)."""
    missing = []
    for view_name, route, _pattern in iter_url_patterns():
        if not view_name or rule_for(view_name) is None:
            missing.append(f"{view_name or '(unnamed)'} -> /{route}")
    return missing


def validate_table() -> None:
    from omur.accounts.roles import ALL_ROLES

    for name, rule in access_table().items():
        unknown = rule.roles - ALL_ROLES
        if unknown:
            raise ImproperlyConfigured(f"Access rule {name!r} names unknown roles {sorted(unknown)}")
