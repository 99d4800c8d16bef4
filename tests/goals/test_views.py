"""The goal pages: who sees and writes what, constant queries, and Swedish errors on the forms."""

import datetime
import html
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from goals.models import AnnualGoal, MandateGoalVersion, MandatePeriod, Vision
from organisation.lifecycle import AdoptionStatus
from organisation.models import Assignment, OrgUnit, Role
from planning.models import Activity
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    AssignmentFactory,
    FocusAreaFactory,
    GoalIndicatorFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
    VisionFactory,
    body_named,
    kf_decision,
    ks_decision,
)

ADOPTED = AdoptionStatus.ADOPTED
DONE = Activity.Status.DONE


@pytest.fixture
def municipality(db):
    return OrgUnitFactory(
        name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, cost_centre="", kolada_code="2260"
    )


def make_chain(*, goals: int, indicators: int, annual: int, years=range(2019, 2026)):
    """An adopted 2022 period with KF goals, indicators with values and targets, and KS goals for 2025."""
    period = MandatePeriodFactory(election_year=2022, status=ADOPTED, decision=kf_decision())
    made = []
    for _ in range(goals):
        goal = MandateGoalFactory(period=period, version__valid_from=2024, version__criterion="flertalet")
        for _ in range(indicators):
            link = GoalIndicatorFactory(mandate_goal=goal)
            for year in years:
                IndicatorValueFactory(indicator=link.indicator, year=year, value=Decimal(40 + year % 7))
                IndicatorValueFactory(
                    indicator=link.indicator, year=year, municipality="0000", value=Decimal(45)
                )
            for year in range(2024, 2028):
                IndicatorTargetFactory(goal_indicator=link, year=year, value=Decimal(43))
        department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        for _ in range(annual):
            AnnualGoalFactory(
                year=2025,
                status=ADOPTED,
                decision=ks_decision(),
                mandate_goals=[goal],
                departments=[department],
            )
        made.append(goal)
    return made


@pytest.mark.django_db
class TestYearTree:
    def test_queries_do_not_grow_with_goals_indicators_and_values(
        self, client, politician, municipality, django_assert_num_queries
    ):
        make_chain(goals=1, indicators=1, annual=1, years=range(2024, 2026))
        client.force_login(politician)
        url = reverse("goals:year", args=[2025])
        # session, user, municipality code, period (with its decision), KF goals, versions (with decisions),
        # version focus areas, goal indicators with indicators, targets, values, KS goals,
        # (with the plan's activities for them counted), their departments, their KF goals, their goal
        # indicators, targets, values, the vision in force, its focus areas, the user's roles,
        # municipality name (header)
        with django_assert_num_queries(18):
            assert client.get(url).status_code == 200
        make_chain(goals=3, indicators=6, annual=4)
        with django_assert_num_queries(18):
            client.get(url)

    def test_shows_status_with_symbol_and_word(self, client, politician, municipality):
        make_chain(goals=1, indicators=2, annual=1)
        client.force_login(politician)
        html = client.get(reverse("goals:year", args=[2025])).content.decode()
        assert 'class="status status--' in html
        assert 'aria-hidden="true">✓</span>' in html or 'aria-hidden="true">✗</span>' in html

    def test_details_open_without_javascript_and_as_htmx_partial(self, client, politician, municipality):
        (goal,) = make_chain(goals=1, indicators=1, annual=0)
        client.force_login(politician)
        url = reverse("goals:year", args=[2025])
        page = client.get(url, {"visa": goal.pk}).content.decode()
        assert 'aria-expanded="true"' in page
        partial = client.get(url, {"kort": goal.pk, "visa": goal.pk}, headers={"HX-Request": "true"})
        html = partial.content.decode().strip()
        assert html.startswith(f'<li class="chain__goal" id="mal-{goal.pk}"')
        assert "<html" not in html

    def test_year_switcher_redirects(self, client, politician):
        client.force_login(politician)
        response = client.get(reverse("goals:index"), {"ar": "2031"})
        assert response.url == reverse("goals:year", args=[2031])

    def test_drafts_are_hidden_from_politicians_but_shown_to_planners(
        self, client, politician, planner, municipality
    ):
        MandateGoalFactory(period=MandatePeriodFactory(election_year=2026), version__title="Hemligt utkast")
        url = reverse("goals:year", args=[2028])
        client.force_login(politician)
        assert "Hemligt utkast" not in client.get(url).content.decode()
        client.force_login(planner)
        assert "Hemligt utkast" in client.get(url).content.decode()

    def test_planner_sees_health_warnings(self, client, planner, municipality):
        (goal,) = make_chain(goals=1, indicators=2, annual=0)
        AnnualGoalFactory(year=2025, status=ADOPTED, decision=ks_decision())
        client.force_login(planner)
        html = client.get(reverse("goals:year", args=[2025])).content.decode()
        assert "5 to 10 are recommended" in html or "5–10" in html or "rekommenderas" in html
        # The KS goal serves no KF goal of the year: the warning cites the document's section, not R10.
        assert "4.3.2" in html
        assert "R10" not in html


