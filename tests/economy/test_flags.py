"""The deviations KS alerts KF to (R30): raised from a round's figures, handled by finance and planners."""

import datetime
import html
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from budget.models import InvestmentAmount, InvestmentPlan, InvestmentProject
from economy import flags
from economy.models import (
    AreaForecast,
    CompanyReport,
    DeviationFlag,
    FlagKind,
    FlagState,
    InvestmentFollowup,
    InvestmentStatus,
    Outcome,
    OwnerDirectiveGoal,
    OwnerGoalAssessment,
)
from followup.models import GoalAssessment, Report, ReportKind, Verdict
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from styrmodell.concurrency import EditConflict
from tests.factories import (
    AnnualGoalFactory,
    DeviationFlagFactory,
    FrameDistributionFactory,
    OrgUnitFactory,
    OutcomeImportFactory,
    adopted_budget,
    body_named,
    kf_decision,
    ks_round,
)

# Every test runs at NOW, the clock stopped (tests/economy/conftest.py).
NOW = datetime.datetime(2026, 9, 10, 9, tzinfo=datetime.UTC)
HUNDRED_MILLION = Decimal("100000000")


def text(response) -> str:
    return html.unescape(response.content.decode())


def area(name: str = "Barn- och utbildningsavdelningen", amount: Decimal = HUNDRED_MILLION) -> OrgUnit:
    return FrameDistributionFactory(unit__name=name, amount=amount).unit


def forecast(report: Report, unit: OrgUnit, net: Decimal) -> AreaForecast:
    entry, _ = AreaForecast.objects.update_or_create(
        report=report, unit=unit, defaults={"revenue": Decimal(0), "costs": net}
    )
    return entry


def area_flags():
    return list(DeviationFlag.objects.filter(kind=FlagKind.AREA_DEFICIT))


@pytest.mark.django_db
class TestThreshold:
    def test_r30_a_deficit_of_exactly_the_kronor_threshold_is_not_flagged(self):
        report, unit = ks_round(ReportKind.INTERIM), area()
        forecast(report, unit, HUNDRED_MILLION + Decimal("500000"))
        flags.refresh(report)
        assert area_flags() == []

    def test_r30_a_deficit_a_cent_beyond_the_kronor_threshold_is_flagged(self):
        report, unit = ks_round(ReportKind.INTERIM), area()
        forecast(report, unit, HUNDRED_MILLION + Decimal("500000.01"))
        flags.refresh(report)
        (flag,) = area_flags()
        assert flag.subject == f"unit:{unit.pk}"
        assert flag.amount == Decimal("500000.01")
        assert flag.title.startswith("Barn- och utbildningsavdelningen: ")
        assert "500,0" in flag.title
        assert flag.first_report == flag.latest_report == report
        assert flag.current
        assert flag.state == FlagState.OPEN

    def test_r30_the_percent_threshold_flags_a_small_area(self):
        report = ks_round(ReportKind.INTERIM)
        at = area("Kulturavdelningen", Decimal("10000000"))
        beyond = area("Tekniska avdelningen", Decimal("10000000"))
        forecast(report, at, Decimal("10100000"))  # 1,0 %: at the threshold
        forecast(report, beyond, Decimal("10100000.01"))
        flags.refresh(report)
        assert [f.subject for f in area_flags()] == [f"unit:{beyond.pk}"]

    def test_r30_a_surplus_is_never_flagged(self):
        report, unit = ks_round(ReportKind.INTERIM), area()
        forecast(report, unit, Decimal("1"))
        flags.refresh(report)
        assert DeviationFlag.objects.count() == 0

    def test_r30_only_an_entered_forecast_is_judged_never_the_proposal(self):
        report, unit = ks_round(ReportKind.INTERIM), area()
        # The proposal (the budget, without an outcome) shows no deficit; an outcome far over the
        # budget makes the proposal a deficit, but nobody has forecast it: no flag, for the area or KS.
        outcome_import = OutcomeImportFactory(report=report, period_to=datetime.date(2026, 8, 31))
        Outcome.objects.create(
            outcome_import=outcome_import, unit=unit, category="kostnader", amount=HUNDRED_MILLION
        )
        flags.refresh(report)
        assert DeviationFlag.objects.count() == 0
        forecast(report, unit, HUNDRED_MILLION + Decimal("600000"))
        flags.refresh(report)
        assert {f.kind for f in DeviationFlag.objects.all()} == {
            FlagKind.AREA_DEFICIT,
            FlagKind.BOARD_DEFICIT,
        }

    def test_r30_the_whole_board_is_flagged_with_its_areas_summed(self):
        report = ks_round(ReportKind.INTERIM)
        one, two = area("A-avdelningen"), area("B-avdelningen")
        # Each 300 000 over: no area beyond the threshold, the board 600 000 over.
        forecast(report, one, HUNDRED_MILLION + Decimal("300000"))
        forecast(report, two, HUNDRED_MILLION + Decimal("300000"))
        flags.refresh(report)
        (flag,) = DeviationFlag.objects.all()
        assert flag.kind == FlagKind.BOARD_DEFICIT
        assert flag.subject == f"body:{body_named('KS').pk}"
        assert flag.amount == Decimal("600000")


