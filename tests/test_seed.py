"""seed_demo builds the demo municipality, changes nothing the second time, and refuses production."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from organisation.demo import DEMO_PASSWORD
from organisation.mandate import reconcile_all
from organisation.models import AccessChange, Assignment, Body, OrgUnit, Role, User

DEMO_TODAY = datetime.date(2026, 11, 26)  # planning.demo.TODAY: the last follow-up of the demo
# Words that give away made-up text; an administration writes none of them in its plans.
FAKE = re.compile(r"\b(?:demodata|lorem|ipsum|test)\b", re.IGNORECASE)


def _history_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and any(f.name == "history_date" for f in model._meta.fields)
    ]


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--quiet-logins")


@pytest.mark.django_db
class TestSeedDemo:
    def test_second_run_changes_nothing(self, seeded):
        # Nor does the nightly job that makes access follow the mandate (organisation.mandate).
        assert reconcile_all() == 0
        assert not AccessChange.objects.exists()
        before = _counts()
        history_before = {u.pk: u.password for u in User.objects.all()}
        call_command("seed_demo", "--quiet-logins")
        assert _counts() == before
        assert {u.pk: u.password for u in User.objects.all()} == history_before

    def test_refused_in_production(self, db, settings):
        settings.PRODUCTION = True
        with pytest.raises(CommandError, match="DJANGO_ENV=production"):
            call_command("seed_demo")
        assert not OrgUnit.objects.exists()

    def test_municipality_is_data(self, seeded):
        municipality = OrgUnit.objects.get(kind=OrgUnit.Kind.MUNICIPALITY)
        assert (municipality.name, municipality.kolada_code) == ("Ånge kommun", "2260")

    def test_one_user_per_role_who_can_sign_in(self, seeded, client):
        expected = {
            "politiker": Role.POLITICIAN,
            "presidium": Role.POLITICIAN,
            "handlaggare": Role.ADMINISTRATOR,
            "planerare": Role.PLANNER,
            "ekonom": Role.FINANCE,
            "admin": Role.SYSADMIN,
        }
        for username, role in expected.items():
            user = User.objects.get(username=username)
            assert user.has_role(role), username
            response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
            assert response.status_code == 302, username
            client.post(reverse("logout"))
            # Signing in applies the mandate, and the demo's users keep what they had.
            assert User.objects.get(username=username).has_role(role), username

    def test_presidium_user_chairs_ks_now(self, seeded):
        ks = Body.objects.get(short_name="KS")
        chair = Assignment.objects.presidium(ks.pk, datetime.date(2026, 11, 26)).first()
        assert chair.role == Assignment.Role.CHAIR
        assert chair.person.user.username == "presidium"

    def test_kf_and_ks_have_members_and_presidia_both_terms(self, seeded):
        for short, seats in (("KF", 35), ("KS", 11)):
            body = Body.objects.get(short_name=short)
            for day in (datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)):
                members = Assignment.objects.active_on(day).filter(body=body, role=Assignment.Role.MEMBER)
                assert members.count() == seats, (short, day)
                assert Assignment.objects.presidium(body.pk, day).count() == 3

    def test_organisation_has_departments_units_and_two_companies(self, seeded):
        assert OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).count() >= 5
        assert OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT).exclude(cost_centre="").count() >= 15
        assert OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY).count() == 2
        assert Body.objects.filter(kind=Body.Kind.COMMITTEE, parent__short_name="KS").count() == 4

    def test_goal_chain_demo(self, seeded):
        from goals.models import AnnualGoal, MandateGoal, MandatePeriod, Vision

        assert Vision.objects.in_force().first().text.startswith("Vi är en plats för alla")
        adopted = MandatePeriod.objects.get(election_year=2022)
        assert adopted.status == "antagen"
        goals = list(MandateGoal.objects.filter(period=adopted).prefetch_related("goal_indicators"))
        assert len(goals) == 4
        assert all(5 <= len(g.goal_indicators.all()) <= 10 for g in goals)
        assert MandatePeriod.objects.get(election_year=2026).status == "utkast"
        assert AnnualGoal.objects.filter(year=2026, status="antagen").exists()
        assert AnnualGoal.objects.filter(year=2027, status="antagen").exists()

    def test_goal_chain_demo_revises_a_goal_in_june_of_the_adoption_year(self, seeded, client):
        from goals.models import MandateGoalVersion, MandatePeriod

        period = MandatePeriod.objects.select_related("decision__meeting").get(election_year=2022)
        revision = MandateGoalVersion.objects.select_related("decision__meeting__body", "goal").get(
            goal__period=period, decision__meeting__date__year=2023, decision__meeting__date__month=6
        )
        decision = revision.decision
        assert (decision.meeting.body.short_name, decision.paragraph, decision.case_number) == (
            "KF",
            58,
            "KS 23/97",
        )
        assert (revision.valid_from, revision.valid_until) == (2024, None)  # R21: the budget year 2024
        goal = revision.goal
        assert [goal.version_for(year) for year in range(2024, 2028)] == [revision] * 4
        original = goal.versions.get(decision=period.decision)  # adopted in January, kept
        assert original.valid_until < 2024
        client.force_login(User.objects.get(username="politiker"))
        html = client.get(goal.get_absolute_url(), {"ar": 2024}).content.decode()
        assert str(decision) in html
        assert "2024–2027" in html
        assert str(period.decision) in html

    def test_operational_plan_demo(self, seeded):
        from planning.models import Activity, OperationalPlan

        plan = OperationalPlan.objects.get(year=2026)
        assert plan.status == "antagen"
        assert plan.activities.filter(is_plan_activity=True).count() == 60
        assert plan.activities.filter(is_plan_activity=False).count() == 30
        today = datetime.date(2026, 11, 26)
        assert Activity.objects.late(today).filter(plan=plan, status="klar").exists()  # done late
        assert Activity.objects.late(today).filter(plan=plan).exclude(status="klar").exists()  # late
        assert Activity.objects.as_planned().filter(plan=plan).exists()
        draft = OperationalPlan.objects.get(year=2027)
        assert (draft.status, draft.rolled_over_from) == ("utkast", plan)

    def test_demo_texts_read_as_the_administrations_own(self, seeded):
        from documents import demo as documents_demo

        found = []
        for model in apps.get_models():
            if model.__name__.startswith("Historical"):
                continue
            names = [f.name for f in model._meta.fields if isinstance(f, models.CharField | models.TextField)]
            for row in model._default_manager.values("pk", *names) if names else []:
                found += [(model._meta.label, row["pk"], v) for v in row.values() if FAKE.search(str(v))]
        pdf_texts = [documents_demo.PDF_HTML, *documents_demo.PURPOSES.values()]
        found += [("PDF", None, text) for text in pdf_texts if FAKE.search(text)]
        assert found == []

    def test_activities_are_unique_and_carried_by_units_of_their_goals_departments(self, seeded):
        from planning.models import Activity, OperationalPlan

        for plan in OperationalPlan.objects.all():
            titles = list(plan.activities.values_list("title", flat=True))
            assert len(titles) == len(set(titles)), plan.year
        activities = Activity.objects.filter(is_plan_activity=True).select_related(
            "responsible_unit", "annual_goal", "responsible"
        )
        for activity in activities:
            departments = set(activity.annual_goal.departments.values_list("pk", flat=True))
            assert activity.responsible_unit.parent_id in departments, activity.title
            assert activity.description, activity.title
            assert activity.responsible, activity.title
            assert activity.responsible.email, activity.title  # so that the round's reminders reach them
        plan = OperationalPlan.objects.get(year=2026)
        statuses = set(plan.activities.values_list("status", flat=True))
        assert statuses == {"klar", "pagar", "ej_paborjad", "avbruten"}
        assert not plan.activities.exclude(status="ej_paborjad").filter(progress_comment="").exists()
        assert not plan.activities.filter(start__year__lt=2026).exists()
        assert not plan.activities.filter(completed_on__gt=DEMO_TODAY).exists()

    def test_history_is_dated_when_it_happened_by_a_demo_user(self, db):
        # Only what the seed writes: rows another test left behind are not the demo's.
        before = {
            model: model.objects.order_by("-history_id").values_list("history_id", flat=True).first() or 0
            for model in _history_models()
        }
        call_command("seed_demo", "--quiet-logins")
        for model, mark in before.items():
            records = model.objects.filter(history_id__gt=mark)
            assert not records.filter(history_user=None).exists(), model.__name__
            late = records.filter(history_date__date__gt=DEMO_TODAY).values_list("history_date", flat=True)
            assert list(late[:3]) == [], model.__name__  # not the day seed_demo ran

    def test_goals_history_is_dated_at_their_decisions(self, seeded):
        from goals.models import AnnualGoal, MandatePeriod

        for goal in AnnualGoal.objects.filter(status="antagen").select_related("decision__meeting"):
            decided = goal.decision.meeting.date
            records = goal.history.order_by("history_date", "history_id")
            assert records.first().history_type == "+"
            assert records.first().history_date.date() < decided, goal
            adopted = records.filter(status="antagen").first()
            assert adopted.history_date.date() == decided, goal
            assert {r.history_user.username for r in records} == {"planerare"}
        period = MandatePeriod.objects.select_related("decision__meeting").get(election_year=2022)
        adopted = period.history.filter(status="antagen").order_by("history_date").first()
        assert adopted.history_date.date() == period.decision.meeting.date == datetime.date(2023, 1, 30)

    def test_plan_and_activity_history_follow_the_plan_year(self, seeded):
        from budget.models import BudgetVersion
        from planning.models import OperationalPlan

        plan = OperationalPlan.objects.select_related("decision__meeting").get(year=2026)
        adopted_on = plan.decision.meeting.date
        assert (
            plan.history.filter(status="antagen").earliest("history_date").history_date.date() == adopted_on
        )
        for activity in plan.activities.all():
            records = list(activity.history.order_by("history_date", "history_id"))
            created, latest = records[0], records[-1]
            if activity.is_plan_activity:
                assert created.history_date.date() < adopted_on, activity.title
            else:  # the units' own, added after the plan was adopted (R14)
                assert created.history_date.date() > adopted_on, activity.title
            assert [r.history_date for r in records] == sorted(r.history_date for r in records)
            if activity.completed_on:
                assert latest.history_date.date() == activity.completed_on, activity.title
            in_scope = activity.responsible_unit.parent.cost_centre == "1200"
            assert latest.history_user.username == ("handlaggare" if in_scope else "planerare")
        for version in BudgetVersion.objects.select_related("decision__meeting").exclude(decision=None):
            records = version.history.all()
            assert {r.history_user.username for r in records} == {"ekonom"}
            adopted = records.filter(status="antagen").order_by("history_date").first()
            assert adopted.history_date.date() == version.decision.meeting.date

    def test_followup_rounds_demo(self, seeded):
        """The 2026 tertial and interim reports are filled and adopted as a municipality would (issue 13)."""
        from followup import progress
        from followup.models import ControlResult, GoalAssessment, Report, ReportKind

        reports = {r.kind: r for r in Report.objects.filter(year=2026).exclude(kind=ReportKind.ECONOMY)}
        tertial, interim = reports[ReportKind.TERTIAL], reports[ReportKind.INTERIM]
        assert tertial.is_adopted
        assert interim.is_adopted
        assert tertial.decision.meeting.date.month == 6
        assert interim.decision.meeting.date.month == 10
        assert reports[ReportKind.ANNUAL].is_draft
        assert progress.round_progress(tertial).units_missing == []
        missing = progress.round_progress(interim).units_missing
        assert [entry.unit.cost_centre for entry in missing] == ["1540"]
        deviating = GoalAssessment.objects.filter(report__year=2026).exclude(deviation_reason="")
        assert deviating.count() == 2
        assert all(a.verdict != a.proposal for a in deviating)
        assert not GoalAssessment.objects.filter(analysis="").exists()
        # The proposal's basis is kept in the words the planners read: Swedish.
        assert all("aktivitet" in a.proposal_basis or "nyckeltal" in a.proposal_basis for a in deviating)
        with_deviation = ControlResult.objects.filter(report__year=2026, deviation_found=True)
        assert with_deviation.count() == 1
        result = with_deviation.get()
        assert result.actions
        assert result.action_responsible
        # R28: every control of the adopted plan at both reports.
        for report in (tertial, interim):
            assert report.control_results.count() == progress.round_controls(report).count() > 0
        for text in GoalAssessment.objects.values_list("analysis", flat=True):
            assert not FAKE.search(text)
