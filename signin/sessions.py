"""Sessions end after a configurable idle time (SESSION_IDLE_MINUTES), wherever they began."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

from insyn.public import is_public

LAST_SEEN = "signin_last_seen"
# The clock is written back at most once a minute, so a busy user's requests do not each write the session.
RESOLUTION_SECONDS = 60


def start_idle_clock(sender, request: HttpRequest | None = None, user=None, **kwargs) -> None:
    """On every sign-in (user_logged_in): the idle time counts from now."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class IdleSessionMiddleware:
    """Signs out a user who has been idle longer than SESSION_IDLE_MINUTES, and asks them to sign in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if is_public(request):
            # Insyn and the API never read the session: their answers must not vary on the cookie.
            return None
        if not request.user.is_authenticated:
            return None
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN)
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
            logout(request)
            if request.headers.get("HX-Request"):
                return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
            return redirect_to_login(request.get_full_path())
        if last_seen is None or now - last_seen >= RESOLUTION_SECONDS:
            request.session[LAST_SEEN] = now
        return None