@pytest.mark.django_db
class TestKinds:
    def test_r30_an_investment_over_its_budget_for_the_year(self):
        report = ks_round(ReportKind.INTERIM)
        plan = InvestmentPlan.objects.create(version=adopted_budget(2026))
        over = InvestmentProject.objects.create(plan=plan, name="Ny förskola", position=1)
        within = InvestmentProject.objects.create(plan=plan, name="Gata", position=2)
        for project in (over, within):
            InvestmentAmount.objects.create(project=project, year=2026, amount=Decimal("1000000"))
        InvestmentFollowup.objects.create(
            report=report, project=over, forecast=Decimal("1000000.01"), status=InvestmentStatus.ONGOING
        )
        InvestmentFollowup.objects.create(
            report=report, project=within, forecast=Decimal("1000000"), status=InvestmentStatus.ONGOING
        )
        flags.refresh(report)
        (flag,) = DeviationFlag.objects.all()
        assert (flag.kind, flag.subject) == (FlagKind.INVESTMENT_OVER, "project:Ny förskola")

    def test_r30_a_company_forecasting_a_loss_and_missing_an_owner_goal(self):
        report = ks_round(ReportKind.TERTIAL)
        company = OrgUnitFactory(name="Ånge Energi AB", kind="bolag")
        profitable = OrgUnitFactory(name="Ånge Bostäder AB", kind="bolag")
        loss = CompanyReport.objects.create(
            report=report, company=company, result_to_date=Decimal("-1"), forecast=Decimal("-0.01")
        )
        CompanyReport.objects.create(
            report=report, company=profitable, result_to_date=Decimal("1"), forecast=Decimal("0")
        )
        missed = OwnerDirectiveGoal.objects.create(company=company, text="Soliditet minst 30 %")
        met = OwnerDirectiveGoal.objects.create(company=company, text="Nöjda kunder", position=2)
        OwnerGoalAssessment.objects.create(company_report=loss, goal=missed, verdict=Verdict.NOT_ACHIEVED)
        OwnerGoalAssessment.objects.create(company_report=loss, goal=met, verdict=Verdict.ACHIEVED)
        flags.refresh(report)
        assert sorted(DeviationFlag.objects.values_list("kind", "subject")) == sorted(
            [
                (FlagKind.COMPANY_LOSS, f"company:{company.pk}"),
                (FlagKind.OWNER_GOAL_MISSED, f"ownergoal:{missed.pk}"),
            ]
        )

    def test_r30_a_goal_assessed_not_achieved(self):
        report = ks_round(ReportKind.TERTIAL)
        goal, other = AnnualGoalFactory(year=2026), AnnualGoalFactory(year=2026)
        for item, verdict in ((goal, Verdict.NOT_ACHIEVED), (other, Verdict.ACHIEVED)):
            GoalAssessment.objects.create(
                report=report, annual_goal=item, verdict=verdict, proposal=verdict, analysis="Analys."
            )
        flags.refresh(report)
        (flag,) = DeviationFlag.objects.all()
        assert (flag.kind, flag.subject) == (FlagKind.GOAL_NOT_ACHIEVED, f"ksgoal:{goal.pk}")
        assert goal.title in flag.title

    def test_r30_a_second_refresh_raises_no_duplicate(self):
        report, unit = ks_round(ReportKind.INTERIM), area()
        forecast(report, unit, HUNDRED_MILLION * 2)
        flags.refresh(report)
        flags.refresh(report)
        assert DeviationFlag.objects.count() == 2  # the area and the board
        assert DeviationFlag.history.count() == 2


