"""A deadline knows its state from what it concerns (R19: "KS adopts verksamhetsplan 2028" is done when
that plan is adopted, at risk while it is a draft within 14 days of the date, missed after it)."""

from __future__ import annotations

import datetime

import pytest

from budget.models import BudgetVersion
from calendar_wheel import services
from calendar_wheel.models import Deadline
from calendar_wheel.services import State
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting
from tests.factories import (
    AnnualGoalFactory,
    BudgetFactory,
    BudgetVersionFactory,
    InternalControlPlanFactory,
    MandatePeriodFactory,
    PlanFactory,
    body_named,
    kf_decision,
    ks_decision,
)

NOV_MEETING = datetime.date(2026, 11, 24)


@pytest.fixture
def wheel(db):
    body_named("KF")
    Meeting.objects.create(body=body_named("KS"), date=NOV_MEETING)
    services.load_shipped_steps()
    services.generate_wheel(2026)
    services.generate_wheel(2027)


def deadline(code: str, year: int = 2026) -> Deadline:
    return Deadline.objects.select_related("event").get(event__code=code, year=year)


def state_of(code: str, today: datetime.date, year: int = 2026) -> State:
    d = deadline(code, year)
    return services.deadline_states([d], today)[d.pk]


def test_r19_ks_plan_adoption_concerns_next_years_plan(wheel):
    assert deadline("ks-adopts-operational-plan").concerns_year == 2027


def test_r19_ks_plan_adoption_is_done_when_the_plan_is_adopted(wheel):
    PlanFactory(year=2027, status=AdoptionStatus.ADOPTED, decision=ks_decision(NOV_MEETING))
    assert state_of("ks-adopts-operational-plan", datetime.date(2026, 11, 20)) == State.DONE
    assert state_of("ks-adopts-operational-plan", datetime.date(2026, 12, 20)) == State.DONE


def test_r19_ks_plan_adoption_is_at_risk_within_14_days_as_draft(wheel):
    PlanFactory(year=2027, status=AdoptionStatus.DRAFT)
    assert state_of("ks-adopts-operational-plan", datetime.date(2026, 11, 9)) == State.UPCOMING
    assert state_of("ks-adopts-operational-plan", datetime.date(2026, 11, 10)) == State.AT_RISK
    assert state_of("ks-adopts-operational-plan", NOV_MEETING) == State.AT_RISK


def test_r19_ks_plan_adoption_is_at_risk_within_14_days_without_any_plan(wheel):
    assert state_of("ks-adopts-operational-plan", datetime.date(2026, 11, 20)) == State.AT_RISK


def test_r19_ks_plan_adoption_is_missed_after_the_date(wheel):
    PlanFactory(year=2027, status=AdoptionStatus.DRAFT)
    assert state_of("ks-adopts-operational-plan", datetime.date(2026, 11, 25)) == State.MISSED


def test_r19_another_years_adopted_plan_does_not_count(wheel):
    PlanFactory(year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 18)))
    assert state_of("ks-adopts-operational-plan", datetime.date(2026, 11, 25)) == State.MISSED


def test_r10_ks_goals_are_done_when_all_of_next_years_goals_are_adopted(wheel):
    decision = ks_decision(datetime.date(2026, 5, 5))
    goal = AnnualGoalFactory(year=2027, status=AdoptionStatus.ADOPTED, decision=decision)
    AnnualGoalFactory(year=2027, status=AdoptionStatus.DRAFT)
    assert state_of("ks-adopts-annual-goals", datetime.date(2026, 6, 5)) == State.MISSED
    goal.__class__.objects.filter(year=2027).update(status=AdoptionStatus.ADOPTED, decision=decision)
    assert state_of("ks-adopts-annual-goals", datetime.date(2026, 6, 5)) == State.DONE


def test_r8_mandate_goals_adopted_in_january_after_the_election(wheel):
    period = MandatePeriodFactory(election_year=2026)
    assert state_of("kf-adopts-mandate-goals", datetime.date(2027, 2, 1), 2027) == State.MISSED
    period.status = AdoptionStatus.ADOPTED
    period.decision = kf_decision(datetime.date(2027, 1, 25))
    period.save()
    assert state_of("kf-adopts-mandate-goals", datetime.date(2027, 2, 1), 2027) == State.DONE


def test_r16_budget_is_done_when_next_years_budget_has_an_adopted_version(wheel):
    budget = BudgetFactory(year=2027)
    BudgetVersionFactory(budget=budget)
    assert state_of("kf-adopts-budget", datetime.date(2026, 6, 20)) == State.AT_RISK
    BudgetVersionFactory(
        budget=budget, status=AdoptionStatus.ADOPTED, decision=kf_decision(datetime.date(2026, 6, 15))
    )
    assert state_of("kf-adopts-budget", datetime.date(2026, 7, 20)) == State.DONE
    # The June adoption is not November's technical recalculation (R17).
    assert state_of("kf-technical-recalculation", datetime.date(2026, 12, 1)) == State.MISSED
    BudgetVersionFactory(
        budget=budget,
        kind=BudgetVersion.Kind.RECALCULATION,
        status=AdoptionStatus.ADOPTED,
        decision=kf_decision(datetime.date(2026, 11, 16)),
    )
    assert state_of("kf-technical-recalculation", datetime.date(2026, 12, 1)) == State.DONE


def test_r31_internal_control_plan_is_done_when_next_years_plan_is_adopted(wheel):
    InternalControlPlanFactory(year=2027)
    assert state_of("internal-control-plan", datetime.date(2027, 1, 10)) == State.MISSED
    InternalControlPlanFactory(year=2028, status="antagen", decision=ks_decision(datetime.date(2027, 12, 7)))
    assert state_of("internal-control-plan", datetime.date(2028, 1, 10), 2027) == State.DONE


def test_steps_tracking_nothing_are_upcoming_then_passed_never_missed(wheel):
    assert state_of("politikerdag-may", datetime.date(2026, 5, 31)) == State.UPCOMING
    assert state_of("politikerdag-may", datetime.date(2026, 6, 1)) == State.PASSED


def test_cut_off_dates_are_cut_off_not_deadlines(wheel):
    assert state_of("tertial-report-cut-off", datetime.date(2026, 4, 1)) == State.CUT_OFF
    assert state_of("tertial-report-cut-off", datetime.date(2026, 5, 1)) == State.CUT_OFF


def test_states_have_a_symbol_a_label_and_a_css_class():
    for state in State:
        assert state.symbol
        assert str(state.label)
        assert state.css.startswith("state-")
    assert len({state.symbol for state in State}) == len(State)


def test_states_take_a_constant_number_of_queries(wheel, django_assert_num_queries):
    for year in (2028, 2029, 2030, 2031):
        services.generate_wheel(year)
    today = datetime.date(2026, 11, 27)
    yearly = Deadline.objects.select_related("event").exclude(event__years="efter_valar")
    small = list(yearly.filter(year=2029))
    large = list(yearly)
    assert len(large) > 4 * len(small)
    # One query per tracked concern (plan, KS goals, budget, recalculation, control plan) and one for
    # the three reports, at any size.
    with django_assert_num_queries(6):
        services.deadline_states(small, today)
    with django_assert_num_queries(6):
        states = services.deadline_states(large, today)
    assert len(states) == len(large)


def test_states_load_the_steps_in_one_query_when_not_selected(wheel, django_assert_num_queries):
    deadlines = list(Deadline.objects.filter(event__concerns=""))
    with django_assert_num_queries(1):
        states = services.deadline_states(deadlines, datetime.date(2026, 11, 27))
    assert len(states) == len(deadlines)
