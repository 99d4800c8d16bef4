"""Who signs in: binding the provider's account to a user and, when so configured, its roles."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from organisation.mandate import apply_roles
from organisation.models import AccessChange, Person, User
from signin.models import ExternalIdentity

logger = logging.getLogger(__name__)


class UnusableClaims(Exception):
    """The provider vouched for somebody we cannot bind to a user: no subject, or no linking claim."""


def _link_value(claims: dict) -> str:
    """The claim that links the account to the organisation's person, normalised; '' if unusable.

    An e-mail address counts only when the provider says it verified it: anyone can type an address
    into a self-service account. Any other configured claim (say Entra ID's `preferred_username`) is
    the municipality's own directory speaking, and is taken as it is.
    """
    claim = settings.OIDC_LINK_CLAIM
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return ""
    if claim == "email" and claims.get("email_verified") is not True:
        return ""
    return value.strip().lower()


def _names(claims: dict) -> tuple[str, str]:
    first, last = claims.get("given_name") or "", claims.get("family_name") or ""
    if not (first or last) and isinstance(claims.get("name"), str):
        first, _, last = claims["name"].strip().partition(" ")
    return str(first)[:150], str(last)[:150]


def _new_user(link: str, claims: dict) -> User:
    base = (link or f"konto-{claims['sub']}")[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    first, last = _names(claims)
    user = User(username=username, email=link if "@" in link else "", first_name=first, last_name=last)
    user.set_unusable_password()
    user.save()
    return user


def _user_for(link: str, claims: dict) -> User:
    """The user of the person the link names, creating the account on the person's first sign-in.

    An unknown person gets an account with no role, which can reach only the page saying whom to ask.
    """
    people = list(Person.objects.filter(email__iexact=link).select_related("user")[:2]) if link else []
    if len(people) != 1:
        if len(people) > 1:
            logger.warning("Sign-in: %d people share the linking value; none was chosen.", len(people))
        return _new_user(link, claims)
    person = people[0]
    if person.user is None:
        person.user = _new_user(link, claims)
        person.save(update_fields=["user"])
    return person.user


@transaction.atomic
def identity_sign_in(*, issuer: str, claims: dict) -> User:
    """The user the provider's verified claims name, bound at first sign-in; roles mapped if so configured."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise UnusableClaims
    identity = (
        ExternalIdentity.objects.select_related("user")
        .select_for_update()
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        user = _user_for(_link_value(claims), claims)
        identity = ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    identity.last_sign_in = timezone.now()
    identity.save(update_fields=["last_sign_in"])
    user = identity.user
    if settings.OIDC_ROLE_GROUPS:
        groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        wanted = {role for group, role in settings.OIDC_ROLE_GROUPS if group in groups}
        managed = {role for _group, role in settings.OIDC_ROLE_GROUPS}
        apply_roles(user=user, wanted=wanted, managed=managed, source=AccessChange.Source.PROVIDER)
    return user