@pytest.mark.django_db
class TestRounds:
    def test_r30_an_earlier_rounds_refresh_neither_clears_nor_overwrites_a_later_flag(self):
        tertial, interim, unit = ks_round(ReportKind.TERTIAL), ks_round(ReportKind.INTERIM), area()
        forecast(interim, unit, HUNDRED_MILLION + Decimal("2000000"))
        flags.refresh(interim)
        forecast(tertial, unit, HUNDRED_MILLION)  # no deficit in the earlier round
        flags.refresh(tertial)
        (flag,) = area_flags()
        assert flag.current
        assert flag.latest_report == interim
        assert flag.amount == Decimal("2000000")

    def test_r30_an_earlier_round_showing_the_deviation_becomes_its_first(self):
        tertial, interim, unit = ks_round(ReportKind.TERTIAL), ks_round(ReportKind.INTERIM), area()
        forecast(interim, unit, HUNDRED_MILLION + Decimal("2000000"))
        flags.refresh(interim)
        forecast(tertial, unit, HUNDRED_MILLION + Decimal("900000"))
        flags.refresh(tertial)
        (flag,) = area_flags()
        assert (flag.first_report, flag.latest_report, flag.amount) == (tertial, interim, Decimal("2000000"))

    def test_r30_a_deviation_gone_in_a_later_round_is_no_longer_current_and_may_return(self):
        tertial, interim, unit = ks_round(ReportKind.TERTIAL), ks_round(ReportKind.INTERIM), area()
        forecast(tertial, unit, HUNDRED_MILLION + Decimal("2000000"))
        flags.refresh(tertial)
        forecast(interim, unit, HUNDRED_MILLION)
        flags.refresh(interim)
        (flag,) = area_flags()
        assert not flag.current
        assert flag.amount == Decimal("2000000")  # the figures of the round that showed it
        forecast(interim, unit, HUNDRED_MILLION + Decimal("3000000"))
        flags.refresh(interim)
        flag.refresh_from_db()
        assert flag.current
        assert flag.amount == Decimal("3000000")

    def test_r30_a_handled_flag_keeps_its_state_when_its_figures_change(self, finance):
        report, unit = ks_round(ReportKind.INTERIM), area()
        forecast(report, unit, HUNDRED_MILLION + Decimal("2000000"))
        flags.refresh(report)
        flag = area_flags()[0]
        handle(flag, finance, comment="Åtgärdsplan beslutad.")
        forecast(report, unit, HUNDRED_MILLION + Decimal("2500000"))
        flags.refresh(report)
        flag.refresh_from_db()
        assert flag.state == FlagState.HANDLED
        assert flag.amount == Decimal("2500000")

    def test_r30_a_round_without_a_companys_report_leaves_its_flag(self):
        tertial, interim = ks_round(ReportKind.TERTIAL), ks_round(ReportKind.INTERIM)
        company = OrgUnitFactory(name="Ånge Energi AB", kind="bolag")
        CompanyReport.objects.create(
            report=tertial, company=company, result_to_date=Decimal("-1"), forecast=Decimal("-5")
        )
        flags.refresh(tertial)
        flags.refresh(interim)  # the company has not reported in the interim round yet
        assert DeviationFlag.objects.get().current

    def test_r30_the_refresh_runs_a_constant_number_of_queries(self):
        report = ks_round(ReportKind.INTERIM)
        units = [area(f"Avdelning {n}") for n in range(3)]
        for unit in units:
            forecast(report, unit, HUNDRED_MILLION * 2)
        flags.refresh(report)
        with CaptureQueriesContext(connection) as small:
            flags.refresh(report)
        units += [area(f"Fler {n}") for n in range(27)]
        for unit in units:
            forecast(report, unit, HUNDRED_MILLION * 3)
        with CaptureQueriesContext(connection) as large:
            flags.refresh(report)
        # Ten times the areas: only the writes are added, the new flags' insert and its history, the
        # changed flags' update and its history.
        assert len(large) == len(small) + 4


