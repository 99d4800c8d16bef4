"""Read access for internal control plans: drafts are the planners', the rest every signed-in user's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from organisation.lifecycle import AdoptableQuerySet, AdoptionStatus, visible_statuses
from organisation.roles import is_planner

if TYPE_CHECKING:
    from organisation.models import User


class InternalControlPlanQuerySet(AdoptableQuerySet):
    """Drafts (and plans sent back) are the planners'; a plan is changed until it is adopted."""


class ControlQuerySet(models.QuerySet):
    def for_user(self, user: User) -> ControlQuerySet:
        return self.filter(plan__status__in=visible_statuses(user))

    def editable_by(self, user: User) -> ControlQuerySet:
        """A control is the planners' to change while its plan is not adopted."""
        return self.exclude(plan__status=AdoptionStatus.ADOPTED) if is_planner(user) else self.none()

    def with_risk_value(self) -> ControlQuerySet:
        """Annotated with probability × consequence, so that the highest risks can be listed first."""
        return self.annotate(risk_product=models.F("probability") * models.F("consequence"))


class ReportQuerySet(AdoptableQuerySet):
    """Drafts of a round's report are the planners' and finance's; proposed and adopted rounds are
    every signed-in user's (politicians read only these)."""

    def of_year(self, year: int) -> ReportQuerySet:
        return self.filter(year=year)


class RoundEntryQuerySet(models.QuerySet):
    """A round's entries are read with their round: what the user may read of the round."""

    def for_user(self, user: User) -> RoundEntryQuerySet:
        from followup.models import Report

        return self.filter(report__in=Report.objects.for_user(user))
