"""Read access for the goal chain: drafts are the planners', proposals and adopted goals everyone's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models.functions import Coalesce

from goals.periods import Period
from organisation.lifecycle import AdoptableQuerySet, AdoptionStatus, visible_statuses
from organisation.roles import is_planner

if TYPE_CHECKING:
    import datetime

    from organisation.models import User


class VisionQuerySet(AdoptableQuerySet):
    def in_force(self) -> VisionQuerySet:
        """Adopted visions, the one in force (latest decision) first."""
        return self.filter(status=AdoptionStatus.ADOPTED).order_by("-decision__meeting__date", "-pk")


class MandatePeriodQuerySet(AdoptableQuerySet):
    def editable_by(self, user: User) -> MandatePeriodQuerySet:
        """Planners reach an adopted period too: its goals are revised (R21), and a second adoption
        or proposal is refused by the lifecycle with its reason rather than not found."""
        return self if is_planner(user) else self.none()


class MandateGoalQuerySet(models.QuerySet):
    def for_user(self, user: User) -> MandateGoalQuerySet:
        return self.filter(period__status__in=visible_statuses(user))

    def editable_by(self, user: User) -> MandateGoalQuerySet:
        return self if is_planner(user) else self.none()

    def applying_in(self, year: int) -> MandateGoalQuerySet:
        """The KF goals whose period's goals apply in the year (R8)."""
        return self.filter(period__election_year=Period.whose_goals_apply_in(year).election_year)


class AnnualGoalQuerySet(AdoptableQuerySet):
    def with_plan_activities(self) -> AnnualGoalQuerySet:
        """What R13 judges a goal without its own measure by, for many goals in two queries.

        `plan_adopted`: whether the goal's body has adopted its plan for the year; `plan_activities`:
        that adopted plan's own activities for the goal (a draft plan's never count), each with its
        responsible unit so that a page can list them.
        """
        from planning.models import Activity, OperationalPlan

        adopted = OperationalPlan.objects.filter(
            body=models.OuterRef("body"), year=models.OuterRef("year"), status=AdoptionStatus.ADOPTED
        )
        return self.annotate(plan_adopted=models.Exists(adopted)).prefetch_related(
            models.Prefetch(
                "activities",
                queryset=Activity.objects.filter(
                    is_plan_activity=True, plan__status=AdoptionStatus.ADOPTED
                ).select_related("responsible_unit", "responsible"),
                to_attr="plan_activities",
            )
        )

    def with_plan_counts(self, today: datetime.date) -> AnnualGoalQuerySet:
        """What R13 judges a goal without its own measure by, counted in the database for many goals
        in the goals' own query, whatever the number of activities.

        `plan_adopted` as in `with_plan_activities`; of the adopted plan's own activities for the goal
        `plan_total` counts all, `plan_met` those carried out as planned and `plan_still_possible`
        those neither done nor cancelled and not past their planned end (`goals.status.assess_by_counts`).
        """
        from planning.models import Activity, OperationalPlan

        adopted = OperationalPlan.objects.filter(
            body=models.OuterRef("body"), year=models.OuterRef("year"), status=AdoptionStatus.ADOPTED
        )
        counted = Activity.objects.filter(
            annual_goal=models.OuterRef("pk"), is_plan_activity=True, plan__status=AdoptionStatus.ADOPTED
        )
        done = Activity.Status.DONE
        return self.annotate(
            plan_adopted=models.Exists(adopted),
            plan_total=_count(counted),
            plan_met=_count(counted.filter(status=done, completed_on__lte=models.F("planned_end"))),
            plan_still_possible=_count(
                counted.filter(planned_end__gte=today).exclude(status__in=[done, Activity.Status.CANCELLED])
            ),
        )


def _count(activities: models.QuerySet) -> Coalesce:
    """The number of the activities, as a subquery correlated with the goal they are filtered by."""
    rows = activities.order_by().values("annual_goal").annotate(n=models.Count("pk")).values("n")
    return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)


class IndicatorQuerySet(models.QuerySet):
    def for_user(self, user: User) -> IndicatorQuerySet:
        return self if user and user.is_authenticated and user.is_active else self.none()

    def editable_by(self, user: User) -> IndicatorQuerySet:
        return self if is_planner(user) else self.none()
