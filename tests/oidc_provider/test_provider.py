"""The test OpenID Connect provider is a real one: Authlib's own OAuth 2 client runs the code flow with
PKCE against it, the ID token verifies against the published keys, and RP-initiated logout ends the
provider's session. No database of Styrmodell's is involved."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import InvalidClaimError
from joserfc.jwk import KeySet

from tests.oidc_provider.fixture import OidcProvider, ProviderError, pkce_pair

SCOPE = "openid email profile"


@pytest.fixture
def provider(oidc_provider: OidcProvider) -> OidcProvider:
    oidc_provider.reset()
    return oidc_provider


def verified_claims(provider: OidcProvider, id_token: str, *, audience: str, nonce: str) -> dict:
    """The ID token's claims after checking its signature against the JWKS and iss, aud and nonce."""
    keys = KeySet.import_key_set(requests.get(provider.metadata["jwks_uri"], timeout=10).json())
    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": audience},
        nonce={"essential": True, "value": nonce},
        exp={"essential": True},
    ).validate(token.claims)
    return token.claims


def authlib_client(provider: OidcProvider) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.client_secret,
        scope=SCOPE,
        redirect_uri=provider.redirect_uri,
        code_challenge_method="S256",
    )


class TestDiscovery:
    def test_the_issuer_is_where_discovery_answers(self, provider):
        metadata = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=10).json()

        assert metadata["issuer"] == provider.issuer == f"{provider.base_url}/o"
        assert provider.discovery_url == f"{provider.issuer}/.well-known/openid-configuration"
        assert (
            metadata["end_session_endpoint"] == provider.end_session_endpoint == f"{provider.issuer}/logout/"
        )
        assert metadata["code_challenge_methods_supported"] == ["S256"]
        assert "RS256" in metadata["id_token_signing_alg_values_supported"]
        assert {"email", "email_verified", "name", "groups"} <= set(metadata["claims_supported"])


class TestCodeFlow:
    def test_authlib_signs_in_with_pkce_and_the_id_token_verifies(self, provider):
        sub = provider.add_user(
            "anna", email="anna@kommun.se", name="Anna Andersson", groups=["styrmodell-planerare", "alla"]
        )
        client = authlib_client(provider)
        verifier, _challenge = pkce_pair()
        url, state = client.create_authorization_url(
            provider.authorization_endpoint, code_verifier=verifier, nonce="nonce-1"
        )
        assert "code_challenge=" in url

        location = provider.sign_in(url, "anna")

        assert location.startswith(f"{provider.redirect_uri}?")
        answer = parse_qs(urlsplit(location).query)
        assert answer["state"] == [state]
        assert answer["iss"] == [provider.issuer]
        token = client.fetch_token(
            provider.token_endpoint, authorization_response=location, code_verifier=verifier
        )
        claims = verified_claims(provider, token["id_token"], audience=provider.client_id, nonce="nonce-1")
        assert claims["sub"] == sub
        assert claims["email"] == "anna@kommun.se"
        assert claims["email_verified"] is True
        assert claims["name"] == "Anna Andersson"
        assert claims["groups"] == ["styrmodell-planerare", "alla"]

    def test_claims_follow_the_user_and_a_nameless_user_has_no_name_claim(self, provider):
        provider.add_user("bertil", email="bertil@example.org", email_verified=False)

        token = provider.token_for(
            provider.client_id, provider.client_secret, provider.redirect_uri, "bertil", nonce="n-2"
        )

        claims = verified_claims(provider, token["id_token"], audience=provider.client_id, nonce="n-2")
        assert claims["email"] == "bertil@example.org"
        assert claims["email_verified"] is False
        assert claims["groups"] == []
        assert "name" not in claims

    def test_a_second_sign_in_needs_no_password(self, provider):
        provider.add_user("cecilia", email="cecilia@kommun.se")
        url, _state = authlib_client(provider).create_authorization_url(
            provider.authorization_endpoint, code_verifier=pkce_pair()[0], nonce="n-3"
        )
        provider.sign_in(url, "cecilia")

        assert "code=" in provider.sign_in(url, "cecilia", password="not-the-password")
        assert provider.signed_in_as() == "cecilia"

    def test_another_user_at_the_same_browser_signs_in_as_themselves(self, provider):
        sub_one = provider.add_user("olle", email="olle@kommun.se")
        sub_two = provider.add_user("petra", email="petra@kommun.se")
        client = authlib_client(provider)
        verifier, _challenge = pkce_pair()
        url, _state = client.create_authorization_url(
            provider.authorization_endpoint, code_verifier=verifier, nonce="n-10"
        )
        provider.sign_in(url, "olle")

        location = provider.sign_in(url, "petra")

        token = client.fetch_token(
            provider.token_endpoint, authorization_response=location, code_verifier=verifier
        )
        claims = verified_claims(provider, token["id_token"], audience=provider.client_id, nonce="n-10")
        assert claims["sub"] == sub_two != sub_one
        with pytest.raises(ProviderError, match="refused the sign-in"):
            provider.sign_in(url, "olle", password="wrong")

    def test_a_wrong_password_is_refused(self, provider):
        provider.add_user("david", email="david@kommun.se")
        url, _state = authlib_client(provider).create_authorization_url(
            provider.authorization_endpoint, code_verifier=pkce_pair()[0], nonce="n-4"
        )

        with pytest.raises(ProviderError, match="refused the sign-in"):
            provider.sign_in(url, "david", password="wrong")

    def test_another_client_gets_a_token_with_its_own_audience(self, provider):
        provider.add_user("erik", email="erik@kommun.se")

        token = provider.token_for(
            provider.other_client_id, provider.other_client_secret, provider.other_redirect_uri, "erik"
        )

        claims = verified_claims(provider, token["id_token"], audience=provider.other_client_id, nonce="n-0")
        with pytest.raises(InvalidClaimError):
            verified_claims(provider, token["id_token"], audience=provider.client_id, nonce="n-0")
        assert claims["iss"] == provider.issuer


