"""Local passwords behind a switch (break-glass accounts keep theirs), idle sessions, and the checks."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from organisation.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "ett-bra-losenord-123"


def _password_sign_in(client, user) -> bool:
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return client.session.get("_auth_user_id") == str(user.pk)


NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)


class TestPasswordSwitch:
    def test_passwords_work_for_everyone_by_default(self, client):
        user = UserFactory(role=Role.PLANNER)
        assert _password_sign_in(client, user)

    def test_switched_off_only_the_break_glass_accounts_keep_them(self, client, settings):
        settings.PASSWORD_SIGN_IN = False
        settings.PASSWORD_SIGN_IN_USERS = ["reserv"]
        planner = UserFactory(role=Role.PLANNER)
        breakglass = UserFactory(username="reserv", role=Role.SYSADMIN)
        assert not _password_sign_in(client, planner)
        assert _password_sign_in(client, breakglass)

    def test_switching_off_ends_password_sessions(self, client, settings):
        planner = UserFactory(role=Role.PLANNER)
        assert _password_sign_in(client, planner)
        assert client.get(reverse("organisation:units")).status_code == 200
        settings.PASSWORD_SIGN_IN = False
        assert client.get(reverse("organisation:units")).status_code == 302

    def test_no_reset_mail_for_an_account_without_a_password_sign_in(self, client, settings):
        settings.PASSWORD_SIGN_IN = False
        settings.PASSWORD_SIGN_IN_USERS = ["reserv"]
        UserFactory(role=Role.PLANNER, email="planerare@ange.example")
        UserFactory(username="reserv", role=Role.SYSADMIN, email="reserv@ange.example")
        client.post(reverse("password_reset"), {"email": "planerare@ange.example"})
        client.post(reverse("password_reset"), {"email": "reserv@ange.example"})
        assert [message.to for message in mail.outbox] == [["reserv@ange.example"]]

    def test_the_login_page_calls_the_password_form_an_emergency_sign_in_when_switched_off(
        self, client, settings
    ):
        settings.OIDC_ISSUER = "https://login.example/tenant/v2.0"
        settings.OIDC_CLIENT_ID = "styrmodell"
        settings.PASSWORD_SIGN_IN = False
        response = client.get(reverse("login"))
        assert "Reservinloggning" in response.text
        assert reverse("password_reset") not in response.text


class TestIdleSessions:
    def test_a_session_idle_too_long_ends(self, client, settings):
        settings.SESSION_IDLE_MINUTES = 30
        user = UserFactory(role=Role.PLANNER)
        with time_machine.travel(NOW, tick=False) as clock:
            client.force_login(user)
            assert client.get(reverse("organisation:units")).status_code == 200
            clock.shift(datetime.timedelta(minutes=29))
            assert client.get(reverse("organisation:units")).status_code == 200
            # Activity restarted the clock: another 29 minutes are fine, 31 idle ones are not.
            clock.shift(datetime.timedelta(minutes=29))
            assert client.get(reverse("organisation:units")).status_code == 200
            clock.shift(datetime.timedelta(minutes=31))
            response = client.get(reverse("organisation:units"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session

    def test_htmx_requests_are_sent_to_sign_in_as_a_whole_page(self, client, settings):
        settings.SESSION_IDLE_MINUTES = 30
        user = UserFactory(role=Role.PLANNER)
        with time_machine.travel(NOW, tick=False) as clock:
            client.force_login(user)
            clock.shift(datetime.timedelta(minutes=31))
            response = client.get(reverse("organisation:units"), headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == reverse("login")


class TestChecks:
    def test_a_half_configured_provider_fails_the_check(self, settings):
        settings.OIDC_ISSUER = "https://login.example/tenant/v2.0"
        settings.OIDC_CLIENT_ID = "styrmodell"
        settings.OIDC_CLIENT_SECRET = ""
        with pytest.raises(SystemCheckError, match="OIDC_CLIENT_SECRET"):
            call_command("check")

    def test_a_mapping_to_an_unknown_role_fails_the_check(self, settings):
        settings.OIDC_ROLE_GROUPS = (("grp", "kung"),)
        with pytest.raises(SystemCheckError, match="kung"):
            call_command("check")
