"""The municipality's OpenID Connect provider, as Authlib's client sees it, configured from settings.

Authlib does the protocol: discovery from the issuer, the authorization code flow with PKCE (S256),
state and nonce kept in the session and checked once, and the ID token's signature checked against the
provider's published keys (JWKS) with its issuer, audience, expiry and nonce. What is ours: which issuer
we trust, how much clock skew we allow, and that the client secret never leaves this module.
"""

from __future__ import annotations

from authlib.integrations.django_client import OAuth
from authlib.integrations.django_client.apps import DjangoOAuth2App
from django.conf import settings

NAME = "municipality"


def is_configured() -> bool:
    """Whether sign-in with the provider is switched on (an issuer and a client are set)."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def client() -> DjangoOAuth2App:
    """A client for this request; it fetches the provider's metadata and keys when it needs them.

    A fresh client per sign-in costs a request for the metadata, and means a provider that rotates
    its signing keys, or a changed setting, is honoured without a restart.
    """
    registry = OAuth()
    return registry.register(
        NAME,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        server_metadata_url=f"{settings.OIDC_ISSUER}/.well-known/openid-configuration",
        client_kwargs={
            "scope": settings.OIDC_SCOPES,
            "code_challenge_method": "S256",
            "timeout": settings.OIDC_TIMEOUT_SECONDS,
        },
    )


def claims_options() -> dict:
    """The ID token must come from the configured issuer, whatever the metadata document says."""
    return {"iss": {"essential": True, "values": [settings.OIDC_ISSUER]}}


def leeway() -> int:
    """The clock skew allowed between the provider and us when checking exp, iat and nbf."""
    return settings.OIDC_CLOCK_SKEW_SECONDS


def complete_sign_in(app: DjangoOAuth2App, request) -> dict:
    """The provider's answer to our authorization request: the token with its verified claims.

    Raises Authlib's errors (OAuthError, JoseError) for a missing, replayed or forged state, a
    refused code, and an ID token that fails any check.
    """
    return app.authorize_access_token(request, claims_options=claims_options(), leeway=leeway())


def verify_id_token(app: DjangoOAuth2App, token: dict, *, nonce: str) -> dict:
    """The checks `complete_sign_in` makes on an ID token, on their own (for tests and diagnostics)."""
    return app.parse_id_token(token, nonce=nonce, claims_options=claims_options(), leeway=leeway())
