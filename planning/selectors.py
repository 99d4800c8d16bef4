"""Composed reads of planning data for the plan page and the pages outside the plan, limited to the user."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from goals.kolada_import import municipality_kolada_code
from goals.models import AnnualGoal, GoalIndicator, IndicatorValue, MandateGoal
from goals.status import assess_annual_goal, assess_by_activities, assess_by_counts
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


def _goal_prefetches(plan: OperationalPlan, code: str) -> list:
    """What the plan shows of each KS goal: its KF goals, departments, own measure and the year's values."""
    values = IndicatorValue.objects.filter(year=plan.year, municipality=code, gender="T")
    return [
        Prefetch("mandate_goals", queryset=MandateGoal.objects.prefetch_related("versions")),
        Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
        Prefetch("goal_indicators", queryset=GoalIndicator.objects.select_related("indicator")),
        "goal_indicators__targets",
        Prefetch("goal_indicators__indicator__values", queryset=values),
    ]


def plan_document(plan: OperationalPlan, user: User) -> dict:
    """The plan's goals with their status, its activity plan per goal, and the units' own activities.

    A fixed number of queries however many goals and activities: the KS goals with their KF goals,
    departments and own measures are prefetched, and all the plan's activities come in one query.
    """
    today = timezone.localdate()
    code = municipality_kolada_code()
    goals = list(
        AnnualGoal.objects.for_user(user)
        .filter(year=plan.year, body=plan.body)
        .prefetch_related(*_goal_prefetches(plan, code))
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


# The plan page shows this many goals at a time (sections 3 and 4), and of each goal's activities, of the
# activities linked to a goal outside the plan and of the units' own activities this many; the rest are
# in the activity list (linked), and the whole plan is in its PDF.
GOALS_PER_PAGE = 10
ACTIVITIES_SHOWN = 20
# The activity groups the page counts and caps besides the goals (whose group is the goal's pk).
UNITS_GROUP, ELSEWHERE_GROUP = -1, -2


def plan_page(
    plan: OperationalPlan, user: User, *, page: str | int | None = 1, geh_titles: dict[str, str] | None = None
) -> dict:
    """The plan page's goals and activities: one page of goals with their status and their first
    activities, the outline of every goal, and the units' own activities, in a fixed number of queries
    however many goals and activities the plan has; the rows come ready to render (`activity_rows`).
    """
    today = timezone.localdate()
    code = municipality_kolada_code()
    goals = list(
        AnnualGoal.objects.for_user(user).filter(year=plan.year, body=plan.body).order_by("position", "pk")
    )
    goal_ids = [goal.pk for goal in goals]
    pages = Paginator(goals, GOALS_PER_PAGE).get_page(page)
    shown = list(pages.object_list)
    prefetch_related_objects(shown, *_goal_prefetches(plan, code))
    # Each activity's group: the units' own, a goal of this plan (only the plan's own activities count
    # toward it, R13), or elsewhere (a plan activity whose goal is not one of this year's).
    group = Case(
        When(is_plan_activity=False, then=Value(UNITS_GROUP)),
        When(annual_goal_id__in=goal_ids or [0], then=F("annual_goal_id")),
        default=Value(ELSEWHERE_GROUP),
        output_field=IntegerField(),
    )
    visible = Activity.objects.for_user(user).filter(plan=plan).annotate(group=group)
    done = Activity.Status.DONE
    counts = {
        row["group"]: row
        for row in visible.order_by()
        .values("group")
        .annotate(
            total=Count("pk"),
            met=Count("pk", filter=Q(status=done, completed_on__lte=F("planned_end"))),
            still_possible=Count(
                "pk",
                filter=Q(planned_end__gte=today) & ~Q(status__in=[done, Activity.Status.CANCELLED]),
            ),
        )
    }
    order = [F("planned_end"), F("start"), F("pk")]
    # The first activities of each group are chosen on the narrow rows, and only those are read whole.
    ranked = (
        visible.filter(group__in=[goal.pk for goal in shown] + [UNITS_GROUP, ELSEWHERE_GROUP])
        .annotate(rank=Window(RowNumber(), partition_by=[F("group")], order_by=order))
        .filter(rank__lte=ACTIVITIES_SHOWN)
        .values("pk")
    )
    first = list(
        Activity.objects.filter(pk__in=ranked)
        .annotate(group=group)
        .select_related("responsible_unit", "responsible", "annual_goal")
        .order_by(*order)
    )
    per_group: dict[int, list[Activity]] = {}
    for activity in first:
        per_group.setdefault(activity.group, []).append(activity)
    empty = {"total": 0, "met": 0, "still_possible": 0}
    sections = []
    for goal in shown:
        sections.append(
            {
                "goal": goal,
                "assessment": _assessment(goal, plan, code, today, counts.get(goal.pk, empty)),
                "mandate_goals": [(m, m.version_for(plan.year)) for m in goal.mandate_goals.all()],
                "indicators": [link.indicator for link in goal.goal_indicators.all()],
                "rows": activity_rows(per_group.get(goal.pk, []), year=plan.year),
                "count": counts.get(goal.pk, empty)["total"],
            }
        )
    for index, goal in enumerate(goals):
        goal.page_number = index // GOALS_PER_PAGE + 1
    return {
        "sections": sections,
        "page": pages,
        "goals_per_page": GOALS_PER_PAGE,
        "outline": [
            {"goal": goal, "page": goal.page_number, "count": counts.get(goal.pk, empty)["total"]}
            for goal in goals
        ],
        "elsewhere": activity_rows(per_group.get(ELSEWHERE_GROUP, []), year=plan.year, geh_titles=geh_titles),
        "elsewhere_count": counts.get(ELSEWHERE_GROUP, empty)["total"],
        "unit_activities": activity_rows(
            per_group.get(UNITS_GROUP, []), year=plan.year, geh_titles=geh_titles
        ),
        "unit_activities_count": counts.get(UNITS_GROUP, empty)["total"],
        "goals_without_activities": [goal for goal in goals if goal.pk not in counts],
        "unadopted_goals": [goal for goal in goals if not goal.is_adopted],
    }


def _assessment(goal: AnnualGoal, plan: OperationalPlan, code: str, today: datetime.date, counts: dict):
    """The goal's status as `assess_annual_goal` judges it, R13's majority from the counts a query made."""
    if goal.criterion and goal.goal_indicators.all():
        return assess_annual_goal(goal, code, today)
    if not plan.is_adopted:
        return assess_by_activities(None, year=goal.year, today=today)
    return assess_by_counts(
        total=counts["total"],
        met=counts["met"],
        still_possible=counts["still_possible"],
        year=goal.year,
        today=today,
    )


def activity_rows(
    activities: Iterable[Activity], *, year: int, geh_titles: dict[str, str] | None = None
) -> list[dict]:
    """What an activity table shows of each activity, worked out here once per table rather than by
    the template per row: the addresses from one `reverse` each, the labels from one lookup each.
    Expects the activities with `late` set and their unit, person and goal selected."""
    today = timezone.localdate()
    activity_url = reverse("planning:activity", args=[0]).removesuffix("0/")
    unit_url = reverse("organisation:unit", args=[0]).removesuffix("0/")
    kinds = {value: str(label) for value, label in Activity.Kind.choices}
    statuses = {value: str(label) for value, label in Activity.Status.choices}
    timeliness = {
        "cancelled": ("", "", gettext("Cancelled")),
        "done_late": ("ej_uppnatt", "⚠", gettext("Done late")),
        "late": ("ej_uppnatt", "⚠", gettext("Late")),
        "as_planned": ("uppnatt", "✓", gettext("As planned")),
        "on_schedule": ("ej_matbart", "○", gettext("On schedule")),
    }
    geh_titles = geh_titles or {}
    rows = []
    for a in activities:
        late = a.is_late(today)
        if a.status == Activity.Status.CANCELLED:
            state = "cancelled"
        elif late:
            state = "done_late" if a.status == Activity.Status.DONE else "late"
        else:
            state = "as_planned" if a.status == Activity.Status.DONE else "on_schedule"
        css, symbol, word = timeliness[state]
        goal = a.annual_goal
        unit = a.responsible_unit
        rows.append(
            {
                "pk": a.pk,
                "title": a.title,
                "url": f"{activity_url}{a.pk}/",
                "kind": kinds.get(a.kind, a.kind),
                "carried_over": a.carried_over_from_id is not None,
                "goal_title": goal.title if goal else "",
                "goal_year": goal.year if goal and goal.year != year else None,
                "geh_code": a.geh_code,
                "geh_title": geh_titles.get(a.geh_code, "") if a.geh_code else "",
                "unit_name": unit.name,
                "unit_url": f"{unit_url}{unit.pk}/",
                "person": a.responsible.name if a.responsible_id else "",
                "start": a.start.isoformat(),
                "end": a.planned_end.isoformat(),
                "css": css,
                "symbol": symbol,
                "word": word,
                "cancelled": state == "cancelled",
                "status": statuses.get(a.status, a.status),
                "completed_on": a.completed_on.isoformat() if a.completed_on else "",
            }
        )
    return rows
