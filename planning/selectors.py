"""Composed reads of planning data that pages outside the plan need, limited to the user."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from goals.models import AnnualGoal
from organisation.models import Body, OrgUnit, User
from organisation.roles import is_finance
from planning.models import Activity, OperationalPlan


def unit_contributions(unit: OrgUnit, user: User) -> dict:
    """A unit's KS goals and activities for its page, in a fixed number of queries.

    A unit with units below it (a department) shows its own activities and all its descendants',
    rolled up, each with its responsible unit; the units below are found in one query, however many.
    The KS goals are those these activities serve and those naming the unit as a department.
    """
    today: datetime.date = timezone.localdate()
    unit_ids = OrgUnit.objects.descendant_ids([unit.pk])
    activities = list(
        Activity.objects.for_user(user)
        .filter(responsible_unit__in=unit_ids)
        .select_related("plan", "annual_goal", "responsible_unit")
        .order_by("-plan__year", "planned_end", "pk")
    )
    for activity in activities:
        activity.late = activity.is_late(today)
    served = {a.annual_goal_id for a in activities if a.annual_goal_id}
    goals = AnnualGoal.objects.for_user(user).filter(Q(pk__in=served) | Q(departments=unit)).distinct()
    return {
        "unit_goals": list(goals.select_related("body").order_by("-year", "position", "pk")),
        "unit_activities": activities,
        "rolled_up": len(unit_ids) > 1,
    }


def plans_for_budget(body: Body, years: Iterable[int], user: User) -> dict[int, OperationalPlan]:
    """The body's plans for the years as the budget's pages show them (budget.plans), in one query:
    finance distributes the frame while the plan is still a draft, so finance sees the plan then;
    others as they may read it."""
    plans = OperationalPlan.objects.all() if is_finance(user) else OperationalPlan.objects.for_user(user)
    return {plan.year: plan for plan in plans.filter(body=body, year__in=list(years)).select_related("body")}
