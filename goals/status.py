"""Goal status for a year, computed from the criterion and the indicators' values against their targets.

Everything here works on objects the views have already loaded (prefetched targets and values), so
computing the status of every goal on a page costs no queries of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from goals.models import Criterion


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


def assess_annual_goal(goal, municipality: str) -> Assessment:
    """A KS goal's status from its own measure (indicators and criterion) when it has one.

    Without one, R13 judges it by the plan's activities; the activities arrive with the
    operational plan, so until then such a goal is not yet measurable.
    """
    links = list(goal.goal_indicators.all())
    if links and goal.criterion:
        return assess(
            indicator_outcomes(links, goal.year, municipality),
            criterion=goal.criterion,
            count=goal.criterion_count,
        )
    return Assessment(
        status=Status.NOT_YET_MEASURABLE,
        met=0,
        measured=0,
        total=0,
        required=None,
        basis="activities",
    )
