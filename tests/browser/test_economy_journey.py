"""The economy at KS's December meeting of 2026 in a real browser, from the books to KF (issue 14).

The ekonom uploads October's SIE file on the round's import page, waits for the background reading
(Celery runs eagerly in the tests, in the live server's thread), checks the preview's totals per
activity area and confirms; the round's economy page shows the outcome. She enters two full-year
forecasts inline (htmx), one a deficit beyond the limit: the row says so in words and the deviation
is listed first on the page. On the year's deviations she marks it reported to KF with KF's decision.
A company reporter then reports the delår for her company (result, forecast, key figures, the owner
directive goal's assessment); another company's page answers 404.

UI text is matched by patterns that accept both the English msgids and the Swedish catalogue, or
avoided in favour of ids, names and values. "Today" is 16 November 2026: the economy round of KS's
meeting on 1 December takes the books through October and is open for input 31 October–24 November;
the delår round (cut-off 31 August) has no KS step in the annual wheel, so its input has no end.
"""

from __future__ import annotations

import datetime
import importlib
import re
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from playwright.sync_api import Page, expect

from budget.models import InvestmentAmount, InvestmentPlan, InvestmentProject
from economy.models import (
    AreaForecast,
    CompanyReport,
    DeviationFlag,
    FlagKind,
    FlagState,
    ImportStatus,
    ObjectMapping,
    OutcomeImport,
    OwnerDirectiveGoal,
    OwnerGoalAssessment,
)
from followup.models import Report, ReportKind, Verdict
from followup.rounds import ensure_rounds
from organisation.models import Meeting, OrgUnit, Role
from tests.browser.harness import assert_no_browser_errors
from tests.economy.sie_files import psaldo_file
from tests.factories import (
    FrameDistributionFactory,
    OrgUnitFactory,
    UserFactory,
    adopted_budget,
    body_named,
    kf_decision,
)

pytestmark = pytest.mark.browser

TODAY = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)
KS_MEETING = datetime.date(2026, 12, 1)
ROUND = "/uppfoljning/2026/ekonomi-2026-12-01/"
INTERIM = "/uppfoljning/2026/delar/"
FLAGS = "/uppfoljning/2026/avvikelser/"
D = Decimal

SAVE = re.compile(r"^(Save|Spara)$")
ENTER_FORECAST = re.compile(r"^(Enter the forecast|Change the forecast|Lägg in prognosen|Ändra prognosen)\b")
SAVED = re.compile(r"(Saved|Sparat|Sparad)")
OVER_LIMIT = re.compile(r"(Deficit beyond the limit|Underskott över gränsen)")
MARK = re.compile(r"^(Mark handled or reported to KF|Markera som hanterad eller rapporterad till KF)\b")
REPORTED = re.compile(r"(Reported to KF|Rapporterad till KF)")
REPORT_COMPANY = re.compile(r"^(Report|Rapportera)\b")
COMPANY_SAVED = re.compile(r"(The report of .* was saved|Rapporten för .* sparades)")

# October's books: one area runs a deficit beyond the limit (500 000 kr or 1 %), the others do not.
OBJECT_NAMES = {
    (1, "400"): "Barn och utbildning",
    (1, "410"): "Äldreomsorg",
    (1, "420"): "Kultur och fritid",
    (6, "P12"): "Förskola Åkervägen",
}
OCTOBER = [
    ("3010", {1: "400"}, "-1600000.00"),
    ("4010", {1: "400"}, "11500000.00"),
    ("3010", {1: "410"}, "-800000.00"),
    ("4010", {1: "410"}, "17000000.00"),
    ("3010", {1: "420"}, "-400000.00"),
    ("5410", {1: "420"}, "4500000.00"),
    ("1290", {1: "400", 6: "P12"}, "3200000.00"),
    ("8010", {}, "-90000000.00"),
]


def october_sie() -> bytes:
    return psaldo_file(OCTOBER, period="202610", object_names=OBJECT_NAMES)


def reference_data() -> None:
    """The account classes and key figures the migration fills: a transactional test flushes them."""
    importlib.import_module("economy.migrations.0002_reference_data").fill(apps, None)


