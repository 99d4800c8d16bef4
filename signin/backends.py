"""Authentication backends: local passwords, limited by a setting, and sessions begun at the provider."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend

from organisation.models import User


def password_allowed(user: User) -> bool:
    """Whether this account may sign in with a local password.

    Everyone may while PASSWORD_SIGN_IN is on (the demo, a municipality without a provider); once it
    is off, only the break-glass accounts named in PASSWORD_SIGN_IN_USERS may.
    """
    return settings.PASSWORD_SIGN_IN or user.get_username() in settings.PASSWORD_SIGN_IN_USERS


class PasswordBackend(ModelBackend):
    """Django's username and password, for the accounts `password_allowed` lets through.

    The check also runs on every request of a session begun with a password (ModelBackend.get_user),
    so switching passwords off ends those sessions too.
    """

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and password_allowed(user)


class ProviderBackend(BaseBackend):
    """Sessions begun at the identity provider (signin.views.callback); it authenticates nothing itself.

    Permissions come from the PasswordBackend's checks, which every active user gets.
    """

    def get_user(self, user_id):
        return User._default_manager.filter(pk=user_id, is_active=True).first()
