"""Composed reads of planning data that pages outside the plan need, limited to the user."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, Q
from django.utils import timezone

from goals.kolada_import import municipality_kolada_code
from goals.models import AnnualGoal, GoalIndicator, IndicatorValue, MandateGoal
from goals.status import assess_annual_goal
from organisation.models import Body, OrgUnit, User
from organisation.roles import is_finance
from planning.models import Activity, OperationalPlan
from styrmodell.db import SwedishCollate


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


def plan_document(plan: OperationalPlan, user: User) -> dict:
    """The plan's goals with their status, its activity plan per goal, and the units' own activities.

    A fixed number of queries however many goals and activities: the KS goals with their KF goals,
    departments and own measures are prefetched, and all the plan's activities come in one query.
    """
    today = timezone.localdate()
    code = municipality_kolada_code()
    values = IndicatorValue.objects.filter(year=plan.year, municipality=code, gender="T")
    goals = list(
        AnnualGoal.objects.for_user(user)
        .filter(year=plan.year, body=plan.body)
        .prefetch_related(
            Prefetch("mandate_goals", queryset=MandateGoal.objects.prefetch_related("versions")),
            Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
            Prefetch("goal_indicators", queryset=GoalIndicator.objects.select_related("indicator")),
            "goal_indicators__targets",
            Prefetch("goal_indicators__indicator__values", queryset=values),
        )
        .order_by("position", "pk")
    )
    activities = list(
        Activity.objects.for_user(user)
        .filter(plan=plan)
        .select_related("responsible_unit", "responsible", "annual_goal")
        .order_by("planned_end", "start", "pk")
    )
    per_goal: dict[int, list[Activity]] = {goal.pk: [] for goal in goals}
    elsewhere, unit_activities = [], []
    for activity in activities:
        activity.late = activity.is_late(today)
        if not activity.is_plan_activity:
            unit_activities.append(activity)
        elif activity.annual_goal_id in per_goal:
            per_goal[activity.annual_goal_id].append(activity)
        else:
            elsewhere.append(activity)
    sections = []
    for goal in goals:
        # R13 judges a goal by this plan's own activities for it once the plan is adopted; a draft's
        # activities never count, and the units' activities do not count either.
        goal.plan_adopted, goal.plan_activities = plan.is_adopted, per_goal[goal.pk]
        sections.append(
            {
                "goal": goal,
                "assessment": assess_annual_goal(goal, code, today),
                "mandate_goals": [(m, m.version_for(plan.year)) for m in goal.mandate_goals.all()],
                "indicators": [link.indicator for link in goal.goal_indicators.all()],
                "activities": per_goal[goal.pk],
            }
        )
    return {
        "sections": sections,
        "elsewhere": elsewhere,
        "unit_activities": unit_activities,
    }