def economy_2026() -> dict:
    """KS's adopted 2026 budget distributed over three activity areas (with revenue), its investment
    plan with two projects, KS's meeting on 1 December (an economy round), the two wholly-owned
    companies with an owner directive goal each, and a KF decision to report a deviation by."""
    reference_data()
    ks = body_named("KS")
    municipality = OrgUnitFactory(name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, cost_centre="")
    areas = {}
    for code, name, net, revenue in (
        ("400", "Barn och utbildning", "10000000", "2000000"),
        ("410", "Äldreomsorg", "20000000", "1000000"),
        ("420", "Kultur och fritid", "5000000", "500000"),
    ):
        unit = OrgUnitFactory(name=name, kind=OrgUnit.Kind.DEPARTMENT, parent=municipality, cost_centre=code)
        FrameDistributionFactory(body=ks, unit=unit, amount=D(net), revenue=D(revenue))
        areas[code] = unit
    version = adopted_budget(2026)
    plan = InvestmentPlan.objects.create(version=version)
    for position, (name, amount) in enumerate(
        (("Förskola Åkervägen", "4000000"), ("Gång- och cykelväg Torggatan", "1500000")), start=1
    ):
        project = InvestmentProject.objects.create(plan=plan, name=name, position=position)
        InvestmentAmount.objects.create(project=project, year=2026, amount=D(amount))
    ObjectMapping.objects.create(dimension=6, code="P12", project="Förskola Åkervägen")
    Meeting.objects.create(body=ks, date=KS_MEETING)
    ensure_rounds(ks, 2026)
    housing = OrgUnitFactory(name="Ångebostäder AB", kind=OrgUnit.Kind.COMPANY, cost_centre="")
    premises = OrgUnitFactory(name="Ånge Industrilokaler AB", kind=OrgUnit.Kind.COMPANY, cost_centre="")
    housing_goal = OwnerDirectiveGoal.objects.create(
        company=housing, position=1, text="Soliditeten ska vara minst 10 procent"
    )
    OwnerDirectiveGoal.objects.create(
        company=premises, position=1, text="Uthyrningsgraden ska vara minst 90 %"
    )
    reporter = UserFactory(username="bolag", first_name="Birgitta", role=Role.COMPANY_REPORTER)
    reporter.units.add(housing)
    decision = kf_decision(
        datetime.date(2026, 11, 9),
        paragraph=87,
        case_number="KS 26/310",
        title="Information om budgetavvikelse",
    )
    return {
        "areas": areas,
        "plan": plan,
        "housing": housing,
        "premises": premises,
        "housing_goal": housing_goal,
        "reporter": reporter,
        "decision": decision,
    }


def economy_round() -> Report:
    return Report.objects.get(
        body=body_named("KS"), year=2026, kind=ReportKind.ECONOMY, meeting__date=KS_MEETING
    )


def interim() -> Report:
    return Report.objects.get(body=body_named("KS"), year=2026, kind=ReportKind.INTERIM)


@pytest.fixture
def travel():
    with time_machine.travel(TODAY, tick=True):
        yield


def enter_forecast(page: Page, unit: OrgUnit, *, revenue: str, costs: str, comment: str) -> None:
    """Open the area's row as a form (htmx), fill it in and save; the caller checks the outcome."""
    row = page.locator(f"#omrade-{unit.pk}")
    row.get_by_role("link", name=ENTER_FORECAST).click()
    form = page.locator(f"#omrade-{unit.pk} form")
    expect(form).to_be_visible()
    form.locator(f"#prognos-{unit.pk}-revenue").fill(revenue)
    form.locator(f"#prognos-{unit.pk}-costs").fill(costs)
    form.locator(f"#prognos-{unit.pk}-comment").fill(comment)
    form.get_by_role("button", name=SAVE).click()
    expect(page.locator(f"#omrade-{unit.pk} form")).to_have_count(0)


