"""The investment report of a round (R25, R30): the figures, the one write, the pages and the export."""

import datetime
import html
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from budget.models import BudgetVersion, InvestmentAmount, InvestmentPlan, InvestmentProject
from economy import flags as economy_flags
from economy.investments import investment_save, round_investments
from economy.models import ImportStatus, InvestmentFollowup, InvestmentStatus, OutcomeImport, ProjectOutcome
from followup import entries
from followup.models import InputOverride, Report, ReportKind
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting, Role
from styrmodell.concurrency import EditConflict
from tests.factories import (
    BudgetVersionFactory,
    OutcomeImportFactory,
    UserFactory,
    adopted_budget,
    body_named,
    kf_decision,
    ks_decision,
    ks_round,
)

# 10 May 2026: the tertial round (cut-off 30 April) is open; the wheel has no KS meeting, so it stays open.
# Every test runs at NOW, the clock stopped (tests/economy/conftest.py).
NOW = datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 10)


def text(response) -> str:
    return html.unescape(response.content.decode())


def make_plan(version: BudgetVersion, projects: dict[str, str | None], *, year: int = 2026) -> InvestmentPlan:
    """An investment plan with projects by name and their amount (kronor) for the year; None: no amount."""
    plan = InvestmentPlan.objects.create(version=version)
    for position, (name, amount) in enumerate(projects.items(), start=1):
        project = InvestmentProject.objects.create(plan=plan, name=name, position=position)
        if amount is not None:
            InvestmentAmount.objects.create(project=project, year=year, amount=Decimal(amount))
        InvestmentAmount.objects.create(project=project, year=year + 1, amount=Decimal("999"))
    return plan


def confirmed_import(report: Report, actor, outcomes: dict[str, str]) -> OutcomeImport:
    imported = OutcomeImportFactory(
        report=report, file="economy/imports/2026/bokslut.se", file_name="bokslut.se", imported_by=actor
    )
    for name, amount in outcomes.items():
        ProjectOutcome.objects.create(outcome_import=imported, project=name, amount=Decimal(amount))
    return imported


def project_named(name: str) -> InvestmentProject:
    return InvestmentProject.objects.get(name=name)


def save(
    report, project, actor, *, forecast="1000000", version=None, status=InvestmentStatus.ONGOING, comment=""
):
    return investment_save(
        report=report,
        project=project,
        forecast=Decimal(forecast),
        status=status,
        comment=comment,
        expected_version=version,
        actor=actor,
        today=TODAY,
    )


def index_url(report: Report) -> str:
    return reverse("economy:investments", args=[report.year, report.slug])


def row_url(report: Report, project) -> str:
    return reverse("economy:investment", args=[report.year, report.slug, project.pk])


def export_url(report: Report) -> str:
    return reverse("economy:investments_export", args=[report.year, report.slug])


def form_data(**overrides) -> dict:
    return {"forecast": "1 500", "status": InvestmentStatus.ONGOING, "comment": "", "version": ""} | overrides


@pytest.fixture
def plan(db):
    return make_plan(
        adopted_budget(2026),
        {"Skola Ånge": "10000000", "Gata Centrum": "2000000", "Reningsverk": "500000", "Utan belopp": None},
    )


