"""Walks every URL pattern for every role, anonymous and a deactivated user, and checks that each
request is allowed or refused exactly as config/access.py says, and that no page offers a link its
user would be refused. A URL with no entry fails here."""

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from conftest import make_user
from omur.accounts.roles import Role
from omur.core.access import Rule, access_table, check_table_complete, iter_url_patterns, rule_for

_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")
_CONVERTER_SAMPLES = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000", "path": "1"}


def _sample_path(route: str, rule: Rule) -> str:
    """A concrete path for a pattern: parameters from the rule's sample_kwargs, else a sample of the
    converter's type (a regex alternation takes its first branch), so the request reaches the view."""

    def route_value(m: re.Match[str]) -> str:
        return str(rule.sample_kwargs.get(m["name"], _CONVERTER_SAMPLES.get(m["conv"] or "str", "1")))

    def regex_value(m: re.Match[str]) -> str:
        if m["name"] in rule.sample_kwargs:
            return str(rule.sample_kwargs[m["name"]])
        body = m["body"]
        return body.split("|")[0] if re.fullmatch(r"[\w|-]+", body) else "1"

    path = _REGEX_GROUP.sub(regex_value, route)
    path = _ROUTE_PARAM.sub(route_value, path)
    return "/" + path.replace("^", "").replace("$", "")


def _walkable() -> list[tuple[str, str, Rule]]:
    urls = []
    seen = set()
    for view_name, route, _pattern in iter_url_patterns():
        rule = rule_for(view_name)
        assert rule is not None, f"{view_name} has no access rule"
        url = _sample_path(route, rule)
        resolve(url)  # raises Resolver404 when the sample does not reach a view
        if url not in seen:
            seen.add(url)
            urls.append((view_name, url, rule))
    return urls


def test_every_url_has_an_access_rule() -> None:
    assert check_table_complete() == []


def test_every_access_rule_names_a_real_url() -> None:
    names = {view_name for view_name, _route, _pattern in iter_url_patterns()}
    namespaces = {name.rpartition(":")[0] for name in names}
    for key in access_table():
        if key.endswith(":*"):
            assert key[:-2] in namespaces, f"wildcard {key} matches no namespace"
        else:
            assert key in names, f"access rule {key} names no URL"


def test_public_rules_match_login_not_required_views() -> None:
    for view_name, _route, pattern in iter_url_patterns():
        rule = rule_for(view_name)
        assert rule is not None
        exempt = not getattr(pattern.callback, "login_required", True)
        assert exempt == rule.public, f"{view_name}: public={rule.public} but login_not_required={exempt}"


def _denied(response: Any, url: str) -> bool:
    if getattr(response.wsgi_request, "refused_by_access_table", False):
        assert response.status_code == 403
        return True
    if response.status_code != 302:
        return False
    # Sent to a sign-in page (ours, or the admin's, which forwards to ours) with the way back.
    location = response["Location"]
    logins = {reverse(settings.LOGIN_URL), reverse("admin:login")}
    return any(location.startswith(f"{login}?next={quote(url, safe='/')}") for login in logins)


_HREF = re.compile(r'href="(/[^"#?]*)')


def _links_refused(response: Any, user: Any) -> list[str]:
    """The links on a page that the same user would be refused: a page must not offer them."""
    from django.urls import Resolver404

    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    refused = []
    for href in set(_HREF.findall(response.content.decode())):
        if href.startswith(settings.STATIC_URL):
            continue
        try:
            match = resolve(href)
        except Resolver404:
            continue
        rule = rule_for(match.view_name)
        if rule is not None and not rule.allows(user):
            refused.append(match.view_name)
    return refused


def _check(client: Client, user: Any) -> list[str]:
    wrong = []
    for view_name, url, rule in _walkable():
        response = client.get(url)
        allowed = rule.allows(user)
        assert response.status_code < 500, f"{view_name} {url} answered {response.status_code}"
        if _denied(response, url) == allowed:
            wrong.append(f"{view_name} {url}: expected {'allow' if allowed else 'deny'}, got {response.status_code}")
        for target in _links_refused(response, user):
            wrong.append(f"{view_name} {url} links to {target}, which this user is refused")
    return wrong


@pytest.mark.parametrize("role", list(Role))
def test_access_table_for_role(db: Any, role: Role) -> None:
    user = make_user(role, is_staff=role == Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(user)
    assert _check(client, user) == []


def test_access_table_for_anonymous(db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert _check(Client(), AnonymousUser()) == []


def test_access_table_for_deactivated_user(db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    user = make_user(Role.OFFICE_MANAGER, username="leaver")
    client = Client()
    client.force_login(user)
    user.is_active = False
    user.save()
    # The session was ended on deactivation: the leaver is treated as anonymous everywhere.
    assert _check(client, AnonymousUser()) == []


def test_unknown_url_name_is_refused_even_when_routed(rf: Any, social_worker: Any) -> None:
    from django.core.exceptions import PermissionDenied
    from django.urls import ResolverMatch

    from omur.core.access import AccessTableMiddleware

    request = rf.get("/somewhere/")
    request.user = social_worker
    request.resolver_match = ResolverMatch(lambda r: None, (), {}, url_name="not-in-table")
    with pytest.raises(PermissionDenied):
        AccessTableMiddleware(lambda r: None).process_view(request, lambda r: None, (), {})
