"""Who a person is at the municipality's identity provider."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """An account at the identity provider, bound to a user at its first sign-in.

    The provider's subject (`sub`) never changes and is never reused, unlike an e-mail address, so
    after the first sign-in the account is found by it: a renamed address keeps its user, and a
    reused one cannot take over somebody else's.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.URLField(_("issuer"), max_length=500)
    subject = models.CharField(_("subject"), max_length=255)
    created = models.DateTimeField(_("first sign-in"), auto_now_add=True)
    last_sign_in = models.DateTimeField(_("last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                name="%(app_label)s_%(class)s_one_user_per_subject",
                violation_error_message=_("This account at the identity provider is bound to another user."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.issuer})"
