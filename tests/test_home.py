"""The start page greets each user by role and lists what is theirs."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import resolve, reverse
from django.utils.translation import gettext, ngettext

from calendar_wheel.models import Concerns
from followup import rounds
from followup.models import ActivityReport, GoalAssessment, ReportKind, Verdict
from organisation.context_processors import NAVIGATION
from organisation.lifecycle import AdoptionStatus
from organisation.models import Assignment, OrgUnit, Role
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    AssignmentFactory,
    BodyFactory,
    ControlFactory,
    DeadlineFactory,
    DecisionFactory,
    GoalIndicatorFactory,
    IndicatorTargetFactory,
    InternalControlPlanFactory,
    MandateGoalFactory,
    MeetingFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
    WheelEventFactory,
    body_named,
    ks_decision,
)


@pytest.mark.django_db
class TestHome:
    @pytest.mark.parametrize(
        ("fixture", "role_word", "duty"),
        [
            ("politician", "förtroendevald", "Ta del av mål"),
            ("administrator", "handläggare", "Uppdatera dina enheters aktiviteter"),
            ("planner", "planerare", "registrera besluten i KF och KS"),
            ("finance", "ekonom", "Lägg in budget"),
            ("sysadmin", "systemadministratör", "Håll organisation, användare"),
        ],
    )
    def test_greets_by_role(self, client, request, fixture, role_word, duty):
        user = request.getfixturevalue(fixture)
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert f"Välkommen, {user.first_name}" in html
        assert f"<strong>{role_word}</strong>" in html
        assert duty in html
        heading = gettext("Your deadlines in the next %(upcoming_days)s days")
        assert heading.split("%(upcoming_days)s")[0] in html

    def test_user_without_role_is_told_so(self, client):
        client.force_login(UserFactory())
        assert "Ditt konto har ingen roll ännu" in client.get(reverse("home")).content.decode()

    @time_machine.travel(datetime.datetime(2026, 11, 26, 9, tzinfo=datetime.UTC))
    def test_politician_sees_own_assignments_and_meetings_of_own_bodies(self, client, politician):
        ks, other = BodyFactory(name="Kommunstyrelsen", short_name="KS"), BodyFactory(name="Annan nämnd")
        AssignmentFactory(
            person=PersonFactory(user=politician),
            body=ks,
            role=Assignment.Role.CHAIR,
            start=datetime.date(2026, 10, 15),
            end=datetime.date(2030, 10, 14),
        )
        MeetingFactory(body=ks, date=datetime.date(2026, 12, 1))
        MeetingFactory(body=other, date=datetime.date(2026, 12, 2))
        MeetingFactory(body=ks, date=datetime.date(2027, 6, 1))  # beyond 60 days
        client.force_login(politician)
        html = client.get(reverse("home")).content.decode()
        assert "Ordförande, <a" in html
        assert 'datetime="2026-12-01"' in html
        assert 'datetime="2026-12-02"' not in html
        assert 'datetime="2027-06-01"' not in html

    def test_administrator_sees_own_units(self, client, administrator):
        administrator.units.add(OrgUnitFactory(name="Hemtjänsten"))
        client.force_login(administrator)
        assert "Hemtjänsten" in client.get(reverse("home")).content.decode()

    def test_every_navigation_entry_leads_to_its_page(self, client, politician):
        """Each area the navigation names is built (the placeholder for areas to come is gone): its
        address is the app's own page, and the reports' page answers."""
        for slug, _label in NAVIGATION:
            assert resolve(f"/{slug}/").app_name, slug
        client.force_login(politician)
        response = client.get("/rapporter/")
        assert response.status_code == 200
        assert "håller på att byggas" not in response.content.decode()


@pytest.mark.django_db
class TestListQueries:
    def test_unit_tree_queries_do_not_grow_with_units(self, client, politician, django_assert_num_queries):
        root = OrgUnitFactory(kind="kommun", parent=None, cost_centre="")
        client.force_login(politician)
        OrgUnitFactory.create_batch(3, parent=root)
        # session, user, roles (styrmodell.middleware), units in force (one query for the whole
        # tree), municipality name
        with django_assert_num_queries(5):
            client.get(reverse("organisation:units"))
        for parent in OrgUnitFactory.create_batch(10, parent=root):
            OrgUnitFactory.create_batch(5, parent=parent)
        with django_assert_num_queries(5):
            client.get(reverse("organisation:units"))

    def test_decision_list_queries_do_not_grow(self, client, planner, django_assert_num_queries):

        DecisionFactory.create_batch(2)
        client.force_login(planner)
        # session, user, roles, municipality name, bodies for the filter, count, page of decisions
        # with meeting and body, meetings for the form's choices
        with django_assert_num_queries(8):
            client.get(reverse("organisation:decisions"))
        DecisionFactory.create_batch(40)
        with django_assert_num_queries(8):
            client.get(reverse("organisation:decisions"))


# The start page per role (issue 13): each role's cards from follow-up, the annual wheel and the goals.

CARD_IDS = {
    "administrator": ('id="my-activities-heading"', 'id="round-reports-heading"'),
    "planner": ('id="rounds-heading"', 'id="wheel-alerts-heading"'),
    "politician": ('id="goal-status-heading"',),
}


def adopted_plan(year: int = 2026):
    return PlanFactory(
        year=year, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(year - 1, 11, 20))
    )


def round_of(year: int, kind: str):
    return next(r for r in rounds.ensure_rounds(body_named("KS"), year) if r.kind == kind)


def adopt(report, day: datetime.date):
    report.status, report.decision = AdoptionStatus.ADOPTED, ks_decision(day)
    report.save()
    return report


def assess(report, goal, verdict: str):
    return GoalAssessment.objects.create(
        report=report, annual_goal=goal, proposal=verdict, verdict=verdict, analysis="Analys."
    )


def row_verdict(html: str, title: str) -> str:
    """The assessment cell of a goal's row in the politician's card."""
    row = html.split(f'<th scope="row">{title}</th>', 1)[1].split("</tr>", 1)[0]
    return row


@pytest.mark.django_db
class TestRoleCards:
    @time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
    @pytest.mark.parametrize("fixture", ["administrator", "planner", "politician", "finance", "sysadmin"])
    def test_each_role_sees_its_cards_and_not_the_others(self, client, request, fixture):
        body_named("KS")
        user = request.getfixturevalue(fixture)
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        for role, ids in CARD_IDS.items():
            for card in ids:
                if role == fixture:
                    assert card in html, (fixture, card)
                else:
                    assert card not in html, (fixture, card)

    @time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
    def test_a_user_with_several_roles_sees_each_roles_cards(self, client, administrator):
        body_named("KS")
        for role in (Role.PLANNER, Role.POLITICIAN):
            administrator.groups.add(Group.objects.get_or_create(name=role)[0])
        client.force_login(administrator)
        html = client.get(reverse("home")).content.decode()
        assert all(card in html for ids in CARD_IDS.values() for card in ids)


@pytest.mark.django_db
class TestAdministratorCards:
    @time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
    def test_r24_missing_reports_count_the_users_units_activities_in_the_open_round(
        self, client, administrator
    ):
        plan = adopted_plan()
        unit = OrgUnitFactory(name="Hemtjänsten")
        administrator.units.add(unit)
        mine = ActivityFactory.create_batch(3, plan=plan, responsible_unit=unit)
        ActivityFactory.create_batch(2, plan=plan)  # other units' activities: not the user's to report
        tertial = round_of(2026, ReportKind.TERTIAL)
        ActivityReport.objects.create(
            report=tertial, activity=mine[0], status="pagar", entered_by=administrator
        )
        client.force_login(administrator)
        html = client.get(reverse("home")).content.decode()
        expected = ngettext(
            "%(missing)s of your %(total)s activities is not yet reported",
            "%(missing)s of your %(total)s activities are not yet reported",
            2,
        ) % {"missing": 2, "total": 3}
        assert expected in html
        assert reverse("followup:activity_reports", args=[2026, "tertial"]) in html
        # The interim and annual reports do not take input in May.
        assert reverse("followup:activity_reports", args=[2026, "delar"]) not in html

    @time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
    def test_r24_a_locked_round_asks_nothing_more(self, client, administrator):
        plan = adopted_plan()
        unit = OrgUnitFactory()
        administrator.units.add(unit)
        ActivityFactory(plan=plan, responsible_unit=unit)
        tertial = round_of(2026, ReportKind.TERTIAL)
        tertial.status = AdoptionStatus.PROPOSAL  # proposed to KS: locked
        tertial.save()
        client.force_login(administrator)
        html = client.get(reverse("home")).content.decode()
        assert reverse("followup:activity_reports", args=[2026, "tertial"]) not in html

    @time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
    def test_my_activities_are_the_late_and_due_of_my_units(self, client, administrator):
        plan = adopted_plan()
        unit = OrgUnitFactory()
        administrator.units.add(unit)
        late = ActivityFactory(
            plan=plan, responsible_unit=unit, title="Sen", planned_end=datetime.date(2026, 4, 1)
        )
        due = ActivityFactory(
            plan=plan, responsible_unit=unit, title="Snart", planned_end=datetime.date(2026, 6, 1)
        )
        ActivityFactory(
            plan=plan, responsible_unit=unit, title="Senare", planned_end=datetime.date(2026, 10, 1)
        )
        ActivityFactory(
            plan=plan,
            responsible_unit=unit,
            title="Klar",
            planned_end=datetime.date(2026, 5, 1),
            status="klar",
            completed_on=datetime.date(2026, 4, 20),
        )
        ActivityFactory(plan=plan, title="Någon annans", planned_end=datetime.date(2026, 5, 20))
        client.force_login(administrator)
        html = client.get(reverse("home")).content.decode()
        assert late.get_absolute_url() in html
        assert due.get_absolute_url() in html
        for title in ("Senare", "Klar", "Någon annans"):
            assert f">{title}</a>" not in html
        row = html.split(">Sen</a>", 1)[1].split("</tr>", 1)[0]
        assert gettext("Late") in row
        assert "⚠" in row  # a symbol beside the word
        assert gettext("On schedule") in html.split(">Snart</a>", 1)[1].split("</tr>", 1)[0]


@pytest.mark.django_db
class TestPlannerCards:
    @time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
    def test_r28_progress_of_the_rounds_under_way(self, client, planner):
        plan = adopted_plan()
        first, second = OrgUnitFactory(), OrgUnitFactory()
        done = ActivityFactory(plan=plan, responsible_unit=first)
        ActivityFactory(plan=plan, responsible_unit=second)
        ControlFactory.create_batch(
            2, plan=InternalControlPlanFactory(status=AdoptionStatus.ADOPTED, decision=ks_decision())
        )
        tertial = round_of(2026, ReportKind.TERTIAL)
        ActivityReport.objects.create(report=tertial, activity=done, status="pagar")
        client.force_login(planner)
        html = client.get(reverse("home")).content.decode()
        units = ngettext(
            "%(reported)s of %(total)s unit has reported", "%(reported)s of %(total)s units have reported", 2
        ) % {"reported": 1, "total": 2}
        controls = ngettext(
            "%(reported)s of %(total)s control has a result",
            "%(reported)s of %(total)s controls have a result",
            2,
        ) % {"reported": 0, "total": 2}
        assert units in html
        assert controls in html
        assert tertial.get_absolute_url() in html
        # Not open yet: the interim report is not under way.
        assert round_of(2026, ReportKind.INTERIM).get_absolute_url() not in html

    def test_batched_progress_agrees_with_round_progress(self, planner):
        from followup import progress, summaries

        plan = adopted_plan()
        activities = ActivityFactory.create_batch(4, plan=plan)
        tertial = round_of(2026, ReportKind.TERTIAL)
        ActivityReport.objects.create(report=tertial, activity=activities[0], status="pagar")
        assess(tertial, activities[1].annual_goal, Verdict.ACHIEVED)  # a draft goal: not the round's
        assess(tertial, AnnualGoalFactory(year=2026, adopted=True), Verdict.ACHIEVED)
        states = [
            summaries.RoundState(tertial, rounds.dates_of(tertial), rounds.InputState.OPEN),
            summaries.RoundState(round_of(2026, "delar"), rounds.dates_of(tertial), rounds.InputState.OPEN),
        ]
        batched = summaries.rounds_progress(states)
        for state in states:
            one = progress.round_progress(state.report)
            got = batched[state.report.pk]
            fields = ("units_total", "units_reported", "controls_total", "controls_reported")
            fields += ("goals_total", "goals_assessed")
            assert [getattr(got, f) for f in fields] == [getattr(one, f) for f in fields]

    @time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
    def test_wheel_steps_missed_or_at_risk_and_chain_warnings(self, client, planner):
        missed = DeadlineFactory(
            event=WheelEventFactory(title="Anta internkontrollplan", concerns=Concerns.INTERNAL_CONTROL_PLAN),
            date=datetime.date(2026, 3, 1),
        )
        at_risk = DeadlineFactory(
            event=WheelEventFactory(title="Anta budget", concerns=Concerns.BUDGET),
            date=datetime.date(2026, 5, 20),
        )
        DeadlineFactory(event=WheelEventFactory(title="Långt fram", concerns=Concerns.OPERATIONAL_PLAN))
        AnnualGoalFactory(year=2026, adopted=True)  # serves no KF goal: a health warning
        client.force_login(planner)
        html = client.get(reverse("home")).content.decode()
        card = html.split('id="wheel-alerts-heading"', 1)[1].split("</section>", 1)[0]
        assert missed.get_absolute_url() in card
        assert at_risk.get_absolute_url() in card
        assert "Långt fram" not in card
        assert "✗" in card.split("Anta internkontrollplan", 1)[1].split("</li>", 1)[0]
        warnings = ngettext(
            "The goal chain for %(year)s has %(count)s warning.",
            "The goal chain for %(year)s has %(count)s warnings.",
            1,
        ) % {"year": 2026, "count": 1}
        assert warnings in card
        assert reverse("goals:year", args=[2026]) in card


@pytest.mark.django_db
class TestPoliticianCard:
    @time_machine.travel(datetime.datetime(2026, 10, 10, 9, tzinfo=datetime.UTC))
    def test_r28_goal_status_of_the_latest_adopted_round_not_a_draft(self, client, politician):
        first = AnnualGoalFactory(year=2026, adopted=True, title="Fler i arbete")
        second = AnnualGoalFactory(year=2026, adopted=True, title="Trygg skola")
        tertial = adopt(round_of(2026, ReportKind.TERTIAL), datetime.date(2026, 6, 10))
        assess(tertial, first, Verdict.ACHIEVED)
        assess(tertial, second, Verdict.NOT_ACHIEVED)
        interim = round_of(2026, ReportKind.INTERIM)  # proposed to KS, not yet adopted
        interim.status = AdoptionStatus.PROPOSAL
        interim.save()
        assess(interim, first, Verdict.PARTLY)
        assess(round_of(2026, ReportKind.ANNUAL), first, Verdict.NOT_ASSESSABLE)  # a draft
        client.force_login(politician)
        html = client.get(reverse("home")).content.decode()
        card = html.split('id="goal-status-heading"', 1)[1].split("</section>", 1)[0]
        assert str(Verdict.ACHIEVED.label) in row_verdict(card, "Fler i arbete")
        assert Verdict.ACHIEVED.symbol in row_verdict(card, "Fler i arbete")
        assert str(Verdict.NOT_ACHIEVED.label) in row_verdict(card, "Trygg skola")
        assert str(Verdict.PARTLY.label) not in row_verdict(card, "Fler i arbete")
        assert str(Verdict.NOT_ASSESSABLE.label) not in row_verdict(card, "Fler i arbete")
        counts = card.split("goal-status__counts", 1)[1].split("</ul>", 1)[0]
        assert f"{Verdict.ACHIEVED.label}</span>: 1" in counts
        assert f"{Verdict.PARTLY.label}</span>: 0" in counts
        assert f"{reverse('followup:year', args=[2026])}?omgang=tertial" in card

    @time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC))
    def test_last_years_annual_report_until_this_year_has_one(self, client, politician):
        goal = AnnualGoalFactory(year=2025, adopted=True, title="Hållbar ekonomi")
        assess(adopt(round_of(2025, ReportKind.ANNUAL), datetime.date(2026, 3, 2)), goal, Verdict.PARTLY)
        assess(adopt(round_of(2025, ReportKind.TERTIAL), datetime.date(2025, 6, 2)), goal, Verdict.ACHIEVED)
        client.force_login(politician)
        card = client.get(reverse("home")).content.decode().split('id="goal-status-heading"', 1)[1]
        assert str(Verdict.PARTLY.label) in row_verdict(card, "Hållbar ekonomi")
        assert f"{reverse('followup:year', args=[2025])}?omgang=ar" in card

    @time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC))
    def test_no_adopted_round_is_said_plainly(self, client, politician):
        body_named("KS")
        client.force_login(politician)
        html = client.get(reverse("home")).content.decode()
        card = html.split('id="goal-status-heading"', 1)[1].split("</section>", 1)[0]
        assert reverse("followup:index") in card
        assert "<table" not in card


@pytest.mark.django_db
class TestPresidiumDeadlines:
    @time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC))
    def test_presidium_sees_the_coming_deadlines_of_its_body(self, client, politician):
        ks = body_named("KS")
        AssignmentFactory(
            person=PersonFactory(user=politician, email=""),
            body=ks,
            role=Assignment.Role.FIRST_VICE_CHAIR,
            start=datetime.date(2026, 10, 15),
            end=datetime.date(2030, 10, 14),
        )
        step = DeadlineFactory(
            event=WheelEventFactory(title="Kalla till beredning"), date=datetime.date(2026, 11, 24)
        )
        client.force_login(politician)
        card = client.get(reverse("home")).content.decode().split('id="todo-heading"', 1)[1]
        assert step.get_absolute_url() in card.split("</section>", 1)[0]

    @time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC))
    def test_a_member_outside_the_presidium_is_not_named(self, client, politician):
        AssignmentFactory(
            person=PersonFactory(user=politician),
            body=body_named("KS"),
            role=Assignment.Role.MEMBER,
            start=datetime.date(2026, 10, 15),
            end=datetime.date(2030, 10, 14),
        )
        step = DeadlineFactory(
            event=WheelEventFactory(title="Kalla till beredning"), date=datetime.date(2026, 11, 24)
        )
        client.force_login(politician)
        card = client.get(reverse("home")).content.decode().split('id="todo-heading"', 1)[1]
        assert step.get_absolute_url() not in card.split("</section>", 1)[0]


def home_data(size: int) -> None:
    """A year under way, `size` of everything: units with activities, KF and KS goals with indicators,
    controls, an adopted tertial report with assessments, an interim round with reports, wheel steps."""
    plan = adopted_plan()
    control_plan = InternalControlPlanFactory(status=AdoptionStatus.ADOPTED, decision=ks_decision())
    tertial = adopt(round_of(2026, ReportKind.TERTIAL), datetime.date(2026, 6, 10))
    interim = round_of(2026, ReportKind.INTERIM)
    for n in range(size):
        unit = OrgUnitFactory()
        mandate_goal = MandateGoalFactory()
        IndicatorTargetFactory(goal_indicator=GoalIndicatorFactory(mandate_goal=mandate_goal), year=2026)
        goal = AnnualGoalFactory(year=2026, adopted=True, mandate_goals=[mandate_goal])
        GoalIndicatorFactory(mandate_goal=None, annual_goal=goal)  # no target for 2026: a warning
        for activity in ActivityFactory.create_batch(2, plan=plan, responsible_unit=unit, annual_goal=goal):
            ActivityReport.objects.create(report=interim, activity=activity, status="pagar")
        ActivityFactory(
            plan=plan, responsible_unit=unit, annual_goal=goal, planned_end=datetime.date(2026, 9, 1)
        )
        ControlFactory(plan=control_plan, responsible_unit=unit)
        assess(tertial, goal, Verdict.ACHIEVED)
        DeadlineFactory(
            event=WheelEventFactory(concerns=Concerns.BUDGET),
            date=datetime.date(2026, 8, 1) + datetime.timedelta(days=n),
        )


@pytest.mark.django_db
class TestHomeQueries:
    @time_machine.travel(datetime.datetime(2026, 9, 10, 9, tzinfo=datetime.UTC))
    def test_queries_do_not_grow_with_the_follow_up(self, client, administrator, django_assert_num_queries):
        for role in (Role.PLANNER, Role.POLITICIAN):
            administrator.groups.add(Group.objects.get_or_create(name=role)[0])
        client.force_login(administrator)
        # session, user, roles (styrmodell.middleware); assignments; the user's units: the unit tree and
        # the user's own units (2); your deadlines; over the frame: distributions, budget versions (2);
        # the handläggare's editable activities: the unit tree and own units again (2), my activities;
        # the planner: this year's wheel deadlines, the budget adopted (their states); the chain's
        # warnings: period, KF goals, versions, focus areas, KF goal indicators, targets, KS goals,
        # their KF goals, KS goal indicators, targets (10); KS; the year's rounds: meetings, rounds,
        # the wheel's dates (3); missing reports: my activities in the round, their reports (2);
        # progress: activity reports, control results, assessments, activities, controls, goals (6);
        # the politician: adopted reports, their assessments (2); municipality name; meetings; units
        for size in (2, 6):
            home_data(size)
            administrator.units.add(*OrgUnit.objects.all())
            client.get(reverse("home"))  # the year's rounds exist from here on
            with django_assert_num_queries(41):
                response = client.get(reverse("home"))
            assert response.status_code == 200
