"""Publication states shared by goals, plans and budgets, and who may see each state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from organisation.models import User


class PublicationStatus(models.TextChoices):
    DRAFT = "utkast", _("Draft")
    PROPOSAL = "forslag", _("Proposal")
    ADOPTED = "antagen", _("Adopted")


def visible_statuses(user: User) -> list[str]:
    """Drafts are seen by planners only; proposals and adopted items by every signed-in user."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    if user.has_role("planerare"):
        return list(PublicationStatus.values)
    return [PublicationStatus.PROPOSAL, PublicationStatus.ADOPTED]
