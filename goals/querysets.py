"""Read access for the goal chain: drafts are the planners', proposals and adopted goals everyone's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from goals.periods import Period
from styrmodell.publishing import PublicationStatus, visible_statuses

if TYPE_CHECKING:
    from organisation.models import User


def _is_planner(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_role("planerare"))


class VisionQuerySet(models.QuerySet):
    def for_user(self, user: User) -> VisionQuerySet:
        return self.filter(status__in=visible_statuses(user))

    def editable_by(self, user: User) -> VisionQuerySet:
        return self.filter(status=PublicationStatus.DRAFT) if _is_planner(user) else self.none()

    def in_force(self) -> VisionQuerySet:
        """Adopted visions, the one in force (latest decision) first."""
        return self.filter(status=PublicationStatus.ADOPTED).order_by("-decision__meeting__date", "-pk")


class MandatePeriodQuerySet(models.QuerySet):
    def for_user(self, user: User) -> MandatePeriodQuerySet:
        return self.filter(status__in=visible_statuses(user))

    def editable_by(self, user: User) -> MandatePeriodQuerySet:
        return self if _is_planner(user) else self.none()


class MandateGoalQuerySet(models.QuerySet):
    def for_user(self, user: User) -> MandateGoalQuerySet:
        return self.filter(period__status__in=visible_statuses(user))

    def editable_by(self, user: User) -> MandateGoalQuerySet:
        return self if _is_planner(user) else self.none()

    def applying_in(self, year: int) -> MandateGoalQuerySet:
        """The KF goals whose period's goals apply in the year (R8)."""
        return self.filter(period__election_year=Period.whose_goals_apply_in(year).election_year)


class AnnualGoalQuerySet(models.QuerySet):
    def for_user(self, user: User) -> AnnualGoalQuerySet:
        return self.filter(status__in=visible_statuses(user))

    def with_plan_activities(self) -> AnnualGoalQuerySet:
        """What R13 judges a goal without its own measure by, for many goals in two queries.

        `plan_adopted`: whether the goal's body has adopted its plan for the year; `plan_activities`:
        that adopted plan's own activities for the goal (a draft plan's never count), each with its
        responsible unit so that a page can list them.
        """
        from planning.models import Activity, OperationalPlan, PlanStatus

        adopted = OperationalPlan.objects.filter(
            body=models.OuterRef("body"), year=models.OuterRef("year"), status=PlanStatus.ADOPTED
        )
        return self.annotate(plan_adopted=models.Exists(adopted)).prefetch_related(
            models.Prefetch(
                "activities",
                queryset=Activity.objects.filter(
                    is_plan_activity=True, plan__status=PlanStatus.ADOPTED
                ).select_related("responsible_unit"),
                to_attr="plan_activities",
            )
        )

    def editable_by(self, user: User) -> AnnualGoalQuerySet:
        return (
            self.filter(status__in=[PublicationStatus.DRAFT, PublicationStatus.PROPOSAL])
            if _is_planner(user)
            else self.none()
        )


class IndicatorQuerySet(models.QuerySet):
    def for_user(self, user: User) -> IndicatorQuerySet:
        return self if user and user.is_authenticated and user.is_active else self.none()

    def editable_by(self, user: User) -> IndicatorQuerySet:
        return self if _is_planner(user) else self.none()
