"""Signing in with the municipality's identity provider, against a real OpenID Connect provider.

The provider is django-oauth-toolkit running in its own process (tests/oidc_provider/): discovery,
keys, the authorization code flow with PKCE, ID tokens and RP-initiated logout are the real thing.
"""

from __future__ import annotations

import base64
import datetime
import json
import logging
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse
from joserfc.errors import JoseError
from pytest_django.asserts import assertContains, assertNotContains

from organisation.models import AccessChange, Person, Role, User
from signin import provider
from signin.models import ExternalIdentity
from tests.factories import AssignmentFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/konto/logga-in/kommunkonto/klart/"


def _name() -> str:
    return f"u{uuid.uuid4().hex[:10]}"


def _at_provider(oidc_provider, **kwargs) -> tuple[str, str]:
    """A new account at the provider; returns (username, email)."""
    username = _name()
    email = kwargs.pop("email", f"{username}@ange.example")
    oidc_provider.add_user(username, email=email, name="Petra Lindgren", **kwargs)
    return username, email


def _sign_in(client, oidc_provider, username: str, *, next_url: str | None = None):
    """The browser's round trip: our start page, the provider's sign-in, and back to our callback."""
    start = client.get(reverse("signin:start"), {"next": next_url} if next_url else {})
    assert start.status_code == 302, start
    location = oidc_provider.sign_in(start["Location"], username)
    assert location.startswith(CALLBACK), location
    return client.get(_local(location))


def _local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _current_member(email: str) -> Person:
    person = PersonFactory(email=email)
    AssignmentFactory(person=person, start=datetime.date(2026, 10, 15), end=datetime.date(2030, 10, 14))
    return person


def _id_token(oidc_provider, username: str, *, other_client: bool = False, nonce="n-0") -> dict:
    """A real token from the provider, for our client or for another service's."""
    if other_client:
        client = (
            oidc_provider.other_client_id,
            oidc_provider.other_client_secret,
            oidc_provider.other_redirect_uri,
        )
    else:
        client = (oidc_provider.client_id, oidc_provider.client_secret, oidc_provider.redirect_uri)
    return oidc_provider.token_for(*client, username, nonce=nonce)


def _segments(jwt: str) -> list[str]:
    return jwt.split(".")


