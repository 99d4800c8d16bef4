"""Account views that add to Django's: the password reset, limited per e-mail address and per client."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from signin.backends import password_allowed
from styrmodell.net import client_ip
from styrmodell.ratelimit import within_limit

HOUR = 60 * 60


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends a reset link only to accounts that may sign in with a password (signin.backends)."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if password_allowed(user))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending at most so many e-mails an hour per address and per client.

    Past a limit nothing is sent and the form says so (429). Requests count whether or not an account
    has the address, so the answer still reveals nothing about which addresses have accounts.
    """

    form_class = PasswordResetForm

    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        # Both are counted on every request, so neither limit can be dodged by tripping the other.
        per_client = within_limit(
            "password-reset-client",
            client_ip(self.request),
            limit=settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR,
            window_seconds=HOUR,
        )
        per_address = within_limit(
            "password-reset-address",
            email,
            limit=settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR,
            window_seconds=HOUR,
        )
        if per_client and per_address:
            return super().form_valid(form)
        form.add_error(None, _("Too many requests for a new password. Try again in an hour."))
        return self.render_to_response(self.get_context_data(form=form), status=429)