def handle(flag, actor, *, state=FlagState.HANDLED, comment="", decision=None, version=None):
    return flags.flag_handle(
        flag_id=flag.pk,
        year=flag.year,
        expected_version=version or flag.version,
        state=state,
        comment=comment,
        decision=decision,
        actor=actor,
    )


@pytest.mark.django_db
class TestHandling:
    def test_r30_handled_needs_a_comment(self, finance):
        flag = DeviationFlagFactory()
        with pytest.raises(ValidationError) as error:
            handle(flag, finance, comment="  ")
        assert "comment" in error.value.error_dict

    def test_r30_reported_needs_a_kf_decision(self, planner):
        flag = DeviationFlagFactory()
        with pytest.raises(ValidationError) as error:
            handle(flag, planner, state=FlagState.REPORTED)
        assert "decision" in error.value.error_dict

    def test_r30_reported_with_a_decision_of_kf(self, planner):
        flag = DeviationFlagFactory()
        decision = kf_decision(datetime.date(2026, 10, 5))
        saved = handle(flag, planner, state=FlagState.REPORTED, decision=decision)
        assert (saved.state, saved.decision, saved.handled_by, saved.version) == (
            FlagState.REPORTED,
            decision,
            planner,
            2,
        )
        assert saved.history.first().history_user == planner

    def test_r30_a_decision_of_kf_from_before_the_year_is_refused(self, planner):
        flag = DeviationFlagFactory()
        with pytest.raises(ValidationError):
            handle(flag, planner, state=FlagState.REPORTED, decision=kf_decision(datetime.date(2025, 12, 1)))

    def test_a_flag_handled_meanwhile_is_refused(self, finance, planner):
        flag = DeviationFlagFactory()
        handle(flag, finance, comment="Hanterad av ekonomen.")
        with pytest.raises(ValidationError, match="redan hanterad|already handled"):
            handle(flag, planner, comment="Samtidigt.", version=1)
        flag.refresh_from_db()
        assert flag.comment == "Hanterad av ekonomen."

    def test_a_stale_version_is_a_conflict(self, finance):
        flag = DeviationFlagFactory()
        with pytest.raises(EditConflict):
            handle(flag, finance, comment="Läst i en äldre version.", version=7)
        flag.refresh_from_db()
        assert flag.state == FlagState.OPEN

    def test_other_roles_may_not_handle(self, politician, administrator, sysadmin):
        flag = DeviationFlagFactory()
        for user in (politician, administrator, sysadmin):
            with pytest.raises(PermissionDenied):
                handle(flag, user, comment="Nej.")


def index_url(year: int = 2026) -> str:
    return reverse("economy:flags", args=[year])


def flag_url(flag) -> str:
    return reverse("economy:flag", args=[flag.year, flag.pk])


def test_the_address_reaches_the_flags_page():
    assert resolve("/uppfoljning/2026/avvikelser/").view_name == "economy:flags"


