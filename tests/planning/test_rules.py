"""The operational plan's rules by number: R11 states, R12 kinds, R13 majority, R14 units' activities."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from budget.models import GehGoal
from goals.models import AnnualGoal
from goals.status import Status, assess_annual_goal, assess_by_activities
from organisation.lifecycle import AdoptionStatus
from organisation.models import Decision, OrgUnit
from planning import services
from planning.models import Activity, OperationalPlan
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    OrgUnitFactory,
    PlanFactory,
    adopted_budget,
    body_named,
    decision_by,
)

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
    return AnnualGoalFactory(year=2026, body=ks, adopted=True)


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
        assert plan.status == AdoptionStatus.ADOPTED
        assert plan.decision.meeting.body == ks

    def test_r11_adoption_by_another_body_is_refused(self, plan, goal, unit, planner):
        add(plan, goal, unit, planner)
        with pytest.raises(ValidationError):
            services.plan_adopt(plan=plan, decision=decision_by("KF", JAN), actor=planner)
        assert OperationalPlan.objects.get().status == AdoptionStatus.DRAFT

    def test_r12_adoption_refuses_activities_serving_another_years_goal(self, plan, goal, unit, planner, ks):
        add(plan, goal, unit, planner)
        stray = add(plan, goal, unit, planner)
        Activity.objects.filter(pk=stray.pk).update(annual_goal=AnnualGoalFactory(year=2025, body=ks))
        with pytest.raises(ValidationError, match="1"):
            adopt(plan, planner, ks)
        assert OperationalPlan.objects.get().status == AdoptionStatus.DRAFT

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
        assert OperationalPlan.objects.get().status == AdoptionStatus.SENT_BACK
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
            AdoptionStatus.DRAFT,
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
        if plan.status != AdoptionStatus.ADOPTED:
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
        GehGoal.objects.create(version=adopted_budget(2026), code="GEH-2", title="Minskat matsvinn")
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


# R10 before R11: KS adopts its goals in May, the plan drawn up from them in November.


@pytest.mark.django_db
class TestR11AdoptionOrder:
    @pytest.mark.parametrize("status", [AdoptionStatus.DRAFT, AdoptionStatus.PROPOSAL])
    def test_r11_plan_is_not_adopted_before_its_goals(self, plan, goal, unit, planner, ks, status):
        add(plan, goal, unit, planner)
        open_goal = AnnualGoalFactory(year=2026, body=ks, status=status, title="Fler företag")
        add(plan, open_goal, unit, planner)
        with pytest.raises(ValidationError, match="Fler företag"):
            adopt(plan, planner, ks)
        assert OperationalPlan.objects.get(pk=plan.pk).status == AdoptionStatus.DRAFT

    def test_r11_another_bodys_or_years_open_goals_do_not_block(self, plan, goal, unit, planner, ks):
        add(plan, goal, unit, planner)
        AnnualGoalFactory(year=2027, body=ks)
        AnnualGoalFactory(year=2026, body=body_named("KF"))
        assert adopt(plan, planner, ks).status == AdoptionStatus.ADOPTED

    def test_r11_plan_without_adopted_goals_is_refused(self, plan, planner, ks):
        with pytest.raises(ValidationError) as excinfo:
            adopt(plan, planner, ks)
        refusal = gettext(
            "%(body)s has no adopted goals for %(year)s: the plan is drawn up from them, so they come first."
        )
        assert excinfo.value.messages == [refusal % {"body": "KS", "year": 2026}]

    def test_r11_the_goals_of_an_adopted_plan_are_frozen(self, plan, goal, unit, planner, ks):
        from goals import services as goal_services

        add(plan, goal, unit, planner)
        adopt(plan, planner, ks)
        with pytest.raises(ValidationError):
            goal_services.annual_goal_save(
                year=2026,
                body=ks,
                data={"title": "Ändrad"},
                mandate_goals=[],
                departments=[],
                goal=goal,
                expected_version=goal.version,
                actor=planner,
            )
        with pytest.raises(ValidationError):
            goal_services.annual_goal_save(
                year=2026,
                body=ks,
                data={"title": "Nytt mål efter planen"},
                mandate_goals=[],
                departments=[],
                actor=planner,
            )
        assert AnnualGoal.objects.filter(year=2026, body=ks).count() == 1

    def test_r11_a_goal_without_activity_is_warned_about_not_blocked(
        self, client, plan, goal, unit, planner, ks
    ):
        add(plan, goal, unit, planner)
        lonely = AnnualGoalFactory(year=2026, body=ks, adopted=True, title="Mål utan aktivitet")
        client.force_login(planner)
        page = client.get(plan.get_absolute_url())
        assert [g.pk for g in page.context["goals_without_activities"]] == [lonely.pk]
        assert "Mål utan aktivitet" in page.content.decode()
        assert adopt(plan, planner, ks).status == AdoptionStatus.ADOPTED

    def test_r11_open_goals_are_named_on_the_plan_page_before_adoption(
        self, client, plan, goal, unit, planner, ks
    ):
        add(plan, goal, unit, planner)
        AnnualGoalFactory(year=2026, body=ks, title="Ännu ett utkast")
        client.force_login(planner)
        page = client.get(plan.get_absolute_url())
        assert [g.title for g in page.context["unadopted_goals"]] == ["Ännu ett utkast"]


# R13: only the adopted plan's own activities decide a KS goal without its own measure, everywhere.


@pytest.mark.django_db
class TestR13OnlyTheAdoptedPlanCounts:
    def _three_done_on_time(self, plan, goal, unit, planner):
        for _ in range(3):
            finish(add(plan, goal, unit, planner, end=JUN), planner, on=JUN)

    @pytest.mark.parametrize("today", [TODAY, datetime.date(2027, 2, 1)])
    def test_r13_a_draft_plans_activities_do_not_count(self, plan, goal, unit, planner, today):
        self._three_done_on_time(plan, goal, unit, planner)
        fetched = AnnualGoal.objects.get(pk=goal.pk)  # the path that queries for itself
        loaded = AnnualGoal.objects.with_plan_activities().get(pk=goal.pk)  # the pages' path
        for candidate in (fetched, loaded):
            result = assess_annual_goal(candidate, "2260", today=today)
            assert (result.status, result.basis) == (Status.NOT_YET_MEASURABLE, "no_plan")

    def test_r13_the_plan_page_does_not_count_a_draft(self, client, plan, goal, unit, planner, ks):
        self._three_done_on_time(plan, goal, unit, planner)
        client.force_login(planner)
        draft = client.get(plan.get_absolute_url()).context["sections"][0]["assessment"]
        assert draft.status == Status.NOT_YET_MEASURABLE
        adopt(plan, planner, ks)
        adopted = client.get(plan.get_absolute_url()).context["sections"][0]["assessment"]
        assert (adopted.status, adopted.met, adopted.total) == (Status.ACHIEVED, 3, 3)

    def test_r13_a_later_draft_plans_activities_for_the_goal_do_not_count(
        self, plan, goal, unit, planner, ks
    ):
        finish(add(plan, goal, unit, planner, end=JUN), planner, on=JUN)
        finish(add(plan, goal, unit, planner, end=JUN), planner, on=datetime.date(2026, 8, 1))
        adopt(plan, planner, ks)
        # Next year's draft still pointing at this year's goal (as a roll-over leaves it) does not count.
        draft_2027 = PlanFactory(body=ks, year=2027)
        for _ in range(2):
            ActivityFactory(
                plan=draft_2027,
                annual_goal=goal,
                status=Activity.Status.DONE,
                start=JAN,
                planned_end=JUN,
                completed_on=JUN,
            )
        fetched = AnnualGoal.objects.get(pk=goal.pk)
        loaded = AnnualGoal.objects.with_plan_activities().get(pk=goal.pk)
        for candidate in (fetched, loaded):
            result = assess_annual_goal(candidate, "2260", today=TODAY)
            assert (result.status, result.met, result.total) == (Status.NOT_ACHIEVED, 1, 2)


def _activity(status: str, planned_end: datetime.date, completed_on: datetime.date | None = None) -> Activity:
    return Activity(status=status, planned_end=planned_end, completed_on=completed_on)


class TestR13StillPossible:
    """Until the year is over a goal is decided only once the majority is reached or out of reach."""

    def test_r13_cancelled_activities_cannot_still_be_carried_out(self):
        activities = [_activity("klar", JUN, JUN), _activity("avbruten", DEC), _activity("avbruten", DEC)]
        assert assess_by_activities(activities, year=2026, today=TODAY).status == Status.NOT_ACHIEVED

    def test_r13_open_activities_past_their_end_cannot_be_carried_out_as_planned(self):
        past = datetime.date(2026, 11, 25)
        activities = [_activity("klar", JUN, JUN), _activity("pagar", past), _activity("ej_paborjad", past)]
        assert assess_by_activities(activities, year=2026, today=TODAY).status == Status.NOT_ACHIEVED

    def test_r13_an_activity_ending_today_can_still_be_carried_out(self):
        activities = [_activity("klar", JUN, JUN), _activity("pagar", TODAY), _activity("pagar", TODAY)]
        assert assess_by_activities(activities, year=2026, today=TODAY).status == Status.NOT_YET_MEASURABLE

    def test_r13_the_goal_is_decided_after_31_december_not_on_it(self):
        activities = [_activity("klar", JUN, JUN), _activity("pagar", DEC), _activity("pagar", DEC)]
        on_new_years_eve = assess_by_activities(activities, year=2026, today=DEC)
        after = assess_by_activities(activities, year=2026, today=datetime.date(2027, 1, 1))
        assert (on_new_years_eve.status, after.status) == (Status.NOT_YET_MEASURABLE, Status.NOT_ACHIEVED)

    def test_r13_no_adopted_plan_is_not_measurable_even_after_the_year(self):
        result = assess_by_activities(None, year=2026, today=datetime.date(2027, 6, 1))
        assert (result.status, result.basis) == (Status.NOT_YET_MEASURABLE, "no_plan")


@pytest.mark.django_db
def test_r13_a_kf_goal_without_any_version_is_not_judged(planner):
    """A goal with no decided version has no criterion: it is never judged as if all indicators counted."""
    from goals.status import assess_mandate_goal
    from tests.factories import (
        GoalIndicatorFactory,
        IndicatorTargetFactory,
        IndicatorValueFactory,
        MandateGoalFactory,
    )

    goal = MandateGoalFactory(version=None)
    for _ in range(2):
        link = GoalIndicatorFactory(mandate_goal=goal)
        IndicatorTargetFactory(goal_indicator=link, year=2026, value=10)
        IndicatorValueFactory(indicator=link.indicator, municipality="2260", year=2026, value=20)
    loaded = (
        type(goal)
        .objects.prefetch_related(
            "versions", "goal_indicators__targets", "goal_indicators__indicator__values"
        )
        .get(pk=goal.pk)
    )
    assert not loaded.versions.all()
    result = assess_mandate_goal(loaded, 2026, "2260")
    assert (result.status, result.met, result.total) == (Status.NOT_YET_MEASURABLE, 2, 2)
