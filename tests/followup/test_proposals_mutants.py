"""followup.proposals without a database: the mapping to a verdict and its reason (`make mutation`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import translation

from followup import proposals
from followup.models import ReportKind, Verdict
from goals.models import Criterion
from goals.status import Assessment, Status
from planning.models import ActivityStatus
from tests.goals.doubles import MandateGoal, Many, Version, link

END = datetime.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def assessment(state, *, met=0, measured=0, total=0, required=None, basis="indicators"):
    return Assessment(status=state, met=met, measured=measured, total=total, required=required, basis=basis)


class TestAsReported:
    @pytest.mark.parametrize(
        ("state", "completed", "expected"),
        [
            (ActivityStatus.DONE, END, True),
            (ActivityStatus.DONE, END - datetime.timedelta(days=1), True),
            (ActivityStatus.DONE, END + datetime.timedelta(days=1), False),
            (ActivityStatus.DONE, None, False),
            (ActivityStatus.IN_PROGRESS, END, False),
        ],
    )
    def test_carried_out_as_planned(self, state, completed, expected):
        assert proposals.AsReported(state, completed, END).carried_out_as_planned is expected

    def test_the_rounds_report_wins_over_the_live_state(self):
        activity = _LiveActivity(pk=7)
        reports = {7: _Report(ActivityStatus.DONE, END)}
        assert proposals.as_reported(activity, reports) == proposals.AsReported(ActivityStatus.DONE, END, END)

    def test_without_a_report_the_live_state_counts(self):
        activity = _LiveActivity(pk=7, completed_on=datetime.date(2025, 1, 2))
        assert proposals.as_reported(activity, {8: _Report(ActivityStatus.DONE, END)}) == (
            proposals.AsReported(ActivityStatus.IN_PROGRESS, datetime.date(2025, 1, 2), END)
        )


@dataclass
class _LiveActivity:
    pk: int
    status: str = ActivityStatus.IN_PROGRESS
    completed_on: datetime.date | None = None
    planned_end: datetime.date = END


@dataclass
class _Report:
    status: str
    completed_on: datetime.date | None


@dataclass
class _Round:
    kind: str
    year: int = 2025


class TestJudgedOn:
    def test_the_annual_report_is_judged_after_the_year(self):
        assert proposals.judged_on(_Round(ReportKind.ANNUAL), datetime.date(2025, 12, 1)) == datetime.date(
            2026, 1, 1
        )

    @pytest.mark.parametrize("kind", [ReportKind.TERTIAL, ReportKind.INTERIM])
    def test_other_rounds_on_their_cut_off(self, kind):
        assert proposals.judged_on(_Round(kind), datetime.date(2025, 4, 30)) == datetime.date(2025, 4, 30)


class TestVerdict:
    def test_achieved(self):
        assert proposals.verdict_for(assessment(Status.ACHIEVED)) == Verdict.ACHIEVED

    def test_not_achieved(self):
        assert proposals.verdict_for(assessment(Status.NOT_ACHIEVED, met=1)) == Verdict.NOT_ACHIEVED

    def test_open_with_progress_is_partly(self):
        assert proposals.verdict_for(assessment(Status.NOT_YET_MEASURABLE, met=1)) == Verdict.PARTLY

    def test_open_without_progress_cannot_be_assessed(self):
        assert proposals.verdict_for(assessment(Status.NOT_YET_MEASURABLE)) == Verdict.NOT_ASSESSABLE


class TestBasisText:
    def test_no_plan(self):
        text = proposals.basis_text(assessment(Status.NOT_YET_MEASURABLE, basis="no_plan"))
        assert text == (
            "KS has no adopted operational plan for the year: no activity counts yet "
            "(the governance model, section 4.3.3)."
        )

    def test_an_empty_plan(self):
        text = proposals.basis_text(assessment(Status.NOT_YET_MEASURABLE, basis="activities", required=1))
        assert (
            text == "The adopted plan has no activities for the goal (the governance model, section 4.3.3)."
        )

    def test_activities_singular(self):
        text = proposals.basis_text(
            assessment(Status.ACHIEVED, met=1, total=1, required=1, basis="activities")
        )
        assert text == (
            "1 of the plan's 1 activity carried out as planned; "
            "a majority needs 1 (the governance model, section 4.3.3)."
        )

    def test_activities_plural(self):
        text = proposals.basis_text(
            assessment(Status.ACHIEVED, met=2, total=3, required=2, basis="activities")
        )
        assert text == (
            "2 of the plan's 3 activities carried out as planned; "
            "a majority needs 2 (the governance model, section 4.3.3)."
        )

    def test_no_computable_criterion(self):
        text = proposals.basis_text(assessment(Status.NOT_YET_MEASURABLE, total=2, required=None))
        assert text == "The goal has no computable criterion over indicators."

    def test_no_indicators(self):
        text = proposals.basis_text(assessment(Status.NOT_YET_MEASURABLE, total=0, required=1))
        assert text == "The goal has no computable criterion over indicators."

    def test_indicators_singular(self):
        text = proposals.basis_text(assessment(Status.ACHIEVED, met=1, measured=1, total=1, required=1))
        assert text == "1 of 1 indicator reaches its target (1 measured); the criterion needs 1."

    def test_indicators_plural(self):
        text = proposals.basis_text(assessment(Status.NOT_ACHIEVED, met=1, measured=3, total=4, required=3))
        assert text == "1 of 4 indicators reach their target (3 measured); the criterion needs 3."


@dataclass
class _Goal:
    goal_indicators: Many
    criterion: str = ""
    criterion_count: int | None = None
    year: int = 2025
    plan_adopted: bool = True
    plan_activities: list | None = None


class TestProposeAnnualGoal:
    def propose(self, goal, *, kind=ReportKind.TERTIAL, cut_off=datetime.date(2025, 4, 30), reports=None):
        return proposals.propose_annual_goal(
            goal, report=_Round(kind), cut_off=cut_off, activity_reports=reports or {}, municipality="0180"
        )

    def test_by_its_own_measure(self):
        goal = _Goal(Many([link(1, 2), link(1, 0)]), criterion=Criterion.AT_LEAST, criterion_count=2)
        proposal = self.propose(goal)
        assert proposal.verdict == Verdict.NOT_ACHIEVED
        assert proposal.assessment.required == 2
        assert proposal.basis == "1 of 2 indicators reach their target (2 measured); the criterion needs 2."

    def test_by_the_activities_as_reported(self):
        goal = _Goal(Many(), plan_activities=[_LiveActivity(pk=1), _LiveActivity(pk=2)])
        proposal = self.propose(goal, reports={1: _Report(ActivityStatus.DONE, END)})
        assert (proposal.verdict, proposal.assessment.met) == (Verdict.PARTLY, 1)
        assert proposal.assessment.basis == "activities"

    def test_the_annual_report_judges_after_the_year(self):
        goal = _Goal(Many(), plan_activities=[_LiveActivity(pk=1, planned_end=datetime.date(2025, 12, 31))])
        tertial = self.propose(goal, cut_off=datetime.date(2025, 4, 30))
        annual = self.propose(goal, kind=ReportKind.ANNUAL, cut_off=datetime.date(2025, 4, 30))
        assert tertial.verdict == Verdict.NOT_ASSESSABLE
        assert annual.verdict == Verdict.NOT_ACHIEVED

    def test_no_adopted_plan(self):
        proposal = self.propose(_Goal(Many(), plan_adopted=False, plan_activities=[_LiveActivity(pk=1)]))
        assert (proposal.verdict, proposal.assessment.basis) == (Verdict.NOT_ASSESSABLE, "no_plan")

    def test_a_criterion_without_indicators_goes_by_the_activities(self):
        goal = _Goal(Many(), criterion=Criterion.ALL, plan_activities=[])
        assert self.propose(goal).assessment.basis == "activities"


def test_mandate_goal_by_the_version_in_force():
    goal = MandateGoal(Many([link(1, 2)]), Version(Criterion.ALL, None), in_force=2025)
    proposal = proposals.propose_mandate_goal(goal, year=2025, municipality="0180")
    assert proposal.verdict == Verdict.ACHIEVED
    assert proposal.basis == "1 of 1 indicator reaches its target (1 measured); the criterion needs 1."
    other = proposals.propose_mandate_goal(goal, year=2024, municipality="0180")
    assert other.verdict == Verdict.NOT_ASSESSABLE
