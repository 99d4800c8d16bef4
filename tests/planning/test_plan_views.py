"""The operational plan's pages: R11's order, who reads and writes what, adoption, rollover, queries."""

import datetime
import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from budget.models import GehGoal
from goals.models import AnnualGoal
from organisation.lifecycle import AdoptionStatus
from organisation.models import Decision, OrgUnit, Role
from planning.models import Activity, OperationalPlan
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    MeetingFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    adopted_budget,
    body_named,
    kf_decision,
    ks_decision,
)

NOW = datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC)
R11_SECTIONS = ["mission", "governance-model", "goals", "activity-plan", "budget"]
DONE, IN_PROGRESS = Activity.Status.DONE, Activity.Status.IN_PROGRESS


@pytest.fixture(autouse=True)
def _late_november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def plan_url(year: int = 2026) -> str:
    return reverse("planning:plan", args=[year])


def text(response) -> str:
    return html.unescape(response.content.decode())


def adopted_goal(**kwargs) -> AnnualGoal:
    return AnnualGoalFactory(
        year=2026,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2025, 5, 19)),
        **kwargs,
    )


def make_plan(status=AdoptionStatus.DRAFT, *, goals: int = 1, activities: int = 1, unit_activities: int = 0):
    """KS's 2026 plan; each KS goal serves a KF goal, names a department and has its activities."""
    decision = ks_decision(datetime.date(2025, 11, 4)) if status == AdoptionStatus.ADOPTED else None
    plan = PlanFactory(year=2026, status=status, decision=decision)
    department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
    for _ in range(goals):
        goal = adopted_goal(mandate_goals=[MandateGoalFactory()], departments=[department])
        for _ in range(activities):
            ActivityFactory(plan=plan, annual_goal=goal)
        for _ in range(unit_activities):
            ActivityFactory(plan=plan, annual_goal=goal, is_plan_activity=False)
    return plan


def decision_data(prefix: str, meeting, paragraph: int = 160, case_number: str = "KS 25/301") -> dict:
    return {
        f"{prefix}-meeting": meeting.pk,
        f"{prefix}-paragraph": paragraph,
        f"{prefix}-case_number": case_number,
    }


def activity_data(prefix: str, goal, unit, **overrides) -> dict:
    data = {
        "title": "Införa digital ansökan om föreningsbidrag",
        "description": "",
        "kind": Activity.Kind.PROJECT,
        "annual_goal": goal.pk if goal else "",
        "geh_code": "",
        "responsible_unit": unit.pk,
        "responsible": "",
        "start": "2026-03-01",
        "planned_end": "2026-09-30",
    } | overrides
    return {f"{prefix}-{key}": value for key, value in data.items()}


def ks_meeting():
    return MeetingFactory(body=body_named("KS"), date=datetime.date(2025, 11, 4))


