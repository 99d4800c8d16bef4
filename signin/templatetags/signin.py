"""`{% whom_to_ask %}`: whom a user without a role should ask, on every page that says they have none."""

from __future__ import annotations

from django import template
from django.conf import settings

from organisation.models import Role, User

register = template.Library()


@register.inclusion_tag("signin/_whom_to_ask.html", takes_context=True)
def whom_to_ask(context) -> dict:
    """The configured contact (SIGNIN_HELP_CONTACT), or else the active system administrators."""
    user = context.get("user")
    administrators = []
    if not settings.SIGNIN_HELP_CONTACT:
        administrators = list(
            User.objects.filter(is_active=True, groups__name=Role.SYSADMIN)
            .order_by("last_name", "first_name")
            .only("first_name", "last_name", "username", "email")[:5]
        )
    return {
        "contact": settings.SIGNIN_HELP_CONTACT,
        "administrators": administrators,
        "signed_in_as": user if user is not None and user.is_authenticated else None,
        "unlinked": user is not None and user.is_authenticated and not hasattr(user, "person"),
    }
