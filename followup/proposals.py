"""The product's proposed assessment of a goal in a round (R13, R28), and why.

A KS goal with its own adopted measure is judged by its indicators; otherwise by R13's majority rule
over the adopted plan's own activities, as the round reports them at its cut-off date (an activity not
yet reported in the round counts as it stands now). A KF goal is judged by its indicators and its
criterion. The rules give achieved, not achieved or not yet measurable; a round's assessment has four
values, so the mapping below is an assumption the pages state:

- achieved → uppfyllt; not achieved → ej uppfyllt;
- not yet measurable with some progress (an activity carried out as planned, an indicator on target)
  → delvis uppfyllt; with none → ej bedömbart.

Everything works on objects the caller has loaded (goals with `with_plan_activities()`, indicators with
targets and values prefetched, the round's activity reports by activity id): no queries of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from followup.models import ActivityReport, Report, ReportKind, Verdict
from goals import status
from planning.models import ActivityStatus


@dataclass(frozen=True)
class Proposal:
    verdict: Verdict
    basis: str
    assessment: status.Assessment


@dataclass(frozen=True)
class AsReported:
    """An activity as of a round's cut-off date: the round's report of it, or else its live state."""

    status: str
    completed_on: datetime.date | None
    planned_end: datetime.date
    Status = ActivityStatus

    @property
    def carried_out_as_planned(self) -> bool:
        return (
            self.status == ActivityStatus.DONE
            and bool(self.completed_on)
            and self.completed_on <= self.planned_end
        )


def as_reported(activity, reports: Mapping[int, ActivityReport]) -> AsReported:
    report = reports.get(activity.pk)
    if report is not None:
        return AsReported(report.status, report.completed_on, activity.planned_end)
    return AsReported(activity.status, activity.completed_on, activity.planned_end)


def judged_on(report: Report, cut_off: datetime.date) -> datetime.date:
    """The day the rule is applied on: the cut-off date; for the annual report, the year is over."""
    if report.kind == ReportKind.ANNUAL:
        return datetime.date(report.year + 1, 1, 1)
    return cut_off


def verdict_for(assessment: status.Assessment) -> Verdict:
    if assessment.status == status.Status.ACHIEVED:
        return Verdict.ACHIEVED
    if assessment.status == status.Status.NOT_ACHIEVED:
        return Verdict.NOT_ACHIEVED
    return Verdict.PARTLY if assessment.met else Verdict.NOT_ASSESSABLE


def basis_text(assessment: status.Assessment) -> str:
    """Why, in words: the count the rule looked at."""
    if assessment.basis == "no_plan":
        return gettext(
            "KS has no adopted operational plan for the year: no activity counts yet "
            "(the governance model, section 4.3.3)."
        )
    if assessment.basis == "activities":
        if not assessment.total:
            return gettext(
                "The adopted plan has no activities for the goal (the governance model, section 4.3.3)."
            )
        return ngettext(
            "%(met)s of the plan's %(total)s activity carried out as planned; "
            "a majority needs %(required)s (the governance model, section 4.3.3).",
            "%(met)s of the plan's %(total)s activities carried out as planned; "
            "a majority needs %(required)s (the governance model, section 4.3.3).",
            assessment.total,
        ) % {"met": assessment.met, "total": assessment.total, "required": assessment.required}
    if assessment.required is None or not assessment.total:
        return gettext("The goal has no computable criterion over indicators.")
    return ngettext(
        "%(met)s of %(total)s indicator reaches its target (%(measured)s measured); "
        "the criterion needs %(required)s.",
        "%(met)s of %(total)s indicators reach their target (%(measured)s measured); "
        "the criterion needs %(required)s.",
        assessment.total,
    ) % {
        "met": assessment.met,
        "total": assessment.total,
        "measured": assessment.measured,
        "required": assessment.required,
    }


def _proposal(assessment: status.Assessment) -> Proposal:
    return Proposal(verdict_for(assessment), basis_text(assessment), assessment)


def propose_annual_goal(
    goal,
    *,
    report: Report,
    cut_off: datetime.date,
    activity_reports: Mapping[int, ActivityReport],
    municipality: str,
) -> Proposal:
    """A KS goal's proposal in a round: its own measure if adopted with one, else R13 over the adopted
    plan's activities as reported at the cut-off date. Expects `with_plan_activities()` and, for a goal
    adopted with a criterion, its indicators prefetched (a goal without one is not judged by them)."""
    if goal.criterion and (links := list(goal.goal_indicators.all())):
        return _proposal(
            status.assess(
                status.indicator_outcomes(links, goal.year, municipality),
                criterion=goal.criterion,
                count=goal.criterion_count,
            )
        )
    activities = status.plan_activities(goal)
    reported = None if activities is None else [as_reported(a, activity_reports) for a in activities]
    return _proposal(status.assess_by_activities(reported, year=goal.year, today=judged_on(report, cut_off)))


def propose_mandate_goal(goal, *, year: int, municipality: str) -> Proposal:
    """A KF goal's proposal: its indicators under the criterion of the version in force that year."""
    return _proposal(status.assess_mandate_goal(goal, year, municipality))
