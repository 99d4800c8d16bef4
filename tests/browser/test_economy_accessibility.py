"""The economy's pages checked with axe-core against WCAG 2.1 A and AA, as their readers see them.

The December economy round of 2026 (see test_economy_journey) with something in it: October's outcome
confirmed, a forecast per area (one a deficit beyond the limit, so a deviation is flagged), an investment
project's forecast, a refused import and a second one waiting in preview, the delår reported by one
company. Finance sees the round's economy page (with the chart, and with a row open as a form), the
imports, the investments, the companies, the deviations (with a card open as a form), the account
classes, the object mappings, the redistribution page and the start page; a company reporter her
company's form (also with its refusals) and the companies. At 320 px the economy page does not scroll
sideways.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from budget.models import InvestmentProject
from economy.companies import company_report_save
from economy.forecasts import forecast_save
from economy.imports import import_confirm, import_upload
from economy.investments import investment_save
from economy.models import DeviationFlag, FlagKind, ImportStatus, InvestmentStatus
from followup.models import Verdict
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors, audit_each, overflow
from tests.browser.test_economy_journey import (
    ENTER_FORECAST,
    FLAGS,
    INTERIM,
    MARK,
    ROUND,
    SAVE,
    TODAY,
    economy_2026,
    economy_round,
    interim,
    october_sie,
)
from tests.browser.test_economy_journey import travel as travel  # the journey's fixture: its "today"
from tests.economy.sie_files import compose, header

pytestmark = pytest.mark.browser

D = Decimal
DAY = TODAY.date()


def filled_round(finance) -> dict:
    """The journey's data with the round's entries saved through the services, as the pages would."""
    data = economy_2026()
    report = economy_round()
    confirmed = import_upload(
        report=report, data=october_sie(), file_name="oktober-2026.se", actor=finance, today=DAY
    )
    import_confirm(outcome_import=confirmed, actor=finance, today=DAY)
    # A file with a malformed amount: refused with its problems, nothing imported.
    broken = compose([*header(sie_type="3"), '#PSALDO 0 202610 4010 {1 "400"} 12,5,0 0'])
    refused = import_upload(report=report, data=broken, file_name="trasig.se", actor=finance, today=DAY)
    waiting = import_upload(
        report=report, data=october_sie(), file_name="oktober-igen.se", actor=finance, today=DAY
    )
    schools, elderly = data["areas"]["400"], data["areas"]["410"]
    for unit, revenue, costs in ((schools, "2000000", "13000000"), (elderly, "1000000", "20500000")):
        forecast_save(
            report=report,
            unit=unit,
            revenue=D(revenue),
            costs=D(costs),
            comment="Prognos per oktober.",
            expected_version=None,
            actor=finance,
            today=DAY,
        )
    project = InvestmentProject.objects.get(name="Förskola Åkervägen")
    investment_save(
        report=report,
        project=project,
        forecast=D("4600000"),
        status=InvestmentStatus.ONGOING,
        comment="Markarbetena blev dyrare.",
        expected_version=None,
        actor=finance,
        today=DAY,
    )
    company_report_save(
        report=interim(),
        company=data["housing"],
        result_to_date=D("4200000"),
        forecast=D("6500000"),
        comment="Resultatet följer planen.",
        figures={},
        assessments={data["housing_goal"].pk: (Verdict.ACHIEVED, "")},
        expected_version=None,
        actor=data["reporter"],
        today=DAY,
    )
    refused.refresh_from_db()
    waiting.refresh_from_db()
    assert (refused.status, waiting.status) == (ImportStatus.REFUSED, ImportStatus.PREVIEW)
    flag = DeviationFlag.objects.get(kind=FlagKind.AREA_DEFICIT, subject=f"unit:{schools.pk}")
    return data | {
        "report": report,
        "confirmed": confirmed,
        "refused": refused,
        "waiting": waiting,
        "flag": flag,
    }


def test_finance_pages_have_no_axe_violations(axe_page: Page, finance, sign_in_as, travel):
    data = filled_round(finance)
    sign_in_as(axe_page, finance)
    imports = f"{ROUND}ekonomi/import/"
    audit_each(
        axe_page,
        [
            "/",
            f"{ROUND}ekonomi/",
            imports,
            f"{imports}{data['refused'].pk}/",
            f"{imports}{data['waiting'].pk}/",
            f"{imports}{data['confirmed'].pk}/",
            f"{ROUND}investeringar/",
            f"{INTERIM}bolag/",
            f"{INTERIM}bolag/{data['housing'].pk}/",
            FLAGS,
            f"/uppfoljning/2026/avvikelser/{data['flag'].pk}/",
            "/ekonomi/kontoklasser/",
            "/ekonomi/objekt/",
            "/ekonomi/agardirektiv/",
            "/budget/2026/omfordelning/",
            f"{ROUND}ekonomi/sammanfattning/",
        ],
    )

    # The round's page has the chart; a row opened as a form (htmx), then refused an empty amount.
    schools = data["areas"]["400"]
    axe_page.goto(f"{ROUND}ekonomi/")
    expect(axe_page.locator("#diagram")).to_be_visible()
    axe_page.locator(f"#omrade-{schools.pk}").get_by_role("link", name=ENTER_FORECAST).click()
    form = axe_page.locator(f"#omrade-{schools.pk} form")
    expect(form).to_be_visible()
    assert_no_axe_violations(axe_page)
    form.locator(f"#prognos-{schools.pk}-costs").fill("")
    form.get_by_role("button", name=SAVE).click()
    expect(axe_page.locator(f"#prognos-{schools.pk}-costs_error")).to_be_visible()
    assert_no_axe_violations(axe_page)

    # A deviation's card opened as a form on the list (htmx), then refused without its KF decision.
    flag = data["flag"]
    axe_page.goto(FLAGS)
    axe_page.locator(f"#avvikelse-{flag.pk}").get_by_role("link", name=MARK).click()
    form = axe_page.locator(f"#avvikelse-{flag.pk} form")
    expect(form).to_be_visible()
    assert_no_axe_violations(axe_page)
    form.locator("input[name=state][value=rapporterad]").check()
    form.get_by_role("button", name=SAVE).click()
    expect(
        axe_page.locator(f"#avvikelse-{flag.pk} [id$=_error], #avvikelse-{flag.pk} .errorlist").first
    ).to_be_visible()
    assert_no_axe_violations(axe_page)

    # Without JavaScript the forecast's form is a page of its own.
    audit_each(axe_page, [f"{ROUND}ekonomi/prognos/{schools.pk}/"])


def test_company_reporter_pages_have_no_axe_violations(axe_page: Page, finance, sign_in_as, travel):
    data = filled_round(finance)
    sign_in_as(axe_page, data["reporter"])
    own_company = f"{INTERIM}bolag/{data['housing'].pk}/"
    audit_each(axe_page, ["/", f"{INTERIM}bolag/", own_company])
    # The form refused: a forecast that is no amount and a goal without its assessment.
    goal = data["housing_goal"]
    form = axe_page.locator("#company-report-form")
    form.locator("#bolag-forecast").fill("mycket")
    form.locator(f"select[name=goal_{goal.pk}]").select_option("")
    form.get_by_role("button", name=SAVE).click()
    expect(axe_page.locator("#bolag-forecast_error")).to_be_visible()
    assert_no_axe_violations(axe_page)


def test_economy_pages_reflow_at_320_pixels(page: Page, browser_log, finance, sign_in_as, travel):
    """WCAG 2.1 1.4.10: the wide tables scroll by themselves; the page never scrolls sideways."""
    data = filled_round(finance)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in_as(page, finance)
    wide = []
    for path in [
        f"{ROUND}ekonomi/",
        f"{ROUND}ekonomi/import/",
        f"{ROUND}ekonomi/import/{data['waiting'].pk}/",
        f"{ROUND}investeringar/",
        f"{INTERIM}bolag/",
        FLAGS,
        "/ekonomi/kontoklasser/",
        "/ekonomi/objekt/",
    ]:
        assert page.goto(path).status == 200, path
        if (extra := overflow(page)) > 0:
            wide.append(f"{path}: {extra}px too wide")
    assert wide == []
    assert_no_browser_errors(browser_log)