class TestPkceIsRequired:
    def test_an_authorization_request_without_a_challenge_is_refused(self, provider):
        provider.add_user("fia", email="fia@kommun.se")
        query = urlencode(
            {
                "response_type": "code",
                "client_id": provider.client_id,
                "redirect_uri": provider.redirect_uri,
                "scope": SCOPE,
                "state": "s-1",
                "nonce": "n-5",
            }
        )

        location = provider.sign_in(f"{provider.authorization_endpoint}?{query}", "fia")

        answer = parse_qs(urlsplit(location).query)
        assert answer["error"] == ["invalid_request"]
        assert "code" not in answer

    def test_a_plain_challenge_is_refused(self, provider):
        provider.add_user("gustav", email="gustav@kommun.se")
        client = OAuth2Session(
            provider.client_id,
            provider.client_secret,
            scope=SCOPE,
            redirect_uri=provider.redirect_uri,
            code_challenge_method="plain",
        )
        url, _state = client.create_authorization_url(
            provider.authorization_endpoint, code_verifier=pkce_pair()[0], nonce="n-6"
        )

        answer = parse_qs(urlsplit(provider.sign_in(url, "gustav")).query)

        assert answer["error"] == ["invalid_request"]
        assert "code" not in answer

    def test_a_code_without_its_verifier_is_refused(self, provider):
        provider.add_user("hanna", email="hanna@kommun.se")
        client = authlib_client(provider)
        url, _state = client.create_authorization_url(
            provider.authorization_endpoint, code_verifier=pkce_pair()[0], nonce="n-7"
        )
        code = parse_qs(urlsplit(provider.sign_in(url, "hanna")).query)["code"][0]

        response = requests.post(
            provider.token_endpoint,
            data={"grant_type": "authorization_code", "code": code, "redirect_uri": provider.redirect_uri},
            auth=(provider.client_id, provider.client_secret),
            timeout=10,
        )

        assert response.status_code == 400
        assert "id_token" not in response.json()


class TestRegisteredUris:
    def test_an_unregistered_redirect_uri_is_refused_until_registered(self, provider):
        provider.add_user("ivar", email="ivar@kommun.se")
        elsewhere = "http://testserver/annan-adress/"
        client = authlib_client(provider)
        url, _state = client.create_authorization_url(
            provider.authorization_endpoint, redirect_uri=elsewhere, code_verifier=pkce_pair()[0], nonce="n-8"
        )
        with pytest.raises(ProviderError, match="answered 400"):
            provider.sign_in(url, "ivar")

        provider.set_redirect_uris(provider.client_id, [elsewhere], [provider.post_logout_redirect_uri])

        assert provider.sign_in(url, "ivar").startswith(f"{elsewhere}?code=")

    def test_an_invalid_uri_cannot_be_registered(self, provider):
        with pytest.raises(ProviderError, match="answered 400"):
            provider.set_redirect_uris(provider.client_id, ["javascript:alert(1)"], [])


class TestRpInitiatedLogout:
    def test_logout_returns_to_the_client_and_ends_the_provider_session(self, provider):
        provider.add_user("julia", email="julia@kommun.se")
        client = authlib_client(provider)
        verifier, _challenge = pkce_pair()
        url, _state = client.create_authorization_url(
            provider.authorization_endpoint, code_verifier=verifier, nonce="n-9"
        )
        location = provider.sign_in(url, "julia")
        token = client.fetch_token(
            provider.token_endpoint, authorization_response=location, code_verifier=verifier
        )
        query = urlencode(
            {
                "id_token_hint": token["id_token"],
                "client_id": provider.client_id,
                "post_logout_redirect_uri": provider.post_logout_redirect_uri,
                "state": "tillbaka",
            }
        )

        response = provider.end_session(f"{provider.end_session_endpoint}?{query}")

        assert response.status_code == 302
        assert response.headers["Location"] == f"{provider.post_logout_redirect_uri}?state=tillbaka"
        assert not provider.is_signed_in()
        again = provider.browser.get(url, allow_redirects=False, timeout=10)
        assert again.headers["Location"].startswith("/login/?next=")
        with pytest.raises(ProviderError, match="refused the sign-in"):
            provider.sign_in(url, "julia", password="not-the-password")

    def test_an_unregistered_post_logout_uri_is_refused(self, provider):
        provider.add_user("karl", email="karl@kommun.se")
        token = provider.token_for(provider.client_id, provider.client_secret, provider.redirect_uri, "karl")
        query = urlencode(
            {"id_token_hint": token["id_token"], "post_logout_redirect_uri": "http://evil.test/"}
        )

        response = provider.end_session(f"{provider.end_session_endpoint}?{query}")

        assert response.status_code == 400
        assert "Location" not in response.headers