@pytest.mark.django_db
class TestFigures:
    def test_r25_budget_outcome_forecast_and_deviation_on_decimals(self, plan, finance):
        report = ks_round()
        confirmed_import(
            report, finance, {"Skola Ånge": "3333333.33", "gata  centrum": "100.10", "Okänt": "42"}
        )
        save(report, project_named("Skola Ånge"), finance, forecast="10000000.01")
        save(report, project_named("Gata Centrum"), finance, forecast="1500000.50")
        result = round_investments(report)
        rows = {row.project.name: row for row in result.rows}
        assert [row.project.name for row in result.rows] == [
            "Skola Ånge",
            "Gata Centrum",
            "Reningsverk",
            "Utan belopp",
        ]
        school, street, plant, empty = (
            rows[n] for n in ("Skola Ånge", "Gata Centrum", "Reningsverk", "Utan belopp")
        )
        # The year's amount only, never the next year's; a project without one has a budget of zero.
        assert (school.budget, empty.budget) == (Decimal("10000000.00"), Decimal(0))
        # Outcome matched by name, case and spacing aside; none → None (shown as a dash).
        assert (school.outcome, street.outcome, plant.outcome) == (
            Decimal("3333333.33"),
            Decimal("100.10"),
            None,
        )
        assert school.deviation == Decimal("-0.01")
        assert school.over_budget
        assert school.deviation_percent == Decimal("-0.0")
        assert street.deviation == Decimal("499999.50")
        assert street.deviation_percent == Decimal("25.0")
        assert not street.over_budget
        # Not entered: the budget is proposed, the deviation is zero.
        assert plant.forecast_is_proposed
        assert plant.forecast == Decimal("500000.00")
        assert plant.deviation == 0
        assert empty.deviation_percent is None
        assert not empty.over_budget
        assert result.total_budget == Decimal("12500000.00")
        assert result.total_outcome == Decimal("3333433.43")
        assert result.total_forecast == Decimal("12000000.51")
        assert result.total_deviation == Decimal("499999.49")
        assert result.total_deviation_percent == Decimal("4.0")
        assert [row.project.name for row in result.over_budget] == ["Skola Ånge"]
        assert [line.project for line in result.unmatched] == ["Okänt"]

    def test_r25_without_an_import_every_outcome_is_missing(self, plan):
        result = round_investments(ks_round())
        assert result.outcome_import is None
        assert all(row.outcome is None for row in result.rows)
        assert result.total_outcome is None

    def test_r25_an_import_not_yet_confirmed_is_not_the_outcome(self, plan, finance):
        report = ks_round()
        imported = confirmed_import(report, finance, {"Skola Ånge": "5"})
        imported.status = ImportStatus.PREVIEW
        imported.save()
        assert all(row.outcome is None for row in round_investments(report).rows)

    def test_r25_proposal_is_the_latest_earlier_rounds_forecast_else_the_budget(self, plan):
        ks = body_named("KS")
        Meeting.objects.create(body=ks, date=datetime.date(2026, 3, 10))
        Meeting.objects.create(body=ks, date=datetime.date(2026, 4, 14))
        march = ks_round(ReportKind.ECONOMY, meeting_date=datetime.date(2026, 3, 10))
        april = ks_round(ReportKind.ECONOMY, meeting_date=datetime.date(2026, 4, 14))
        interim = ks_round(ReportKind.INTERIM)
        school = project_named("Skola Ånge")

        def entry(report, forecast, status=InvestmentStatus.ONGOING):
            InvestmentFollowup.objects.create(
                report=report, project=school, forecast=Decimal(forecast), status=status
            )

        entry(april, "11000000", InvestmentStatus.POSTPONED)
        entry(march, "9000000")
        entry(interim, "1")  # later in the year: never a proposal for the tertial
        row = next(r for r in round_investments(ks_round()).rows if r.project == school)
        assert row.forecast_is_proposed
        assert row.forecast == Decimal("11000000.00")
        assert row.proposed_status == InvestmentStatus.POSTPONED
        assert row.proposal_basis == gettext("The previous round's forecast.")
        assert row.over_budget  # a proposal over the budget is over budget too
        # The first round of the year has no earlier forecast: it proposes the budget, shows its own entry.
        march_row = next(r for r in round_investments(march).rows if r.project == school)
        assert march_row.proposal == Decimal("10000000.00")
        assert march_row.forecast == Decimal("9000000.00")
        # The tertial (30 April) comes after the April meeting: the interim round would propose its forecast.
        InvestmentFollowup.objects.create(
            report=ks_round(), project=school, forecast=Decimal("12"), status="pagar"
        )
        interim_row = next(r for r in round_investments(interim).rows if r.project == school)
        assert interim_row.forecast == Decimal("1.00")  # its own entry
        assert interim_row.proposal == Decimal("12.00")  # the tertial's, the latest before it
        assert not interim_row.forecast_is_proposed

    def test_r25_proposal_follows_the_project_name_into_a_recalculated_plan(self, plan):
        report = ks_round()
        Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 4, 14))
        april = ks_round(ReportKind.ECONOMY)
        InvestmentFollowup.objects.create(
            report=april, project=project_named("Reningsverk"), forecast=Decimal("750000"), status="pagar"
        )
        recalculation = BudgetVersionFactory(
            budget=plan.version.budget,
            kind=BudgetVersion.Kind.RECALCULATION,
            status=AdoptionStatus.ADOPTED,
            decision=kf_decision(datetime.date(2025, 11, 24)),
        )
        make_plan(recalculation, {"Reningsverk": "600000", "Nytt projekt": "1"})
        result = round_investments(report)
        assert result.version == recalculation
        assert [row.project.name for row in result.rows] == ["Reningsverk", "Nytt projekt"]
        assert result.rows[0].budget == Decimal("600000.00")
        assert result.rows[0].forecast == Decimal("750000.00")
        assert result.rows[0].over_budget

    def test_a_draft_version_is_not_in_force_over_an_adopted_one(self, plan):
        draft = BudgetVersionFactory(budget=plan.version.budget, status=AdoptionStatus.DRAFT)
        make_plan(draft, {"Utkast": "1"})
        assert [row.project.name for row in round_investments(ks_round()).rows][0] == "Skola Ånge"

    def test_no_budget_or_no_plan(self):
        report = ks_round()
        result = round_investments(report)
        assert (result.budget, result.plan, result.rows) == (None, None, [])
        adopted_budget(2026)
        result = round_investments(report)
        assert result.budget is not None
        assert result.plan is None