@pytest.mark.django_db
class TestGoalPages:
    def test_kf_goal_page_queries_are_constant(
        self, client, politician, municipality, django_assert_num_queries
    ):
        (small,) = make_chain(goals=1, indicators=1, annual=1, years=range(2024, 2026))
        client.force_login(politician)
        client.get(small.get_absolute_url())
        # session, user, goal with period and decision, versions, version focus areas, goal
        # indicators with indicators, targets, values, KS goals, municipality code, history records,
        # their focus-area rows, roles, municipality name
        with django_assert_num_queries(14):
            client.get(small.get_absolute_url())
        big = make_chain(goals=1, indicators=8, annual=3)[0]
        with django_assert_num_queries(14):
            response = client.get(big.get_absolute_url())
        assert response.content.decode().count('role="img"') == 8

    def test_ks_goal_page_queries_are_constant(
        self, client, politician, municipality, django_assert_num_queries
    ):
        (kf,) = make_chain(goals=1, indicators=1, annual=1)
        goal = AnnualGoal.objects.get()
        IndicatorValueFactory(
            indicator=GoalIndicatorFactory(mandate_goal=None, annual_goal=goal).indicator, year=2025
        )
        client.force_login(politician)
        # session, user, roles, goal with body and decision, KF goals, their versions, version focus
        # areas, departments, the plan's activities (with their units), goal indicators, targets,
        # values, municipality code, the units' own activities, municipality name,
        # history records, their KF-goal rows, their department rows, and the KF goals (with their
        # versions) that the history names
        with django_assert_num_queries(21):
            client.get(goal.get_absolute_url())
        for _ in range(4):
            link = GoalIndicatorFactory(mandate_goal=None, annual_goal=goal)
            IndicatorValueFactory(indicator=link.indicator, year=2025)
        goal.mandate_goals.add(*make_chain(goals=2, indicators=1, annual=0))
        with django_assert_num_queries(21):
            response = client.get(goal.get_absolute_url())
        assert response.status_code == 200

    def test_draft_goal_page_is_not_found_for_politicians(self, client, politician, planner):
        goal = MandateGoalFactory(period=MandatePeriodFactory(election_year=2026))
        client.force_login(politician)
        assert client.get(goal.get_absolute_url()).status_code == 404
        client.force_login(planner)
        assert client.get(goal.get_absolute_url()).status_code == 200