@pytest.mark.django_db
class TestPlanDocument:
    def test_sections_follow_r11_in_order(self, client, politician):
        make_plan(AdoptionStatus.ADOPTED, unit_activities=1)
        client.force_login(politician)
        page = client.get(plan_url()).content.decode()
        headings = re.findall(r'<h2 id="([^"]+)"', page)
        shown = [h for h in headings if h not in ("contents-heading", "history-heading")]
        assert shown == [*R11_SECTIONS, "unit-activities"]
        assert headings[-1] == "history-heading"  # the plan's history follows the document

    def test_goals_show_status_in_words_and_the_activity_count(self, client, politician):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        goal = AnnualGoal.objects.get()
        ActivityFactory(
            plan=plan, annual_goal=goal, status=DONE, completed_on=datetime.date(2026, 9, 1), title="I tid"
        )
        ActivityFactory(plan=plan, annual_goal=goal, title="Försenad")
        ActivityFactory(
            plan=plan, annual_goal=goal, is_plan_activity=False, status=DONE, completed_on=NOW.date()
        )
        client.force_login(politician)
        page = text(client.get(plan_url()))
        counted = gettext("%(met)s of %(total)s of the plan's activities carried out as planned") % {
            "met": 1,
            "total": 2,
        }
        assert counted in page  # the unit's own activity is not counted (R13/R14)
        assert f'<span aria-hidden="true">⚠</span> {gettext("Late")}' in page
        assert f'<span aria-hidden="true">✓</span> {gettext("As planned")}' in page

    def test_budget_section_waits_for_the_budget(self, client, politician):
        plan = make_plan(AdoptionStatus.PROPOSAL)
        client.force_login(politician)
        budget = text(client.get(plan_url())).split('id="budget"')[1]
        assert 'class="empty"' in budget.split("</section>")[0]
        plan.budget_text = "Ram 412 mnkr fördelad på verksamhetsområden."
        plan.save()
        assert "Ram 412 mnkr" in text(client.get(plan_url()))

    def test_shows_decision_version_and_where_it_started(self, client, politician):
        previous = PlanFactory(year=2025, status=AdoptionStatus.ADOPTED, decision=ks_decision())
        plan = make_plan(AdoptionStatus.ADOPTED)
        plan.rolled_over_from = previous
        plan.save()
        client.force_login(politician)
        page = text(client.get(plan_url()))
        assert str(plan.decision) in page
        assert plan.decision.case_number in page
        assert f'href="{plan_url(2025)}"' in page


@pytest.mark.django_db
class TestWhoReadsWhich:
    @pytest.mark.parametrize("status", [AdoptionStatus.DRAFT, AdoptionStatus.SENT_BACK])
    def test_unpublished_plans_are_the_planners(self, client, politician, planner, status):
        make_plan(status)
        client.force_login(politician)
        assert client.get(plan_url()).status_code == 404
        client.force_login(planner)
        assert client.get(plan_url()).status_code == 200

    def test_proposal_is_read_by_politicians(self, client, politician):
        make_plan(AdoptionStatus.PROPOSAL)
        client.force_login(politician)
        response = client.get(plan_url())
        assert response.status_code == 200
        assert "Kommunstyrelsen leder och samordnar." in text(response)
        assert 'name="action"' not in text(response)

    def test_activity_of_a_draft_is_hidden_from_politicians(self, client, politician, planner):
        activity = ActivityFactory(plan=make_plan(AdoptionStatus.DRAFT, activities=0))
        client.force_login(politician)
        assert client.get(activity.get_absolute_url()).status_code == 404
        client.force_login(planner)
        assert client.get(activity.get_absolute_url()).status_code == 200

    def test_index_sends_to_the_current_years_plan(self, client, politician, planner):
        make_plan(AdoptionStatus.ADOPTED)
        client.force_login(politician)
        assert client.get(reverse("planning:plan_index")).url == plan_url(2026)
        assert client.get(reverse("planning:plan_index"), {"ar": "2025"}).url == plan_url(2025)

    def test_index_lists_plans_when_this_year_has_none_to_read(self, client, politician):
        PlanFactory(year=2025, status=AdoptionStatus.ADOPTED, decision=ks_decision())
        make_plan(AdoptionStatus.DRAFT)
        client.force_login(politician)
        response = client.get(reverse("planning:plan_index"))
        assert response.status_code == 200
        assert plan_url(2025) in text(response)
        assert plan_url(2026) not in text(response).split('rel="next"')[-1]

    def test_missing_plan_is_404_for_politicians_and_a_start_for_planners(self, client, politician, planner):
        body_named("KS")
        client.force_login(politician)
        assert client.get(plan_url(2027)).status_code == 404
        client.force_login(planner)
        page = text(client.get(plan_url(2027)))
        assert 'value="create"' in page

    def test_planner_starts_an_empty_draft(self, client, planner):
        body_named("KS")
        client.force_login(planner)
        assert client.post(plan_url(2027), {"action": "create"}).url == plan_url(2027)
        plan = OperationalPlan.objects.get(year=2027)
        assert plan.status == AdoptionStatus.DRAFT
        assert plan.mission
        assert plan.model_summary