@pytest.mark.django_db
class TestPages:
    def test_the_page_lists_open_flags_first(self, client, finance):
        DeviationFlagFactory(title="Öppen avvikelse")
        handled = DeviationFlagFactory(title="Hanterad avvikelse")
        handle(handled, finance, comment="Klart.")
        client.force_login(finance)
        page = text(client.get(index_url()))
        assert page.index("Öppen avvikelse") < page.index("Hanterad avvikelse")

    def test_r30_finance_marks_a_flag_handled_without_js(self, client, finance):
        flag = DeviationFlagFactory()
        client.force_login(finance)
        response = client.post(flag_url(flag), {"state": "hanterad", "comment": "Åtgärd.", "version": 1})
        assert response.status_code == 302
        flag.refresh_from_db()
        assert flag.state == FlagState.HANDLED

    def test_r30_htmx_gets_the_card_back(self, client, planner):
        flag = DeviationFlagFactory()
        client.force_login(planner)
        response = client.post(
            flag_url(flag),
            {"state": "hanterad", "comment": "Åtgärd.", "version": 1},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        page = text(response)
        assert f'id="avvikelse-{flag.pk}"' in page
        assert "<html" not in page

    def test_a_missing_comment_is_shown_next_to_the_field(self, client, finance):
        flag = DeviationFlagFactory()
        client.force_login(finance)
        response = client.post(flag_url(flag), {"state": "hanterad", "comment": "", "version": 1})
        assert response.status_code == 200
        assert f'id="avvikelse-{flag.pk}-comment_error"' in text(response)

    def test_a_stale_post_shows_the_conflict(self, client, finance, planner):
        flag = DeviationFlagFactory()
        handle(flag, planner, comment="Först.")
        client.force_login(finance)
        response = client.post(flag_url(flag), {"state": "hanterad", "comment": "Sen.", "version": 1})
        flag.refresh_from_db()
        assert flag.comment == "Först."
        assert response.status_code == 302  # already handled: told, nothing saved

    @pytest.mark.parametrize("role", ["politician", "administrator", "sysadmin"])
    def test_others_post_is_forbidden(self, client, request, role):
        flag = DeviationFlagFactory()
        client.force_login(request.getfixturevalue(role))
        response = client.post(flag_url(flag), {"state": "hanterad", "comment": "X", "version": 1})
        assert response.status_code == 403
        flag.refresh_from_db()
        assert flag.state == FlagState.OPEN

    def test_r30_a_politician_sees_no_flag_from_a_draft_round(self, client, politician):
        draft = ks_round(ReportKind.INTERIM)
        proposed = ks_round(ReportKind.TERTIAL)
        Report.objects.filter(pk=proposed.pk).update(status=AdoptionStatus.PROPOSAL)
        DeviationFlagFactory(first_report=draft, title="Från utkastet")
        shown = DeviationFlagFactory(first_report=proposed, title="Från förslaget")
        client.force_login(politician)
        page = text(client.get(index_url()))
        assert "Från förslaget" in page
        assert "Från utkastet" not in page
        assert client.get(flag_url(shown)).status_code == 200
        hidden = DeviationFlag.objects.get(title="Från utkastet")
        assert client.get(flag_url(hidden)).status_code == 404

    def test_the_list_runs_a_constant_number_of_queries(self, client, finance, django_assert_num_queries):
        report = ks_round(ReportKind.INTERIM)
        DeviationFlagFactory(first_report=report, title="Första")
        client.force_login(finance)
        client.get(index_url())
        # session, user, roles, the flags with their rounds, decisions and handlers, the municipality's
        # name (base.html)
        with django_assert_num_queries(5) as small:
            client.get(index_url())
        for n in range(10):
            handle(DeviationFlagFactory(first_report=report, title=f"Flagga {n}"), finance, comment="Ok.")
        with django_assert_num_queries(len(small.captured_queries)):
            client.get(index_url())

    def test_the_export(self, client, politician):
        proposed = ks_round(ReportKind.TERTIAL)
        Report.objects.filter(pk=proposed.pk).update(status=AdoptionStatus.PROPOSAL)
        DeviationFlagFactory(first_report=proposed, title="Exporterad")
        client.force_login(politician)
        response = client.get(reverse("economy:flags_export", args=[2026]))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet["B2"].value == "Exporterad"

    def test_a_year_out_of_range_is_not_found(self, client, finance):
        client.force_login(finance)
        assert client.get(index_url(1900)).status_code == 404


@pytest.mark.django_db
class TestGoalAssessmentHook:
    def test_r30_assessing_a_goal_not_achieved_raises_its_flag_and_a_new_assessment_clears_it(self, planner):
        from tests.followup.test_assessments import assess, ks_goal

        goal = ks_goal()
        assess(goal, planner, verdict=Verdict.NOT_ACHIEVED, deviation_reason="Budgeten räckte inte.")
        flag = DeviationFlag.objects.get(kind=FlagKind.GOAL_NOT_ACHIEVED)
        assert flag.subject == f"ksgoal:{goal.pk}"
        assert flag.current
        assess(goal, planner, expected_version=2, verdict=Verdict.ACHIEVED)
        flag.refresh_from_db()
        assert not flag.current
