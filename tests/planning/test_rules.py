"""The operational plan's rules by number: R11 states, R12 kinds, R13 majority, R14 units' activities."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from goals.status import Status, assess_annual_goal, assess_by_activities
from organisation.models import Decision, OrgUnit
from planning import services
from planning.models import Activity, OperationalPlan, PlanStatus
from tests.factories import AnnualGoalFactory, OrgUnitFactory, body_named, decision_by

TODAY = datetime.date(2026, 11, 26)
JAN, JUN, DEC = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), datetime.date(2026, 12, 31)


@pytest.fixture
def ks(db):
    return body_named("KS")


@pytest.fixture
def unit(db):
    return OrgUnitFactory(kind=OrgUnit.Kind.UNIT)


@pytest.fixture
def goal(ks):
    return AnnualGoalFactory(year=2026, body=ks)


@pytest.fixture
def plan(planner, ks):
    return services.plan_create(
        body=ks, year=2026, mission="Uppdrag", model_summary="Styrmodell", actor=planner
    )


def add(plan, goal, unit, actor, *, end=JUN, **data):
    return services.activity_create(
        plan=plan,
        data={
            "title": "Aktivitet",
            "kind": "projekt",
            "annual_goal": goal,
            "responsible_unit": unit,
            "start": JAN,
            "planned_end": end,
            **data,
        },
        actor=actor,
    )


def finish(activity, actor, *, on, status=Activity.Status.DONE):
    return services.activity_follow_up(
        activity_id=activity.pk,
        expected_version=Activity.objects.get(pk=activity.pk).version,
        status=status,
        progress_comment="",
        completed_on=on if status == Activity.Status.DONE else None,
        actor=actor,
    )


def adopt(plan, actor, ks):
    return services.plan_adopt(plan=plan, decision=decision_by("KS", datetime.date(2025, 11, 4)), actor=actor)


@pytest.mark.django_db
class TestR11PlanStates:
    def test_r11_adoption_records_the_ks_decision(self, plan, goal, unit, planner, ks):
        add(plan, goal, unit, planner)
        adopt(plan, planner, ks)
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ADOPTED
        assert plan.decision.meeting.body == ks

    def test_r11_adoption_by_another_body_is_refused(self, plan, goal, unit, planner):
        add(plan, goal, unit, planner)
        with pytest.raises(ValidationError):
            services.plan_adopt(plan=plan, decision=decision_by("KF", JAN), actor=planner)
        assert OperationalPlan.objects.get().status == PlanStatus.DRAFT

    def test_r12_adoption_refuses_activities_serving_another_years_goal(self, plan, goal, unit, planner, ks):
        add(plan, goal, unit, planner)
        stray = add(plan, goal, unit, planner)
        Activity.objects.filter(pk=stray.pk).update(annual_goal=AnnualGoalFactory(year=2025, body=ks))
        with pytest.raises(ValidationError, match="1"):
            adopt(plan, planner, ks)
        assert OperationalPlan.objects.get().status == PlanStatus.DRAFT

    def test_r11_adoption_freezes_content_but_not_status(self, plan, goal, unit, planner, ks):
        activity = add(plan, goal, unit, planner)
        adopt(plan, planner, ks)
        with pytest.raises(ValidationError):
            add(plan, goal, unit, planner)
        with pytest.raises(ValidationError):
            services.activity_update(activity=activity, data={"planned_end": DEC}, actor=planner)
        with pytest.raises(ValidationError):
            services.plan_update(plan=plan, data={"mission": "Nytt"}, actor=planner)
        finish(activity, planner, on=JUN)
        activity.refresh_from_db()
        assert (activity.status, activity.completed_on, activity.planned_end) == ("klar", JUN, JUN)

    def test_r11_sent_back_plan_can_be_reworked(self, plan, goal, unit, planner, ks):
        add(plan, goal, unit, planner)
        decision = decision_by("KS", datetime.date(2025, 11, 4), outcome=Decision.Outcome.SENT_BACK)
        services.plan_send_back(plan=plan, decision=decision, actor=planner)
        assert OperationalPlan.objects.get().status == PlanStatus.SENT_BACK
        add(plan, goal, unit, planner, title="Omarbetad")

    def test_r11_rollover_carries_only_unfinished_activities_running_past_year_end(
        self, plan, goal, unit, planner, ks
    ):
        running = add(
            plan, goal, unit, planner, title="Löper över årsskiftet", end=datetime.date(2027, 3, 31)
        )
        add(plan, goal, unit, planner, title="Slutar i år", end=JUN)
        done = add(plan, goal, unit, planner, title="Klar i förtid", end=datetime.date(2027, 2, 1))
        adopt(plan, planner, ks)
        finish(done, planner, on=datetime.date(2026, 10, 1))
        new = services.plan_roll_over(plan=plan, actor=planner)
        assert (new.year, new.status, new.mission, new.rolled_over_from) == (
            2027,
            PlanStatus.DRAFT,
            "Uppdrag",
            plan,
        )
        carried = list(new.activities.all())
        assert [a.title for a in carried] == ["Löper över årsskiftet"]
        assert carried[0].carried_over_from == running
        with pytest.raises(ValidationError):
            services.plan_roll_over(plan=plan, actor=planner)


@pytest.mark.django_db
class TestR12Activities:
    def test_r12_the_four_kinds(self):
        assert set(Activity.Kind.values) == {"uppdrag", "projekt", "satsning", "initiering"}

    def test_r12_a_plan_activity_serves_a_ks_goal_of_the_plans_year(self, plan, unit, planner, ks):
        other_year = AnnualGoalFactory(year=2027, body=ks)
        with pytest.raises(ValidationError):
            add(plan, other_year, unit, planner)
        with pytest.raises(ValidationError):
            add(plan, None, unit, planner)

    def test_r12_late_is_derived_from_the_dates(self, plan, goal, unit, planner):
        not_started = add(plan, goal, unit, planner, end=JUN)
        assert not_started.is_late(TODAY) is True
        assert not_started.is_late(datetime.date(2026, 6, 30)) is False
        assert Activity.objects.late(TODAY).count() == 1

    def test_r12_done_late_is_late_and_not_as_planned(self, plan, goal, unit, planner):
        activity = finish(add(plan, goal, unit, planner, end=JUN), planner, on=datetime.date(2026, 7, 15))
        assert activity.is_late(TODAY) is True
        assert activity.carried_out_as_planned is False
        assert Activity.objects.as_planned().count() == 0

    def test_r12_done_on_time_is_as_planned(self, plan, goal, unit, planner):
        activity = finish(add(plan, goal, unit, planner, end=JUN), planner, on=JUN)
        assert activity.is_late(TODAY) is False
        assert activity.carried_out_as_planned is True

    def test_r12_done_needs_a_completion_date(self, plan, goal, unit, planner):
        activity = add(plan, goal, unit, planner)
        with pytest.raises(ValidationError):
            services.activity_follow_up(
                activity_id=activity.pk,
                expected_version=activity.version,
                status="klar",
                progress_comment="",
                completed_on=None,
                actor=planner,
            )


@pytest.mark.django_db
class TestR13Majority:
    def _goal_with(self, plan, goal, unit, planner, ks, *, on_time: int, late: int, open_: int = 0):
        for _ in range(on_time):
            finish(add(plan, goal, unit, planner, end=JUN), planner, on=JUN)
        for _ in range(late):
            finish(add(plan, goal, unit, planner, end=JUN), planner, on=datetime.date(2026, 8, 1))
        for _ in range(open_):
            add(plan, goal, unit, planner, end=DEC)
        if plan.status != PlanStatus.ADOPTED:
            adopt(plan, planner, ks)
        return assess_annual_goal(type(goal).objects.get(pk=goal.pk), "2260", today=TODAY)

    def test_r13_majority_is_achieved(self, plan, goal, unit, planner, ks):
        result = self._goal_with(plan, goal, unit, planner, ks, on_time=3, late=2)
        assert (result.status, result.met, result.total) == (Status.ACHIEVED, 3, 5)

    def test_r13_tie_is_not_achieved(self, plan, goal, unit, planner, ks):
        result = self._goal_with(plan, goal, unit, planner, ks, on_time=2, late=2)
        assert result.status == Status.NOT_ACHIEVED

    def test_r13_open_activities_leave_it_not_yet_measurable(self, plan, goal, unit, planner, ks):
        result = self._goal_with(plan, goal, unit, planner, ks, on_time=1, late=1, open_=2)
        assert result.status == Status.NOT_YET_MEASURABLE

    def test_r13_no_activities_is_not_measurable_during_the_year_and_not_achieved_after(self):
        assert assess_by_activities([], year=2026, today=TODAY).status == Status.NOT_YET_MEASURABLE
        after = assess_by_activities([], year=2026, today=datetime.date(2027, 1, 15))
        assert after.status == Status.NOT_ACHIEVED

    def test_r13_own_measure_overrides(self, plan, goal, unit, planner, ks):
        from tests.factories import GoalIndicatorFactory, IndicatorTargetFactory, IndicatorValueFactory

        goal.criterion, goal.criterion_count = "minst", 1
        goal.save()
        link = GoalIndicatorFactory(mandate_goal=None, annual_goal=goal)
        IndicatorTargetFactory(goal_indicator=link, year=2026, value=10)
        IndicatorValueFactory(indicator=link.indicator, year=2026, value=5)
        result = self._goal_with(plan, goal, unit, planner, ks, on_time=3, late=0)
        assert result.basis == "indicators"
        assert result.status == Status.NOT_ACHIEVED

    def test_r13_units_activities_do_not_count(self, plan, goal, unit, planner, ks):
        self._goal_with(plan, goal, unit, planner, ks, on_time=1, late=1)
        for _ in range(3):
            activity = services.unit_activity_create(
                plan=plan,
                data={
                    "title": "Enhetens",
                    "kind": "uppdrag",
                    "annual_goal": goal,
                    "responsible_unit": unit,
                    "start": JAN,
                    "planned_end": JUN,
                },
                actor=planner,
            )
            finish(activity, planner, on=JUN)
        result = assess_annual_goal(type(goal).objects.get(pk=goal.pk), "2260", today=TODAY)
        assert (result.met, result.total, result.status) == (1, 2, Status.NOT_ACHIEVED)


@pytest.mark.django_db
class TestR14UnitsActivities:
    def test_r14_units_add_activities_only_after_adoption(self, plan, goal, unit, administrator):
        administrator.units.add(unit)
        data = {
            "title": "Egen",
            "kind": "uppdrag",
            "annual_goal": goal,
            "responsible_unit": unit,
            "start": JAN,
            "planned_end": JUN,
        }
        with pytest.raises(ValidationError):
            services.unit_activity_create(plan=plan, data=data, actor=administrator)

    def test_r14_unit_activity_toward_a_geh_goal(self, plan, goal, unit, planner, administrator, ks):
        add(plan, goal, unit, planner)
        adopt(plan, planner, ks)
        administrator.units.add(unit)
        activity = services.unit_activity_create(
            plan=plan,
            data={
                "title": "Minska matsvinnet",
                "kind": "satsning",
                "annual_goal": None,
                "geh_code": "GEH-2",
                "responsible_unit": unit,
                "start": JAN,
                "planned_end": JUN,
            },
            actor=administrator,
        )
        assert (activity.is_plan_activity, activity.geh_code) == (False, "GEH-2")
        assert activity.history.get().history_user == administrator

    def test_r14_administrator_cannot_add_for_another_unit(
        self, plan, goal, unit, planner, administrator, ks
    ):
        add(plan, goal, unit, planner)
        adopt(plan, planner, ks)
        administrator.units.add(OrgUnitFactory())
        with pytest.raises(ValidationError):
            services.unit_activity_create(
                plan=plan,
                data={
                    "title": "Fel enhet",
                    "kind": "uppdrag",
                    "annual_goal": goal,
                    "responsible_unit": unit,
                    "start": JAN,
                    "planned_end": JUN,
                },
                actor=administrator,
            )
        assert not Activity.objects.filter(is_plan_activity=False).exists()