@pytest.mark.django_db
class TestSave:
    def test_r25_finance_enters_and_history_names_the_actor(self, plan, finance):
        report = ks_round()
        entry = save(
            report, project_named("Gata Centrum"), finance, forecast="2500000", comment="  Dyrare asfalt "
        )
        assert (entry.forecast, entry.comment, entry.version, entry.entered_by) == (
            Decimal("2500000.00"),
            "Dyrare asfalt",
            1,
            finance,
        )
        save(report, project_named("Gata Centrum"), finance, forecast="2400000", version=1)
        entry.refresh_from_db()
        assert (entry.forecast, entry.version) == (Decimal("2400000.00"), 2)
        assert [h.history_user for h in entry.history.all()] == [finance, finance]

    def test_r30_the_deviations_are_refreshed_in_the_same_save(self, plan, finance, monkeypatch):
        refreshed = []
        monkeypatch.setattr(
            economy_flags, "refresh", lambda report, *sources, actor=None: refreshed.append(report.pk)
        )
        report = ks_round()
        save(report, project_named("Reningsverk"), finance)
        assert refreshed == [report.pk]

    def test_the_save_and_its_refresh_are_one_transaction(self, plan, finance, monkeypatch):
        """A refresh that fails takes the save with it (the service is atomic: its lock on the round needs
        a transaction of its own, as a request outside ATOMIC_REQUESTS gives it none)."""

        def fail(report, *sources, actor=None):
            raise RuntimeError("the refresh failed")

        monkeypatch.setattr(economy_flags, "refresh", fail)
        with pytest.raises(RuntimeError):
            save(ks_round(), project_named("Reningsverk"), finance)
        assert not InvestmentFollowup.objects.exists()

    @pytest.mark.parametrize(
        "role", ["politician", "planner", "administrator", "sysadmin", "company_reporter"]
    )
    def test_only_finance_enters(self, plan, request, role):
        with pytest.raises(ValidationError):
            save(ks_round(), project_named("Reningsverk"), request.getfixturevalue(role))
        assert not InvestmentFollowup.objects.exists()

    @pytest.mark.parametrize("forecast", ["-1", "-0.01", "10000000000000", "1.001"])
    def test_a_negative_or_impossible_forecast_is_refused(self, plan, finance, forecast):
        with pytest.raises(ValidationError):
            save(ks_round(), project_named("Reningsverk"), finance, forecast=forecast)
        assert not InvestmentFollowup.objects.exists()

    def test_a_project_outside_the_rounds_plan_is_refused(self, plan, finance):
        other = make_plan(adopted_budget(2027), {"Nästa år": "1"}, year=2027).projects.get()
        with pytest.raises(ValidationError):
            save(ks_round(), other, finance)

    @pytest.mark.parametrize("state", ["closed", "adopted", "proposed", "not_open"])
    def test_r25_a_round_without_input_refuses(self, client, plan, finance, state):
        report = ks_round()
        if state == "closed":
            report.input_override = InputOverride.CLOSED
        elif state == "adopted":
            report.status, report.decision = AdoptionStatus.ADOPTED, ks_decision(datetime.date(2026, 6, 2))
        elif state == "proposed":
            report.status = AdoptionStatus.PROPOSAL
        else:
            report = ks_round(ReportKind.INTERIM)
        report.save()
        project = project_named("Reningsverk")
        with pytest.raises(ValidationError):
            save(report, project, finance)
        client.force_login(finance)
        response = client.post(row_url(report, project), form_data())
        assert response.status_code == 200
        assert 'class="form-errors"' in text(response)
        assert not InvestmentFollowup.objects.exists()
        assert row_url(report, project) not in text(client.get(index_url(report)))
        # Asking for the form of a locked round goes back to the table, saying why.
        response = client.get(row_url(report, project), follow=True)
        assert response.redirect_chain[-1][0] == index_url(report)
        response = client.get(row_url(report, project), headers={"HX-Request": "true"})
        assert 'role="alert"' in text(response)
        assert "<form" not in text(response)

    def test_stale_version_is_a_conflict_and_nothing_is_overwritten(self, client, plan, finance):
        other = UserFactory(role=Role.FINANCE)
        report = ks_round()
        project = project_named("Gata Centrum")
        save(report, project, finance, forecast="1000")
        save(report, project, other, forecast="2000", version=1)
        with pytest.raises(EditConflict):
            save(report, project, finance, forecast="3000", version=1)
        # A first entry read before somebody else's save is a conflict too.
        with pytest.raises(EditConflict):
            save(report, project, finance, forecast="4000", version=None)
        client.force_login(finance)
        response = client.post(row_url(report, project), form_data(forecast="5 000", version="1"))
        assert response.status_code == 200
        page = text(response)
        assert gettext("Somebody else saved this while you were editing.") in page
        assert 'value="5 000"' in page
        entry = InvestmentFollowup.objects.get()
        assert (entry.forecast, entry.version) == (Decimal("2000.00"), 2)

    def test_race_on_the_first_entry_is_a_conflict(self, plan, finance, monkeypatch):
        report = ks_round()
        project = project_named("Reningsverk")
        save(report, project, finance, forecast="1")
        monkeypatch.setattr(entries, "existing_pk", lambda queryset, lookup: None)
        with pytest.raises(EditConflict):
            save(report, project, finance, forecast="2")
        assert InvestmentFollowup.objects.get().forecast == Decimal("1.00")


