"""goals.status without a database: each rule's edges, pinned so a mutated rule fails (`make mutation`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from goals import status
from goals.models import Criterion
from goals.status import Assessment, Status
from planning.models import ActivityStatus
from tests.goals.doubles import Indicator, Link, MandateGoal, Many, Target, Value, Version, link


@dataclass
class _Activity:
    status: str
    planned_end: datetime.date
    completed_on: datetime.date | None = None
    Status = ActivityStatus

    @property
    def carried_out_as_planned(self) -> bool:
        return (
            self.status == ActivityStatus.DONE
            and bool(self.completed_on)
            and self.completed_on <= self.planned_end
        )


JUNE = datetime.date(2025, 6, 30)


def done():
    return _Activity(ActivityStatus.DONE, JUNE, JUNE)


def late_done():
    return _Activity(ActivityStatus.DONE, JUNE, datetime.date(2025, 7, 1))


def open_until(day):
    return _Activity(ActivityStatus.IN_PROGRESS, day)


class TestReachesTarget:
    @pytest.mark.parametrize(
        ("value", "target", "higher", "expected"),
        [
            (10, 10, True, True),
            (11, 10, True, True),
            (9, 10, True, False),
            (10, 10, False, True),
            (9, 10, False, True),
            (11, 10, False, False),
        ],
    )
    def test_compares_by_direction(self, value, target, higher, expected):
        assert status.reaches_target(Decimal(value), Decimal(target), higher_is_better=higher) is expected

    @pytest.mark.parametrize(("value", "target"), [(None, Decimal(1)), (Decimal(1), None), (None, None)])
    def test_unknown_when_either_is_missing(self, value, target):
        assert status.reaches_target(value, target, higher_is_better=True) is None


class TestRequiredCount:
    def test_at_least_is_the_given_count(self):
        assert status.required_count(Criterion.AT_LEAST, 2, 5) == 2

    @pytest.mark.parametrize(("total", "required"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3)])
    def test_majority_is_more_than_half(self, total, required):
        assert status.required_count(Criterion.MAJORITY, 9, total) == required

    def test_all_is_every_indicator(self):
        assert status.required_count(Criterion.ALL, 1, 4) == 4

    @pytest.mark.parametrize("criterion", ["", "okänt", None])
    def test_no_criterion_requires_nothing_computable(self, criterion):
        assert status.required_count(criterion, 2, 4) is None


class TestAssess:
    def test_counts(self):
        result = status.assess([True, False, None, True], criterion=Criterion.ALL, count=None)
        assert (result.met, result.measured, result.total, result.required, result.basis) == (
            2,
            3,
            4,
            4,
            "indicators",
        )

    def test_achieved_at_exactly_the_required_count(self):
        result = status.assess([True, True, False, None], criterion=Criterion.AT_LEAST, count=2)
        assert result.status == Status.ACHIEVED

    def test_not_yet_measurable_while_the_unmeasured_can_still_make_it(self):
        # One met, one unmeasured, two required: still possible.
        result = status.assess([True, None, False], criterion=Criterion.AT_LEAST, count=2)
        assert result.status == Status.NOT_YET_MEASURABLE

    def test_not_achieved_once_the_rest_cannot_make_up_the_difference(self):
        result = status.assess([True, False, False], criterion=Criterion.AT_LEAST, count=2)
        assert result.status == Status.NOT_ACHIEVED

    def test_not_achieved_only_when_strictly_short(self):
        # met + unmeasured == required: not yet decided.
        result = status.assess([True, None, False, False], criterion=Criterion.AT_LEAST, count=2)
        assert result.status == Status.NOT_YET_MEASURABLE

    def test_no_indicators_is_not_measurable(self):
        result = status.assess([], criterion=Criterion.AT_LEAST, count=0)
        assert result.status == Status.NOT_YET_MEASURABLE
        assert result.total == 0

    def test_no_criterion_is_not_measurable_even_when_all_are_met(self):
        result = status.assess([True, True], criterion="", count=None)
        assert result.status == Status.NOT_YET_MEASURABLE
        assert result.required is None

    def test_false_is_measured_but_not_met(self):
        result = status.assess([False, False], criterion=Criterion.MAJORITY, count=None)
        assert (result.met, result.measured, result.status) == (0, 2, Status.NOT_ACHIEVED)


class TestAssessmentWords:
    @pytest.mark.parametrize(
        ("value", "symbol", "css"),
        [
            (Status.ACHIEVED, "✓", "uppnatt"),
            (Status.NOT_ACHIEVED, "✗", "ej_uppnatt"),
            (Status.NOT_YET_MEASURABLE, "…", "ej_matbart"),
        ],
    )
    def test_symbol_label_and_css(self, value, symbol, css):
        assessment = Assessment(status=value, met=0, measured=0, total=0, required=None, basis="x")
        assert assessment.symbol == symbol
        assert assessment.css == css
        assert assessment.label == value.label


class TestIndicatorOutcomes:
    def test_each_link_against_its_target_of_the_year(self):
        links = [link(10, 12), link(10, 8), link(10, 8, higher=False), link(None, 5), link(5, None)]
        assert status.indicator_outcomes(links, 2025, "0180") == [True, False, True, None, None]

    def test_only_the_years_target_and_value_count(self):
        other_year = link(10, 12, year=2024)
        assert status.indicator_outcomes([other_year], 2025, "0180") == [None]

    def test_only_the_municipalitys_total_counts(self):
        assert status.indicator_outcomes([link(10, 12, municipality="0181")], 2025, "0180") == [None]
        assert status.indicator_outcomes([link(10, 12, gender="K")], 2025, "0180") == [None]

    def test_the_first_matching_target_and_value_are_used(self):
        both = Link(
            Many([Target(2024, Decimal(1)), Target(2025, Decimal(10)), Target(2025, Decimal(100))]),
            Indicator(
                Many(
                    [
                        Value(2025, Decimal(50), gender="K"),
                        Value(2025, Decimal(11)),
                        Value(2025, Decimal(1)),
                    ]
                )
            ),
        )
        assert status.indicator_outcomes([both], 2025, "0180") == [True]


class TestAssessMandateGoal:
    def test_under_the_versions_criterion(self):
        goal = MandateGoal(Many([link(1, 2), link(1, 0)]), Version(Criterion.AT_LEAST, 1))
        result = status.assess_mandate_goal(goal, 2025, "0180")
        assert (result.status, result.required) == (Status.ACHIEVED, 1)

    def test_without_a_version_nothing_is_computable(self):
        goal = MandateGoal(Many([link(1, 2)]), None)
        result = status.assess_mandate_goal(goal, 2025, "0180")
        assert (result.status, result.required, result.met) == (Status.NOT_YET_MEASURABLE, None, 1)


class TestAssessByActivities:
    def test_no_plan(self):
        result = status.assess_by_activities(None, year=2025, today=JUNE)
        assert result == Assessment(
            status=Status.NOT_YET_MEASURABLE, met=0, measured=0, total=0, required=None, basis="no_plan"
        )

    def test_strict_majority_is_achieved_during_the_year(self):
        result = status.assess_by_activities(
            [done(), done(), open_until(JUNE)], year=2025, today=datetime.date(2025, 3, 1)
        )
        assert result == Assessment(
            status=Status.ACHIEVED, met=2, measured=3, total=3, required=2, basis="activities"
        )

    def test_a_tie_is_not_achieved_after_the_year(self):
        result = status.assess_by_activities(
            [done(), late_done()], year=2025, today=datetime.date(2026, 1, 1)
        )
        assert (result.status, result.met, result.required) == (Status.NOT_ACHIEVED, 1, 2)

    def test_on_the_last_day_of_the_year_it_is_still_open(self):
        result = status.assess_by_activities(
            [done(), open_until(datetime.date(2025, 12, 31))], year=2025, today=datetime.date(2025, 12, 31)
        )
        assert result.status == Status.NOT_YET_MEASURABLE

    def test_an_activity_open_until_today_can_still_make_it(self):
        today = datetime.date(2025, 9, 1)
        result = status.assess_by_activities([done(), open_until(today)], year=2025, today=today)
        assert result.status == Status.NOT_YET_MEASURABLE

    def test_an_activity_past_its_end_cannot(self):
        today = datetime.date(2025, 9, 1)
        result = status.assess_by_activities(
            [done(), open_until(today - datetime.timedelta(days=1))], year=2025, today=today
        )
        assert result.status == Status.NOT_ACHIEVED

    @pytest.mark.parametrize("finished", [ActivityStatus.DONE, ActivityStatus.CANCELLED])
    def test_done_or_cancelled_cannot_still_make_it(self, finished):
        today = datetime.date(2025, 3, 1)
        late = _Activity(finished, datetime.date(2025, 12, 1), datetime.date(2025, 12, 20))
        result = status.assess_by_activities([done(), late], year=2025, today=today)
        assert result.status == Status.NOT_ACHIEVED

    def test_still_possible_counts_each_open_activity(self):
        today = datetime.date(2025, 3, 1)
        acts = [late_done(), late_done(), open_until(JUNE), open_until(JUNE), open_until(JUNE)]
        # Required 3, none met, three still possible: open.
        assert status.assess_by_activities(acts, year=2025, today=today).status == Status.NOT_YET_MEASURABLE

    def test_each_open_activity_counts_once(self):
        today = datetime.date(2025, 3, 1)
        acts = [done(), open_until(JUNE), late_done(), late_done(), late_done()]
        # Required 3: one met and one still possible cannot make it.
        assert status.assess_by_activities(acts, year=2025, today=today).status == Status.NOT_ACHIEVED

    def test_an_empty_plan_is_open_during_the_year_and_not_achieved_after(self):
        during = status.assess_by_activities([], year=2025, today=JUNE)
        after = status.assess_by_activities([], year=2025, today=datetime.date(2026, 1, 1))
        assert (during.status, during.required, during.total) == (Status.NOT_YET_MEASURABLE, 1, 0)
        assert after.status == Status.NOT_ACHIEVED

    def test_accepts_any_iterable(self):
        result = status.assess_by_activities(iter([done()]), year=2025, today=JUNE)
        assert (result.status, result.total) == (Status.ACHIEVED, 1)


@dataclass
class _AnnualGoal:
    goal_indicators: Many
    criterion: str = ""
    criterion_count: int | None = None
    year: int = 2025
    plan_adopted: bool = True
    plan_activities: list | None = None


class TestPlanActivities:
    def test_not_adopted_is_no_plan(self):
        assert (
            status.plan_activities(_AnnualGoal(Many(), plan_adopted=False, plan_activities=[done()])) is None
        )

    def test_prefetched_activities(self):
        activities = [done()]
        assert status.plan_activities(_AnnualGoal(Many(), plan_activities=activities)) is activities

    def test_an_empty_prefetched_list_is_used_as_is(self):
        assert status.plan_activities(_AnnualGoal(Many(), plan_activities=[])) == []


class TestAssessAnnualGoal:
    def test_by_its_own_measure(self):
        goal = _AnnualGoal(Many([link(1, 2, year=2025)]), criterion=Criterion.ALL, plan_activities=[])
        result = status.assess_annual_goal(goal, "0180", today=JUNE)
        assert (result.status, result.basis) == (Status.ACHIEVED, "indicators")

    def test_own_count_is_used(self):
        goal = _AnnualGoal(
            Many([link(1, 2), link(1, 0)]),
            criterion=Criterion.AT_LEAST,
            criterion_count=2,
            plan_activities=[],
        )
        result = status.assess_annual_goal(goal, "0180", today=JUNE)
        assert (result.status, result.required) == (Status.NOT_ACHIEVED, 2)

    def test_indicators_without_a_criterion_fall_back_to_the_activities(self):
        goal = _AnnualGoal(Many([link(1, 2)]), plan_activities=[done()])
        result = status.assess_annual_goal(goal, "0180", today=JUNE)
        assert (result.status, result.basis) == (Status.ACHIEVED, "activities")

    def test_a_criterion_without_indicators_falls_back_to_the_activities(self):
        goal = _AnnualGoal(Many(), criterion=Criterion.ALL, plan_activities=[late_done()])
        result = status.assess_annual_goal(goal, "0180", today=datetime.date(2026, 2, 1))
        assert (result.status, result.basis) == (Status.NOT_ACHIEVED, "activities")

    def test_today_defaults_to_the_local_date(self, settings):
        goal = _AnnualGoal(Many(), year=2000, plan_activities=[open_until(datetime.date(2000, 12, 31))])
        # Long after 2000: the year is over, so not achieved rather than open.
        assert status.assess_annual_goal(goal, "0180").status == Status.NOT_ACHIEVED


@dataclass
class _CountedGoal(_AnnualGoal):
    """A goal from `AnnualGoalQuerySet.with_plan_counts()`: the plan's activities counted, not loaded."""

    plan_total: int | None = None
    plan_met: int = 0
    plan_still_possible: int = 0


