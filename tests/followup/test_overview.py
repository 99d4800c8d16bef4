"""The follow-up overview (/uppfoljning/<year>/) and its drill-downs: what a round shows, in which order,
what changed since the previous round, who reads which round, and a constant number of queries."""

import datetime
import html
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from followup import rounds
from followup.models import ActivityReport, ControlResult, GoalAssessment, Report, ReportKind, Verdict
from organisation.lifecycle import AdoptionStatus
from planning.models import Activity, ActivityStatus
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    ControlFactory,
    InternalControlPlanFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    OrgUnitFactory,
    PlanFactory,
    body_named,
    kf_decision,
    ks_decision,
)

NOW = datetime.datetime(2026, 9, 20, 9, tzinfo=datetime.UTC)
YEAR = 2026
PLANNED_END = datetime.date(
    2026, 6, 30
)  # after the tertial's cut-off (30 April), before the delår's (31 August)


@pytest.fixture(autouse=True)
def _september_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def year_url(slug: str | None = None) -> str:
    url = reverse("followup:year", args=[YEAR])
    return f"{url}?omgang={slug}" if slug else url


class Year:
    """KS's adopted goals and plan for 2026 under one KF goal, a unit, the rounds and a control."""

    def __init__(self, *, per_goal: int = 2, goals: int = 2, planner=None):
        self.actor = planner
        self.ks = body_named("KS")
        period = MandatePeriodFactory(status=AdoptionStatus.ADOPTED, decision=kf_decision())
        self.kf = MandateGoalFactory(
            period=period, version__title="Ett hållbart Ånge", version__valid_from=2024
        )
        self.plan = PlanFactory(
            status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 20))
        )
        self.unit = OrgUnitFactory(name="Kultur och fritid")
        self.goals = [
            AnnualGoalFactory(year=YEAR, adopted=True, mandate_goals=[self.kf], title=f"KS-mål {n + 1}")
            for n in range(goals)
        ]
        self.rounds = {r.kind: r for r in rounds.ensure_rounds(self.ks, YEAR)}
        self.tertial = self.rounds[ReportKind.TERTIAL]
        self.interim = self.rounds[ReportKind.INTERIM]
        control_plan = InternalControlPlanFactory(
            year=YEAR, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 12, 2))
        )
        self.control = ControlFactory(plan=control_plan, process="Attest och delegation")
        self.add_activities(per_goal)

    def add_activities(self, per_goal: int) -> None:
        """`per_goal` more activities per goal, each reported in both rounds (in progress, not late)."""
        for goal in self.goals:
            for _ in range(per_goal):
                activity = ActivityFactory(
                    plan=self.plan, annual_goal=goal, responsible_unit=self.unit, planned_end=PLANNED_END
                )
                self.report(self.tertial, activity, ActivityStatus.IN_PROGRESS)
                self.report(self.interim, activity, ActivityStatus.DONE, datetime.date(2026, 6, 1))

    def report(self, report, activity, status, completed_on=None, comment="") -> ActivityReport:
        entry, _created = ActivityReport.objects.update_or_create(
            report=report,
            activity=activity,
            defaults={
                "status": status,
                "completed_on": completed_on,
                "comment": comment,
                "entered_by": self.actor,
            },
        )
        return entry

    def assess(self, report, goal, verdict) -> GoalAssessment:
        return GoalAssessment.objects.create(
            report=report,
            annual_goal=goal,
            proposal=verdict,
            verdict=verdict,
            analysis="Analys.",
            entered_by=self.actor,
        )

    def publish(self, report, status) -> None:
        report.status = status
        report.decision = ks_decision(datetime.date(2026, 6, 8)) if status == AdoptionStatus.ADOPTED else None
        report.save()


