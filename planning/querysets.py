"""Read access for plans and activities: drafts are the planners', follow-up the units'."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    from organisation.models import User

PUBLIC_PLAN_STATES = ("forslag", "antagen")


def _signed_in(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _is_planner(user: User) -> bool:
    return _signed_in(user) and user.has_role("planerare")


class OperationalPlanQuerySet(models.QuerySet):
    def for_user(self, user: User) -> OperationalPlanQuerySet:
        """Drafts (and plans sent back) are seen by planners only; proposals and adopted plans by all."""
        if not _signed_in(user):
            return self.none()
        return self if _is_planner(user) else self.filter(status__in=PUBLIC_PLAN_STATES)

    def editable_by(self, user: User) -> OperationalPlanQuerySet:
        return self if _is_planner(user) else self.none()


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user: User) -> ActivityQuerySet:
        if not _signed_in(user):
            return self.none()
        return self if _is_planner(user) else self.filter(plan__status__in=PUBLIC_PLAN_STATES)

    def content_editable_by(self, user: User) -> ActivityQuerySet:
        """The plan's content (title, goal, time plan…) is the planners' while the plan is not adopted."""
        return self.exclude(plan__status="antagen") if _is_planner(user) else self.none()

    def follow_up_editable_by(self, user: User) -> ActivityQuerySet:
        """Status, comment and completion date are the responsible unit's administrators' (and sub-units')."""
        from organisation.models import OrgUnit

        if not (_signed_in(user) and user.has_role("handlaggare")):
            return self.none()
        return self.filter(responsible_unit__in=OrgUnit.objects.writable_for_administrator(user))

    def late(self, today: datetime.date) -> ActivityQuerySet:
        """Past the planned end and not finished, or finished after it."""
        return self.filter(
            Q(status__in=["ej_paborjad", "pagar"], planned_end__lt=today)
            | Q(status="klar", completed_on__gt=F("planned_end"))
        )

    def as_planned(self) -> ActivityQuerySet:
        return self.filter(status="klar", completed_on__lte=F("planned_end"))
