"""The ID token's claims beyond `sub`: e-mail, name and groups from the user's Profile."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "profile"}

    def get_additional_claims(self) -> dict[str, Any]:
        """Claims as functions of the request, so that discovery lists them in claims_supported."""
        return {
            "email": lambda request: request.user.email,
            "email_verified": lambda request: request.user.profile.email_verified,
            "name": lambda request: request.user.profile.name or None,
            "groups": lambda request: list(request.user.profile.groups),
        }

    def get_oidc_claims(self, token, token_handler, request) -> dict[str, Any]:
        """A user without a name gets no `name` claim at all, as real providers do."""
        claims = super().get_oidc_claims(token, token_handler, request)
        return {key: value for key, value in claims.items() if value is not None}
