"""seed_demo builds the demo municipality, changes nothing the second time, and refuses production."""

import datetime

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from organisation.demo import DEMO_PASSWORD
from organisation.models import Assignment, Body, OrgUnit, Role, User


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--quiet-logins")


@pytest.mark.django_db
class TestSeedDemo:
    def test_second_run_changes_nothing(self, seeded):
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
