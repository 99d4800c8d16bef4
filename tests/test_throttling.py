"""The client's address, directly or behind the TLS proxy, and the limits that key on it: failed
sign-ins (django-axes) and password reset e-mails."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from styrmodell.net import client_ip
from tests.factories import UserFactory

PASSWORD = "ett-bra-losenord-123"
PROXY = "10.0.0.2"
CLIENT_A, CLIENT_B = "198.51.100.7", "203.0.113.9"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The limits count in the cache, which outlives a test (in CI it is Redis)."""
    cache.clear()
    yield
    cache.clear()


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


class TestClientAddress:
    def test_direct_uses_the_connection_and_ignores_the_header(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_ip(request_from(CLIENT_A, forwarded_for=CLIENT_B)) == CLIENT_A

    def test_behind_one_proxy_takes_the_address_the_proxy_added(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(request_from(PROXY, forwarded_for=CLIENT_A)) == CLIENT_A

    def test_a_spoofed_left_most_entry_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        # The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the address it saw.
        assert client_ip(request_from(PROXY, forwarded_for=f"192.0.2.1, {CLIENT_A}")) == CLIENT_A

    def test_behind_two_proxies_takes_the_entry_the_outer_one_added(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        forwarded = f"192.0.2.1, {CLIENT_A}, 10.0.0.1"
        assert client_ip(request_from(PROXY, forwarded_for=forwarded)) == CLIENT_A

    @pytest.mark.parametrize("forwarded", [None, "", "inte-en-adress", " , "])
    def test_a_missing_or_broken_header_falls_back_to_the_connection(self, settings, forwarded):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(request_from(PROXY, forwarded_for=forwarded)) == PROXY

    def test_ipv6(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(request_from(PROXY, forwarded_for="2001:db8::1")) == "2001:db8::1"


def sign_in(client, username: str, password: str, remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.mark.django_db
class TestSignInThrottling:
    def test_direct_a_spoofed_header_cannot_dodge_the_lock(self, client, settings, politician):
        settings.TRUSTED_PROXY_COUNT = 0
        for n in range(5):
            sign_in(client, "politiker", "fel", CLIENT_A, forwarded_for=f"192.0.2.{n}")
        response = sign_in(client, "politiker", PASSWORD, CLIENT_A, forwarded_for="192.0.2.99")
        assert response.status_code == 429
        # Another client is not locked out of the same account.
        assert sign_in(client, "politiker", PASSWORD, CLIENT_B).status_code == 302

    def test_behind_the_proxy_one_client_cannot_lock_out_another(self, client, settings, politician):
        settings.TRUSTED_PROXY_COUNT = 1
        for _ in range(5):
            sign_in(client, "politiker", "fel", PROXY, forwarded_for=CLIENT_A)
        assert sign_in(client, "politiker", PASSWORD, PROXY, forwarded_for=CLIENT_A).status_code == 429
        assert sign_in(client, "politiker", PASSWORD, PROXY, forwarded_for=CLIENT_B).status_code == 302

    def test_behind_the_proxy_a_spoofed_left_most_entry_cannot_dodge_the_lock(
        self, client, settings, politician
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        for n in range(5):
            sign_in(client, "politiker", "fel", PROXY, forwarded_for=f"192.0.2.{n}, {CLIENT_A}")
        response = sign_in(client, "politiker", PASSWORD, PROXY, forwarded_for=f"192.0.2.99, {CLIENT_A}")
        assert response.status_code == 429


def reset(client, email: str, remote_addr: str = CLIENT_A, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("password_reset"), {"email": email}, **extra)


@pytest.mark.django_db
class TestPasswordResetLimits:
    def test_ten_requests_for_one_address_send_three_e_mails(self, client, settings, politician):
        settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 3
        # From ten different clients, so only the per-address limit can stop them.
        responses = [reset(client, politician.email, remote_addr=f"198.51.100.{n}") for n in range(10)]
        assert len(mail.outbox) == 3
        assert [r.status_code for r in responses[:3]] == [302] * 3
        assert {r.status_code for r in responses[3:]} == {429}

    def test_the_address_is_counted_whatever_its_case(self, client, settings, politician):
        settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 3
        for n, email in enumerate([politician.email, politician.email.upper(), f" {politician.email} "] * 2):
            reset(client, email, remote_addr=f"198.51.100.{n}")
        assert len(mail.outbox) == 3

    def test_one_client_gets_at_most_ten_e_mails_sent(self, client, settings):
        settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR = 10
        users = UserFactory.create_batch(12)
        responses = [reset(client, user.email) for user in users]
        assert len(mail.outbox) == 10
        assert {r.status_code for r in responses[10:]} == {429}
        # Another client is still served.
        assert reset(client, users[-1].email, remote_addr=CLIENT_B).status_code == 302
        assert len(mail.outbox) == 11

    def test_behind_the_proxy_clients_are_counted_apart(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR = 10
        users = UserFactory.create_batch(12)
        for user in users[:10]:
            reset(client, user.email, remote_addr=PROXY, forwarded_for=CLIENT_A)
        assert reset(client, users[10].email, remote_addr=PROXY, forwarded_for=CLIENT_A).status_code == 429
        assert reset(client, users[11].email, remote_addr=PROXY, forwarded_for=CLIENT_B).status_code == 302
        assert len(mail.outbox) == 11

    def test_over_the_limit_says_so_and_reveals_nothing(self, client, settings, politician):
        settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR = 1
        reset(client, "ingen@example.org")
        known = reset(client, politician.email)
        unknown = reset(client, "ingen@example.org")
        assert known.status_code == unknown.status_code == 429
        # The message is translated (Swedish once the lead's catalogue has it).
        with translation.override("sv"):
            message = gettext("Too many requests for a new password. Try again in an hour.")
        for response in (known, unknown):
            assert message in response.content.decode()
            assert response.context["form"].non_field_errors() == [message]
        assert mail.outbox == []

    def test_under_the_limit_the_reset_works_as_before(self, client, politician):
        response = reset(client, politician.email)
        assert response.status_code == 302
        assert response.url == reverse("password_reset_done")
        assert len(mail.outbox) == 1
