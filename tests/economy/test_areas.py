"""A round's economy per activity area (R25, R30): the arithmetic of economy.figures, the page for each
role, finance's forecast and summary (locks, conflicts, refusals), the export, the chart, the overview."""

import datetime
import html
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext

from budget.models import InvestmentAmount, InvestmentPlan, InvestmentProject
from economy import figures
from economy.charts import economy_chart
from economy.figures import Figures, deficit_flagged, percent, round_economy
from economy.forecasts import forecast_save, summary_save
from economy.models import AreaForecast, Category, CompanyReport, EconomySummary, Outcome, OutcomeImport
from followup.models import InputOverride, Report, ReportKind
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting, OrgUnit
from styrmodell.concurrency import EditConflict
from tests.factories import (
    FrameDistributionFactory,
    OrgUnitFactory,
    OutcomeImportFactory,
    UserFactory,
    adopted_budget,
    body_named,
    ks_round,
)

QUERIES = 27

# 10 May 2026: the tertial round (cut-off 30 April) is open; the wheel has no KS meeting, so it stays open.
# Every test runs at NOW, the clock stopped (tests/economy/conftest.py).
NOW = datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 10)
D = Decimal


def text(response) -> str:
    return html.unescape(response.content.decode())


def department(name: str = "Socialförvaltningen") -> OrgUnit:
    return OrgUnitFactory(name=name, kind=OrgUnit.Kind.DEPARTMENT)


def area(name: str, dept: OrgUnit, *, net: str = "10000000", revenue: str = "2000000") -> OrgUnit:
    unit = OrgUnitFactory(name=name, parent=dept)
    FrameDistributionFactory(unit=unit, amount=D(net), revenue=D(revenue))
    return unit


def outcome(report: Report, actor, rows: dict, *, through=datetime.date(2026, 4, 30)) -> OutcomeImport:
    """An import in force with revenue and costs per unit: {unit: (revenue, costs)}."""
    imported = OutcomeImportFactory(
        report=report,
        file="economy/imports/2026/april.se",
        file_name="april.se",
        imported_by=actor,
        period_to=through,
    )
    for unit, (revenue, costs) in rows.items():
        Outcome.objects.create(
            outcome_import=imported, unit=unit, category=Category.REVENUE, amount=D(revenue)
        )
        Outcome.objects.create(outcome_import=imported, unit=unit, category=Category.COSTS, amount=D(costs))
    return imported


def page_url(report: Report) -> str:
    return reverse("economy:round", args=[report.year, report.slug])


def forecast_url(report: Report, unit) -> str:
    return reverse("economy:forecast", args=[report.year, report.slug, unit.pk])


def save(report, unit, actor, *, revenue="2000000", costs="12000000", version=None, comment=""):
    return forecast_save(
        report=report,
        unit=unit,
        revenue=D(revenue),
        costs=D(costs),
        comment=comment,
        expected_version=version,
        actor=actor,
        today=TODAY,
    )


# The arithmetic (economy.figures), on decimals


