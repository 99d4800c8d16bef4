"""Signing in with the municipality's identity provider, signing out of both, and the sign-in page."""

from __future__ import annotations

import logging

import requests
from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError

from signin import provider
from signin.services import UnusableClaims, identity_sign_in

logger = logging.getLogger(__name__)

NEXT = "signin_next"
ID_TOKEN = "signin_id_token"  # noqa: S105  (a session key, not a secret)
BACKEND = "signin.backends.ProviderBackend"


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Django's sign-in page, with the provider's button first when sign-in with it is switched on."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            provider_sign_in=provider.is_configured(),
            password_sign_in=settings.PASSWORD_SIGN_IN,
            **kwargs,
        )


@require_GET
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider, with a fresh state, nonce and PKCE challenge kept in the session."""
    if not provider.is_configured():
        raise Http404
    request.session[NEXT] = _safe_next(request, request.GET.get("next"))
    app = provider.client()
    try:
        return app.authorize_redirect(request, request.build_absolute_uri(reverse("signin:callback")))
    except requests.RequestException:
        logger.warning("Sign-in: the identity provider's metadata could not be read.", exc_info=True)
        return _failed(request, unreachable=True)


@require_GET
@never_cache
def callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: verify it, bind the account to its user, and sign that user in."""
    if not provider.is_configured():
        raise Http404
    app = provider.client()
    try:
        token = provider.complete_sign_in(app, request)
    except requests.RequestException:
        logger.warning("Sign-in: the identity provider could not be reached.", exc_info=True)
        return _failed(request, unreachable=True)
    except (OAuthError, JoseError) as error:
        # The error's class and code only: never the token, the code or anything from the session.
        logger.warning("Sign-in refused: %s %s", type(error).__name__, getattr(error, "error", ""))
        return _failed(request)
    claims = token.get("userinfo")
    if not claims:
        logger.warning("Sign-in refused: the provider sent no ID token.")
        return _failed(request)
    try:
        user = identity_sign_in(issuer=settings.OIDC_ISSUER, claims=dict(claims))
    except UnusableClaims:
        logger.warning("Sign-in refused: the ID token names no subject.")
        return _failed(request)
    if not user.is_active:
        return _failed(request, inactive=True)
    next_url = request.session.pop(NEXT, None) or resolve_url(settings.LOGIN_REDIRECT_URL)
    login(request, user, backend=BACKEND)
    # Kept for the sign-out at the provider (id_token_hint); login() has cycled the session key.
    request.session[ID_TOKEN] = token.get("id_token", "")
    return HttpResponseRedirect(next_url)


def _failed(request: HttpRequest, *, unreachable: bool = False, inactive: bool = False) -> HttpResponse:
    return render(
        request,
        "signin/failed.html",
        {"unreachable": unreachable, "inactive": inactive},
        status=502 if unreachable else 403 if inactive else 400,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session here and, when it began at a provider that supports it, the provider's session too."""
    id_token = request.session.get(ID_TOKEN)
    logout(request)
    done = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    if id_token and provider.is_configured():
        app = provider.client()
        try:
            if app.load_server_metadata().get("end_session_endpoint"):
                # Our page after it needs nothing from the provider, so no state is kept for the return.
                end = app.create_logout_url(
                    post_logout_redirect_uri=done, id_token_hint=id_token, client_id=settings.OIDC_CLIENT_ID
                )
                return HttpResponseRedirect(end["url"])
        except requests.RequestException:
            logger.warning("Sign-out: the identity provider could not be reached.", exc_info=True)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_GET
def logged_out(request: HttpRequest) -> HttpResponse:
    """Signed out: say so, and offer to sign in again."""
    return render(request, "signin/logged_out.html", {"provider_sign_in": provider.is_configured()})