@pytest.mark.django_db
class TestPlannersWork:
    def test_texts_are_saved(self, client, planner):
        plan = make_plan()
        client.force_login(planner)
        data = {
            "action": "texts",
            "texts-mission": " Nytt uppdrag ",
            "texts-model_summary": "Kort.",
            "texts-budget_text": "",
            "texts-version": plan.version,
        }
        assert client.post(plan_url(), data).status_code == 302
        plan.refresh_from_db()
        assert plan.mission == "Nytt uppdrag"

    def test_activity_is_added_with_field_errors_next_to_fields(self, client, planner):
        plan = make_plan(activities=0)
        goal, unit = AnnualGoal.objects.get(), OrgUnitFactory()
        client.force_login(planner)
        bad = activity_data("activity", goal, unit, planned_end="2026-01-01") | {"action": "activity"}
        response = client.post(plan_url(), bad)
        assert response.status_code == 200
        assert 'id="id_activity-planned_end_error"' in response.content.decode()
        assert not plan.activities.exists()
        anna = PersonFactory(name="Anna Berg")
        good = activity_data("activity", goal, unit, responsible=anna.pk) | {"action": "activity"}
        assert client.post(plan_url(), good).status_code == 302
        assert plan.activities.get().responsible == anna

    def test_goal_of_another_year_cannot_be_chosen(self, client, planner):
        plan = make_plan(activities=0)
        other = AnnualGoalFactory(year=2025)
        client.force_login(planner)
        data = activity_data("activity", other, OrgUnitFactory()) | {"action": "activity"}
        response = client.post(plan_url(), data)
        assert 'id="id_activity-annual_goal_error"' in response.content.decode()
        assert not plan.activities.exists()

    def test_htmx_gets_only_the_form_back(self, client, planner):
        make_plan(activities=0)
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "activity"}, headers={"HX-Request": "true"})
        body = response.content.decode().strip()
        assert response.status_code == 200
        assert body.startswith("<form")
        assert "<html" not in body

    def test_propose_adopt_and_the_content_is_frozen(self, client, planner, politician):
        plan = make_plan()
        meeting = ks_meeting()
        client.force_login(planner)
        client.post(plan_url(), {"action": "propose"})
        plan.refresh_from_db()
        assert plan.status == AdoptionStatus.PROPOSAL

        response = client.post(plan_url(), {"action": "adopt"} | decision_data("adopt", meeting))
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == AdoptionStatus.ADOPTED
        decision = plan.decision
        assert (decision.meeting, decision.paragraph, decision.case_number) == (meeting, 160, "KS 25/301")
        assert decision.outcome == Decision.Outcome.DECIDED

        history, activities = plan.history.count(), plan.activities.count()
        data = activity_data("activity", AnnualGoal.objects.get(), OrgUnitFactory()) | {"action": "activity"}
        response = client.post(plan_url(), data)
        assert response.status_code == 200
        refusal = gettext(
            "The plan is adopted: its goals, activities and time plans are frozen. Follow-up stays open."
        )
        assert refusal in text(response)
        assert (plan.history.count(), plan.activities.count()) == (history, activities)
        texts = {
            "action": "texts",
            "texts-mission": "Ändrat",
            "texts-model_summary": "",
            "texts-budget_text": "",
        }
        assert client.post(plan_url(), texts).status_code == 200
        plan.refresh_from_db()
        assert plan.mission == "Kommunstyrelsen leder och samordnar."

    def test_refused_adoption_saves_no_decision(self, client, planner):
        make_plan(AdoptionStatus.PROPOSAL, activities=0)
        meeting = ks_meeting()
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "adopt"} | decision_data("adopt", meeting))
        assert response.status_code == 200
        assert 'class="form-errors"' in response.content.decode()
        assert not Decision.objects.filter(meeting=meeting).exists()
        assert OperationalPlan.objects.get().status == AdoptionStatus.PROPOSAL

    def test_sent_back(self, client, planner, politician):
        plan = make_plan(AdoptionStatus.PROPOSAL)
        meeting = ks_meeting()
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "send_back"} | decision_data("send_back", meeting))
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == AdoptionStatus.SENT_BACK
        assert plan.decision is None
        recorded = Decision.objects.get(meeting=meeting)
        assert recorded.outcome == Decision.Outcome.SENT_BACK
        client.force_login(politician)
        assert client.get(plan_url()).status_code == 404

    def test_activity_page_shows_its_goal_unit_and_history(self, client, planner):
        activity = make_plan().activities.get()
        client.force_login(planner)
        page = text(client.get(activity.get_absolute_url()))
        assert activity.annual_goal.title in page
        assert activity.responsible_unit.get_absolute_url() in page
        assert 'id="history-heading"' in page
        assert 'id="activity-form"' in page

    @pytest.mark.parametrize(
        ("status", "completed", "says"),
        [
            (Activity.Status.DONE, datetime.date(2026, 10, 31), "counts toward the goal"),
            (
                Activity.Status.DONE,
                datetime.date(2026, 11, 1),
                "was finished after its planned end and does not count toward the goal",
            ),
            (Activity.Status.CANCELLED, None, "was cancelled and does not count toward the goal"),
            (
                Activity.Status.IN_PROGRESS,
                None,
                "counts toward the goal if it is finished by its planned end",
            ),
            (
                Activity.Status.NOT_STARTED,
                None,
                "counts toward the goal if it is finished by its planned end",
            ),
        ],
    )
    def test_activity_page_says_in_plain_words_whether_it_counts_toward_the_goal(
        self, client, planner, status, completed, says
    ):
        """R13: a finished activity counts only if finished by its planned end (31 October here)."""
        activity = make_plan().activities.get()
        Activity.objects.filter(pk=activity.pk).update(
            status=status, completed_on=completed, planned_end=datetime.date(2026, 10, 31)
        )
        client.force_login(planner)
        page = text(client.get(activity.get_absolute_url()))
        assert f"– {gettext(says)}</span>" in page
        assert not re.search(r"\bR\d{1,2}\b", page)

    def test_edit_an_activity_before_adoption_only(self, client, planner):
        plan = make_plan()
        activity = plan.activities.get()
        client.force_login(planner)
        data = activity_data("", activity.annual_goal, activity.responsible_unit, title="Ny titel")
        data = {key.lstrip("-"): value for key, value in data.items()} | {"version": activity.version}
        assert client.post(activity.get_absolute_url(), data).status_code == 302
        activity.refresh_from_db()
        assert activity.title == "Ny titel"
        plan.status, plan.decision = AdoptionStatus.ADOPTED, ks_decision(datetime.date(2025, 11, 4))
        plan.save()
        assert client.post(activity.get_absolute_url(), data | {"title": "Efter"}).status_code == 403
        activity.refresh_from_db()
        assert activity.title == "Ny titel"


