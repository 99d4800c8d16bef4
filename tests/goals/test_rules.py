"""The goal chain's rules (R7–R10, R13, R21), proven through goals.services and goals.status.

Data comes from tests.factories; every write under test goes through a service with an actor.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from goals import services
from goals.health import chain_warnings, focus_area_warning
from goals.models import (
    AnnualGoal,
    Criterion,
    GoalIndicator,
    MandateGoal,
    MandateGoalVersion,
    MandatePeriod,
)
from goals.status import Status, assess, assess_annual_goal, assess_mandate_goal, reaches_target
from organisation.lifecycle import AdoptionStatus
from organisation.models import Decision, OrgUnit
from tests.factories import (
    AnnualGoalFactory,
    FocusAreaFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    InternalIndicatorFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    OrgUnitFactory,
    PlanFactory,
    kf_decision,
    ks_decision,
)

D = datetime.date
ADOPTED, DRAFT = AdoptionStatus.ADOPTED, AdoptionStatus.DRAFT
ACHIEVED, NOT_ACHIEVED, NOT_YET = Status.ACHIEVED, Status.NOT_ACHIEVED, Status.NOT_YET_MEASURABLE
ANGE = "2260"


def draft_period(
    count: int, *, election_year: int = 2022, indicators: int = 1, **goal_kwargs
) -> tuple[MandatePeriod, list]:
    """A draft period with `count` KF goals, each with a draft version (criterion: majority).

    Each goal has `indicators` indicators (no targets, no values): a criterion counts indicators, so a
    goal without any could never be judged and is not adopted (R7, R9).
    """
    period = MandatePeriodFactory(election_year=election_year)
    goals = [MandateGoalFactory(period=period, position=i + 1, **goal_kwargs) for i in range(count)]
    for goal in goals:
        GoalIndicatorFactory.create_batch(indicators, mandate_goal=goal)
    return period, goals


def adopted_period(actor, *, count: int = 3, election_year: int = 2022, indicators: int = 1, **goal_kwargs):
    """A period whose goals KF adopted in January after the election, through the service."""
    period, goals = draft_period(count, election_year=election_year, indicators=indicators, **goal_kwargs)
    decision = kf_decision(D(election_year + 1, 1, 30))
    services.mandate_period_adopt(period=period, decision=decision, actor=actor)
    return period, goals, decision


def fresh(goal: MandateGoal) -> MandateGoal:
    return MandateGoal.objects.get(pk=goal.pk)


def department() -> OrgUnit:
    return OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)


def choose_an_indicator(goal, actor) -> GoalIndicator:
    """A new indicator for the goal, without baseline or targets."""
    return services.goal_indicator_save(
        goal=goal,
        indicator=IndicatorFactory(),
        baseline_year=None,
        baseline_value=None,
        targets={},
        actor=actor,
    )


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


# R7: KF adopts 3 to 5 goals, each with an achievement criterion, by a KF decision.


@pytest.mark.django_db
class TestR7MandatePeriodAdoption:
    def test_r7_adoption_refused_with_two_goals(self, planner):
        period, _ = draft_period(2)
        with pytest.raises(ValidationError) as excinfo:
            services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        assert any("3" in m and "5" in m and "2" in m for m in messages(excinfo))

    def test_r7_adoption_refused_with_six_goals(self, planner):
        period, _ = draft_period(6)
        with pytest.raises(ValidationError) as excinfo:
            services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        assert any("6" in m for m in messages(excinfo))

    def test_r7_adoption_refused_when_a_goal_lacks_a_criterion(self, planner):
        period, _ = draft_period(3)
        MandateGoalFactory(period=period, position=4, version__title="Utan kriterium", version__criterion="")
        with pytest.raises(ValidationError) as excinfo:
            services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        assert len(messages(excinfo)) == 1
        assert "Utan kriterium" in messages(excinfo)[0]

    def test_r7_problems_list_every_goal_without_a_criterion_and_the_count(self):
        period, _ = draft_period(6, version__criterion="")
        problems = services.mandate_period_problems(period)
        assert len(problems) == 1 + 6

    @pytest.mark.parametrize("count", [3, 4, 5])
    def test_r7_adoption_allowed_with_three_to_five_goals_all_with_criteria(self, planner, count):
        period, goals = draft_period(count)
        assert services.mandate_period_problems(period) == []
        decision = kf_decision()
        services.mandate_period_adopt(period=period, decision=decision, actor=planner)
        period.refresh_from_db()
        assert period.status == ADOPTED
        assert period.decision == decision
        versions = MandateGoalVersion.objects.filter(goal__period=period)
        assert versions.count() == count
        assert all(v.decision == decision and v.valid_from == 2024 for v in versions)

    @pytest.mark.parametrize("count", [2, 6])
    def test_r7_refusal_changes_nothing(self, planner, count):
        period, goals = draft_period(count)
        history_before = (period.history.count(), MandateGoalVersion.history.count())
        with pytest.raises(ValidationError):
            services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        period.refresh_from_db()
        assert period.status == DRAFT
        assert period.decision is None
        versions = MandateGoalVersion.objects.filter(goal__period=period)
        assert versions.count() == count
        assert all(v.is_draft and v.decision is None and v.valid_until is None for v in versions)
        assert (period.history.count(), MandateGoalVersion.history.count()) == history_before

    def test_r7_refusal_for_a_missing_criterion_changes_nothing(self, planner):
        period, _ = draft_period(4)
        MandateGoalFactory(period=period, version__criterion="")
        with pytest.raises(ValidationError):
            services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        period.refresh_from_db()
        assert period.status == DRAFT
        assert not MandateGoalVersion.objects.filter(goal__period=period, valid_from__isnull=False).exists()

    @pytest.mark.parametrize(("election_year", "first_year"), [(2022, 2024), (2026, 2028), (2030, 2032)])
    def test_r7_r8_adoption_records_the_kf_decision_and_applies_from_the_first_goal_year(
        self, planner, election_year, first_year
    ):
        period, goals = draft_period(3, election_year=election_year)
        decision = kf_decision(D(election_year + 1, 1, 30))
        services.mandate_period_adopt(period=period, decision=decision, actor=planner)
        period.refresh_from_db()
        assert (period.status, period.decision) == (ADOPTED, decision)
        for goal in goals:
            (version,) = fresh(goal).versions.all()
            assert version.decision == decision
            assert version.valid_from == first_year
            assert version.valid_until is None
            assert fresh(goal).version_for(first_year) == version
            assert fresh(goal).version_for(first_year + 3) == version

    def test_r7_a_proposal_can_be_adopted(self, planner):
        period, _ = draft_period(3)
        services.mandate_period_propose(period=period, actor=planner)
        services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        period.refresh_from_db()
        assert period.status == ADOPTED

    def test_r7_adoption_by_ks_is_refused(self, planner):
        period, _ = draft_period(3)
        with pytest.raises(ValidationError, match="KF"):
            services.mandate_period_adopt(period=period, decision=ks_decision(D(2023, 1, 16)), actor=planner)
        period.refresh_from_db()
        assert period.status == DRAFT
        assert not MandateGoalVersion.objects.filter(decision__isnull=False).exists()

    @pytest.mark.parametrize("outcome", [Decision.Outcome.SENT_BACK, Decision.Outcome.REJECTED])
    def test_r7_a_decision_not_taken_is_refused(self, planner, outcome):
        period, _ = draft_period(3)
        decision = kf_decision(outcome=outcome)
        with pytest.raises(ValidationError):
            services.mandate_period_adopt(period=period, decision=decision, actor=planner)
        period.refresh_from_db()
        assert period.status == DRAFT
        assert period.decision is None

    def test_r7_adopted_goals_cannot_be_edited(self, planner):
        period, goals, _ = adopted_period(planner, version__title="Antagen text")
        with pytest.raises(ValidationError):
            services.mandate_goal_update(goal=fresh(goals[0]), data={"title": "Ändrad"}, actor=planner)
        (version,) = fresh(goals[0]).versions.all()
        assert version.title == "Antagen text"
        assert not fresh(goals[0]).versions.filter(valid_from__isnull=True).exists()

    def test_r7_no_goal_is_added_to_an_adopted_period(self, planner):
        period, _, _ = adopted_period(planner)
        with pytest.raises(ValidationError):
            services.mandate_goal_create(period=period, data={"title": "Ett sjätte mål"}, actor=planner)
        assert period.goals.count() == 3

    def test_r7_an_adopted_period_is_not_adopted_again(self, planner):
        period, _, first = adopted_period(planner)
        with pytest.raises(ValidationError):
            services.mandate_period_adopt(period=period, decision=kf_decision(D(2023, 2, 27)), actor=planner)
        period.refresh_from_db()
        assert period.decision == first

    def test_r7_draft_goals_are_edited_freely(self, planner):
        period, goals = draft_period(3)
        services.mandate_goal_update(
            goal=goals[0],
            data={"title": " Ny titel ", "criterion": Criterion.AT_LEAST, "criterion_count": 4},
            actor=planner,
        )
        (version,) = fresh(goals[0]).versions.all()
        assert (version.title, version.criterion, version.criterion_count) == ("Ny titel", "minst", 4)

    def test_r7_an_at_least_criterion_without_its_count_is_refused(self, planner):
        period, _ = draft_period(2)

        def draft_and_adopt():
            # Refused when the goal is drafted, or at the latest when the period is adopted.
            services.mandate_goal_create(
                period=period, data={"title": "Minst N av?", "criterion": Criterion.AT_LEAST}, actor=planner
            )
            services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)

        with pytest.raises(ValidationError):
            draft_and_adopt()
        period.refresh_from_db()
        assert period.status == DRAFT

    def test_r7_an_at_least_criterion_with_its_count_is_accepted(self, planner):
        period, _ = draft_period(2)
        goal = services.mandate_goal_create(
            period=period,
            data={"title": "Minst två av fem", "criterion": Criterion.AT_LEAST, "criterion_count": 2},
            actor=planner,
        )
        version = goal.versions.get()
        assert (version.criterion, version.criterion_count, version.is_draft) == (Criterion.AT_LEAST, 2, True)
        GoalIndicatorFactory.create_batch(5, mandate_goal=goal)
        assert services.mandate_period_problems(period) == []


# R9: 5 to 10 indicators per goal is a recommendation: warn, don't block.


@pytest.mark.django_db
class TestR9IndicatorCount:
    @pytest.mark.parametrize("indicators", [1, 3, 11])  # none at all: see TestR9CriterionOverNoIndicators
    def test_r9_goal_outside_five_to_ten_indicators_still_adopts(self, planner, indicators):
        period, goals = draft_period(3)
        for _ in range(indicators - 1):
            GoalIndicatorFactory(mandate_goal=goals[0])
        assert services.mandate_period_problems(period) == []
        services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        period.refresh_from_db()
        assert period.status == ADOPTED
        assert fresh(goals[0]).goal_indicators.count() == indicators

    def test_r9_problems_do_not_mention_indicators(self):
        period, goals = draft_period(2)
        for _ in range(3):
            GoalIndicatorFactory(mandate_goal=goals[0])
        problems = services.mandate_period_problems(period)
        assert len(problems) == 1  # only the number of goals
        words = ("nyckeltal", "indikator", "indicator")
        assert not any(word in problem.lower() for problem in problems for word in words)


# R10: KS goals for a year link to KF goals that apply that year and to departments.


@pytest.mark.django_db
class TestR10AnnualGoals:
    def save(self, actor, *, year, mandate_goals, departments=None, goal=None, **data):
        return services.annual_goal_save(
            year=year,
            goal=goal,
            body=ks_decision().meeting.body,
            data={"title": "Fler i arbete", **data},
            mandate_goals=mandate_goals,
            departments=departments if departments is not None else [department()],
            actor=actor,
        )

    @pytest.mark.parametrize("year", [2023, 2028])
    def test_r10_ks_goal_refused_for_a_kf_goal_of_another_period(self, planner, year):
        _, goals, _ = adopted_period(planner)  # the 2022 election's goals: 2024–2027
        with pytest.raises(ValidationError, match=str(year)):
            self.save(planner, year=year, mandate_goals=[goals[0]])
        assert not AnnualGoal.objects.exists()

    def test_r10_ks_goal_refused_when_one_of_its_kf_goals_does_not_apply(self, planner):
        _, old_goals, _ = adopted_period(planner)
        _, new_goals, _ = adopted_period(planner, election_year=2026)
        with pytest.raises(ValidationError):
            self.save(planner, year=2028, mandate_goals=[new_goals[0], old_goals[0]])
        assert not AnnualGoal.objects.exists()

    @pytest.mark.parametrize("year", [2024, 2025, 2027])
    def test_r10_ks_goal_accepted_for_a_kf_goal_that_applies(self, planner, year):
        _, goals, _ = adopted_period(planner)
        unit = department()
        goal = self.save(planner, year=year, mandate_goals=goals[:2], departments=[unit])
        goal.refresh_from_db()
        assert goal.year == year
        assert goal.status == DRAFT
        assert set(goal.mandate_goals.all()) == set(goals[:2])
        assert list(goal.departments.all()) == [unit]

    def test_r10_ks_goal_for_2028_serves_the_2026_periods_goals(self, planner):
        _, goals, _ = adopted_period(planner, election_year=2026)
        goal = self.save(planner, year=2028, mandate_goals=[goals[0]])
        assert list(goal.mandate_goals.all()) == [goals[0]]

    def test_r10_adoption_refused_without_kf_goal(self, planner):
        _, goals, _ = adopted_period(planner)
        AnnualGoalFactory(year=2025, mandate_goals=[goals[0]], departments=[department()])
        AnnualGoalFactory(year=2025, title="Utan KF-mål", departments=[department()])
        with pytest.raises(ValidationError) as excinfo:
            services.annual_goals_adopt(
                year=2025, body=ks_decision().meeting.body, decision=ks_decision(), actor=planner
            )
        assert len(messages(excinfo)) == 1
        assert "Utan KF-mål" in messages(excinfo)[0]
        assert not AnnualGoal.objects.filter(status=ADOPTED).exists()

    def test_r10_adoption_refused_without_department(self, planner):
        _, goals, _ = adopted_period(planner)
        AnnualGoalFactory(year=2025, title="Utan avdelning", mandate_goals=[goals[0]])
        with pytest.raises(ValidationError) as excinfo:
            services.annual_goals_adopt(
                year=2025, body=ks_decision().meeting.body, decision=ks_decision(), actor=planner
            )
        assert "Utan avdelning" in messages(excinfo)[0]
        assert not AnnualGoal.objects.filter(status=ADOPTED).exists()

    def test_r10_adoption_refused_for_indicators_without_a_criterion(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(
            year=2025, title="Mätbart mål", mandate_goals=[goals[0]], departments=[department()]
        )
        GoalIndicatorFactory(mandate_goal=None, annual_goal=goal)
        with pytest.raises(ValidationError) as excinfo:
            services.annual_goals_adopt(
                year=2025, body=ks_decision().meeting.body, decision=ks_decision(), actor=planner
            )
        assert "Mätbart mål" in messages(excinfo)[0]
        goal.refresh_from_db()
        assert (goal.status, goal.decision) == (DRAFT, None)

    def test_r10_adoption_records_the_ks_decision(self, planner):
        _, goals, _ = adopted_period(planner)
        with_measure = AnnualGoalFactory(
            year=2025, mandate_goals=[goals[0]], departments=[department()], criterion=Criterion.MAJORITY
        )
        GoalIndicatorFactory(mandate_goal=None, annual_goal=with_measure)
        without_measure = AnnualGoalFactory(year=2025, mandate_goals=goals[1:], departments=[department()])
        other_year = AnnualGoalFactory(year=2026, mandate_goals=[goals[0]], departments=[department()])
        decision = ks_decision(D(2024, 5, 20))
        adopted = services.annual_goals_adopt(
            year=2025, body=decision.meeting.body, decision=decision, actor=planner
        )
        assert {g.pk for g in adopted} == {with_measure.pk, without_measure.pk}
        for goal in (with_measure, without_measure):
            goal.refresh_from_db()
            assert (goal.status, goal.decision) == (ADOPTED, decision)
        other_year.refresh_from_db()
        assert (other_year.status, other_year.decision) == (DRAFT, None)

    def test_r10_adoption_by_kf_or_a_decision_not_taken_is_refused(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(year=2025, mandate_goals=[goals[0]], departments=[department()])
        body = ks_decision().meeting.body
        for decision in (
            kf_decision(D(2024, 6, 17)),
            ks_decision(D(2024, 5, 21), outcome=Decision.Outcome.SENT_BACK),
        ):
            with pytest.raises(ValidationError):
                services.annual_goals_adopt(year=2025, body=body, decision=decision, actor=planner)
        goal.refresh_from_db()
        assert goal.status == DRAFT

    def test_r10_an_adopted_ks_goal_cannot_be_changed(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(
            year=2025, title="Antaget", mandate_goals=[goals[0]], departments=[department()]
        )
        decision = ks_decision()
        services.annual_goals_adopt(year=2025, body=decision.meeting.body, decision=decision, actor=planner)
        goal.refresh_from_db()
        with pytest.raises(ValidationError):
            self.save(planner, year=2025, mandate_goals=[goals[0]], goal=goal)
        goal.refresh_from_db()
        assert goal.title == "Antaget"


# R21: a revision decided in June applies from the next budget year; links stay on the goal.


@pytest.mark.django_db
class TestR21Revision:
    def revise(self, actor, goal, decision, **data):
        return services.mandate_goal_revise(
            goal=fresh(goal), data=data, focus_areas=None, decision=decision, actor=actor
        )

    def test_r21_revision_in_june_2025_applies_from_2026(self, planner):
        _, goals, adoption = adopted_period(planner, version__title="Gammal text")
        decision = kf_decision(D(2025, 6, 16))
        new = self.revise(planner, goals[0], decision, title="Ny text")
        assert (new.valid_from, new.valid_until, new.decision) == (2026, None, decision)
        old = fresh(goals[0]).versions.get(valid_from=2024)
        assert (old.valid_from, old.valid_until, old.decision) == (2024, 2025, adoption)
        assert old.title == "Gammal text"
        goal = fresh(goals[0])
        assert goal.versions.count() == 2
        assert goal.version_for(2024).title == "Gammal text"
        assert goal.version_for(2025).title == "Gammal text"
        assert goal.version_for(2026).title == "Ny text"
        assert goal.version_for(2027).title == "Ny text"
        assert goal.current_version == new

    @pytest.mark.parametrize(("decided", "applies_from"), [(2024, 2025), (2025, 2026), (2026, 2027)])
    def test_r21_revision_applies_from_the_year_after_the_decision(self, planner, decided, applies_from):
        _, goals, _ = adopted_period(planner)
        new = self.revise(planner, goals[0], kf_decision(D(decided, 6, 15)), title="Reviderat")
        assert new.valid_from == applies_from
        assert fresh(goals[0]).version_for(applies_from - 1).valid_until == applies_from - 1

    def test_r21_two_revisions_chain_the_versions(self, planner):
        _, goals, _ = adopted_period(planner, version__title="2024")
        self.revise(planner, goals[0], kf_decision(D(2024, 6, 17)), title="2025")
        self.revise(planner, goals[0], kf_decision(D(2025, 6, 16)), title="2026")
        goal = fresh(goals[0])
        spans = [(v.title, v.valid_from, v.valid_until) for v in goal.versions.order_by("valid_from")]
        assert spans == [("2024", 2024, 2024), ("2025", 2025, 2025), ("2026", 2026, None)]
        assert [goal.version_for(y).title for y in range(2024, 2028)] == ["2024", "2025", "2026", "2026"]

    def test_r21_revision_keeps_what_it_does_not_change(self, planner):
        area = FocusAreaFactory()
        _, goals, _ = adopted_period(
            planner, version__criterion=Criterion.AT_LEAST, version__criterion_count=3
        )
        fresh(goals[0]).versions.get().focus_areas.set([area])
        new = self.revise(planner, goals[0], kf_decision(D(2025, 6, 16)), title="Ny text")
        assert (new.criterion, new.criterion_count) == (Criterion.AT_LEAST, 3)
        assert list(new.focus_areas.all()) == [area]

    def test_r21_links_stay_on_the_same_goal(self, planner):
        _, goals, _ = adopted_period(planner)
        (link,) = fresh(goals[0]).goal_indicators.all()
        ks_goal = AnnualGoalFactory(year=2026, mandate_goals=[goals[0]], departments=[department()])
        self.revise(planner, goals[0], kf_decision(D(2025, 6, 16)), title="Ny text")
        link.refresh_from_db()
        assert link.mandate_goal_id == goals[0].pk
        assert list(fresh(goals[0]).goal_indicators.all()) == [link]
        assert list(ks_goal.mandate_goals.all()) == [goals[0]]
        assert list(fresh(goals[0]).annual_goals.all()) == [ks_goal]
        assert GoalIndicator.objects.count() == 3  # one per goal, as adopted
        assert MandateGoal.objects.filter(period=goals[0].period).count() == 3

    @pytest.mark.parametrize("day", [D(2027, 6, 14), D(2027, 1, 25)])
    def test_r21_revision_decided_in_2027_is_refused(self, planner, day):
        # It would apply from 2028, when the 2026 election's goals apply.
        _, goals, _ = adopted_period(planner)
        with pytest.raises(ValidationError, match="2028"):
            self.revise(planner, goals[0], kf_decision(day), title="För sent")
        (version,) = fresh(goals[0]).versions.all()
        assert (version.valid_from, version.valid_until) == (2024, None)

    def test_r21_revision_of_a_draft_period_is_refused(self, planner):
        _, goals = draft_period(3)
        with pytest.raises(ValidationError):
            self.revise(planner, goals[0], kf_decision(D(2025, 6, 16)), title="Reviderat")
        (version,) = fresh(goals[0]).versions.all()
        assert version.is_draft

    def test_r21_revision_by_ks_is_refused(self, planner):
        _, goals, _ = adopted_period(planner)
        with pytest.raises(ValidationError, match="KF"):
            self.revise(planner, goals[0], ks_decision(D(2025, 6, 2)), title="Reviderat")
        assert fresh(goals[0]).versions.count() == 1


# R13 and the status of goals (goals.status).


class TestR13ReachesTarget:
    @pytest.mark.parametrize(
        ("value", "target", "higher_is_better", "expected"),
        [
            (Decimal("60"), Decimal("50"), True, True),
            (Decimal("50"), Decimal("50"), True, True),
            (Decimal("49.9"), Decimal("50"), True, False),
            (Decimal("40"), Decimal("50"), False, True),
            (Decimal("50"), Decimal("50"), False, True),
            (Decimal("50.1"), Decimal("50"), False, False),
            (None, Decimal("50"), True, None),
            (Decimal("50"), None, False, None),
            (None, None, True, None),
        ],
    )
    def test_r13_reaches_target_in_the_desired_direction(self, value, target, higher_is_better, expected):
        assert reaches_target(value, target, higher_is_better=higher_is_better) is expected


T, F, U = True, False, None  # met, missed, unknown


class TestR13Assess:
    @pytest.mark.parametrize(
        ("outcomes", "expected"),
        [
            ([T, T, U, U, U], ACHIEVED),  # 2 of 5 needed, 2 met
            ([T, T, F, F, F], ACHIEVED),
            ([F, F, F, F, U], NOT_ACHIEVED),  # even the unknown one cannot make 2
            ([T, F, F, F, F], NOT_ACHIEVED),
            ([T, U, U, U, F], NOT_YET),  # 1 met, 3 unknown: could still get there
            ([U, U, U, U, U], NOT_YET),
        ],
    )
    def test_r13_at_least_two_of_five(self, outcomes, expected):
        result = assess(outcomes, criterion=Criterion.AT_LEAST, count=2)
        assert result.status == expected
        assert result.required == 2
        assert result.total == 5
        assert result.met == outcomes.count(True)
        assert result.measured == sum(o is not None for o in outcomes)

    def test_r13_tie_is_not_achieved(self):
        # "Flertalet" is strictly more than half: 2 of 4 measured is a tie, and a tie is not achieved.
        result = assess([T, T, F, F], criterion=Criterion.MAJORITY, count=None)
        assert result.required == 3
        assert result.status == NOT_ACHIEVED

    @pytest.mark.parametrize(
        ("outcomes", "expected"),
        [
            ([T, T, T, F], ACHIEVED),
            ([T, T, U, U], NOT_YET),
            ([T, T, F, U], NOT_YET),
            ([T, F, F, U], NOT_ACHIEVED),
            ([T, T, T, F, F], ACHIEVED),  # 3 of 5
            ([T, T, F, F, F], NOT_ACHIEVED),
            ([T], ACHIEVED),
            ([F], NOT_ACHIEVED),
        ],
    )
    def test_r13_majority_is_strictly_more_than_half(self, outcomes, expected):
        assert assess(outcomes, criterion=Criterion.MAJORITY, count=None).status == expected

    @pytest.mark.parametrize(
        ("outcomes", "expected"),
        [([T, T, T], ACHIEVED), ([T, T, F], NOT_ACHIEVED), ([T, T, U], NOT_YET), ([F, U, U], NOT_ACHIEVED)],
    )
    def test_r13_all(self, outcomes, expected):
        result = assess(outcomes, criterion=Criterion.ALL, count=None)
        assert result.status == expected
        assert result.required == len(outcomes)

    @pytest.mark.parametrize(
        ("criterion", "count"), [(Criterion.AT_LEAST, 1), (Criterion.MAJORITY, None), (Criterion.ALL, None)]
    )
    def test_r13_no_indicators_is_not_yet_measurable(self, criterion, count):
        result = assess([], criterion=criterion, count=count)
        assert result.status == NOT_YET
        assert result.total == 0

    def test_r13_no_criterion_is_not_yet_measurable(self):
        result = assess([T, T, T], criterion="", count=None)
        assert (result.status, result.required) == (NOT_YET, None)

    def test_r13_status_is_told_by_a_symbol_as_well(self):
        symbols = {assess(o, criterion=Criterion.ALL, count=None).symbol for o in ([T], [F], [U])}
        assert symbols == {"✓", "✗", "…"}


@pytest.mark.django_db
class TestR13AssessFromTheDatabase:
    def link(self, goal=None, *, annual_goal=None, higher_is_better=True, targets=(), values=()):
        """A goal indicator with targets {year: value} and Ånge's values {year: value}."""
        indicator = IndicatorFactory(higher_is_better=higher_is_better)
        link = GoalIndicatorFactory(mandate_goal=goal, annual_goal=annual_goal, indicator=indicator)
        for year, value in dict(targets).items():
            IndicatorTargetFactory(goal_indicator=link, year=year, value=Decimal(value))
        for year, value in dict(values).items():
            IndicatorValueFactory(indicator=indicator, municipality=ANGE, year=year, value=Decimal(value))
        return link

    def loaded(self, goal: MandateGoal) -> MandateGoal:
        return MandateGoal.objects.prefetch_related(
            "versions", "goal_indicators__targets", "goal_indicators__indicator__values"
        ).get(pk=goal.pk)

    def test_r13_assess_mandate_goal_uses_the_criterion_in_force_that_year(
        self, planner, django_assert_num_queries
    ):
        _, goals, _ = adopted_period(
            planner, version__criterion=Criterion.AT_LEAST, version__criterion_count=2
        )
        goal = goals[0]
        years = {2025: "50", 2026: "50"}
        self.link(goal, targets=years, values={2025: "60", 2026: "60"})  # met
        self.link(goal, higher_is_better=False, targets=years, values={2025: "40", 2026: "45"})  # met
        missed = self.link(goal, targets=years, values={2025: "40", 2026: "40"})  # missed
        # Other municipalities' values and the gender split do not count.
        IndicatorValueFactory(indicator=missed.indicator, municipality="0000", year=2026, value=Decimal(90))
        IndicatorValueFactory(indicator=missed.indicator, municipality=ANGE, year=2026, gender="K", value=90)
        # In June 2025 KF makes the criterion stricter from 2026: all indicators must reach their target.
        services.mandate_goal_revise(
            goal=fresh(goal),
            data={"criterion": Criterion.ALL, "criterion_count": None},
            focus_areas=None,
            decision=kf_decision(D(2025, 6, 16)),
            actor=planner,
        )
        goal = self.loaded(goal)
        with django_assert_num_queries(0):
            in_2025 = assess_mandate_goal(goal, 2025, ANGE)
            in_2026 = assess_mandate_goal(goal, 2026, ANGE)
            in_2027 = assess_mandate_goal(goal, 2027, ANGE)
        assert (in_2025.status, in_2025.met, in_2025.required) == (ACHIEVED, 2, 2)
        # "All" counts the indicator adopted with the goal too, which has no target or value yet.
        assert (in_2026.status, in_2026.met, in_2026.measured, in_2026.required) == (NOT_ACHIEVED, 2, 3, 4)
        assert (in_2027.status, in_2027.measured) == (NOT_YET, 0)  # no targets or values yet

    def test_r13_assess_mandate_goal_without_values_is_not_yet_measurable(self, planner):
        _, goals, _ = adopted_period(planner)
        self.link(goals[0], targets={2024: "50"})
        result = assess_mandate_goal(self.loaded(goals[0]), 2024, ANGE)
        assert (result.status, result.total, result.measured) == (NOT_YET, 2, 0)  # with the adopted one

    def test_r13_assess_annual_goal_without_own_measure_is_judged_by_activities(self, planner):
        _, goals, _ = adopted_period(planner)
        plain = AnnualGoalFactory(year=2025, mandate_goals=[goals[0]])
        half_measure = AnnualGoalFactory(year=2025, mandate_goals=[goals[0]])  # indicators, no criterion
        self.link(annual_goal=half_measure, targets={2025: "50"}, values={2025: "60"})
        during_the_year = datetime.date(2025, 6, 1)
        for goal in (plain, half_measure):  # no adopted plan yet: nothing to judge by
            result = assess_annual_goal(AnnualGoal.objects.get(pk=goal.pk), ANGE, today=during_the_year)
            assert (result.status, result.basis) == (NOT_YET, "no_plan")
        PlanFactory(year=2025, body=plain.body, status="antagen", decision=ks_decision(D(2024, 11, 4)))
        for goal in (plain, half_measure):
            result = assess_annual_goal(AnnualGoal.objects.get(pk=goal.pk), ANGE, today=during_the_year)
            assert result.status == NOT_YET
            assert result.basis == "activities"
            assert (result.total, result.met) == (0, 0)

    def test_r13_assess_annual_goal_with_own_measure_uses_it_for_its_year(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(year=2025, mandate_goals=[goals[0]], criterion=Criterion.MAJORITY)
        self.link(annual_goal=goal, targets={2025: "50", 2026: "50"}, values={2025: "60", 2026: "10"})
        self.link(annual_goal=goal, targets={2025: "50"}, values={2025: "70"})
        self.link(annual_goal=goal, targets={2025: "50"}, values={2025: "10"})
        loaded = AnnualGoal.objects.prefetch_related(
            "goal_indicators__targets", "goal_indicators__indicator__values"
        ).get(pk=goal.pk)
        result = assess_annual_goal(loaded, ANGE)
        assert (result.status, result.met, result.total) == (ACHIEVED, 2, 3)
        assert result.basis == "indicators"

    def test_r13_internal_indicator_values_count_like_kolada_ones(self, planner):
        _, goals, _ = adopted_period(
            planner, version__criterion=Criterion.AT_LEAST, version__criterion_count=1
        )
        indicator = InternalIndicatorFactory()
        link = GoalIndicatorFactory(mandate_goal=goals[0], indicator=indicator)
        IndicatorTargetFactory(goal_indicator=link, year=2024, value=Decimal("80"))
        services.indicator_value_set(
            indicator=indicator, municipality=ANGE, year=2024, value=Decimal("85"), actor=planner
        )
        assert assess_mandate_goal(self.loaded(goals[0]), 2024, ANGE).status == ACHIEVED


# Audit: every service records the acting user on the rows it writes.


@pytest.mark.django_db
class TestAudit:
    def test_adoption_records_the_actor_on_period_and_versions(self, planner):
        period, goals, _ = adopted_period(planner)
        assert period.history.latest().history_user == planner
        assert period.history.latest().status == ADOPTED
        for goal in goals:
            latest = fresh(goal).versions.get().history.latest()
            assert (latest.history_user, latest.valid_from) == (planner, 2024)

    def test_revision_records_the_actor_on_both_versions(self, planner, sysadmin):
        _, goals, _ = adopted_period(planner)
        new = services.mandate_goal_revise(
            goal=fresh(goals[0]),
            data={"title": "Ny text"},
            focus_areas=None,
            decision=kf_decision(D(2025, 6, 16)),
            actor=sysadmin,
        )
        old = fresh(goals[0]).versions.get(valid_from=2024)
        assert old.history.latest().history_user == sysadmin
        assert old.history.latest().valid_until == 2025
        assert new.history.get().history_user == sysadmin
        assert new.history.get().history_type == "+"

    def test_ks_goal_save_and_adoption_record_the_actor(self, planner, sysadmin):
        _, goals, _ = adopted_period(planner)
        goal = services.annual_goal_save(
            year=2025,
            body=ks_decision().meeting.body,
            data={"title": "Fler i arbete"},
            mandate_goals=[goals[0]],
            departments=[department()],
            actor=sysadmin,
        )
        # The row and its links to KF goals and departments (m2m history) all name the actor.
        assert {h.history_user for h in goal.history.all()} == {sysadmin}
        decision = ks_decision()
        services.annual_goals_adopt(year=2025, body=decision.meeting.body, decision=decision, actor=planner)
        latest = goal.history.latest()
        assert (latest.history_user, latest.status) == (planner, ADOPTED)


# R21: the goals adopted in January may be revised with June's budget the same year, from the first year.


@pytest.mark.django_db
class TestR21RevisionInTheAdoptionYear:
    revise = TestR21Revision.revise

    def test_r21_revision_in_june_of_the_adoption_year_applies_from_the_first_goal_year(self, planner):
        _, goals, adoption = adopted_period(planner, version__title="Antagen i januari")
        (original,) = fresh(goals[0]).versions.all()
        june = kf_decision(D(2023, 6, 19))
        new = self.revise(planner, goals[0], june, title="Reviderad i juni")
        assert (new.valid_from, new.valid_until, new.decision) == (2024, None, june)
        goal = fresh(goals[0])
        assert [goal.version_for(year) for year in range(2024, 2028)] == [new] * 4
        assert goal.current_version == new
        # What KF adopted in January stays readable with its decision; it covers none of the goal years.
        original.refresh_from_db()
        assert (original.title, original.decision, original.is_draft) == (
            "Antagen i januari",
            adoption,
            False,
        )
        assert original.valid_until < 2024
        assert goal.versions.count() == 2
        assert original.history.latest().history_user == planner

    def test_r21_revisions_chain_on_from_a_revision_in_the_adoption_year(self, planner):
        _, goals, _ = adopted_period(planner, version__title="Januari 2023")
        self.revise(planner, goals[0], kf_decision(D(2023, 6, 19)), title="Juni 2023")
        self.revise(planner, goals[0], kf_decision(D(2024, 6, 17)), title="Juni 2024")
        goal = fresh(goals[0])
        assert [goal.version_for(y).title for y in range(2024, 2028)] == [
            "Juni 2023",
            "Juni 2024",
            "Juni 2024",
            "Juni 2024",
        ]
        spans = {v.title: (v.valid_from, v.valid_until) for v in goal.versions.all()}
        assert spans["Juni 2023"] == (2024, 2024)
        assert spans["Juni 2024"] == (2025, None)
        assert spans["Januari 2023"][1] < 2024

    @pytest.mark.parametrize(
        ("first", "second"),
        [(D(2023, 6, 19), D(2023, 9, 25)), (D(2025, 6, 16), D(2025, 10, 20))],
    )
    def test_r21_a_second_revision_from_the_same_year_is_refused(self, planner, first, second):
        _, goals, _ = adopted_period(planner)
        earlier = kf_decision(first)
        self.revise(planner, goals[0], earlier, title="Första revisionen")
        before = sorted(fresh(goals[0]).versions.values_list("pk", "valid_from", "valid_until", "version"))
        with pytest.raises(ValidationError) as excinfo:
            self.revise(planner, goals[0], kf_decision(second), title="Andra revisionen")
        assert str(earlier) in messages(excinfo)[0]
        assert str(first.year + 1) in messages(excinfo)[0]
        after = sorted(fresh(goals[0]).versions.values_list("pk", "valid_from", "valid_until", "version"))
        assert after == before
        assert not fresh(goals[0]).versions.filter(title="Andra revisionen").exists()

    def test_r21_a_revision_dated_before_the_adoption_is_refused(self, planner):
        _, goals, _ = adopted_period(planner)
        with pytest.raises(ValidationError, match="2023-01-30"):
            self.revise(planner, goals[0], kf_decision(D(2022, 12, 12)), title="Före antagandet")
        (version,) = fresh(goals[0]).versions.all()
        assert (version.valid_from, version.valid_until) == (2024, None)

    def test_r21_a_decision_outside_june_is_accepted(self, planner):
        # Municipalities move meetings: the month is for a warning elsewhere, never a refusal.
        _, goals, _ = adopted_period(planner)
        new = self.revise(planner, goals[0], kf_decision(D(2024, 9, 23)), title="September")
        assert new.valid_from == 2025

    def test_r21_a_revision_recorded_late_keeps_the_later_one(self, planner):
        # June 2025's revision is entered first; June 2024's, found later, applies to 2025 only.
        _, goals, _ = adopted_period(planner, version__title="2024")
        self.revise(planner, goals[0], kf_decision(D(2025, 6, 16)), title="2026")
        self.revise(planner, goals[0], kf_decision(D(2024, 6, 17)), title="2025")
        goal = fresh(goals[0])
        spans = sorted((v.valid_from, v.valid_until, v.title) for v in goal.versions.all())
        assert spans == [(2024, 2024, "2024"), (2025, 2025, "2025"), (2026, None, "2026")]
        assert [goal.version_for(y).title for y in range(2024, 2028)] == ["2024", "2025", "2026", "2026"]

    def test_r21_the_goal_page_shows_the_revision_and_what_kf_adopted(self, client, politician, planner):
        _, goals, adoption = adopted_period(planner, version__title="Antagen i januari")
        june = kf_decision(D(2023, 6, 19), case_number="KS 23/97")
        self.revise(planner, goals[0], june, title="Reviderad i juni")
        client.force_login(politician)
        html = client.get(goals[0].get_absolute_url(), {"ar": 2024}).content.decode()
        assert "<h1>Reviderad i juni</h1>" in html
        assert html.count(str(june)) == 2  # beside the text shown, and in the versions table
        assert "2024–2027" in html
        assert "Antagen i januari" in html
        assert str(adoption) in html
        assert "2023–2023" not in html  # the January wording never applied: no years are claimed


# R7, R9, R10, R21: a criterion counts indicators, so one over no indicators could never be judged.


@pytest.mark.django_db
class TestR9CriterionOverNoIndicators:
    @pytest.mark.parametrize(
        ("criterion", "count"), [(Criterion.MAJORITY, None), (Criterion.ALL, None), (Criterion.AT_LEAST, 2)]
    )
    def test_r9_adoption_refused_when_a_criterion_counts_no_indicators(self, planner, criterion, count):
        period, _ = draft_period(3)
        MandateGoalFactory(
            period=period,
            version__title="Omätbart mål",
            version__criterion=criterion,
            version__criterion_count=count,
        )
        with pytest.raises(ValidationError) as excinfo:
            services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        assert len(messages(excinfo)) == 1
        assert "Omätbart mål" in messages(excinfo)[0]
        period.refresh_from_db()
        assert (period.status, period.decision) == (DRAFT, None)
        assert not MandateGoalVersion.objects.filter(valid_from__isnull=False).exists()

    def test_r7_a_goal_without_criterion_is_named_once(self, planner):
        period, _ = draft_period(3)
        MandateGoalFactory(period=period, version__title="Inget alls", version__criterion="")
        problems = services.mandate_period_problems(period)
        assert len(problems) == 1
        assert "Inget alls" in problems[0]

    def test_r9_adopted_with_one_indicator(self, planner):
        period, _ = draft_period(3, indicators=1)
        services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        period.refresh_from_db()
        assert period.status == ADOPTED

    def test_r21_revision_over_no_indicators_is_refused(self, planner):
        # A goal adopted before the rule, with no indicators: a revision that keeps counting is refused.
        adoption = kf_decision()
        period = MandatePeriodFactory(status=ADOPTED, decision=adoption)
        goal = MandateGoalFactory(period=period, version__valid_from=2024, version__decision=adoption)
        for data in ({"title": "Fortfarande omätbart"}, {"criterion": ""}):
            with pytest.raises(ValidationError) as excinfo:
                services.mandate_goal_revise(
                    goal=goal,
                    data=data,
                    focus_areas=None,
                    decision=kf_decision(D(2024, 6, 17)),
                    actor=planner,
                )
            assert excinfo.value.messages
        (version,) = fresh(goal).versions.all()
        assert (version.valid_from, version.valid_until) == (2024, None)

    def test_r21_revision_that_removes_the_criterion_is_refused(self, planner):
        _, goals, _ = adopted_period(planner, version__title="Mätbart")
        with pytest.raises(ValidationError, match="Mätbart"):
            services.mandate_goal_revise(
                goal=fresh(goals[0]),
                data={"criterion": ""},
                focus_areas=None,
                decision=kf_decision(D(2024, 6, 17)),
                actor=planner,
            )
        assert fresh(goals[0]).versions.count() == 1

    def test_r10_ks_goal_with_a_criterion_but_no_indicators_is_refused(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(
            year=2025,
            title="Kriterium utan mått",
            mandate_goals=[goals[0]],
            departments=[department()],
            criterion=Criterion.MAJORITY,
        )
        with pytest.raises(ValidationError) as excinfo:
            services.annual_goals_adopt(
                year=2025, body=ks_decision().meeting.body, decision=ks_decision(), actor=planner
            )
        assert len(messages(excinfo)) == 1
        assert "Kriterium utan mått" in messages(excinfo)[0]
        goal.refresh_from_db()
        assert (goal.status, goal.decision) == (DRAFT, None)

    def test_r10_ks_goal_without_criterion_nor_indicators_is_judged_by_activities(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(year=2025, mandate_goals=[goals[0]], departments=[department()])
        decision = ks_decision()
        services.annual_goals_adopt(year=2025, body=decision.meeting.body, decision=decision, actor=planner)
        goal.refresh_from_db()
        assert (goal.status, goal.decision) == (ADOPTED, decision)


# R7: KF's goals derive from the vision and its focus areas: a goal naming none is a warning, not a block.


@pytest.mark.django_db
class TestR7FocusAreas:
    def loaded(self, period: MandatePeriod) -> list[MandateGoal]:
        # As the year view loads them: versions with their decisions and focus areas.
        return list(
            MandateGoal.objects.filter(period=period).prefetch_related(
                "versions__focus_areas", "goal_indicators__indicator", "goal_indicators__targets"
            )
        )

    def test_r7_chain_warns_about_a_kf_goal_naming_no_focus_area(self, planner, django_assert_num_queries):
        area = FocusAreaFactory()
        period, goals, _ = adopted_period(planner)
        fresh(goals[0]).versions.get().focus_areas.set([area])
        loaded = self.loaded(period)
        with django_assert_num_queries(0):
            warnings = chain_warnings(year=2025, period=period, mandate_goals=loaded, annual_goals=[])
            named = [focus_area_warning(goal, goal.version_for(2025)) for goal in loaded]
        assert named[0] is None
        assert all(warning in warnings for warning in named[1:])
        titles = [goal.version_for(2025).title for goal in loaded]
        assert [
            title
            for title in titles
            if any(quoted in w for w in named[1:] for quoted in (f"“{title}”", f"”{title}”"))
        ] == titles[1:]

    def test_r7_a_goal_naming_no_focus_area_is_still_adopted(self, planner):
        period, goals = draft_period(3)
        assert not any(fresh(goal).versions.get().focus_areas.exists() for goal in goals)
        services.mandate_period_adopt(period=period, decision=kf_decision(), actor=planner)
        period.refresh_from_db()
        assert period.status == ADOPTED

    def test_r7_period_and_goal_pages_warn_the_planner(self, client, planner, politician):
        area = FocusAreaFactory()
        period, goals = draft_period(3)
        fresh(goals[0]).versions.get().focus_areas.set([area])
        missing = fresh(goals[1]).versions.get().title
        warning = focus_area_warning(goals[1], fresh(goals[1]).versions.get())
        client.force_login(planner)
        assert escape(warning) in client.get(reverse("goals:period", args=[2022])).content.decode()
        assert escape(warning) in client.get(goals[1].get_absolute_url()).content.decode()
        assert missing in warning
        assert focus_area_warning(goals[0], fresh(goals[0]).versions.get()) is None
        services.mandate_period_propose(period=period, actor=planner)
        client.force_login(politician)
        assert escape(warning) not in client.get(goals[1].get_absolute_url()).content.decode()


# R10, R11: the goals of an adopted plan are part of its decision; an adopted goal's measure is frozen.


@pytest.mark.django_db
class TestR10GoalsOfAnAdoptedPlan:
    def adopted_plan(self, year: int = 2025):
        return PlanFactory(year=year, status="antagen", decision=ks_decision(D(year - 1, 11, 4)))

    def save(self, actor, goals, *, year=2025, goal=None, expected_version=None, title="Nytt mål"):
        return services.annual_goal_save(
            year=year,
            body=ks_decision().meeting.body,
            data={"title": title},
            mandate_goals=[goals[0]],
            departments=[department()],
            goal=goal,
            expected_version=expected_version,
            actor=actor,
        )

    def test_r10_no_new_ks_goal_for_a_year_whose_plan_is_adopted(self, planner):
        _, goals, _ = adopted_period(planner)
        plan = self.adopted_plan(2025)
        with pytest.raises(ValidationError) as excinfo:
            self.save(planner, goals, year=2025)
        assert "2025" in messages(excinfo)[0]
        assert str(plan.decision) in messages(excinfo)[0]
        assert not AnnualGoal.objects.exists()
        # Another year, or a plan not adopted yet, is open.
        PlanFactory(year=2026)
        assert self.save(planner, goals, year=2026).year == 2026
        assert self.save(planner, goals, year=2027).year == 2027

    def test_r10_a_draft_ks_goal_of_an_adopted_plans_year_is_not_changed(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = self.save(planner, goals, year=2025, title="Utkast")
        self.adopted_plan(2025)
        with pytest.raises(ValidationError):
            self.save(planner, goals, year=2025, goal=goal, expected_version=goal.version, title="Ändrat")
        goal.refresh_from_db()
        assert goal.title == "Utkast"

    def test_r11_an_adopted_ks_goals_measure_is_frozen(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(
            year=2025, mandate_goals=[goals[0]], departments=[department()], criterion=Criterion.MAJORITY
        )
        link = services.goal_indicator_save(
            goal=goal,
            indicator=IndicatorFactory(),
            baseline_year=2023,
            baseline_value=None,
            targets={2025: Decimal("50")},
            actor=planner,
        )
        decision = ks_decision()
        services.annual_goals_adopt(year=2025, body=decision.meeting.body, decision=decision, actor=planner)
        goal.refresh_from_db()
        with pytest.raises(ValidationError):
            choose_an_indicator(goal, planner)
        with pytest.raises(ValidationError):
            services.goal_indicator_save(
                goal=goal,
                link=link,
                indicator=link.indicator,
                baseline_year=2023,
                baseline_value=None,
                targets={2025: Decimal("99")},
                actor=planner,
            )
        with pytest.raises(ValidationError):
            services.goal_indicator_remove(link=link, actor=planner)
        assert list(goal.goal_indicators.all()) == [link]
        assert list(link.targets.values_list("year", "value")) == [(2025, Decimal("50"))]

    def test_r11_a_draft_ks_goals_measure_is_frozen_once_the_plan_is_adopted(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = AnnualGoalFactory(year=2025, mandate_goals=[goals[0]], departments=[department()])
        self.adopted_plan(2025)
        with pytest.raises(ValidationError):
            choose_an_indicator(goal, planner)
        assert not goal.goal_indicators.exists()

    def test_r9_an_adopted_kf_goals_measure_is_frozen(self, planner):
        _, goals, _ = adopted_period(planner)
        goal = fresh(goals[0])
        (link,) = goal.goal_indicators.all()
        with pytest.raises(ValidationError):
            services.goal_indicator_remove(link=link, actor=planner)
        with pytest.raises(ValidationError):
            choose_an_indicator(goal, planner)
        assert list(goal.goal_indicators.all()) == [link]