@pytest.mark.django_db
class TestYearOverview:
    def test_index_sends_to_the_current_year(self, client, politician):
        client.force_login(politician)
        assert client.get(reverse("followup:index")).url == year_url()

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(year_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_r24_queries_do_not_grow_with_activities(self, client, planner, django_assert_num_queries):
        year = Year(per_goal=2, planner=planner)
        year.assess(year.tertial, year.goals[0], Verdict.PARTLY)
        year.assess(year.interim, year.goals[0], Verdict.ACHIEVED)
        ControlResult.objects.create(
            report=year.interim, control=year.control, performed=True, result="Utan fel."
        )
        client.force_login(planner)
        # session, user, the user's roles; KS, its meetings of the year, its rounds (ensure_rounds);
        # the wheel's dates of the year; the KS goals (with plan_adopted), their
        # plan activities, their indicator links, their KF goals, the KF goals' versions, the KF goals'
        # indicator links; the two rounds' reports of the plan's activities, the round's activities
        # counted (in total, reported, late), its first late activities, the two rounds'
        # goal assessments, the round's control results, the round's controls counted; the
        # municipality's Kolada code; the municipality's name (the base template); the economy beside
        # them (economy.figures.round_economy): the rounds' imports in force, the units, the
        # distribution, the round's import in force, its forecasts and its summary (6); the companies
        # beside KS's administration (economy.companies.round_companies): the companies, the key
        # figures asked for (2; their goals and reports are not asked for when there is no company)
        with django_assert_num_queries(29):
            response = client.get(year_url("delar"))
        assert response.status_code == 200
        assert Activity.objects.count() == 4
        year.add_activities(20)
        assert Activity.objects.count() == 44
        with django_assert_num_queries(29):
            response = client.get(year_url("delar"))
        assert response.status_code == 200

    def test_r29_the_companies_are_shown_beside_ks_administration(self, client, planner):
        from economy.models import CompanyReport
        from organisation.models import OrgUnit

        year = Year(per_goal=1, planner=planner)
        company = OrgUnitFactory(name="Ångebostäder AB", kind=OrgUnit.Kind.COMPANY, parent=None)
        CompanyReport.objects.create(
            report=year.interim, company=company, result_to_date=1_200_000, forecast=-300_000
        )
        client.force_login(planner)
        page = client.get(year_url("delar")).content.decode()
        section = page.split('id="bolag"')[1].split("</section>")[0]
        assert "Ångebostäder AB" in section
        assert "⚠" in section  # the loss, by symbol and words

    def test_r28_deviations_come_first(self, client, planner):
        year = Year(per_goal=2, planner=planner)
        late = ActivityFactory(
            plan=year.plan,
            annual_goal=year.goals[1],
            responsible_unit=year.unit,
            planned_end=PLANNED_END,
            title="Ny simhall",
        )
        year.report(year.interim, late, ActivityStatus.IN_PROGRESS, comment="Väntar på bygglov.")
        year.assess(year.interim, year.goals[0], Verdict.NOT_ACHIEVED)
        ControlResult.objects.create(
            report=year.interim,
            control=year.control,
            performed=True,
            result="Två fel.",
            deviation_found=True,
            deviations="Två fakturor attesterade av fel person.",
            actions="Utbildning i attest.",
            action_responsible="Ekonomichef",
        )
        client.force_login(planner)
        page = text(client.get(year_url("delar")))
        deviations = page[page.index('id="deviations-heading"') : page.index('id="chain-heading"')]
        assert page.index('id="deviations-heading"') < page.index('id="chain-heading"')
        assert "KS-mål 1" in deviations  # assessed not achieved
        assert "KS-mål 2" not in deviations.split('id="late-heading"')[0]
        assert "Ny simhall" in deviations
        assert "Väntar på bygglov." in deviations
        assert "Två fakturor attesterade av fel person." in deviations
        assert pgettext("assessment", "Not achieved") in deviations

    def test_r13_goal_not_yet_assessed_is_listed_by_its_proposal(self, client, planner):
        year = Year(per_goal=2, planner=planner)
        # At the delår every activity of goal 1 is reported done in time: achieved; goal 2's are late.
        for activity in Activity.objects.filter(annual_goal=year.goals[1]):
            year.report(year.interim, activity, ActivityStatus.IN_PROGRESS)
        client.force_login(planner)
        page = text(client.get(year_url("delar")))
        deviations = page[page.index('id="goal-deviations-heading"') : page.index('id="late-heading"')]
        assert "KS-mål 2" in deviations
        assert "KS-mål 1" not in deviations
        assert gettext("not assessed yet; proposed") in deviations

    def test_r28_change_since_the_previous_round(self, client, planner):
        year = Year(per_goal=0, planner=planner)
        goal = year.goals[0]
        becomes_late, becomes_done = (
            ActivityFactory(
                plan=year.plan,
                annual_goal=goal,
                responsible_unit=year.unit,
                planned_end=PLANNED_END,
                title=title,
            )
            for title in ("Blir försenad", "Blir klar")
        )
        for activity in (becomes_late, becomes_done):
            year.report(year.tertial, activity, ActivityStatus.IN_PROGRESS)
        year.report(year.interim, becomes_late, ActivityStatus.IN_PROGRESS)
        year.report(year.interim, becomes_done, ActivityStatus.DONE, datetime.date(2026, 6, 1))
        year.assess(year.tertial, goal, Verdict.PARTLY)
        year.assess(year.interim, goal, Verdict.NOT_ACHIEVED)
        client.force_login(planner)
        page = text(client.get(year_url("delar")))
        chain = page[page.index('id="chain-heading"') :]
        assert gettext("Became late: %(title)s") % {"title": "Blir försenad"} in chain
        assert gettext("Became done: %(title)s") % {"title": "Blir klar"} in chain
        changed = chain[chain.index('class="overview-changes"') :]
        partly, not_achieved = (
            pgettext("assessment", "Partly achieved"),
            pgettext("assessment", "Not achieved"),
        )
        assert changed.index(partly) < changed.index(not_achieved)
        assert "1 av 2" in chain or gettext("%(done)s of %(total)s done") % {"done": 1, "total": 2} in chain
        # The tertial has nothing before it.
        assert gettext("No previous round to compare with") in text(client.get(year_url("tertial")))

    def test_activity_not_reported_is_said_so(self, client, planner):
        year = Year(per_goal=0, planner=planner)
        ActivityFactory(plan=year.plan, annual_goal=year.goals[0], responsible_unit=year.unit)
        client.force_login(planner)
        page = text(client.get(year_url("delar")))
        assert gettext("Not reported") in page

    def test_others_get_the_latest_round_whose_cut_off_has_passed(self, client, planner):
        Year(per_goal=1, planner=planner)
        client.force_login(planner)
        page = text(client.get(year_url()))
        assert str(Report.objects.get(kind=ReportKind.INTERIM)) in page
        assert 'aria-current="page"' in page

    def test_the_economy_rounds_are_not_overview_rounds(self, client, planner):
        Year(per_goal=1, planner=planner)
        client.force_login(planner)
        assert client.get(year_url("ekonomi-2026-03-02")).status_code == 404


@pytest.mark.django_db
class TestPoliticians:
    def test_r28_politician_sees_no_draft_round(self, client, politician, planner):
        year = Year(per_goal=1, planner=planner)
        year.publish(year.tertial, AdoptionStatus.ADOPTED)
        client.force_login(politician)
        assert client.get(year_url("delar")).status_code == 404
        assert client.get(year_url("ar")).status_code == 404
        page = text(client.get(year_url()))
        assert str(year.tertial) in page
        assert str(year.interim) not in page
        assert client.get(reverse("followup:overview_export", args=[YEAR, "delar"])).status_code == 404

    def test_r28_politician_gets_the_latest_proposed_or_adopted_round(self, client, politician, planner):
        year = Year(per_goal=1, planner=planner)
        year.publish(year.tertial, AdoptionStatus.ADOPTED)
        year.publish(year.interim, AdoptionStatus.PROPOSAL)
        client.force_login(politician)
        page = text(client.get(year_url()))
        assert f"<h1>{gettext('Follow-up: %(name)s') % {'name': year.interim}}</h1>" in page

    def test_politician_without_a_readable_round_is_told_plainly(self, client, politician, planner):
        Year(per_goal=1, planner=planner)
        client.force_login(politician)
        response = client.get(year_url())
        assert response.status_code == 200
        assert "overview-rounds" not in text(response)
        assert 'class="empty"' in text(response)

    def test_politician_is_not_offered_the_entry_pages(self, client, politician, planner):
        year = Year(per_goal=1, planner=planner)
        year.publish(year.tertial, AdoptionStatus.ADOPTED)
        client.force_login(politician)
        page = text(client.get(year_url()))
        assert reverse("followup:assessments", args=[YEAR, "tertial"]) not in page
        assert reverse("followup:activity_reports", args=[YEAR, "tertial"]) not in page
        client.force_login(planner)
        assert reverse("followup:assessments", args=[YEAR, "tertial"]) in text(
            client.get(year_url("tertial"))
        )


@pytest.mark.django_db
class TestDrillDowns:
    def urls(self, year, slug="delar"):
        activity = Activity.objects.filter(annual_goal=year.goals[0]).first()
        return {
            "goal": reverse("followup:goal", args=[YEAR, slug, year.goals[0].pk]),
            "unit": reverse("followup:unit", args=[YEAR, slug, year.unit.pk]),
            "activity": reverse("followup:activity", args=[YEAR, slug, activity.pk]),
        }

    def test_goal_shows_proposal_assessment_activities_and_history(self, client, planner):
        year = Year(per_goal=2, planner=planner)
        year.assess(year.tertial, year.goals[0], Verdict.PARTLY)
        assessment = year.assess(year.interim, year.goals[0], Verdict.ACHIEVED)
        client.force_login(planner)
        page = text(client.get(self.urls(year)["goal"]))
        assert assessment.analysis in page
        assert str(year.tertial) in page
        assert str(year.interim) in page
        assert pgettext("assessment", "Partly achieved") in page
        assert Activity.objects.filter(annual_goal=year.goals[0]).first().title in page

    def test_unit_lists_its_activities_and_the_missing_ones(self, client, planner):
        year = Year(per_goal=1, planner=planner)
        ActivityFactory(plan=year.plan, annual_goal=year.goals[0], responsible_unit=year.unit, title="Saknas")
        client.force_login(planner)
        page = text(client.get(self.urls(year)["unit"]))
        assert "Saknas" in page
        assert gettext("Not reported") in page

    def test_activity_shows_its_reports_across_the_rounds_and_its_live_status(self, client, planner):
        year = Year(per_goal=1, planner=planner)
        client.force_login(planner)
        url = self.urls(year)["activity"]
        activity = Activity.objects.filter(annual_goal=year.goals[0]).first()
        page = text(client.get(url))
        assert str(ActivityStatus.IN_PROGRESS.label) in page
        assert str(ActivityStatus.DONE.label) in page
        assert reverse("planning:activity", args=[activity.pk]) in page

    def test_r24_drill_downs_of_a_draft_round_are_not_the_politicians(self, client, politician, planner):
        year = Year(per_goal=1, planner=planner)
        year.publish(year.tertial, AdoptionStatus.ADOPTED)
        client.force_login(politician)
        for url in self.urls(year, "delar").values():
            assert client.get(url).status_code == 404
        for url in self.urls(year, "tertial").values():
            assert client.get(url).status_code == 200

    def test_r24_objects_outside_the_round_are_not_found(self, client, planner):
        year = Year(per_goal=1, planner=planner)
        draft_goal = AnnualGoalFactory(year=YEAR)
        other_year = AnnualGoalFactory(year=YEAR - 1, adopted=True)
        draft_plan_activity = ActivityFactory(plan=PlanFactory(year=YEAR + 1))
        client.force_login(planner)
        for pk in (draft_goal.pk, other_year.pk):
            assert client.get(reverse("followup:goal", args=[YEAR, "delar", pk])).status_code == 404
        assert (
            client.get(reverse("followup:activity", args=[YEAR, "delar", draft_plan_activity.pk])).status_code
            == 404
        )
        assert client.get(reverse("followup:unit", args=[YEAR, "delar", 999999])).status_code == 404
        assert client.get(reverse("followup:goal", args=[YEAR, "ingen", year.goals[0].pk])).status_code == 404


@pytest.mark.django_db
class TestExport:
    def test_export_opens_with_openpyxl(self, client, planner):
        year = Year(per_goal=2, planner=planner)
        year.assess(year.tertial, year.goals[0], Verdict.PARTLY)
        year.assess(year.interim, year.goals[0], Verdict.ACHIEVED)
        client.force_login(planner)
        response = client.get(reverse("followup:overview_export", args=[YEAR, "delar"]))
        assert response.status_code == 200
        assert 'filename="uppfoljning-2026-delar-oversikt.xlsx"' in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:2] == (gettext("KF goal"), gettext("KS goal"))
        assert len(rows) == 3
        first = rows[1]
        assert first[0] == "Ett hållbart Ånge"
        assert first[1] == "KS-mål 1"
        assert first[3] == f"✓ {pgettext('assessment', 'Achieved')}"
        assert (first[4], first[5], first[6]) == (2, 2, 0)
        assert pgettext("assessment", "Partly achieved") in first[7]
