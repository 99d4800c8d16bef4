"""Goal assessments in a round (R13, R28, R29): who assesses, what a save needs, the page, the export."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from followup import assessments, rounds
from followup.models import GoalAssessment, InputOverride, Report, ReportKind, Verdict
from goals.models import MandateGoal
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from planning.models import ActivityStatus
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    MeetingFactory,
    OrgUnitFactory,
    PlanFactory,
    body_named,
    kf_decision,
    ks_decision,
)

YEAR = 2026
ON_TIME = datetime.date(YEAR, 9, 30)
# After the tertial report's cut-off (30 April); with no KS meeting in the wheel, input stays open.
IN_THE_TERTIAL_ROUND = datetime.datetime(YEAR, 5, 6, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _in_the_tertial_round():
    with time_machine.travel(IN_THE_TERTIAL_ROUND, tick=False):
        yield


def the_round(kind: str = ReportKind.TERTIAL) -> Report:
    return next(r for r in rounds.ensure_rounds(body_named("KS"), YEAR) if r.kind == kind)


def plan():
    return PlanFactory(
        year=YEAR, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 24))
    )


def kf_goal() -> MandateGoal:
    period = MandatePeriodFactory(election_year=2022, status=AdoptionStatus.ADOPTED, decision=kf_decision())
    return MandateGoalFactory(period=period)


def ks_goal(*, department=None, mandate=None, done: int = 2, open_: int = 1):
    """An adopted KS goal whose proposal at the tertial report is achieved (2 of 3 done as planned)."""
    goal = AnnualGoalFactory(
        year=YEAR,
        adopted=True,
        departments=[department or OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)],
        mandate_goals=[mandate] if mandate else None,
    )
    the_plan = plan()
    for _ in range(done):
        ActivityFactory(plan=the_plan, annual_goal=goal, status=ActivityStatus.DONE, completed_on=ON_TIME)
    for _ in range(open_):
        ActivityFactory(plan=the_plan, annual_goal=goal, status=ActivityStatus.IN_PROGRESS)
    return goal


def index_url(kind: str = ReportKind.TERTIAL) -> str:
    return reverse("followup:assessments", args=[YEAR, kind])


def ks_url(goal, kind: str = ReportKind.TERTIAL) -> str:
    return reverse("followup:assess_annual_goal", args=[YEAR, kind, goal.pk])


def kf_url(goal, kind: str = ReportKind.TERTIAL) -> str:
    return reverse("followup:assess_mandate_goal", args=[YEAR, kind, goal.pk])


def form(
    verdict: str = Verdict.ACHIEVED,
    *,
    version: int = 1,
    reason: str = "",
    analysis: str = "Två av tre klara.",
) -> dict:
    return {"verdict": verdict, "analysis": analysis, "deviation_reason": reason, "version": version}


def assess(goal, actor, **overrides) -> GoalAssessment:
    data = {
        "report": the_round(),
        "annual_goal": goal,
        "expected_version": 1,
        "verdict": Verdict.ACHIEVED,
        "analysis": "Två av tre aktiviteter är klara.",
        "deviation_reason": "",
        "actor": actor,
    }
    return assessments.goal_assess(**(data | overrides))


def text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
class TestSettingAnAssessment:
    def test_r28_deviation_needs_a_reason(self, client, planner):
        goal = ks_goal()
        with pytest.raises(ValidationError) as refused:
            assess(goal, planner, verdict=Verdict.PARTLY)
        assert set(refused.value.error_dict) == {"deviation_reason"}
        client.force_login(planner)
        response = client.post(ks_url(goal), form(Verdict.PARTLY))
        assert response.status_code == 200
        assert 'id="id_deviation_reason_error"' in text(response)
        assert not GoalAssessment.objects.exists()

        response = client.post(ks_url(goal), form(Verdict.PARTLY, reason="En aktivitet är försenad."))
        assert response.status_code == 302
        entry = GoalAssessment.objects.get()
        assert (entry.proposal, entry.verdict, entry.deviates) == (Verdict.ACHIEVED, Verdict.PARTLY, True)
        page = text(client.get(index_url()))
        assert gettext("Deviates from the proposal") in page
        assert "En aktivitet är försenad." in page

    def test_r28_analysis_is_required(self, planner):
        with pytest.raises(ValidationError) as refused:
            assess(ks_goal(), planner, analysis="  ")
        assert set(refused.value.error_dict) == {"analysis"}

    def test_r13_proposal_is_recomputed_server_side(self, client, planner):
        goal = ks_goal()
        client.force_login(planner)
        forged = form(Verdict.NOT_ASSESSABLE, reason="") | {
            "proposal": Verdict.NOT_ASSESSABLE,
            "proposal_basis": "x",
        }
        response = client.post(ks_url(goal), forged)
        # The posted proposal is ignored: the real one (achieved) makes "cannot be assessed" a deviation.
        assert response.status_code == 200
        assert 'id="id_deviation_reason_error"' in text(response)
        deviating = form(Verdict.PARTLY, reason="Försenad.") | {"proposal": Verdict.PARTLY}
        assert client.post(ks_url(goal), deviating).status_code == 302
        entry = GoalAssessment.objects.get()
        assert entry.proposal == Verdict.ACHIEVED
        assert entry.proposal_basis.startswith("2")
        assert entry.deviates

    def test_r13_proposal_is_the_one_at_save_time(self, planner):
        goal = ks_goal()
        entry = assess(goal, planner)
        # An activity is reported as not done in the round after the first save: the proposal moves.
        report = the_round()
        first_done = goal.activities.filter(status=ActivityStatus.DONE).first()
        report.activity_reports.create(activity=first_done, status=ActivityStatus.IN_PROGRESS)
        with pytest.raises(ValidationError) as refused:
            assess(goal, planner, expected_version=entry.version)
        assert set(refused.value.error_dict) == {"deviation_reason"}
        entry = assess(goal, planner, expected_version=entry.version, verdict=Verdict.PARTLY)
        assert (entry.proposal, entry.deviates) == (Verdict.PARTLY, False)

    def test_r28_locked_round_refuses(self, client, planner):
        goal = ks_goal()
        Report.objects.filter(pk=the_round().pk).update(input_override=InputOverride.CLOSED)
        refusal = gettext(
            "The round is locked: input has closed. A planner or finance can reopen it, with a reason."
        )
        with pytest.raises(ValidationError, match="locked|låst"):
            assess(goal, planner)
        client.force_login(planner)
        response = client.get(ks_url(goal))
        assert 'id="assessment-form"' not in text(response)
        response = client.post(ks_url(goal), form())
        assert response.status_code == 200
        assert refusal in text(response)
        assert not GoalAssessment.objects.exists()

    def test_r28_round_before_its_cut_off_refuses(self, planner):
        goal = ks_goal()
        with pytest.raises(ValidationError):
            assess(goal, planner, report=the_round(ReportKind.INTERIM))

    def test_history_keeps_who_and_when(self, client, planner):
        goal = ks_goal()
        entry = assess(goal, planner)
        assess(goal, planner, expected_version=entry.version, analysis="Ny analys.")
        entry.refresh_from_db()
        records = list(entry.history.order_by("history_date"))
        assert len(records) == 2
        assert {r.history_user for r in records} == {planner}
        assert entry.entered_by == planner
        assert entry.entered_at is not None
        assert records[-1].analysis == "Ny analys."
        client.force_login(planner)
        page = text(client.get(ks_url(goal)))
        assert gettext("History") in page
        assert str(planner) in page

    def test_stale_form_is_refused_and_nothing_is_overwritten(self, client, planner, administrator):
        department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        administrator.units.add(department)
        goal = ks_goal(department=department)
        client.force_login(planner)
        assert client.post(ks_url(goal), form(analysis="Planerarens analys.")).status_code == 302
        client.force_login(administrator)
        # Read before the planner's save (version 1): refused, the page shows both values.
        response = client.post(ks_url(goal), form(analysis="Avdelningens analys."))
        assert response.status_code == 200
        assert gettext("Somebody else saved this while you were editing.") in text(response)
        assert GoalAssessment.objects.get().analysis == "Planerarens analys."

    def test_two_first_assessments_at_once_are_a_conflict(self, planner, monkeypatch):
        goal = ks_goal()
        assess(goal, planner)
        # The other save ran between this one's look-up and its insert: the unique constraint decides.
        monkeypatch.setattr(assessments, "_existing_pk", lambda *args: None)
        with pytest.raises(assessments.EditConflict):
            assess(goal, planner, analysis="Samtidigt.")
        assert GoalAssessment.objects.get().analysis == "Två av tre aktiviteter är klara."


@pytest.mark.django_db
class TestWhoAssesses:
    def test_department_head_assesses_own_departments_goal_not_anothers(self, client, administrator):
        own = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        administrator.units.add(own)
        mine, theirs = ks_goal(department=own), ks_goal()
        client.force_login(administrator)
        assert client.post(ks_url(mine), form()).status_code == 302
        assert client.post(ks_url(theirs), form()).status_code == 403
        page = client.get(ks_url(theirs))
        assert page.status_code == 200
        assert 'id="assessment-form"' not in text(page)
        assert 'id="assessment-form"' in text(client.get(ks_url(mine)))
        with pytest.raises(ValidationError):
            assess(theirs, administrator)
        assert list(GoalAssessment.objects.values_list("annual_goal", flat=True)) == [mine.pk]

    def test_a_sub_units_administrator_is_not_the_department_head(self, administrator):
        department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        administrator.units.add(OrgUnitFactory(parent=department))
        goal = ks_goal(department=department)
        assert not assessments.may_assess(administrator, goal)

    def test_kf_goals_are_the_planners(self, client, planner, administrator, finance):
        goal = kf_goal()
        department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT)
        administrator.units.add(department)
        ks_goal(department=department, mandate=goal)
        for user in (administrator, finance):
            client.force_login(user)
            assert client.post(kf_url(goal), form(Verdict.NOT_ASSESSABLE)).status_code == 403
        client.force_login(planner)
        assert client.post(kf_url(goal), form(Verdict.NOT_ASSESSABLE)).status_code == 302
        entry = GoalAssessment.objects.get()
        assert (entry.mandate_goal, entry.annual_goal) == (goal, None)

    def test_politician_reads_a_proposed_round_and_may_not_post(self, client, politician):
        goal = ks_goal()
        client.force_login(politician)
        # A draft round is not the politicians' to read.
        assert client.get(index_url()).status_code == 404
        Report.objects.filter(pk=the_round().pk).update(status=AdoptionStatus.PROPOSAL)
        assert client.get(index_url()).status_code == 200
        page = client.get(ks_url(goal))
        assert page.status_code == 200
        assert 'id="assessment-form"' not in text(page)
        assert client.post(ks_url(goal), form()).status_code == 403
        assert not GoalAssessment.objects.exists()

    def test_a_goal_outside_the_round_is_404(self, client, planner):
        draft = AnnualGoalFactory(year=YEAR)
        other_year = AnnualGoalFactory(year=YEAR + 1, adopted=True)
        client.force_login(planner)
        for goal in (draft, other_year):
            assert client.get(ks_url(goal)).status_code == 404
            assert client.post(ks_url(goal), form()).status_code == 404


@pytest.mark.django_db
class TestPages:
    def test_index_shows_proposal_basis_and_the_assumption(self, client, planner):
        mandate = kf_goal()
        goal = ks_goal(mandate=mandate)
        assess(goal, planner)
        client.force_login(planner)
        page = text(client.get(index_url()))
        assert goal.title in page
        assert str(mandate) in page
        assert 'id="proposal-assumption"' in page
        assert Verdict.ACHIEVED.symbol in page
        assert str(Verdict.ACHIEVED.label) in page
        assert str(planner) in page
        assert '<th scope="col">' in page
        assert "<caption" in page
        assert ks_url(goal) in page
        assert kf_url(mandate) in page

    def test_r29_annual_report_asks_for_results_and_analysis(self, client, planner):
        goal = ks_goal()
        with time_machine.travel(datetime.datetime(YEAR + 1, 1, 10, 10, tzinfo=datetime.UTC), tick=False):
            client.force_login(planner)
            page = text(client.get(ks_url(goal, ReportKind.ANNUAL)))
        assert gettext("Results and analysis") in page
        assert gettext("Results and analysis") not in text(client.get(ks_url(goal)))

    def test_economy_round_assesses_no_goals(self, client, planner):
        goal = ks_goal()
        MeetingFactory(body=body_named("KS"), date=datetime.date(YEAR, 6, 15))
        client.force_login(planner)
        page = client.get(index_url("ekonomi-2026-06-15"))
        assert page.status_code == 200
        assert goal.title not in text(page)
        assert client.get(ks_url(goal, "ekonomi-2026-06-15")).status_code == 404

    def test_index_queries_do_not_grow_with_goals(self, client, planner, django_assert_num_queries):
        def make(count: int) -> None:
            for _ in range(count):
                mandate = kf_goal()
                goal = ks_goal(mandate=mandate)
                assess(goal, planner, expected_version=None)

        make(1)
        client.force_login(planner)
        client.get(index_url())  # the rounds are created on the first visit
        # session, user, the user's roles; KS, its meetings of the year, its rounds; the wheel's
        # dates; the municipality's Kolada code; KS goals (with plan_adopted), their
        # plan activities, departments, KF goals, indicator links; KF goals in force (with their period),
        # their versions, indicator links; the round's activity reports; its assessments (with who set
        # them); the municipality's name in the page's title (context processor)
        with django_assert_num_queries(19):
            assert client.get(index_url()).status_code == 200
        make(4)
        with django_assert_num_queries(19):
            assert client.get(index_url()).status_code == 200


@pytest.mark.django_db
class TestExport:
    def test_export_opens_with_openpyxl(self, client, planner):
        mandate = kf_goal()
        goal = ks_goal(mandate=mandate)
        assess(goal, planner, verdict=Verdict.PARTLY, deviation_reason="Försenad aktivitet.")
        client.force_login(planner)
        response = client.get(reverse("followup:assessments_export", args=[YEAR, ReportKind.TERTIAL]))
        assert response.status_code == 200
        assert "tertial-2026-bedomningar.xlsx" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == (gettext("Number"), gettext("Goal"), gettext("KF goal"), gettext("Proposal"))
        assert len(rows) == 3  # header, the KF goal, the KS goal
        ks_row = rows[2]
        assert ks_row[1] == goal.title
        assert ks_row[2] == str(mandate)
        assert ks_row[5] == str(Verdict.PARTLY.label)
        assert ks_row[6] == "Försenad aktivitet."
        assert ks_row[8] == str(planner)
        assert isinstance(ks_row[9], datetime.datetime)

    def test_export_follows_who_reads_the_round(self, client, politician):
        ks_goal()
        client.force_login(politician)
        url = reverse("followup:assessments_export", args=[YEAR, ReportKind.TERTIAL])
        assert client.get(url).status_code == 404