@pytest.mark.django_db
class TestRollOver:
    def _plan_with_activities(self):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        goal = AnnualGoal.objects.get()
        unfinished = ActivityFactory(
            plan=plan,
            annual_goal=goal,
            title="Pågår över årsskiftet",
            status=IN_PROGRESS,
            planned_end=datetime.date(2027, 3, 31),
        )
        ActivityFactory(
            plan=plan,
            annual_goal=goal,
            title="Klar i förtid",
            status=DONE,
            completed_on=datetime.date(2026, 10, 1),
            planned_end=datetime.date(2027, 2, 28),
        )
        ActivityFactory(plan=plan, annual_goal=goal, title="Slutar i år", status=IN_PROGRESS)
        return plan, unfinished

    def test_rollover_starts_next_years_draft_with_what_is_unfinished(self, client, planner):
        plan, unfinished = self._plan_with_activities()
        client.force_login(planner)
        response = client.post(plan_url(), {"action": "roll_over"})
        assert response.url == plan_url(2027)
        new = OperationalPlan.objects.get(year=2027)
        assert (new.status, new.rolled_over_from) == (AdoptionStatus.DRAFT, plan)
        assert [(a.title, a.carried_over_from) for a in new.activities.all()] == [
            ("Pågår över årsskiftet", unfinished)
        ]
        # 2027 has no KS goals yet: the carried activity keeps 2026's goal and is shown apart.
        page = text(client.get(plan_url(2027)))
        assert "Pågår över årsskiftet" in page.split('id="activities-elsewhere"')[1]

    def test_rollover_from_the_page_of_the_missing_year(self, client, planner):
        self._plan_with_activities()
        client.force_login(planner)
        assert 'value="roll_over"' in client.get(plan_url(2027)).content.decode()
        client.post(plan_url(2027), {"action": "roll_over"})
        assert OperationalPlan.objects.get(year=2027).activities.count() == 1

    def test_second_rollover_is_refused_with_a_message(self, client, planner):
        self._plan_with_activities()
        client.force_login(planner)
        client.post(plan_url(), {"action": "roll_over"})
        response = client.post(plan_url(), {"action": "roll_over"}, follow=True)
        assert gettext("There is already a plan for %(year)s.") % {"year": 2027} in text(response)
        assert OperationalPlan.objects.filter(year=2027).count() == 1


