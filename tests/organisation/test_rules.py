"""Decision months (R8, R16, R17, R19, R21): a decision in another month is valid, and warned about.

Municipalities move meetings: the product never refuses a decision for its month, but says so, quoting
the governance model, on the page of what was decided and in the planner's health list (/mal/<year>/).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from organisation.decision_timing import (
    ANNUAL_GOALS,
    BUDGET,
    MANDATE_GOAL_REVISION,
    MANDATE_GOALS,
    PLAN,
    RECALCULATION,
    month_warning,
)
from organisation.lifecycle import AdoptionStatus
from planning import services
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    BudgetFactory,
    BudgetVersionFactory,
    PlanFactory,
    body_named,
    decision_by,
)

D = datetime.date


@pytest.mark.django_db
class TestMonthWarning:
    @pytest.mark.parametrize(
        ("expectation", "year", "body", "day"),
        [
            (MANDATE_GOALS, 2022, "KF", D(2023, 1, 30)),
            (MANDATE_GOAL_REVISION, 2024, "KF", D(2023, 6, 19)),
            (ANNUAL_GOALS, 2026, "KS", D(2025, 5, 20)),
            (BUDGET, 2026, "KF", D(2025, 6, 16)),
            (RECALCULATION, 2026, "KF", D(2025, 11, 24)),
            (PLAN, 2026, "KS", D(2025, 11, 4)),
        ],
    )
    def test_r19_a_decision_in_its_month_is_not_warned_about(self, expectation, year, body, day):
        assert month_warning(expectation, year, decision_by(body, day)) is None

    @pytest.mark.parametrize(
        ("expectation", "year", "body", "day", "quoted"),
        [
            (MANDATE_GOALS, 2022, "KF", D(2023, 2, 27), "antas i januari året efter valåret"),
            (MANDATE_GOALS, 2022, "KF", D(2024, 1, 29), "antas i januari året efter valåret"),
            (MANDATE_GOAL_REVISION, 2024, "KF", D(2023, 9, 25), "antar budget i juni"),
            (ANNUAL_GOALS, 2026, "KS", D(2025, 4, 22), "I maj ska kommunstyrelsen besluta om mål"),
            (BUDGET, 2026, "KF", D(2025, 5, 26), "beslutas av kommunfullmäktige i juni"),
            (RECALCULATION, 2026, "KF", D(2025, 12, 15), "I november gör kommunfullmäktige"),
            (PLAN, 2026, "KS", D(2025, 12, 9), "I november beslutar kommunstyrelsen om verksamhetsplan"),
        ],
    )
    def test_r19_a_decision_in_another_month_is_warned_about_with_the_models_words(
        self, expectation, year, body, day, quoted
    ):
        warning = month_warning(expectation, year, decision_by(body, day))
        assert quoted in warning
        assert str(day.year) in warning

    def test_no_decision_no_warning(self):
        assert month_warning(PLAN, 2026, None) is None


@pytest.mark.django_db
class TestWarnedNotRefused:
    def test_r19_a_plan_adopted_in_december_is_adopted_and_warned_about(self, client, planner):
        ks = body_named("KS")
        goal = AnnualGoalFactory(year=2026, body=ks, adopted=True)
        plan = PlanFactory(body=ks, year=2026)
        ActivityFactory(plan=plan, annual_goal=goal)
        services.plan_adopt(plan=plan, decision=decision_by("KS", D(2025, 12, 9)), actor=planner)
        assert plan.status == AdoptionStatus.ADOPTED
        client.force_login(planner)
        page = client.get(plan.get_absolute_url()).content.decode()
        assert "I november beslutar kommunstyrelsen om verksamhetsplan" in page
        health = client.get(reverse("goals:year", args=[2026])).context["warnings"]
        assert any("I november beslutar kommunstyrelsen om verksamhetsplan" in w for w in health)

    def test_r19_ks_goals_decided_in_april_are_adopted_and_warned_about(self, client, planner):
        goal = AnnualGoalFactory(
            year=2026,
            body=body_named("KS"),
            status=AdoptionStatus.ADOPTED,
            decision=decision_by("KS", D(2025, 4, 22)),
        )
        client.force_login(planner)
        page = client.get(reverse("goals:annual_goal", args=[goal.pk])).content.decode()
        assert "I maj ska kommunstyrelsen besluta om mål" in page
        health = client.get(reverse("goals:year", args=[2026])).context["warnings"]
        assert any("I maj ska kommunstyrelsen besluta om mål" in w for w in health)

    def test_r16_r17_budget_decisions_outside_june_and_november_are_in_the_health_list(self, client, planner):
        budget = BudgetFactory(year=2026)
        BudgetVersionFactory(
            budget=budget, status=AdoptionStatus.ADOPTED, decision=decision_by("KF", D(2025, 5, 26))
        )
        BudgetVersionFactory(
            budget=budget,
            kind="omrakning",
            status=AdoptionStatus.ADOPTED,
            decision=decision_by("KF", D(2025, 12, 15)),
        )
        client.force_login(planner)
        health = " ".join(client.get(reverse("goals:year", args=[2026])).context["warnings"])
        assert "beslutas av kommunfullmäktige i juni" in health
        assert "I november gör kommunfullmäktige en teknisk omräkning" in health

    def test_r19_decisions_in_their_months_leave_the_health_list_quiet(self, client, planner):
        ks = body_named("KS")
        goal = AnnualGoalFactory(year=2026, body=ks, adopted=True)  # May 2025
        plan = PlanFactory(body=ks, year=2026)
        ActivityFactory(plan=plan, annual_goal=goal)
        services.plan_adopt(plan=plan, decision=decision_by("KS", D(2025, 11, 4)), actor=planner)
        BudgetVersionFactory(
            budget=BudgetFactory(year=2026),
            status=AdoptionStatus.ADOPTED,
            decision=decision_by("KF", D(2025, 6, 16)),
        )
        client.force_login(planner)
        health = client.get(reverse("goals:year", args=[2026])).context["warnings"]
        month_warning = gettext(
            "%(what)s was decided in %(taken)s; the governance model expects %(expected)s: “%(quote)s” "
            "A decision in another month is valid: check that it is the right meeting."
        )
        closing = month_warning.rsplit("”", 1)[-1].strip()  # the sentence every month warning ends with
        assert not [w for w in health if closing in w]

    def test_r19_the_health_list_is_the_planners(self, client, politician):
        AnnualGoalFactory(
            year=2026,
            body=body_named("KS"),
            status=AdoptionStatus.ADOPTED,
            decision=decision_by("KS", D(2025, 4, 22)),
        )
        client.force_login(politician)
        assert client.get(reverse("goals:year", args=[2026])).context["warnings"] == []


@pytest.mark.django_db
def test_r11_a_ks_goal_without_plan_activity_is_in_the_health_list(client, planner):
    ks = body_named("KS")
    served = AnnualGoalFactory(year=2026, body=ks, adopted=True, title="Med aktivitet")
    AnnualGoalFactory(year=2026, body=ks, adopted=True, title="Utan aktivitet")
    ActivityFactory(plan=PlanFactory(body=ks, year=2026), annual_goal=served)
    client.force_login(planner)
    health = client.get(reverse("goals:year", args=[2026])).context["warnings"]
    expected = gettext("The KS goal “%(goal)s” has no activity in the operational plan for %(year)s.")
    assert expected % {"goal": "Utan aktivitet", "year": 2026} in health
    assert expected % {"goal": "Med aktivitet", "year": 2026} not in health


@pytest.mark.django_db
class TestWarnedOnTheirPages:
    def test_r8_kf_goals_adopted_in_february_are_adopted_and_warned_about_on_the_period_page(
        self, client, planner
    ):
        from goals import services as goal_services
        from tests.goals.test_rules import draft_period

        period, goals = draft_period(3, indicators=1)
        goal_services.mandate_period_adopt(
            period=period, decision=decision_by("KF", D(2023, 2, 27)), actor=planner
        )
        client.force_login(planner)
        quote = "antas i januari året efter valåret"
        assert quote in client.get(reverse("goals:period", args=[2022])).content.decode()
        assert quote in client.get(reverse("goals:mandate_goal", args=[goals[0].pk])).content.decode()
        assert any(quote in w for w in client.get(reverse("goals:year", args=[2024])).context["warnings"])

    def test_r21_a_revision_decided_in_september_is_warned_about_on_the_goal_page(self, client, planner):
        from goals import services as goal_services
        from tests.goals.test_rules import adopted_period

        _, goals, _ = adopted_period(planner)
        goal_services.mandate_goal_revise(
            goal=goals[0],
            data={"title": "Skärpt mål"},
            focus_areas=None,
            decision=decision_by("KF", D(2024, 9, 23)),
            actor=planner,
        )
        client.force_login(planner)
        page = client.get(reverse("goals:mandate_goal", args=[goals[0].pk]) + "?ar=2025").content.decode()
        assert "antar budget i juni" in page
        health = client.get(reverse("goals:year", args=[2025])).context["warnings"]
        assert any("antar budget i juni" in w for w in health)

    def test_r16_a_budget_adopted_in_may_is_warned_about_on_the_budget_page(self, client, finance):
        BudgetVersionFactory(
            budget=BudgetFactory(year=2026),
            status=AdoptionStatus.ADOPTED,
            decision=decision_by("KF", D(2025, 5, 26)),
        )
        client.force_login(finance)
        page = client.get(reverse("budget:detail", args=[2026])).content.decode()
        assert "beslutas av kommunfullmäktige i juni" in page
