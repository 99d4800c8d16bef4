"""System checks for sign-in: a half-configured provider or an unknown role in the mapping fails loudly."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from organisation.roles import Role


@register(Tags.security, deploy=False)
def provider_settings(app_configs, **kwargs) -> list:
    """OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together; mapped roles must exist."""
    problems = []
    parts = {
        "OIDC_ISSUER": settings.OIDC_ISSUER,
        "OIDC_CLIENT_ID": settings.OIDC_CLIENT_ID,
        "OIDC_CLIENT_SECRET": settings.OIDC_CLIENT_SECRET,
    }
    if any(parts.values()) and not all(parts.values()):
        missing = ", ".join(name for name, value in parts.items() if not value)
        problems.append(Error(f"Sign-in with the identity provider lacks {missing}.", id="signin.E001"))
    for group, role in settings.OIDC_ROLE_GROUPS:
        if role not in Role.values:
            problems.append(
                Error(
                    f"OIDC_ROLE_GROUPS maps the group {group!r} to {role!r}, which is not a role.",
                    hint=f"The roles are: {', '.join(Role.values)}.",
                    id="signin.E002",
                )
            )
    if settings.OIDC_ISSUER and not settings.OIDC_ISSUER.startswith("https://") and not settings.DEBUG:
        problems.append(Warning("OIDC_ISSUER should be an https:// address.", id="signin.W001"))
    if not settings.PASSWORD_SIGN_IN and not settings.OIDC_ISSUER:
        problems.append(
            Warning(
                "PASSWORD_SIGN_IN is off and no identity provider is configured: "
                "only PASSWORD_SIGN_IN_USERS can sign in.",
                id="signin.W002",
            )
        )
    return problems