@pytest.mark.django_db
class TestPlannerOnly:
    WRITE_URLS = [
        ("goals:period", [2026], {"title": "X", "criterion": "alla"}),
        ("goals:vision", [], {"text": "En vision"}),
        ("goals:indicators", [], {"source": "intern", "title": "Eget"}),
        ("goals:annual_goal_create", [2025], {"title": "X"}),
        ("goals:annual_goals_adopt", [2025], {"paragraph": 1}),
    ]

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN])
    def test_other_roles_cannot_write(self, client, users_by_role, role):
        client.force_login(users_by_role[role])
        for name, args, data in self.WRITE_URLS:
            response = client.post(reverse(name, args=args), data)
            assert response.status_code == 403, (role, name)
        assert not MandatePeriod.objects.exists()
        assert not MandateGoalVersion.objects.exists()

    def test_politician_cannot_edit_or_revise_by_guessing_urls(self, client, politician):
        goal = MandateGoalFactory(period=MandatePeriodFactory(election_year=2026))
        client.force_login(politician)
        for name in ("goals:mandate_goal_edit", "goals:mandate_goal_revise"):
            assert client.get(reverse(name, args=[goal.pk])).status_code == 403
        assert client.post(reverse("goals:goal_indicator_add", args=["kf", goal.pk]), {}).status_code == 403

    def test_planner_drafts_a_goal_through_the_form(self, client, planner):
        client.force_login(planner)
        response = client.post(
            reverse("goals:period", args=[2026]), {"title": "Alla barn lyckas", "criterion": "flertalet"}
        )
        assert response.status_code == 302
        version = MandateGoalVersion.objects.get()
        assert version.title == "Alla barn lyckas"
        assert version.history.get().history_user == planner

    def test_bad_input_gives_swedish_errors_and_saves_nothing(self, client, planner):
        client.force_login(planner)
        response = client.post(reverse("goals:period", args=[2026]), {"title": "", "criterion": "minst"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Detta fält måste fyllas i." in html
        assert "Ange hur många nyckeltal som måste nå sitt målvärde." in html
        assert not MandateGoalVersion.objects.exists()

    def test_adoption_refused_outside_three_to_five_shows_why_and_changes_nothing(self, client, planner):
        period = MandatePeriodFactory(election_year=2026)
        MandateGoalFactory.create_batch(2, period=period)
        meeting = kf_decision(datetime.date(2027, 1, 25)).meeting
        client.force_login(planner)
        response = client.post(
            reverse("goals:period_adopt", args=[2026]),
            {"meeting": meeting.pk, "paragraph": 9, "case_number": "KS 26/500"},
        )
        assert "3 till 5" in response.content.decode()
        period.refresh_from_db()
        assert period.status == AdoptionStatus.DRAFT
        assert not meeting.decisions.filter(paragraph=9).exists()

    def test_planner_adopts_with_a_decision(self, client, planner):
        period = MandatePeriodFactory(election_year=2026)
        for goal in MandateGoalFactory.create_batch(3, period=period):
            GoalIndicatorFactory(mandate_goal=goal)  # a criterion counts indicators: one at least
        meeting = kf_decision(datetime.date(2027, 1, 25)).meeting
        client.force_login(planner)
        response = client.post(
            reverse("goals:period_adopt", args=[2026]),
            {"meeting": meeting.pk, "paragraph": 9, "case_number": "KS 26/500"},
        )
        assert response.status_code == 302
        period.refresh_from_db()
        assert period.status == ADOPTED
        assert period.decision.case_number == "KS 26/500"
        assert set(MandateGoalVersion.objects.values_list("valid_from", flat=True)) == {2028}

    def test_planner_records_a_revision_in_june_of_the_adoption_year(self, client, planner):
        adoption = kf_decision(datetime.date(2023, 1, 30))
        period = MandatePeriodFactory(election_year=2022, status=ADOPTED, decision=adoption)
        goal = MandateGoalFactory(
            period=period, version__title="Antagen", version__valid_from=2024, version__decision=adoption
        )
        GoalIndicatorFactory(mandate_goal=goal)
        june = kf_decision(datetime.date(2023, 6, 19)).meeting
        client.force_login(planner)
        response = client.post(
            reverse("goals:mandate_goal_revise", args=[goal.pk]),
            {
                "title": "Reviderad",
                "criterion": "alla",
                "meeting": june.pk,
                "paragraph": 58,
                "case_number": "KS 23/97",
            },
        )
        assert response.status_code == 302
        revision = MandateGoalVersion.objects.get(title="Reviderad")
        assert (revision.valid_from, revision.valid_until) == (2024, None)
        assert (revision.decision.meeting, revision.decision.case_number) == (june, "KS 23/97")
        assert MandateGoalVersion.objects.get(title="Antagen").decision == adoption


def _adopted_ks_plan(year: int = 2026, status=None):

    status = status or AdoptionStatus.ADOPTED
    decision = ks_decision(datetime.date(year - 1, 11, 24)) if status == AdoptionStatus.ADOPTED else None
    return PlanFactory(year=year, status=status, decision=decision)


def _section(page: str, start: str, end: str | None = None) -> str:
    """The part of a page from one heading's text to the next's."""
    rest = page.split(start, 1)[1]
    return rest.split(end, 1)[0] if end else rest


@pytest.mark.django_db
class TestKsGoalActivities:
    """Issue 11: the röd tråd goes on from a KS goal to the activities its R13 count is made of."""

    @pytest.fixture(autouse=True)
    def _late_november_2026(self):
        with time_machine.travel(datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC), tick=False):
            yield

    def test_ks_goal_page_lists_exactly_the_activities_r13_counts_and_units_ones_apart(
        self, client, politician
    ):
        plan = _adopted_ks_plan()
        goal = AnnualGoalFactory(year=2026, adopted=True)
        unit = OrgUnitFactory(name="Kultur och fritid")
        as_planned = ActivityFactory(
            plan=plan, annual_goal=goal, title="I tid", status=DONE, completed_on=datetime.date(2026, 9, 1)
        )
        done_late = ActivityFactory(
            plan=plan,
            annual_goal=goal,
            title="För sent",
            status=DONE,
            completed_on=datetime.date(2026, 11, 2),
        )
        not_yet = ActivityFactory(
            plan=plan, annual_goal=goal, title="Pågår", planned_end=datetime.date(2026, 12, 15)
        )
        own = ActivityFactory(
            plan=plan, annual_goal=goal, is_plan_activity=False, title="Enhetens egen", responsible_unit=unit
        )
        ActivityFactory(plan=plan, title="Annat mål")
        client.force_login(politician)
        response = client.get(goal.get_absolute_url())
        counted = response.context["counted_activities"]
        assert {row["pk"] for row in counted} == {as_planned.pk, done_late.pk, not_yet.pk}
        assert response.context["assessment"].total == len(counted) == 3
        assert [row["pk"] for row in response.context["unit_activities"]] == [own.pk]
        page = html.unescape(response.content.decode())
        assert 'id="aktiviteter"' in page
        plan_heading = "<h3>" + gettext("The operational plan's activities") + "</h3>"
        units_heading = "<h3>" + gettext("Units' own activities") + "</h3>"
        plan_part = _section(page, plan_heading, units_heading)
        unit_part = _section(page, units_heading)
        for activity in (as_planned, done_late, not_yet):
            assert f'href="{activity.get_absolute_url()}"' in plan_part
            assert activity.responsible_unit.name in plan_part
        assert f'href="{own.get_absolute_url()}"' not in plan_part
        assert f'href="{own.get_absolute_url()}"' in unit_part
        assert f'href="{unit.get_absolute_url()}"' in unit_part
        assert "Annat mål" not in page
        # carried out as planned or not, told by a symbol and a word, not by colour alone
        assert f'<span aria-hidden="true">✓</span> {gettext("As planned")}' in plan_part
        assert f'<span aria-hidden="true">⚠</span> {gettext("Done late")}' in plan_part
        assert f'<span aria-hidden="true">○</span> {gettext("On schedule")}' in plan_part
        assert 'scope="col"' in plan_part
        assert "<caption" in plan_part

    def test_ks_goal_page_says_plainly_when_the_plan_is_not_adopted(self, client, politician):

        plan = _adopted_ks_plan(status=AdoptionStatus.PROPOSAL)
        goal = AnnualGoalFactory(year=2026, adopted=True)
        proposed = ActivityFactory(plan=plan, annual_goal=goal, title="Föreslagen aktivitet")
        client.force_login(politician)
        response = client.get(goal.get_absolute_url())
        page = html.unescape(response.content.decode())
        assert response.context["counted_activities"] is None
        no_plan = gettext(
            "%(body)s has no adopted operational plan for %(year)s, so no activities count toward the goal"
            " yet."
        ) % {"body": "KS", "year": 2026}
        assert no_plan in page
        assert f'href="{proposed.get_absolute_url()}"' not in page

    def test_year_page_count_links_to_the_ks_goal_activity_list(self, client, politician):
        plan = _adopted_ks_plan()
        period = MandatePeriodFactory(election_year=2022, status=ADOPTED, decision=kf_decision())
        kf = MandateGoalFactory(period=period, version__valid_from=2024)
        goal = AnnualGoalFactory(year=2026, adopted=True, mandate_goals=[kf])
        ActivityFactory(plan=plan, annual_goal=goal, status=DONE, completed_on=datetime.date(2026, 9, 1))
        ActivityFactory(plan=plan, annual_goal=goal)
        client.force_login(politician)
        year_page = html.unescape(client.get(reverse("goals:year", args=[2026])).content.decode())
        count = gettext("%(met)s of %(total)s of the plan's activities carried out as planned") % {
            "met": 1,
            "total": 2,
        }
        assert f'<a href="{goal.get_absolute_url()}#aktiviteter">{count}</a>' in year_page
        goal_page = html.unescape(client.get(goal.get_absolute_url()).content.decode())
        assert f'<a href="{goal.get_absolute_url()}#aktiviteter">{count}</a>' in goal_page
        assert 'id="aktiviteter"' in goal_page
        plan_page = html.unescape(client.get(reverse("planning:plan", args=[2026])).content.decode())
        assert f'<a href="{goal.get_absolute_url()}#aktiviteter">{count}</a>' in plan_page

    def test_ks_goal_page_queries_do_not_grow_with_activities(self, client, politician):
        plan = _adopted_ks_plan()
        goal = AnnualGoalFactory(year=2026, adopted=True)
        client.force_login(politician)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(goal.get_absolute_url()).status_code == 200
            return len(captured)

        ActivityFactory(plan=plan, annual_goal=goal)
        ActivityFactory(plan=plan, annual_goal=goal, is_plan_activity=False)
        client.get(goal.get_absolute_url())
        with_two = queries()
        for _ in range(9):
            ActivityFactory(plan=plan, annual_goal=goal)
            ActivityFactory(plan=plan, annual_goal=goal, is_plan_activity=False)
        assert goal.activities.count() == 20
        assert queries() == with_two


@pytest.fixture
def presidium(db):
    """An elected representative who chairs KS: the demo's `presidium` user."""
    user = UserFactory(username="presidium", first_name="Hans", role=Role.POLITICIAN)
    AssignmentFactory(
        person=PersonFactory(name="Hans Wallin", user=user),
        body=body_named("KS"),
        role=Assignment.Role.CHAIR,
        start=datetime.date(2026, 10, 15),
        end=None,
    )
    return user


@pytest.mark.django_db
class TestVisionPage:
    """R6: everyone signed in reads the vision; only planners draft or edit one."""

    ROLES = ["politician", "presidium", "administrator", "planner", "finance", "sysadmin"]

    @pytest.mark.parametrize("role", ROLES)
    def test_every_role_reads_the_vision(self, client, request, role):
        vision = VisionFactory(
            text="Vi är en plats för alla.", status=ADOPTED, decision=kf_decision(datetime.date(2021, 9, 29))
        )
        FocusAreaFactory(vision=vision, title="Närhet till natur")
        client.force_login(request.getfixturevalue(role))
        response = client.get(reverse("goals:vision"))
        assert response.status_code == 200
        page = html.unescape(response.content.decode())
        assert "Vi är en plats för alla." in page
        assert "Närhet till natur" in page
        assert (gettext("Draft a new vision") in page) is (role == "planner")
        year_page = client.get(reverse("goals:year", args=[2026])).content.decode()
        assert f'<a href="{reverse("goals:vision")}">' in year_page  # every role finds the way there

    @pytest.mark.parametrize("role", [r for r in ROLES if r != "planner"])
    def test_only_planners_draft_or_edit_the_vision(self, client, request, role):
        draft = VisionFactory(text="Utkast")
        client.force_login(request.getfixturevalue(role))
        assert client.post(reverse("goals:vision"), {"text": "En annan vision"}).status_code == 403
        edit = reverse("goals:vision_edit", args=[draft.pk])
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"action": "text", "text": "Ändrad"}).status_code == 403
        assert list(Vision.objects.values_list("text", flat=True)) == ["Utkast"]


@pytest.mark.django_db
class TestNewKsGoalNumber:
    def test_new_ks_goal_number_defaults_to_the_next_free_one_for_ks_and_the_year(self, client, planner):
        AnnualGoalFactory(year=2026, position=1)
        AnnualGoalFactory(year=2026, position=4)
        AnnualGoalFactory(year=2027, position=9)
        AnnualGoalFactory(year=2026, position=7, body=body_named("BUN"))
        client.force_login(planner)
        response = client.get(reverse("goals:annual_goal_create", args=[2026]))
        assert response.context["form"]["position"].value() == 5
        assert 'name="position" value="5"' in response.content.decode()

    def test_first_ks_goal_of_a_year_is_number_one(self, client, planner):
        AnnualGoalFactory(year=2026, position=3)
        client.force_login(planner)
        response = client.get(reverse("goals:annual_goal_create", args=[2028]))
        assert response.context["form"]["position"].value() == 1
