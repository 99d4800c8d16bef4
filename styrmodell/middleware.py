"""Site-wide access rules that no view can forget: what a user without a role may reach, and what
no shared cache may keep."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from insyn.public import is_public
from organisation.models import Role

# What a signed-in user who holds no role may reach: the start page (which tells them to ask for a
# role), their own account, and the public pages. Everything else, the admin included, is refused.
NO_ROLE_ALLOWED = frozenset(
    {
        "home",
        "login",
        "logout",
        "signin:start",
        "signin:callback",
        "signin:logged_out",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "accessibility",
        "healthz",
    }
)


class RoleRequiredMiddleware:
    """A signed-in user holding no role (and not a superuser) gets a 403 outside NO_ROLE_ALLOWED.

    It runs once the URL is resolved, so it decides by the URL's name, never by a path prefix. Static
    files never reach it: WhiteNoise (production) and runserver (development) serve them first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if is_public(request):
            # Decided before the user is read: reading it reads the session, and a response that read
            # the session varies on the cookie, which no shared cache could then keep for everyone.
            return None
        user = request.user
        if not user.is_authenticated or user.is_superuser or user.has_role(*Role.values):
            return None
        if request.resolver_match.view_name in NO_ROLE_ALLOWED:
            return None
        return render(request, "403_no_role.html", status=403)


class PrivateCacheControlMiddleware:
    """Every response to a signed-in user says `Cache-Control: private, no-store`.

    Pages, htmx fragments, exports and downloads hold what this user may see, so neither a shared
    cache (a proxy) nor the browser's disk may keep them. A view that sets its own Cache-Control
    keeps it; responses to anonymous visitors (sign-in, the accessibility statement) are untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