class TestAssessAnnualGoalByCounts:
    def test_the_counts_decide_rather_than_the_loaded_activities(self):
        goal = _CountedGoal(Many(), plan_activities=[], plan_total=3, plan_met=2)
        result = status.assess_annual_goal(goal, "0180", today=JUNE)
        assert result == Assessment(
            status=Status.ACHIEVED, met=2, measured=3, total=3, required=2, basis="activities"
        )

    def test_still_possible_keeps_it_open_until_the_year_is_over(self):
        goal = _CountedGoal(Many(), plan_activities=[done()], plan_total=3, plan_met=1, plan_still_possible=1)
        during = status.assess_annual_goal(goal, "0180", today=JUNE)
        after = status.assess_annual_goal(goal, "0180", today=datetime.date(2026, 1, 1))
        assert (during.status, during.met, during.total, during.required) == (
            Status.NOT_YET_MEASURABLE,
            1,
            3,
            2,
        )
        assert after.status == Status.NOT_ACHIEVED

    def test_the_goals_year_is_used(self):
        goal = _CountedGoal(Many(), year=2026, plan_total=3, plan_met=1, plan_still_possible=1)
        assert status.assess_annual_goal(goal, "0180", today=datetime.date(2026, 1, 1)).status == (
            Status.NOT_YET_MEASURABLE
        )

    def test_today_defaults_to_the_local_date(self):
        goal = _CountedGoal(Many(), year=2000, plan_total=3, plan_met=1, plan_still_possible=1)
        assert status.assess_annual_goal(goal, "0180").status == Status.NOT_ACHIEVED

    def test_counts_without_an_adopted_plan_are_not_used(self):
        goal = _CountedGoal(Many(), plan_adopted=False, plan_total=3, plan_met=3)
        result = status.assess_annual_goal(goal, "0180", today=JUNE)
        assert (result.status, result.total) == (Status.NOT_YET_MEASURABLE, 0)


