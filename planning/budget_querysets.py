"""Read access for budgets: drafts are finance's and the planners'; other versions everyone's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from styrmodell.publishing import PublicationStatus

if TYPE_CHECKING:
    from organisation.models import User


def _signed_in(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_finance(user: User) -> bool:
    return _signed_in(user) and user.has_role("ekonom")


def budget_visible_statuses(user: User) -> list[str]:
    """Finance drafts the budget and planners work beside it; others read proposals and adopted versions."""
    if not _signed_in(user):
        return []
    if user.has_role("ekonom", "planerare"):
        return list(PublicationStatus.values)
    return [PublicationStatus.PROPOSAL, PublicationStatus.ADOPTED]


class BudgetQuerySet(models.QuerySet):
    def for_user(self, user: User) -> BudgetQuerySet:
        """A budget is seen once one of its versions is (finance and planners see every budget)."""
        statuses = budget_visible_statuses(user)
        if len(statuses) == len(PublicationStatus.values):
            return self
        return self.filter(versions__status__in=statuses).distinct() if statuses else self.none()


class BudgetVersionQuerySet(models.QuerySet):
    def for_user(self, user: User) -> BudgetVersionQuerySet:
        return self.filter(status__in=budget_visible_statuses(user))

    def editable_by(self, user: User) -> BudgetVersionQuerySet:
        """Finance edits versions not yet adopted; an adopted version changes only through a new one (R17)."""
        return self.exclude(status=PublicationStatus.ADOPTED) if is_finance(user) else self.none()