OTHER_ROLES = [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN]
PLANNER_ACTIONS = ["texts", "activity", "propose", "adopt", "send_back", "roll_over", "create", ""]


@pytest.mark.django_db
class TestOnlyPlannersWrite:
    @pytest.mark.parametrize("role", OTHER_ROLES)
    @pytest.mark.parametrize("action", PLANNER_ACTIONS)
    def test_every_planner_step_is_refused(self, client, users_by_role, role, action):
        plan = make_plan(AdoptionStatus.PROPOSAL)
        meeting = ks_meeting()
        goal, unit = AnnualGoal.objects.get(), OrgUnitFactory()
        data = (
            {"action": action, "texts-mission": "Kapat", "texts-model_summary": "", "texts-budget_text": ""}
            | activity_data("activity", goal, unit)
            | decision_data("adopt", meeting)
            | decision_data("send_back", meeting, paragraph=161)
        )
        client.force_login(users_by_role[role])
        assert client.post(plan_url(), data).status_code == 403
        assert client.post(plan_url(2027), data).status_code == 403
        plan.refresh_from_db()
        assert (plan.status, plan.mission, plan.activities.count()) == (
            AdoptionStatus.PROPOSAL,
            "Kommunstyrelsen leder och samordnar.",
            1,
        )
        assert not Decision.objects.filter(meeting=meeting).exists()
        assert OperationalPlan.objects.count() == 1

    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.FINANCE, Role.SYSADMIN])
    def test_unit_activities_are_refused_to_roles_without_units(self, client, users_by_role, role):
        plan = make_plan(AdoptionStatus.ADOPTED)
        data = activity_data("unit", AnnualGoal.objects.get(), OrgUnitFactory()) | {"action": "unit_activity"}
        client.force_login(users_by_role[role])
        assert client.post(plan_url(), data).status_code == 403
        assert plan.activities.count() == 1

    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_activity_edit_is_refused(self, client, users_by_role, role):
        activity = ActivityFactory(plan=make_plan(AdoptionStatus.PROPOSAL, activities=0))
        client.force_login(users_by_role[role])
        page = client.get(activity.get_absolute_url()).content.decode()
        assert 'id="activity-form"' not in page
        data = {"title": "Kapat", "kind": activity.kind}
        assert client.post(activity.get_absolute_url(), data).status_code == 403
        activity.refresh_from_db()
        assert activity.title != "Kapat"


