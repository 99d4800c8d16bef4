"""Read access for plans and activities: drafts are the planners', follow-up the units'."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q

from organisation.lifecycle import AdoptableQuerySet, AdoptionStatus, visible_statuses
from organisation.roles import is_administrator, is_planner

if TYPE_CHECKING:
    from organisation.models import User


class OperationalPlanQuerySet(AdoptableQuerySet):
    """Drafts (and plans sent back) are the planners'; a plan is changed until it is adopted."""


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user: User) -> ActivityQuerySet:
        return self.filter(plan__status__in=visible_statuses(user))

    def content_editable_by(self, user: User) -> ActivityQuerySet:
        """The plan's content (title, goal, time plan…) is the planners' while the plan is not adopted."""
        return self.exclude(plan__status=AdoptionStatus.ADOPTED) if is_planner(user) else self.none()

    def follow_up_editable_by(self, user: User) -> ActivityQuerySet:
        """Status, comment and completion date are the responsible unit's administrators' (and sub-units')."""
        from organisation.models import OrgUnit

        if not is_administrator(user):
            return self.none()
        return self.filter(responsible_unit__in=OrgUnit.objects.writable_for_administrator(user))

    def late(self, today: datetime.date) -> ActivityQuerySet:
        """Past the planned end and not finished, or finished after it."""
        return self.filter(
            Q(
                status__in=[self.model.Status.NOT_STARTED, self.model.Status.IN_PROGRESS],
                planned_end__lt=today,
            )
            | Q(status=self.model.Status.DONE, completed_on__gt=F("planned_end"))
        )

    def as_planned(self) -> ActivityQuerySet:
        return self.filter(status=self.model.Status.DONE, completed_on__lte=F("planned_end"))