class TestArithmetic:
    def test_r25_percent_to_one_decimal_of_the_whole(self):
        assert percent(D("-123456"), D("10000000")) == D("-1.2")
        assert percent(D("50"), D("-1000")) == D("5.0")  # against the size of the whole
        assert percent(D("1"), D("0")) is None

    def test_r25_net_and_deviation_in_kronor_and_percent(self):
        budget = Figures(D("2000000.00"), D("12000000.00"))
        assert budget.net == D("10000000.00")
        assert (budget + Figures(D("1.50"), D("0.25"))).net == D("9999998.75")

    @override_settings(ECONOMY_DEFICIT_THRESHOLD_KRONOR="500000", ECONOMY_DEFICIT_THRESHOLD_PERCENT="")
    def test_r30_a_deficit_at_the_limit_is_not_flagged_a_cent_more_is(self):
        budget = D("1000000000")
        assert not deficit_flagged(D("-500000.00"), budget)
        assert deficit_flagged(D("-500000.01"), budget)
        assert not deficit_flagged(D("-499999.99"), budget)
        assert not deficit_flagged(D("900000"), budget)  # a surplus is never flagged

    @override_settings(ECONOMY_DEFICIT_THRESHOLD_KRONOR="", ECONOMY_DEFICIT_THRESHOLD_PERCENT="1.0")
    def test_r30_the_percent_limit_of_the_budget(self):
        budget = D("10000000")
        assert not deficit_flagged(D("-100000.00"), budget)
        assert deficit_flagged(D("-100000.01"), budget)
        assert not deficit_flagged(D("-100000.01"), D("0"))  # no budget, no share of it

    @override_settings(ECONOMY_DEFICIT_THRESHOLD_KRONOR="500000", ECONOMY_DEFICIT_THRESHOLD_PERCENT="1,0")
    def test_r30_either_limit_flags(self):
        assert deficit_flagged(D("-200000"), D("10000000"))  # 2 % but under 500 000 kr
        assert deficit_flagged(D("-600000"), D("1000000000"))  # 0.06 % but over 500 000 kr
        assert not deficit_flagged(D("-200000"), D("100000000"))

    @override_settings(ECONOMY_DEFICIT_THRESHOLD_KRONOR="", ECONOMY_DEFICIT_THRESHOLD_PERCENT="")
    def test_r30_both_limits_off_flag_nothing(self):
        assert not deficit_flagged(D("-999999999"), D("1000"))

    def test_r25_the_proposal_previous_forecast_else_outcome_plus_budget_left_else_budget(self):
        budget = Figures(D("1200000"), D("13200000"))
        only_budget, basis = figures._proposal(budget, None, D(4) / D(12), None)
        assert only_budget == budget
        assert basis == gettext("The budget, until an outcome is imported.")
        to_date = Figures(D("500000"), D("4000000"))
        proposal, _basis = figures._proposal(budget, to_date, D(4) / D(12), None)
        # Four months gone: the outcome plus eight twelfths of the budget.
        assert proposal == Figures(D("1300000.00"), D("12800000.00"))
        earlier = Figures(D("1"), D("2"))  # the previous round's forecast
        assert figures._proposal(budget, to_date, D(4) / D(12), earlier)[0] == Figures(D("1"), D("2"))