@pytest.mark.django_db
class TestUnitsOwnActivities:
    @pytest.fixture
    def own_unit(self, administrator):
        unit = OrgUnitFactory(name="Kultur och fritid")
        administrator.units.add(unit)
        return unit

    def test_administrator_adds_one_for_an_own_unit(self, client, administrator, own_unit):
        plan = make_plan(AdoptionStatus.ADOPTED)
        client.force_login(administrator)
        GehGoal.objects.create(version=adopted_budget(2026), code="GEH-2", title="Minskat matsvinn")
        data = activity_data("unit", None, own_unit, geh_code="GEH-2") | {"action": "unit_activity"}
        assert client.post(plan_url(), data).status_code == 302
        added = plan.activities.get(is_plan_activity=False)
        assert (added.responsible_unit, added.geh_code, added.annual_goal) == (own_unit, "GEH-2", None)
        page = text(client.get(plan_url()))
        assert added.title in page.split('id="unit-activities"')[1]

    def test_another_units_id_is_refused_and_nothing_saved(self, client, administrator, own_unit):
        plan = make_plan(AdoptionStatus.ADOPTED)
        other = OrgUnitFactory(name="Hemtjänsten")
        client.force_login(administrator)
        page = client.get(plan_url()).content.decode()
        choices = re.search(r'<select name="unit-responsible_unit".*?</select>', page, re.S).group()
        assert f'value="{own_unit.pk}"' in choices
        assert f'value="{other.pk}"' not in choices
        data = activity_data("unit", AnnualGoal.objects.get(), other) | {"action": "unit_activity"}
        response = client.post(plan_url(), data)
        assert response.status_code in (200, 403)
        assert 'id="id_unit-responsible_unit_error"' in response.content.decode()
        assert not plan.activities.filter(is_plan_activity=False).exists()

    def test_needs_a_goal_or_a_geh_goal(self, client, administrator, own_unit):
        plan = make_plan(AdoptionStatus.ADOPTED)
        client.force_login(administrator)
        data = activity_data("unit", None, own_unit) | {"action": "unit_activity"}
        assert 'id="id_unit-annual_goal_error"' in client.post(plan_url(), data).content.decode()
        assert not plan.activities.filter(is_plan_activity=False).exists()

    def test_not_before_adoption(self, client, administrator, planner, own_unit):
        plan = make_plan(AdoptionStatus.PROPOSAL)
        client.force_login(administrator)
        assert 'id="unit-form"' not in client.get(plan_url()).content.decode()
        data = activity_data("unit", AnnualGoal.objects.get(), own_unit) | {"action": "unit_activity"}
        response = client.post(plan_url(), data)
        assert gettext("Units add their own activities after the plan is adopted.") in text(response)
        assert not plan.activities.filter(is_plan_activity=False).exists()

    def test_administrator_sees_the_follow_up_link_for_own_units_only(self, client, administrator, own_unit):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        mine = ActivityFactory(plan=plan, responsible_unit=own_unit)
        theirs = ActivityFactory(plan=plan)
        client.force_login(administrator)
        follow_up = reverse("planning:activity_follow_up", args=[mine.pk])
        assert follow_up in client.get(mine.get_absolute_url()).content.decode()
        their_follow_up = reverse("planning:activity_follow_up", args=[theirs.pk])
        assert their_follow_up not in client.get(theirs.get_absolute_url()).content.decode()