@pytest.mark.django_db
class TestPages:
    def test_r25_the_table_shows_figures_proposals_and_over_budget_in_words(self, client, plan, finance):
        report = ks_round()
        confirmed_import(report, finance, {"Skola Ånge": "3000000", "Okänt projekt": "42000"})
        save(report, project_named("Skola Ånge"), finance, forecast="12000000", comment="Fördyrning")
        client.force_login(finance)
        page = text(client.get(index_url(report)))
        assert "12\u00a0000,0\u00a0tkr" in page
        assert "3\u00a0000,0\u00a0tkr" in page
        assert "\u22122\u00a0000,0\u00a0tkr" in page  # the deviation, minus sign
        assert "−20,0 %" in page or "-20,0 %" in page
        assert gettext("over budget") in page
        assert "▲" in page
        assert gettext("proposed") in page or "föreslagen" in page
        assert "Okänt projekt" in page  # the note on an outcome no project matches
        assert "Fördyrning" in page
        assert "<caption" in page
        assert 'th scope="row"' in page
        assert row_url(report, project_named("Reningsverk")) in page

    def test_without_a_budget_the_page_says_so_and_links_the_budget(self, client, finance):
        client.force_login(finance)
        page = text(client.get(index_url(ks_round())))
        assert 'id="no-investment-plan"' in page
        assert reverse("budget:index") in page
        version = adopted_budget(2026)
        page = text(client.get(index_url(ks_round())))
        assert 'id="no-investment-plan"' in page
        assert version.get_absolute_url() in page

    def test_finance_edits_a_row_with_htmx_and_without(self, client, plan, finance):
        report = ks_round()
        project = project_named("Reningsverk")
        client.force_login(finance)
        hx = {"HX-Request": "true"}
        form_row = text(client.get(row_url(report, project), headers=hx))
        assert form_row.lstrip().startswith("<tr")
        assert 'data-hx-post="' in form_row
        assert 'value="500"' in form_row  # the proposal, in tkr
        row = text(
            client.post(row_url(report, project), form_data(forecast="600,5", comment="Ny pump"), headers=hx)
        )
        assert row.lstrip().startswith("<tr")
        assert "Ny pump" in row
        assert gettext("over budget") in row
        assert 'id="investment-totals"' in row
        assert 'id="investment-summary"' in row
        entry = InvestmentFollowup.objects.get()
        assert entry.forecast == Decimal("600500.00")
        assert entry.entered_by == finance
        # Without JavaScript: a page of its own, a save goes back to the table.
        page = text(client.get(row_url(report, project)))
        assert "<h1>" in page
        assert 'name="version" value="1"' in page
        response = client.post(row_url(report, project), form_data(forecast="400", version="1"))
        assert response.status_code == 302
        assert response.url.startswith(index_url(report))
        entry.refresh_from_db()
        assert entry.forecast == Decimal("400000.00")
        back = text(client.get(row_url(report, project) + "?visa=rad", headers=hx))
        assert back.lstrip().startswith("<tr")
        assert "<form" not in back

    @pytest.mark.parametrize("forecast", ["-5", "abc", "1.5", "", "99999999999"])
    def test_bad_forecast_is_a_swedish_message_next_to_the_field(self, client, plan, finance, forecast):
        client.force_login(finance)
        report = ks_round()
        response = client.post(row_url(report, project_named("Reningsverk")), form_data(forecast=forecast))
        assert response.status_code == 200
        assert 'class="field__errors"' in text(response)
        assert not InvestmentFollowup.objects.exists()

    def test_a_bad_status_is_refused(self, client, plan, finance):
        client.force_login(finance)
        response = client.post(
            row_url(ks_round(), project_named("Reningsverk")), form_data(status="klar<script>")
        )
        assert response.status_code == 200
        assert 'class="field__errors"' in text(response)
        assert not InvestmentFollowup.objects.exists()

    @pytest.mark.parametrize(
        "role", ["politician", "planner", "administrator", "sysadmin", "company_reporter"]
    )
    def test_roles_that_do_not_enter_read_and_get_403(self, client, request, plan, role):
        report = ks_round()
        report.status = AdoptionStatus.PROPOSAL  # politicians read proposed rounds only
        report.save()
        project = project_named("Reningsverk")
        client.force_login(request.getfixturevalue(role))
        page = client.get(index_url(report))
        assert page.status_code == 200
        assert "Skola Ånge" in text(page)
        assert row_url(report, project) not in text(page)
        assert client.get(export_url(report)).status_code == 200
        assert client.get(row_url(report, project)).status_code == 403
        assert client.post(row_url(report, project), form_data()).status_code == 403
        assert not InvestmentFollowup.objects.exists()

    def test_politician_does_not_read_a_draft_round(self, client, plan, politician):
        client.force_login(politician)
        report = ks_round()
        assert client.get(index_url(report)).status_code == 404
        assert client.get(export_url(report)).status_code == 404

    def test_visitor_is_sent_to_sign_in(self, client, plan):
        report = ks_round()
        for url in (index_url(report), export_url(report), row_url(report, project_named("Reningsverk"))):
            response = client.get(url)
            assert response.status_code == 302
            assert "next=" in response.url

    def test_a_project_not_in_the_rounds_plan_is_404(self, client, plan, finance):
        other = make_plan(adopted_budget(2027), {"Nästa år": "1"}, year=2027).projects.get()
        client.force_login(finance)
        report = ks_round()
        assert client.get(row_url(report, other)).status_code == 404
        assert client.post(row_url(report, other), form_data()).status_code == 404
        big = reverse("economy:investment", args=[2026, report.slug, 2**40])
        assert client.get(big).status_code == 404
        assert not InvestmentFollowup.objects.exists()

    def test_queries_do_not_grow_with_projects(self, client, finance, django_assert_num_queries):
        # session, user, the user's roles, KS, the rounds of the year (meetings, reports), the wheel's
        # dates; the budget's versions, the plan, its projects with the year's amounts, the import in
        # force, its project outcomes, the year's entries; the municipality's name (layout).
        version = adopted_budget(2026)
        report = ks_round()
        names = [f"Projekt {n}" for n in range(30)]
        make_plan(version, {name: "1000" for name in names[:3]})
        confirmed_import(report, finance, {name: "10" for name in names[:3]})
        for name in names[:2]:
            save(report, project_named(name), finance)
        client.force_login(finance)
        with django_assert_num_queries(14) as first:
            assert client.get(index_url(report)).status_code == 200
        plan = InvestmentPlan.objects.get()
        for position, name in enumerate(names[3:], start=4):
            project = InvestmentProject.objects.create(plan=plan, name=name, position=position)
            InvestmentAmount.objects.create(project=project, year=2026, amount=Decimal("1000"))
            ProjectOutcome.objects.create(outcome_import=OutcomeImport.objects.get(), project=name, amount=1)
            save(report, project, finance)
        with django_assert_num_queries(len(first.captured_queries)):
            assert client.get(index_url(report)).status_code == 200


