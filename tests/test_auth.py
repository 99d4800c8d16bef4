"""Sign-in, sign-out, password reset and failed-login throttling."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "ett-bra-losenord-123"


@pytest.mark.django_db
class TestSignIn:
    def test_anonymous_user_is_sent_to_sign_in(self, client):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_sign_in_page_is_swedish(self, client):
        html = client.get(reverse("login")).content.decode()
        assert '<html lang="sv">' in html
        assert "Logga in" in html
        assert "Användarnamn" in html

    def test_sign_in_and_out(self, client, politician):
        response = client.post(reverse("login"), {"username": "politiker", "password": PASSWORD}, follow=True)
        assert response.resolver_match.url_name == "home"
        assert "Välkommen, Petra" in response.content.decode()
        response = client.post(reverse("logout"), follow=True)
        assert response.resolver_match.view_name == "signin:logged_out"
        assert client.get(reverse("home")).status_code == 302

    def test_wrong_password_gives_a_swedish_message(self, client, politician):
        response = client.post(reverse("login"), {"username": "politiker", "password": "fel"})
        assert response.status_code == 200
        assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()

    def test_deactivated_user_cannot_sign_in(self, client):
        UserFactory(username="slutat", is_active=False)
        response = client.post(reverse("login"), {"username": "slutat", "password": PASSWORD})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestThrottling:
    def test_five_failures_lock_the_account_from_that_address(self, client, politician):
        for _ in range(4):
            response = client.post(reverse("login"), {"username": "politiker", "password": "fel"})
            assert response.status_code == 200
        response = client.post(reverse("login"), {"username": "politiker", "password": "fel"})
        assert response.status_code == 429
        # Even the right password is refused while locked, with a Swedish explanation.
        response = client.post(reverse("login"), {"username": "politiker", "password": PASSWORD})
        assert response.status_code == 429
        assert "För många försök" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_other_users_are_not_locked(self, client, politician, planner):
        for _ in range(5):
            client.post(reverse("login"), {"username": "politiker", "password": "fel"})
        response = client.post(reverse("login"), {"username": "planerare", "password": PASSWORD})
        assert response.status_code == 302


@pytest.mark.django_db
class TestPasswordReset:
    @pytest.fixture(autouse=True)
    def _no_earlier_resets(self):
        """Resets are counted per hour in the cache, which outlives a test run when it is Redis."""
        cache.clear()

    def test_reset_by_e_mail_in_swedish(self, client, politician):
        response = client.post(reverse("password_reset"), {"email": politician.email}, follow=True)
        assert "Kolla din e-post" in response.content.decode()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [politician.email]
        assert "nytt lösenord" in message.subject
        link = re.search(r"http://testserver(/konto/aterstall/\S+/)", message.body).group(1)
        response = client.get(link, follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
        response = client.post(
            form_url,
            {"new_password1": "ett-nytt-losenord-456", "new_password2": "ett-nytt-losenord-456"},
            follow=True,
        )
        assert "Lösenordet är sparat" in response.content.decode()
        response = client.post(
            reverse("login"), {"username": "politiker", "password": "ett-nytt-losenord-456"}
        )
        assert response.status_code == 302

    def test_unknown_address_reveals_nothing(self, client):
        response = client.post(reverse("password_reset"), {"email": "ingen@example.org"}, follow=True)
        assert "Kolla din e-post" in response.content.decode()
        assert mail.outbox == []