@pytest.mark.django_db
class TestPlanActivitiesLoaded:
    """Without `with_plan_activities()` the goal's body's adopted plan of the year is looked up."""

    def test_a_draft_plan_or_another_bodys_or_years_adopted_plan_is_no_plan(self):
        from organisation.lifecycle import AdoptionStatus
        from tests.factories import ActivityFactory, BodyFactory, PlanFactory, ks_decision

        plan = PlanFactory(year=2026)
        goal = ActivityFactory(plan=plan).annual_goal
        PlanFactory(
            year=2025, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2024, 11, 20))
        )
        other = BodyFactory()
        PlanFactory(body=other, year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision())
        assert status.plan_activities(goal) is None

    def test_the_adopted_plans_own_activities(self):
        from organisation.lifecycle import AdoptionStatus
        from tests.factories import ActivityFactory, PlanFactory, ks_decision

        plan = PlanFactory(year=2026)
        activity = ActivityFactory(plan=plan)
        goal = activity.annual_goal
        ActivityFactory(plan=plan, annual_goal=goal, is_plan_activity=False)
        type(plan).objects.filter(pk=plan.pk).update(
            status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 20))
        )
        assert status.plan_activities(goal) == [activity]

    def test_activities_in_a_plan_that_is_not_adopted_do_not_count(self):
        from organisation.lifecycle import AdoptionStatus
        from tests.factories import ActivityFactory, BodyFactory, PlanFactory, ks_decision

        plan = PlanFactory(year=2026)
        activity = ActivityFactory(plan=plan)
        goal = activity.annual_goal
        ActivityFactory(plan=PlanFactory(body=BodyFactory(), year=2026), annual_goal=goal)
        type(plan).objects.filter(pk=plan.pk).update(
            status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 20))
        )
        assert status.plan_activities(goal) == [activity]