@pytest.mark.django_db
class TestExport:
    def test_export_opens_in_openpyxl_with_the_values(self, client, plan, finance):
        report = ks_round()
        confirmed_import(report, finance, {"Skola Ånge": "3000000.50"})
        save(report, project_named("Skola Ånge"), finance, forecast="12000000", comment='=HYPERLINK("x")')
        client.force_login(finance)
        response = client.get(export_url(report))
        assert response.status_code == 200
        assert 'filename="tertialrapport-2026-investeringar.xlsx"' in response["Content-Disposition"]
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == gettext("Project")
        assert "2026" in rows[0][1]
        school = rows[1]
        assert school[0] == "Skola Ånge"
        assert Decimal(str(school[1])) == Decimal("10000000")
        assert Decimal(str(school[2])) == Decimal("3000000.5")
        assert Decimal(str(school[3])) == Decimal("12000000")
        assert school[4] == gettext("No")
        assert Decimal(str(school[5])) == Decimal("-2000000")
        assert Decimal(str(school[6])) == Decimal("-20")
        assert school[7] == gettext("Yes")
        assert school[8] == str(InvestmentStatus.ONGOING.label)
        assert school[10] == '=HYPERLINK("x")'  # text, never a formula
        assert sheet.cell(row=2, column=11).data_type == "s"
        plant = rows[3]
        assert plant[2] is None
        assert plant[4] == gettext("Yes")
        total = rows[-1]
        assert total[0] == gettext("Total")
        assert Decimal(str(total[1])) == Decimal("12500000")
        assert Decimal(str(total[3])) == Decimal("14500000")

    def test_an_economy_rounds_file_is_named_by_its_meeting(self, client, plan, finance):
        Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 3, 10))
        report = ks_round(ReportKind.ECONOMY)
        client.force_login(finance)
        response = client.get(export_url(report))
        assert (
            'filename="ekonomisk-uppfoljning-2026-03-10-investeringar.xlsx"'
            in response["Content-Disposition"]
        )