def _decode(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def _encode(claims: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()


class TestSignIn:
    def test_first_sign_in_links_the_person_by_verified_email_and_grants_the_mandate(
        self, client, provider_settings, oidc_provider
    ):
        username, email = _at_provider(oidc_provider)
        person = _current_member(email)
        response = _sign_in(client, oidc_provider, username)
        assert response.status_code == 302
        assert response["Location"] == reverse("home")
        person.refresh_from_db()
        assert person.user is not None
        assert person.user.has_role(Role.POLITICIAN)
        identity = ExternalIdentity.objects.get(user=person.user)
        assert identity.issuer == oidc_provider.issuer
        assert not person.user.has_usable_password()
        assert client.get(reverse("organisation:units")).status_code == 200

    def test_a_person_with_an_account_signs_in_to_that_account(
        self, client, provider_settings, oidc_provider
    ):
        username, email = _at_provider(oidc_provider)
        user = UserFactory(role=Role.PLANNER)
        PersonFactory(email=email.upper(), user=user)
        _sign_in(client, oidc_provider, username)
        assert int(client.session["_auth_user_id"]) == user.pk
        assert client.session["_auth_user_backend"] == "signin.backends.ProviderBackend"

    def test_later_sign_ins_find_the_account_by_subject_not_by_address(
        self, client, provider_settings, oidc_provider
    ):
        username, email = _at_provider(oidc_provider)
        person = _current_member(email)
        _sign_in(client, oidc_provider, username)
        first = Person.objects.get(pk=person.pk).user
        # Somebody else now has the address in the organisation; the account stays with its owner.
        Person.objects.filter(pk=person.pk).update(email="moved@ange.example")
        PersonFactory(email=email)
        client.logout()
        _sign_in(client, oidc_provider, username)
        assert int(client.session["_auth_user_id"]) == first.pk

    def test_an_unverified_address_links_nobody(self, client, provider_settings, oidc_provider):
        username, email = _at_provider(oidc_provider, email_verified=False)
        person = _current_member(email)
        _sign_in(client, oidc_provider, username)
        person.refresh_from_db()
        assert person.user is None
        user = User.objects.get(pk=client.session["_auth_user_id"])
        assert user.roles == frozenset()

    def test_an_unknown_person_is_signed_in_without_a_role_and_told_whom_to_ask(
        self, client, provider_settings, oidc_provider
    ):
        UserFactory(role=Role.SYSADMIN, first_name="Adam", last_name="Sysander", email="adam@ange.example")
        username, _email = _at_provider(oidc_provider)
        response = _sign_in(client, oidc_provider, username)
        assert response.status_code == 302
        home = client.get(reverse("home"))
        assertContains(home, "inte kopplat till någon person")
        assertContains(home, "adam@ange.example")
        assert client.get(reverse("organisation:units")).status_code == 403

    def test_the_help_contact_setting_names_whom_to_ask(self, client, provider_settings, oidc_provider):
        provider_settings.SIGNIN_HELP_CONTACT = "Servicedesk, 0690-250 100"
        username, _email = _at_provider(oidc_provider)
        _sign_in(client, oidc_provider, username)
        assertContains(client.get(reverse("home")), "Servicedesk, 0690-250 100")

    def test_next_is_kept_and_a_foreign_next_is_not(self, client, provider_settings, oidc_provider):
        username, email = _at_provider(oidc_provider)
        _current_member(email)
        response = _sign_in(client, oidc_provider, username, next_url="/mal/")
        assert response["Location"] == "/mal/"
        assert "signin_next" not in client.session  # used once
        client.logout()
        response = _sign_in(client, oidc_provider, username, next_url="https://evil.example/")
        assert response["Location"] == reverse("home")

    def test_a_deactivated_user_is_refused(self, client, provider_settings, oidc_provider):
        username, email = _at_provider(oidc_provider)
        user = UserFactory(role=Role.PLANNER, is_active=False)
        PersonFactory(email=email, user=user)
        response = _sign_in(client, oidc_provider, username)
        assert response.status_code == 403
        assert "_auth_user_id" not in client.session


class TestRefusals:
    def test_a_replayed_state_is_refused(self, client, provider_settings, oidc_provider):
        username, email = _at_provider(oidc_provider)
        _current_member(email)
        start = client.get(reverse("signin:start"))
        callback = _local(oidc_provider.sign_in(start["Location"], username))
        assert client.get(callback).status_code == 302
        client.logout()
        replay = client.get(callback)
        assert replay.status_code == 400
        assertContains(replay, "Inloggningen kunde inte slutföras", status_code=400)
        assert "_auth_user_id" not in client.session

    def test_a_state_from_another_browser_is_refused(
        self, client, django_user_model, provider_settings, oidc_provider
    ):
        from django.test import Client

        username, email = _at_provider(oidc_provider)
        _current_member(email)
        start = client.get(reverse("signin:start"))
        callback = _local(oidc_provider.sign_in(start["Location"], username))
        other = Client()
        assert other.get(callback).status_code == 400
        assert "_auth_user_id" not in other.session

    def test_an_error_from_the_provider_is_a_clear_page(self, client, provider_settings):
        start = client.get(reverse("signin:start"))
        state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
        response = client.get(reverse("signin:callback"), {"error": "access_denied", "state": state})
        assertContains(response, "Inloggningen kunde inte slutföras", status_code=400)

    def test_a_tampered_id_token_is_refused(self, provider_settings, oidc_provider):
        username, _email = _at_provider(oidc_provider)
        token = _id_token(oidc_provider, username)
        header, payload, signature = _segments(token["id_token"])
        claims = _decode(payload)
        claims["email"] = "someone.else@ange.example"
        forged = {**token, "id_token": ".".join([header, _encode(claims), signature])}
        app = provider.client()
        assert provider.verify_id_token(app, token, nonce="n-0")["sub"] == claims["sub"]
        with pytest.raises(JoseError):
            provider.verify_id_token(app, forged, nonce="n-0")

    def test_a_token_for_another_audience_is_refused(self, provider_settings, oidc_provider):
        username, _email = _at_provider(oidc_provider)
        token = _id_token(oidc_provider, username, other_client=True)
        assert _decode(_segments(token["id_token"])[1])["aud"] == oidc_provider.other_client_id
        with pytest.raises(JoseError):
            provider.verify_id_token(provider.client(), token, nonce="n-0")

    def test_a_wrong_nonce_is_refused(self, provider_settings, oidc_provider):
        username, _email = _at_provider(oidc_provider)
        token = _id_token(oidc_provider, username, nonce="n-1")
        with pytest.raises(JoseError):
            provider.verify_id_token(provider.client(), token, nonce="n-2")

    def test_clock_skew_is_bounded(self, provider_settings, oidc_provider):
        username, _email = _at_provider(oidc_provider)
        token = _id_token(oidc_provider, username)
        expires = _decode(_segments(token["id_token"])[1])["exp"]
        app = provider.client()
        skew = provider_settings.OIDC_CLOCK_SKEW_SECONDS
        with time_machine.travel(expires + skew - 5, tick=False):
            provider.verify_id_token(app, token, nonce="n-0")
        with time_machine.travel(expires + skew + 5, tick=False), pytest.raises(JoseError):
            provider.verify_id_token(app, token, nonce="n-0")

    def test_an_issuer_other_than_the_configured_one_is_refused(self, provider_settings, oidc_provider):
        username, _email = _at_provider(oidc_provider)
        token = _id_token(oidc_provider, username)
        app = provider.client()
        provider_settings.OIDC_ISSUER = "https://login.example/other"
        with pytest.raises(JoseError):
            provider.verify_id_token(app, token, nonce="n-0")

    def test_start_and_callback_are_not_found_without_a_provider(self, client, settings):
        settings.OIDC_ISSUER = ""
        assert client.get(reverse("signin:start")).status_code == 404
        assert client.get(reverse("signin:callback")).status_code == 404

    def test_an_unreachable_provider_is_a_clear_page(self, client, settings):
        settings.OIDC_ISSUER = "http://127.0.0.1:9"
        settings.OIDC_CLIENT_ID = "styrmodell"
        response = client.get(reverse("signin:start"))
        assertContains(response, "svarade inte", status_code=502)


class TestGroupMapping:
    def test_roles_follow_the_providers_groups_when_mapped(self, client, provider_settings, oidc_provider):
        provider_settings.OIDC_ROLE_GROUPS = (("grp-planerare", Role.PLANNER), ("grp-ekonom", Role.FINANCE))
        username, email = _at_provider(oidc_provider, groups=["grp-planerare", "grp-annat"])
        user = UserFactory(role=Role.SYSADMIN)
        PersonFactory(email=email, user=user)
        _sign_in(client, oidc_provider, username)
        user = User.objects.get(pk=user.pk)
        # Mapped roles follow the groups; a role the mapping does not name stays as the administrator set it.
        assert user.roles == {Role.PLANNER, Role.SYSADMIN}
        grant = AccessChange.objects.get(user=user, role=Role.PLANNER)
        assert grant.kind == AccessChange.Kind.GRANTED
        assert grant.source == AccessChange.Source.PROVIDER
        assert grant.actor is None

    def test_a_group_the_provider_no_longer_sends_takes_its_role_away(
        self, client, provider_settings, oidc_provider
    ):
        provider_settings.OIDC_ROLE_GROUPS = (("grp-ekonom", Role.FINANCE),)
        username, email = _at_provider(oidc_provider, groups=[])
        user = UserFactory(role=Role.FINANCE)
        PersonFactory(email=email, user=user)
        _sign_in(client, oidc_provider, username)
        assert User.objects.get(pk=user.pk).roles == frozenset()
        assert AccessChange.objects.get(user=user, role=Role.FINANCE).kind == AccessChange.Kind.LAPSED

    def test_without_a_mapping_the_app_keeps_the_roles(self, client, provider_settings, oidc_provider):
        username, email = _at_provider(oidc_provider, groups=["grp-planerare"])
        user = UserFactory(role=Role.FINANCE)
        PersonFactory(email=email, user=user)
        _sign_in(client, oidc_provider, username)
        assert User.objects.get(pk=user.pk).roles == {Role.FINANCE}


class TestSignOut:
    def test_sign_out_ends_our_session_and_the_providers(self, client, provider_settings, oidc_provider):
        username, email = _at_provider(oidc_provider)
        _current_member(email)
        _sign_in(client, oidc_provider, username)
        response = client.post(reverse("logout"))
        assert "_auth_user_id" not in client.session
        assert response.status_code == 302
        end = response["Location"]
        assert end.startswith(oidc_provider.end_session_endpoint)
        query = parse_qs(urlsplit(end).query)
        assert query["post_logout_redirect_uri"] == ["http://testserver/konto/utloggad/"]
        assert query["id_token_hint"]
        at_provider = oidc_provider.end_session(end)
        assert at_provider.headers["Location"].startswith("http://testserver/konto/utloggad/")
        # The provider has forgotten its session: a new sign-in there asks for the password again.
        assert not oidc_provider.is_signed_in()
        assertContains(client.get(reverse("signin:logged_out")), "Du är utloggad")

    def test_a_password_session_signs_out_here_only(self, client, provider_settings):
        user = UserFactory(role=Role.PLANNER)
        client.force_login(user)
        response = client.post(reverse("logout"))
        assert response["Location"] == reverse("signin:logged_out")


class TestSecret:
    def test_the_client_secret_is_never_logged_or_shown(
        self, client, provider_settings, oidc_provider, caplog
    ):
        from django.views.debug import SafeExceptionReporterFilter

        secret = oidc_provider.client_secret
        username, email = _at_provider(oidc_provider)
        _current_member(email)
        with caplog.at_level(logging.DEBUG):
            _sign_in(client, oidc_provider, username)
            client.post(reverse("logout"))
            client.get(reverse("signin:callback"), {"code": "x", "state": "y"})
        assert secret not in caplog.text
        assert SafeExceptionReporterFilter().get_safe_settings()["OIDC_CLIENT_SECRET"] != secret
        for page in (reverse("login"), reverse("signin:logged_out")):
            assertNotContains(client.get(page), secret)


class TestLoginPage:
    def test_the_providers_button_comes_first_when_configured(self, client, provider_settings):
        response = client.get(reverse("login"), {"next": "/mal/"})
        assertContains(response, "Logga in med ditt kommunkonto")
        assertContains(response, f'href="{reverse("signin:start")}?next=/mal/"')

    def test_no_button_without_a_provider(self, client, settings):
        settings.OIDC_ISSUER = ""
        assertNotContains(client.get(reverse("login")), reverse("signin:start"))