@pytest.mark.django_db
class TestRoundEconomy:
    def test_r25_budget_outcome_forecast_and_deviation_per_area_with_totals(self, finance):
        dept = department()
        home = area("Hemtjänst", dept, net="10000000", revenue="2000000")
        care = area("Särskilt boende", dept, net="20000000", revenue="0")
        below = OrgUnitFactory(name="Hemtjänst norr", parent=home)
        stray = OrgUnitFactory(name="Utanför")
        report = ks_round()
        outcome(report, finance, {below: ("700000", "4500000"), care: ("0", "7000000"), stray: ("0", "5")})
        economy = round_economy(report)
        rows = {row.unit.name: row for row in economy.areas}
        home_row = rows["Hemtjänst"]
        assert home_row.outcome == Figures(D("700000"), D("4500000"))  # rolled up from the unit below
        # April: 8 months left of the budget (2 000 000 revenue, 12 000 000 costs).
        assert home_row.forecast == Figures(D("2033333.33"), D("12500000.00"))
        assert home_row.forecast_is_proposed
        assert home_row.deviation == D("10000000") - (D("12500000.00") - D("2033333.33"))
        assert home_row.deviation_percent == D("-4.7")
        assert economy.outside == Figures(D("0"), D("5"))
        assert economy.total.budget.net == D("30000000")
        assert [d.label for d in economy.departments] == ["Socialförvaltningen"]
        save(report, home, finance, revenue="2000000", costs="12000000")
        economy = round_economy(report)
        home_row = next(r for r in economy.areas if r.unit == home)
        assert not home_row.forecast_is_proposed
        assert home_row.deviation == D("0")

    def test_r25_the_previous_rounds_forecast_is_proposed(self):
        dept = department()
        home = area("Hemtjänst", dept)
        Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 3, 10))
        economy_round = ks_round(ReportKind.ECONOMY)
        AreaForecast.objects.create(report=economy_round, unit=home, revenue=D("1"), costs=D("99"))
        row = round_economy(ks_round()).areas[0]
        assert row.forecast_is_proposed
        assert row.forecast == Figures(D("1"), D("99"))
        assert "previous" in row.proposal_basis.lower() or "föregående" in row.proposal_basis.lower()

    def test_r25_an_import_never_changes_an_entered_forecast(self, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        save(report, home, finance, revenue="1000000", costs="11000000")
        outcome(report, finance, {home: ("9000000", "90000000")})
        row = round_economy(report).areas[0]
        assert row.forecast == Figures(D("1000000"), D("11000000"))
        assert AreaForecast.objects.get().version == 1


# Finance's forecast


@pytest.mark.django_db
class TestForecastSave:
    def test_r25_finance_enters_and_changes_with_the_version(self, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        entry = save(report, home, finance, comment="  Fler brukare. ")
        assert entry.comment == "Fler brukare."
        assert entry.version == 1
        assert entry.entered_by == finance
        entry = save(report, home, finance, costs="13000000", version=1)
        assert entry.version == 2
        assert entry.costs == D("13000000")
        assert entry.history.first().history_user == finance

    def test_r25_a_stale_version_is_a_conflict(self, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        save(report, home, finance)
        save(report, home, finance, costs="1", version=1)
        with pytest.raises(EditConflict):
            save(report, home, finance, costs="2", version=1)

    def test_r25_a_first_save_that_finds_one_is_a_conflict(self, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        save(report, home, finance)
        with pytest.raises(EditConflict):
            save(report, home, finance, costs="5")
        assert AreaForecast.objects.get().costs == D("12000000")

    def test_r25_refused_for_other_roles_in_a_locked_round_and_for_a_unit_not_an_area(self, finance, planner):
        home = area("Hemtjänst", department())
        report = ks_round()
        with pytest.raises(ValidationError):
            save(report, home, planner)
        with pytest.raises(ValidationError):
            save(report, OrgUnitFactory(), finance)
        with pytest.raises(ValidationError):
            save(report, home, finance, costs="-1")
        report.input_override = InputOverride.CLOSED
        report.save()
        with pytest.raises(ValidationError, match="låst"):
            save(report, home, finance)
        assert not AreaForecast.objects.exists()


# The pages


@pytest.mark.django_db
class TestPage:
    def test_r25_readers_by_role(self, client, politician, administrator, planner, finance):
        dept = department()
        home = area("Hemtjänst", dept)
        report = ks_round()
        client.force_login(politician)
        assert client.get(page_url(report)).status_code == 404  # a draft round
        for user in (administrator, planner):
            client.force_login(user)
            page = text(client.get(page_url(report)))
            assert "Hemtjänst" in page
            assert forecast_url(report, home) not in page
        client.force_login(finance)
        page = text(client.get(page_url(report)))
        assert forecast_url(report, home) in page
        assert reverse("economy:summary", args=[2026, report.slug]) in page
        assert reverse("economy:import", args=[2026, report.slug]) in page
        report.status = AdoptionStatus.PROPOSAL
        report.save()
        client.force_login(politician)
        page = text(client.get(page_url(report)))
        assert "Hemtjänst" in page
        assert forecast_url(report, home) not in page

    def test_r25_the_page_tells_the_source_and_marks_proposed_and_flagged(self, client, finance):
        dept = department()
        home = area("Hemtjänst", dept, net="10000000", revenue="0")
        area("Särskilt boende", dept)
        report = ks_round()
        client.force_login(finance)
        page = text(client.get(page_url(report)))
        assert "No outcome imported yet" in page or "Inget utfall importerat ännu" in page
        outcome(report, finance, {home: ("0", "6000000")})
        page = text(client.get(page_url(report)))
        assert "april.se" in page
        row = page.split(f'id="omrade-{home.pk}"')[1].split("</tr>")[0]
        # 6 000 000 + 8/12 of 10 000 000: a deficit of 2 666 666,67 kr, proposed.
        assert "◇" in row
        assert "⚠" in row
        deviations = page.split('id="economy-deviations"')[1].split("</section>")[0]
        assert "Hemtjänst" in deviations
        save(report, home, finance, costs="10000000", comment="I balans.")
        row = text(client.get(page_url(report))).split(f'id="omrade-{home.pk}"')[1].split("</tr>")[0]
        assert "◇" not in row
        assert "⚠" not in row
        assert "I balans." in row

    def test_r25_the_companies_link_only_outside_economy_rounds(self, client, finance):
        Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 3, 10))
        client.force_login(finance)
        for kind, shown in ((ReportKind.TERTIAL, True), (ReportKind.ECONOMY, False)):
            report = ks_round(kind)
            page = text(client.get(page_url(report)))
            assert (reverse("economy:companies", args=[2026, report.slug]) in page) is shown

    def test_r25_queries_do_not_grow_with_the_areas(self, client, finance, django_assert_num_queries):
        report = ks_round()
        plan = InvestmentPlan.objects.create(version=adopted_budget(2026))
        company = OrgUnitFactory(name="Ångebostäder AB", kind=OrgUnit.Kind.COMPANY, parent=None)
        CompanyReport.objects.create(report=report, company=company, result_to_date=1, forecast=-1)

        def add(count: int) -> None:
            start = OrgUnit.objects.count()
            for number in range(count):
                project = InvestmentProject.objects.create(plan=plan, name=f"Projekt {start}-{number}")
                InvestmentAmount.objects.create(project=project, year=2026, amount=D("1000000"))
            dept = department(f"Förvaltning {start}")
            units = [area(f"Område {start + i}", dept) for i in range(count)]
            Outcome.objects.bulk_create(
                Outcome(outcome_import=imported, unit=u, category=Category.COSTS, amount=D("100"))
                for u in units
            )
            AreaForecast.objects.create(
                report=report, unit=units[0], revenue=D(1), costs=D(2), entered_by=finance
            )

        imported = outcome(report, finance, {})
        add(5)
        client.force_login(finance)
        client.get(page_url(report))
        # session, user, the user's roles; KS, its meetings, its rounds; the wheel's dates; the units, the
        # distribution, the import in force, its outcome, the round's forecasts, the earlier rounds'
        # forecasts, the summary; the municipality's name (the base template); the investments (the
        # budget's versions, the plan, its projects with the year's amounts, the round's follow-ups and
        # the earlier rounds'); the companies (the companies, the key figures, their goals, the round's
        # reports with their figures and assessments)
        with django_assert_num_queries(QUERIES):
            assert client.get(page_url(report)).status_code == 200
        add(45)  # ten times the areas and the projects
        with django_assert_num_queries(QUERIES):
            assert client.get(page_url(report)).status_code == 200


@pytest.mark.django_db
class TestForecastRow:
    def test_r25_denied_to_other_roles_404_for_a_unit_not_an_area(self, client, users_by_role, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        for role, user in users_by_role.items():
            if user == finance:
                continue
            client.force_login(user)
            status = client.get(forecast_url(report, home)).status_code
            assert status in (403, 404), role  # the politician does not read the draft round
            assert client.post(forecast_url(report, home), {}).status_code in (403, 404)
        client.force_login(finance)
        assert client.get(forecast_url(report, OrgUnitFactory())).status_code == 404
        assert client.get(forecast_url(report, home)).status_code == 200

    def test_r25_the_form_is_prefilled_with_the_proposal_and_saves(self, client, finance):
        home = area("Hemtjänst", department(), net="10000000", revenue="2000000")
        report = ks_round()
        client.force_login(finance)
        page = text(client.get(forecast_url(report, home)))
        assert 'value="2000"' in page
        assert 'value="12000"' in page
        response = client.post(
            forecast_url(report, home), {"revenue": "2 000", "costs": "12 500,5", "comment": "Ökat behov."}
        )
        assert response.status_code == 302
        entry = AreaForecast.objects.get()
        assert entry.costs == D("12500500.00")
        assert entry.comment == "Ökat behov."

    def test_r25_a_proposal_in_ore_is_prefilled_in_whole_kronor_and_saves_as_it_is(self, client, finance):
        home = area("Hemtjänst", department(), net="10000000", revenue="0")
        report = ks_round()
        outcome(report, finance, {home: ("0", "6000000")})  # proposal: 12 666 666,67 kr
        client.force_login(finance)
        page = text(client.get(forecast_url(report, home)))
        assert 'value="12666,667"' in page
        response = client.post(
            forecast_url(report, home), {"revenue": "0", "costs": "12666,667", "comment": ""}
        )
        assert response.status_code == 302
        assert AreaForecast.objects.get().costs == D("12666667.00")

    def test_r25_htmx_gets_the_row_form_and_a_save_returns_the_row(self, client, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        client.force_login(finance)
        form = text(client.get(forecast_url(report, home), headers={"HX-Request": "true"}))
        assert form.lstrip().startswith("<tr")
        assert "data-hx-post" in form
        row = text(
            client.post(
                forecast_url(report, home),
                {"revenue": "2000", "costs": "12000", "comment": ""},
                headers={"HX-Request": "true"},
            )
        )
        assert f'id="omrade-{home.pk}"' in row
        assert 'id="economy-deviations"' in row
        assert 'data-hx-swap-oob="true"' in row

    def test_r25_a_stale_version_shows_the_conflict(self, client, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        save(report, home, finance)
        save(report, home, finance, costs="13000000", version=1)
        client.force_login(finance)
        response = client.post(
            forecast_url(report, home), {"revenue": "2000", "costs": "11000", "comment": "", "version": "1"}
        )
        assert response.status_code == 200
        assert "edit-conflict" in response.content.decode()
        assert AreaForecast.objects.get().costs == D("13000000")

    def test_r25_a_locked_round_refuses_the_form(self, client, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        report.input_override = InputOverride.CLOSED
        report.save()
        client.force_login(finance)
        response = client.get(forecast_url(report, home))
        assert response.status_code == 302
        response = client.post(forecast_url(report, home), {"revenue": "1", "costs": "2", "comment": ""})
        assert response.status_code == 200 and "locked" in text(response).lower() or "låst" in text(response)
        assert not AreaForecast.objects.exists()

    def test_r25_bad_amounts_are_told_next_to_the_field(self, client, finance):
        home = area("Hemtjänst", department())
        report = ks_round()
        client.force_login(finance)
        response = client.post(forecast_url(report, home), {"revenue": "1.000", "costs": "-5", "comment": ""})
        assert response.status_code == 200
        assert response.content.decode().count("field__errors") == 2
        assert not AreaForecast.objects.exists()


@pytest.mark.django_db
class TestSummary:
    def test_r25_finance_writes_the_summary_others_are_denied(self, client, administrator, planner, finance):
        report = ks_round()
        url = reverse("economy:summary", args=[2026, report.slug])
        for user in (administrator, planner):
            client.force_login(user)
            assert client.get(url).status_code == 403
            assert client.post(url, {"text": "x"}).status_code == 403
        client.force_login(finance)
        assert client.get(url).status_code == 200
        assert client.post(url, {"text": "Prognosen visar underskott."}).status_code == 302
        summary = EconomySummary.objects.get()
        assert summary.text == "Prognosen visar underskott."
        assert summary.entered_by == finance
        assert "Prognosen visar underskott." in text(client.get(page_url(report)))
        response = client.post(url, {"text": "Ny text", "version": "1"})
        assert response.status_code == 302
        response = client.post(url, {"text": "Gammal", "version": "1"})
        assert response.status_code == 200
        assert "edit-conflict" in response.content.decode()
        assert EconomySummary.objects.get().text == "Ny text"

    def test_r25_refused_in_a_locked_round(self, finance):
        report = ks_round()
        report.input_override = InputOverride.CLOSED
        report.save()
        with pytest.raises(ValidationError):
            summary_save(report=report, text="x", expected_version=None, actor=finance, today=TODAY)
        with pytest.raises(ValidationError):
            summary_save(report=ks_round(), text="x", expected_version=None, actor=UserFactory(), today=TODAY)


# The export and the chart


@pytest.mark.django_db
class TestExportAndChart:
    def test_r25_the_export_has_the_tables_figures_in_kronor(self, client, finance, administrator):
        dept = department()
        home = area("Hemtjänst", dept, net="10000000", revenue="2000000")
        area("Särskilt boende", dept, net="5000000", revenue="0")
        report = ks_round()
        outcome(report, finance, {home: ("700000", "4500000")})
        save(report, home, finance, revenue="2000000", costs="12600000.50", comment="Ökat behov.")
        client.force_login(administrator)
        response = client.get(reverse("economy:export", args=[2026, report.slug]))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        home_row = rows["Hemtjänst"]
        assert home_row[2:5] == (2000000, 12000000, 10000000)
        assert home_row[5:8] == (700000, 4500000, 3800000)
        assert D(str(home_row[9])) == D("12600000.50")
        assert D(str(home_row[12])) == D("-600000.50")
        assert home_row[13] == pytest.approx(-6.0)
        assert home_row[15] == "Ökat behov."
        total = next(row for name, row in rows.items() if name.endswith("KS"))
        assert total[4] == 15000000

    def test_r25_the_chart_is_valid_xml_with_title_desc_and_words(self, client, finance):
        dept = department()
        home = area("Hemtjänst", dept)
        area("Särskilt boende", dept)
        report = ks_round()
        save(report, home, finance, revenue="3000000", costs="1000000")  # more revenue than costs
        chart = economy_chart(round_economy(report))
        assert chart is not None
        assert len(chart.groups) == 2
        client.force_login(finance)
        page = client.get(page_url(report)).content.decode()
        svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
        root = ET.fromstring(svg)  # noqa: S314 - our own page
        ns = "{http://www.w3.org/2000/svg}"
        assert root.get("role") == "img"
        assert root.find(f"{ns}title") is not None
        assert root.find(f"{ns}desc") is not None
        labels = [t.text for t in root.iter(f"{ns}text")]
        assert "Hemtjänst" in labels
        assert all(float(r.get("width")) >= 0 for r in root.iter(f"{ns}rect"))

    def test_r25_no_areas_no_chart(self):
        assert economy_chart(round_economy(ks_round())) is None


# The follow-up's pages


@pytest.mark.django_db
class TestFollowupPages:
    def test_r25_the_round_page_links_to_its_economy(self, client, planner):
        report = ks_round()
        client.force_login(planner)
        page = text(client.get(report.get_absolute_url()))
        assert page_url(report) in page
        assert reverse("economy:investments", args=[2026, report.slug]) in page
        assert reverse("economy:companies", args=[2026, report.slug]) in page

    def test_r25_the_overview_shows_the_latest_round_with_an_outcome(self, client, planner, finance):
        home = area("Hemtjänst", department(), net="10000000", revenue="0")
        Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 3, 10))
        economy_round = ks_round(ReportKind.ECONOMY)
        outcome(economy_round, finance, {home: ("0", "9000000")}, through=datetime.date(2026, 1, 31))
        client.force_login(planner)
        page = text(client.get(reverse("followup:year", args=[2026])))
        section = page.split('id="ekonomi"')[1].split("</section>")[0]
        assert page_url(economy_round) in section
        assert "⚠" in section  # 9 000 000 + 11/12 of the budget: far beyond the limit