@pytest.mark.django_db
class TestQueries:
    def test_plan_page_for_a_politician(self, client, politician, django_assert_num_queries):
        make_plan(AdoptionStatus.ADOPTED, goals=1, activities=1, unit_activities=1)
        client.force_login(politician)
        # session, user, KS, the user's roles, the plans of the year and its neighbours (with decision
        # and body), municipality code, KS goals, their KF goals, the KF goals' versions, departments,
        # goal indicators, the plan's activities (with units and goals), municipality name (header),
        # the year's budget versions, the plan's distribution of the frame (no budget: no frame query),
        # the plan's history with its users
        with django_assert_num_queries(17):
            assert client.get(plan_url()).status_code == 200
        make_plan(AdoptionStatus.ADOPTED, goals=4, activities=6, unit_activities=3)
        with django_assert_num_queries(17):
            client.get(plan_url())

    def test_plan_page_for_a_planner(self, client, planner, django_assert_num_queries):
        make_plan(AdoptionStatus.PROPOSAL, goals=1, activities=1)
        client.force_login(planner)
        # as for a politician, plus the choices of the planner's forms: KS goals, units in force and
        # people for a new activity, KS meetings for adoption and for sending back
        with django_assert_num_queries(22):
            assert client.get(plan_url()).status_code == 200
        make_plan(AdoptionStatus.PROPOSAL, goals=3, activities=5)
        with django_assert_num_queries(22):
            client.get(plan_url())


@pytest.mark.django_db
class TestUnitPage:
    def test_shows_the_units_goals_and_activities(self, client, politician):
        unit = OrgUnitFactory(name="Kultur och fritid")
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        goal = AnnualGoal.objects.get()
        named = adopted_goal(title="Fler besökare i biblioteken", departments=[unit])
        ActivityFactory(plan=plan, annual_goal=goal, responsible_unit=unit, title="Öppna biblioteket")
        ActivityFactory(
            plan=plan,
            annual_goal=None,
            geh_code="GEH-1",
            is_plan_activity=False,
            responsible_unit=unit,
            title="Sänka energikostnaden",
        )
        draft = PlanFactory(year=2027)
        ActivityFactory(plan=draft, responsible_unit=unit, title="Hemligt utkast")
        client.force_login(politician)
        page = text(client.get(reverse("organisation:unit", args=[unit.pk])))
        for shown in ["Öppna biblioteket", "Sänka energikostnaden", goal.title, named.title]:
            assert shown in page
        assert "Hemligt utkast" not in page

    def test_queries_do_not_grow_with_activities(self, client, politician, django_assert_num_queries):
        unit = OrgUnitFactory()
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        ActivityFactory(plan=plan, responsible_unit=unit)
        client.force_login(politician)
        url = reverse("organisation:unit", args=[unit.pk])
        # session, user, unit with its parent, the user's roles, the units below it (one walk), the
        # activities (with plans, goals and units), its KS goals (with body), municipality name
        # (header), children, bodies, history records with their users
        with django_assert_num_queries(11):
            client.get(url)
        for _ in range(5):
            ActivityFactory(plan=plan, responsible_unit=unit, annual_goal=adopted_goal(departments=[unit]))
        with django_assert_num_queries(11):
            client.get(url)

    def test_department_page_rolls_up_its_units_activities_each_with_its_unit(self, client, politician):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        goal = AnnualGoal.objects.get()
        department = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
        school = OrgUnitFactory(name="Ånge skola", parent=department)
        kitchen = OrgUnitFactory(name="Skolköket", parent=school)
        elsewhere = OrgUnitFactory(name="Kultur och fritid", kind=OrgUnit.Kind.DEPARTMENT)
        rows = {
            "Avdelningens egen": department,
            "Läsfrämjande insats": school,
            "Minskat matsvinn": kitchen,
        }
        for title, unit in rows.items():
            ActivityFactory(plan=plan, annual_goal=goal, responsible_unit=unit, title=title)
        ActivityFactory(
            plan=plan,
            annual_goal=goal,
            responsible_unit=school,
            is_plan_activity=False,
            title="Egen på enheten",
        )
        ActivityFactory(plan=plan, annual_goal=goal, responsible_unit=elsewhere, title="Annan avdelning")
        client.force_login(politician)
        page = text(client.get(reverse("organisation:unit", args=[department.pk])))
        assert gettext("The unit is responsible for no activities.") not in page
        assert "Annan avdelning" not in page
        assert f'<th scope="col">{gettext("Responsible unit")}</th>' in page
        rows["Egen på enheten"] = school
        for title, unit in rows.items():
            row = re.search(rf"<tr>(?:(?!</tr>).)*{title}(?:(?!</tr>).)*</tr>", page, re.S)
            assert row, title
            assert unit.name in row.group(0), title
        assert goal.title in page  # the goals the department's units serve

    def test_unit_without_units_below_keeps_its_own_list(self, client, politician):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        parent = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        unit = OrgUnitFactory(parent=parent)
        ActivityFactory(plan=plan, responsible_unit=unit, title="Enhetens aktivitet")
        ActivityFactory(plan=plan, responsible_unit=parent, title="Avdelningens aktivitet")
        client.force_login(politician)
        page = text(client.get(reverse("organisation:unit", args=[unit.pk])))
        assert "Enhetens aktivitet" in page
        assert "Avdelningens aktivitet" not in page

    def test_department_page_queries_do_not_grow_with_units_and_activities(
        self, client, politician, django_assert_num_queries
    ):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        ActivityFactory(plan=plan, responsible_unit=OrgUnitFactory(parent=department))
        client.force_login(politician)
        url = reverse("organisation:unit", args=[department.pk])
        with django_assert_num_queries(11):
            client.get(url)
        for _ in range(4):
            unit = OrgUnitFactory(parent=department)
            below = OrgUnitFactory(parent=unit)
            for responsible in (unit, below, department):
                ActivityFactory(plan=plan, responsible_unit=responsible)
        with django_assert_num_queries(11):
            response = client.get(url)
        assert len(response.context["unit_activities"]) == 13


