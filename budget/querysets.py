"""Read access for budgets: drafts are finance's and the planners'; other versions everyone's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from organisation.lifecycle import AdoptableQuerySet, AdoptionStatus, visible_statuses
from organisation.roles import is_finance

if TYPE_CHECKING:
    from organisation.models import User

__all__ = ["BudgetQuerySet", "BudgetVersionQuerySet", "is_finance"]


class BudgetQuerySet(models.QuerySet):
    def for_user(self, user: User) -> BudgetQuerySet:
        """A budget is seen once one of its versions is (finance and planners see every budget)."""
        from budget.models import BudgetVersion

        statuses = visible_statuses(user, BudgetVersion.drafts_read_by())
        if len(statuses) == len(AdoptionStatus.values):
            return self
        return self.filter(versions__status__in=statuses).distinct() if statuses else self.none()


class BudgetVersionQuerySet(AdoptableQuerySet):
    """Finance drafts the budget and planners read its drafts; others read proposals and adopted
    versions. Finance edits a version until it is adopted; then it changes only through a new one (R17)."""
