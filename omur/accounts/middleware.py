from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from omur.core.access import rule_for


class TwoFactorRequiredMiddleware:
    """After the password, the second factor: required of everyone when OMUR_REQUIRE_2FA is on
    (production), and of anyone who has set up a device even when it is off (the demo)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr,attr-defined]
            return None
        match = request.resolver_match
        rule = rule_for(match.view_name) if match else None
        if rule is not None and rule.before_2fa:
            return None
        has_device = user_has_device(user)
        if not has_device and not settings.OMUR_REQUIRE_2FA:
            return None
        target = "accounts:otp-verify" if has_device else "accounts:otp-setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