@pytest.mark.django_db
class TestGoalYearPage:
    """R13 on `/mal/<year>/`: the count of the plan's activities carried out as planned beside the status."""

    @staticmethod
    def kf_goal():
        """A KF goal of the 2022 period, adopted, so that it applies in 2026 (R8)."""
        period = MandatePeriodFactory(election_year=2022)
        period.status, period.decision = AdoptionStatus.ADOPTED, kf_decision(datetime.date(2023, 1, 30))
        period.save()
        return MandateGoalFactory(period=period, version__valid_from=2024)

    def test_r13_count_is_shown_beside_the_status(self, client, politician):
        plan = make_plan(AdoptionStatus.ADOPTED, activities=0)
        goal = AnnualGoal.objects.get()
        goal.mandate_goals.set([self.kf_goal()])
        for day in (1, 2):
            ActivityFactory(
                plan=plan, annual_goal=goal, status=DONE, completed_on=datetime.date(2026, 9, day)
            )
        ActivityFactory(plan=plan, annual_goal=goal)
        ActivityFactory(
            plan=plan, annual_goal=goal, is_plan_activity=False, status=DONE, completed_on=NOW.date()
        )
        client.force_login(politician)
        page = text(client.get(reverse("goals:year", args=[2026])))
        counted = gettext("%(met)s of %(total)s of the plan's activities carried out as planned") % {
            "met": 2,
            "total": 3,
        }
        assert counted in page  # the unit's own activity is not counted (R13/R14)

    def test_queries_do_not_grow_with_activities(self, client, politician, django_assert_num_queries):
        plan = make_plan(AdoptionStatus.ADOPTED, goals=1, activities=1)
        kf_goal = self.kf_goal()
        goal = AnnualGoal.objects.get()
        goal.mandate_goals.set([kf_goal])
        client.force_login(politician)
        url = reverse("goals:year", args=[2026])
        # As in tests/goals/test_views.py, less the vision's two queries (none here)
        with django_assert_num_queries(16):
            client.get(url)
        for _ in range(8):
            ActivityFactory(plan=plan, annual_goal=goal, status=DONE, completed_on=datetime.date(2026, 6, 1))
        for _ in range(3):
            extra = adopted_goal(mandate_goals=[kf_goal])
            for _ in range(4):
                ActivityFactory(plan=plan, annual_goal=extra)
        with django_assert_num_queries(16):
            client.get(url)
