"""Goal status for a year, computed from the criterion and the indicators' values against their targets.

Everything here works on objects the views have already loaded (prefetched targets and values), so
computing the status of every goal on a page costs no queries of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models import Criterion
from organisation.lifecycle import AdoptionStatus


class Status(models.TextChoices):
    ACHIEVED = "uppnatt", _("Achieved")
    NOT_ACHIEVED = "ej_uppnatt", _("Not achieved")
    NOT_YET_MEASURABLE = "ej_matbart", _("Not yet measurable")


# A symbol beside the word: status is never told by colour alone.
SYMBOLS = {Status.ACHIEVED: "✓", Status.NOT_ACHIEVED: "✗", Status.NOT_YET_MEASURABLE: "…"}


@dataclass(frozen=True)
class Assessment:
    status: Status
    met: int
    measured: int
    total: int
    required: int | None
    basis: str

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def css(self) -> str:
        return self.status.value


def reaches_target(value: Decimal | None, target: Decimal | None, *, higher_is_better: bool) -> bool | None:
    """True or False when both are known; None when either is missing."""
    if value is None or target is None:
        return None
    return value >= target if higher_is_better else value <= target


def required_count(criterion: str, count: int | None, total: int) -> int | None:
    """How many of the goal's indicators must reach their target for the goal to count as achieved."""
    if criterion == Criterion.AT_LEAST:
        return count
    if criterion == Criterion.MAJORITY:
        return total // 2 + 1
    if criterion == Criterion.ALL:
        return total
    return None


def assess(outcomes: list[bool | None], *, criterion: str, count: int | None) -> Assessment:
    """Judge a goal from its indicators' outcomes for a year under its criterion.

    Achieved once enough indicators reach their target; not achieved once so many have missed it
    that the rest cannot make up the difference; until then not yet measurable.
    """
    total = len(outcomes)
    met = sum(1 for outcome in outcomes if outcome is True)
    measured = sum(1 for outcome in outcomes if outcome is not None)
    required = required_count(criterion, count, total)
    basis = "indicators"
    if required is None or total == 0:
        status = Status.NOT_YET_MEASURABLE
    elif met >= required:
        status = Status.ACHIEVED
    elif met + (total - measured) < required:
        status = Status.NOT_ACHIEVED
    else:
        status = Status.NOT_YET_MEASURABLE
    return Assessment(status=status, met=met, measured=measured, total=total, required=required, basis=basis)


def indicator_outcomes(goal_indicators, year: int, municipality: str) -> list[bool | None]:
    """Each goal indicator's outcome in a year; expects targets and values prefetched."""
    outcomes = []
    for link in goal_indicators:
        target = next((t.value for t in link.targets.all() if t.year == year), None)
        value = next(
            (
                v.value
                for v in link.indicator.values.all()
                if v.year == year and v.municipality == municipality and v.gender == "T"
            ),
            None,
        )
        outcomes.append(reaches_target(value, target, higher_is_better=link.indicator.higher_is_better))
    return outcomes


def assess_mandate_goal(goal, year: int, municipality: str) -> Assessment:
    """A KF goal's status for a year, under the criterion of the version in force that year."""
    version = goal.version_for(year)
    outcomes = indicator_outcomes(goal.goal_indicators.all(), year, municipality)
    if version is None:
        return assess(outcomes, criterion="", count=None)
    return assess(outcomes, criterion=version.criterion, count=version.criterion_count)


def assess_by_activities(activities, *, year: int, today: datetime.date) -> Assessment:
    """R13: achieved when strictly more than half of the plan's activities were carried out as planned.

    A tie is not achieved. Until the year is over a goal is not yet measurable unless the majority is
    already reached, or can no longer be (too many activities are cancelled or late).
    `activities` is None when the body has no adopted plan for the year: nothing is measurable yet.
    """
    if activities is None:
        return Assessment(
            status=Status.NOT_YET_MEASURABLE, met=0, measured=0, total=0, required=None, basis="no_plan"
        )
    activities = list(activities)
    still_possible = sum(
        1
        for a in activities
        if a.status not in (a.Status.DONE, a.Status.CANCELLED) and a.planned_end >= today
    )
    met = sum(1 for a in activities if a.carried_out_as_planned)
    return assess_by_counts(
        total=len(activities), met=met, still_possible=still_possible, year=year, today=today
    )


def assess_by_counts(
    *, total: int, met: int, still_possible: int, year: int, today: datetime.date
) -> Assessment:
    """R13 from counts a query made: the adopted plan's activities for the goal (`total`), those carried
    out as planned (`met`) and those neither finished nor past their planned end (`still_possible`)."""
    required = total // 2 + 1
    if total and met >= required:
        status = Status.ACHIEVED
    elif today > datetime.date(year, 12, 31) or (total and met + still_possible < required):
        status = Status.NOT_ACHIEVED
    else:
        status = Status.NOT_YET_MEASURABLE
    return Assessment(
        status=status, met=met, measured=total, total=total, required=required, basis="activities"
    )


def plan_activities(goal) -> list | None:
    """The adopted plan's own activities for a KS goal (units' activities do not count, R13/R14).

    None when the goal's body has no adopted plan for the year: a draft plan's activities never count.
    Pages load them for many goals at once: `AnnualGoalQuerySet.with_plan_activities()` sets
    `plan_adopted` and `plan_activities` on each goal; without them this costs two queries.
    """
    adopted = getattr(goal, "plan_adopted", None)
    if adopted is None:
        from planning.models import OperationalPlan

        adopted = OperationalPlan.objects.filter(
            body_id=goal.body_id, year=goal.year, status=AdoptionStatus.ADOPTED
        ).exists()
    if not adopted:
        return None
    prefetched = getattr(goal, "plan_activities", None)
    if prefetched is not None:
        return prefetched
    return list(goal.activities.filter(is_plan_activity=True, plan__status=AdoptionStatus.ADOPTED))


def assess_annual_goal(goal, municipality: str, today: datetime.date | None = None) -> Assessment:
    """A KS goal's status: by its own adopted measure when it has one, otherwise by R13's majority rule."""
    links = list(goal.goal_indicators.all())
    if links and goal.criterion:
        return assess(
            indicator_outcomes(links, goal.year, municipality),
            criterion=goal.criterion,
            count=goal.criterion_count,
        )
    today = today or timezone.localdate()
    if getattr(goal, "plan_total", None) is not None and goal.plan_adopted:
        # Counted by the goals' query (`AnnualGoalQuerySet.with_plan_counts`) rather than loaded.
        return assess_by_counts(
            total=goal.plan_total,
            met=goal.plan_met,
            still_possible=goal.plan_still_possible,
            year=goal.year,
            today=today,
        )
    return assess_by_activities(plan_activities(goal), year=goal.year, today=today)