def test_economy_round_from_the_books_to_kf_and_the_companies(
    page: Page, browser_log, finance, sign_in_as, travel
):
    data = economy_2026()
    schools, elderly = data["areas"]["400"], data["areas"]["410"]

    # 1. The ekonom uploads October's SIE file, waits for the reading, checks the preview and confirms.
    sign_in_as(page, finance)
    assert page.goto(ROUND + "ekonomi/import/").status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator("#import-file").set_input_files(
        files=[{"name": "oktober-2026.se", "mimeType": "text/plain", "buffer": october_sie()}]
    )
    page.locator("#import-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{ROUND}ekonomi/import/\d+/$"))
    areas_table = page.locator("#import-areas")
    expect(areas_table).to_be_visible()  # the reading is done: the page refreshed itself or came ready
    expect(areas_table.locator("tr", has_text="Barn och utbildning")).to_contain_text(
        re.compile(r"11\s500,0\s*tkr")
    )
    expect(areas_table.locator("tr", has_text="Äldreomsorg")).to_contain_text(re.compile(r"17\s000,0\s*tkr"))
    expect(areas_table.locator("tr", has_text="Kultur och fritid")).to_contain_text(
        re.compile(r"4\s500,0\s*tkr")
    )
    expect(page.locator("#import-projects")).to_contain_text("Förskola Åkervägen")
    imported = OutcomeImport.objects.get()
    assert imported.status == ImportStatus.PREVIEW
    assert imported.period_to == datetime.date(2026, 10, 31)

    page.locator("#import-decide button[value=confirm]").click()
    expect(page).to_have_url(re.compile(rf"{ROUND}ekonomi/$"))
    assert OutcomeImport.objects.get().status == ImportStatus.CONFIRMED
    expect(page.locator("#economy-source")).to_contain_text("oktober-2026.se")
    schools_row = page.locator(f"#omrade-{schools.pk}")
    expect(schools_row).to_contain_text(re.compile(r"11\s500,0"))  # the outcome's costs
    # The proposed forecast (outcome plus two twelfths of the budget) already runs a deficit.
    expect(schools_row).to_contain_text(OVER_LIMIT)
    expect(page.locator("#economy-deviations")).to_contain_text("Barn och utbildning")

    # 2. Two forecasts, entered inline: Barn och utbildning 1 000 tkr over the budget, Äldreomsorg under.
    enter_forecast(
        page, schools, revenue="2 000", costs="13 000", comment="Fler barn i förskolan än budgeterat."
    )
    schools_row = page.locator(f"#omrade-{schools.pk}")
    expect(schools_row.locator("[role=status]")).to_contain_text(SAVED)
    expect(schools_row.locator(".economy-flag")).to_contain_text(OVER_LIMIT)
    expect(schools_row).to_contain_text("Fler barn i förskolan än budgeterat.")
    enter_forecast(page, elderly, revenue="1 000", costs="20 500", comment="Vakanser under hösten.")
    elderly_row = page.locator(f"#omrade-{elderly.pk}")
    expect(elderly_row.locator("[role=status]")).to_contain_text(SAVED)
    expect(elderly_row).not_to_contain_text(OVER_LIMIT)
    forecasts = {f.unit_id: (f.revenue, f.costs, f.entered_by) for f in AreaForecast.objects.all()}
    assert forecasts == {
        schools.pk: (D("2000000"), D("13000000"), finance),
        elderly.pk: (D("1000000"), D("20500000"), finance),
    }

    # The deviation is the first thing on the page (before the summary and the table), after a reload too.
    page.reload()
    deviations = page.locator("#economy-deviations")
    expect(deviations.get_by_role("link", name=re.compile("Barn och utbildning"))).to_be_visible()
    expect(deviations).not_to_contain_text("Äldreomsorg")
    sections = page.evaluate(
        "[...document.querySelectorAll('main section[id], main section[aria-labelledby]')]"
        ".map(s => s.id || s.getAttribute('aria-labelledby'))"
    )
    assert sections[0] == "economy-deviations", sections
    expect(page.locator("#diagram svg, #diagram figure, #diagram table").first).to_be_visible()

    # 3. On the year's deviations the ekonom marks Barn och utbildning's deficit reported to KF.
    flag = DeviationFlag.objects.get(kind=FlagKind.AREA_DEFICIT, subject=f"unit:{schools.pk}")
    assert flag.state == FlagState.OPEN
    assert flag.amount == D("1000000")
    page.goto(FLAGS)
    card = page.locator(f"#avvikelse-{flag.pk}")
    expect(card).to_contain_text("Barn och utbildning")
    card.get_by_role("link", name=MARK).click()
    form = page.locator(f"#avvikelse-{flag.pk} form")
    expect(form).to_be_visible()
    form.locator("input[name=state][value=rapporterad]").check()
    form.locator("select[name=decision]").select_option(str(data["decision"].pk))
    form.locator("textarea[name=comment]").fill("KF informerades i november.")
    form.get_by_role("button", name=SAVE).click()
    expect(page.locator(f"#avvikelse-{flag.pk} form")).to_have_count(0)
    expect(page.locator(f"#avvikelse-{flag.pk}")).to_contain_text(REPORTED)
    expect(page.locator(f"#avvikelse-{flag.pk}")).to_contain_text("Information om budgetavvikelse")
    flag.refresh_from_db()
    assert (flag.state, flag.decision, flag.handled_by) == (FlagState.REPORTED, data["decision"], finance)

    # 4. The company reporter reports the delår for Ångebostäder AB; the other company is not found.
    housing, premises, goal = data["housing"], data["premises"], data["housing_goal"]
    page.context.clear_cookies()
    sign_in_as(page, data["reporter"])
    assert page.goto(INTERIM + "bolag/").status == 200
    expect(page.locator(f"#bolag-{premises.pk}")).to_have_count(0)
    page.locator(f"#bolag-{housing.pk}").get_by_role("link", name=REPORT_COMPANY).click()
    expect(page).to_have_url(re.compile(rf"{INTERIM}bolag/{housing.pk}/$"))
    form = page.locator("#company-report-form")
    form.locator("#bolag-result_to_date").fill("4 200")
    form.locator("#bolag-forecast").fill("6 500")
    figures = form.locator("fieldset").first.locator("input")
    assert figures.count() == 3  # Omsättning, Resultat efter finansiella poster, Soliditet
    for field, value in zip(figures.all(), ("118 000", "6 500", "12,4"), strict=True):
        field.fill(value)
    form.locator(f"select[name=goal_{goal.pk}]").select_option(Verdict.ACHIEVED)
    form.locator(f"textarea[name=goal_{goal.pk}_comment]").fill("Soliditeten är 12,4 procent.")
    form.locator("#bolag-comment").fill("Resultatet följer planen.")
    form.get_by_role("button", name=SAVE).click()
    expect(page).to_have_url(re.compile(rf"{INTERIM}bolag/(#bolag-{housing.pk})?$"))
    expect(page.locator(".messages")).to_contain_text(COMPANY_SAVED)
    expect(page.locator(f"#bolag-{housing.pk}")).to_contain_text(re.compile(r"6\s500"))
    entry = CompanyReport.objects.get(company=housing)
    assert (entry.report, entry.result_to_date, entry.forecast, entry.entered_by) == (
        interim(),
        D("4200000"),
        D("6500000"),
        data["reporter"],
    )
    assessment = OwnerGoalAssessment.objects.get(goal=goal)
    assert assessment.verdict == Verdict.ACHIEVED
    assert page.goto(f"{INTERIM}bolag/{premises.pk}/").status == 404
    assert not CompanyReport.objects.filter(company=premises).exists()
    assert economy_round().kind == ReportKind.ECONOMY
    # Chromium logs every 404 answer as a console error: that one was the point, anything else is not.
    refused = [e for e in browser_log.console_errors if re.search(r"\b404\b", e)]
    assert len(refused) == 1
    assert f"/bolag/{premises.pk}/" in refused[0]
    browser_log.console_errors = [e for e in browser_log.console_errors if e not in refused]
    assert_no_browser_errors(browser_log)
