"""The budget's pages checked with axe-core (WCAG 2.1 A and AA), and ekonom's import journey in Chromium.

The data: KF's 2026 budget adopted in June with a frame for KS and an investment plan, November's
technical recalculation as a draft, and KS's 2026 plan with part of the frame distributed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from budget import services as services
from budget.models import BudgetVersion
from organisation.models import OrgUnit
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors
from tests.factories import (
    MandateGoalFactory,
    MeetingFactory,
    OrgUnitFactory,
    PlanFactory,
    body_named,
    kf_decision,
)

pytestmark = pytest.mark.browser
MKR = Decimal(1_000_000)


def budget_2026(finance):
    ks, _kf = body_named("KS"), body_named("KF")
    june = services.budget_create(year=2026, label="Juni 2025", actor=finance)
    june.mandate_goals.set([MandateGoalFactory()])
    services.goals_set(
        version=june,
        financial=[("Resultatet ska vara minst 1,5 % av skatter och bidrag", "≥ 1,5 %")],
        geh=[("GEH-1", "En ekonomi i balans", "Verksamheterna håller sina ramar.")],
        expected_revision=None,
        actor=finance,
    )
    services.frames_set(version=june, amounts={ks: 700 * MKR}, expected_revision=None, actor=finance)
    services.investments_set(
        version=june,
        projects=[("Ny förskola", {2026: 18 * MKR, 2027: 22 * MKR}), ("VA-ledningar", {2028: 9 * MKR})],
        expected_revision=None,
        actor=finance,
    )
    june = services.version_adopt(
        version=june, decision=kf_decision(datetime.date(2025, 6, 16)), actor=finance
    )
    november = services.version_recalculate(version=june, label="November 2025", actor=finance)
    MeetingFactory(body=body_named("KF"), date=datetime.date(2025, 11, 24))
    plan = PlanFactory(year=2026, status="forslag")
    school = OrgUnitFactory(name="Barn- och utbildningsavdelningen", kind=OrgUnit.Kind.DEPARTMENT)
    services.distribution_set(
        body=plan.body, year=plan.year, amounts={school: 300 * MKR}, expected=None, actor=finance
    )
    return june, november


PAGES = {
    "budget-finance": ("finance", lambda: reverse("budget:detail", args=[2026]), True),
    "budget-politician": ("politician", lambda: reverse("budget:detail", args=[2026]), False),
    "compare-finance": (
        "finance",
        lambda: reverse("budget:compare", args=[2026]) + "?a=1&b=2",
        False,
    ),
    "frames-edit": (
        "finance",
        lambda: reverse("budget:version_edit", args=[2026, 2, "ramar"]),
        False,
    ),
    "economic-plan-edit": (
        "finance",
        lambda: reverse("budget:version_edit", args=[2026, 2, "ekonomisk-plan"]),
        False,
    ),
    "investments-edit": (
        "finance",
        lambda: reverse("budget:version_edit", args=[2026, 2, "investeringar"]),
        False,
    ),
    "goals-edit": ("finance", lambda: reverse("budget:version_edit", args=[2026, 2, "mal"]), False),
    "distribution": ("finance", lambda: reverse("budget:distribution", args=[2026]), False),
    "plan-budget-section": ("politician", lambda: reverse("planning:plan", args=[2026]), False),
}


@pytest.mark.parametrize(("role", "path", "open_details"), PAGES.values(), ids=PAGES.keys())
def test_budget_page_has_no_wcag_violations(
    axe_page, live_server, sign_in_as, request, finance, role, path, open_details
):
    budget_2026(finance)
    sign_in_as(axe_page, request.getfixturevalue(role))
    response = axe_page.goto(path())
    assert response.status == 200
    if open_details:
        for summary in axe_page.locator("details > summary").all():
            summary.click()
    assert_no_axe_violations(axe_page)


def test_refused_distribution_has_no_wcag_violations(axe_page, live_server, sign_in_as, finance):
    budget_2026(finance)
    sign_in_as(axe_page, finance)
    axe_page.goto(reverse("budget:distribution", args=[2026]))
    # The area's net amount comes first; its revenue field is labelled "…: varav intäkter (tkr)".
    axe_page.get_by_label("Barn- och utbildningsavdelningen").first.fill("800 000")
    axe_page.locator("form.form button[type=submit]").click()
    expect(axe_page.locator(".form-errors")).to_be_visible()
    assert_no_axe_violations(axe_page)


def test_finance_imports_frames_fixes_a_refused_row_and_compares(
    page: Page, live_server, sign_in_as, browser_log, finance
):
    """Ekonom imports a frame spreadsheet, sees a refused row, fixes it, imports, and compares versions."""
    budget_2026(finance)
    sign_in_as(page, finance)
    page.goto(reverse("budget:version", args=[2026, 2]))
    page.locator("details#import > summary").click()
    page.locator("#id_import-kind").select_option("ramar")
    bad = "Nämnd;Belopp (tkr)\r\nKS;690 000\r\nKF;8.400,5\r\n".encode("cp1252")
    page.locator("#id_import-file").set_input_files(
        files=[{"name": "ramar.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.locator("#import-form button[type=submit]").click()
    errors = page.locator("#import .form-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("8.400,5")
    expect(errors).to_contain_text("3")
    expect(page.locator("#frames")).to_be_visible()
    expect(page.locator("section[aria-labelledby=frames]")).to_contain_text(
        "700\u00a0000,0\u00a0tkr"
    )  # unchanged

    good = "Nämnd;Belopp (tkr)\r\nKS;690 000\r\nKF;8 400,5\r\n".encode("cp1252")
    page.locator("#id_import-kind").select_option("ramar")
    page.locator("#id_import-file").set_input_files(
        files=[{"name": "ramar.csv", "mimeType": "text/csv", "buffer": good}]
    )
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("section[aria-labelledby=frames]")).to_contain_text("690\u00a0000,0\u00a0tkr")

    page.locator("nav.budget-versions button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    frames = page.locator("section[aria-labelledby=diff-frames]")
    expect(frames).to_contain_text("700\u00a0000,0\u00a0tkr")
    expect(frames).to_contain_text("690\u00a0000,0\u00a0tkr")
    expect(frames).to_contain_text("\u221210\u00a0000,0\u00a0tkr")
    assert_no_browser_errors(browser_log)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_stale_save_shows_both_values_without_wcag_violations(
    axe_page, live_server, sign_in_as, finance, width
):
    """The shared conflict component (styrmodell.concurrency): saved and typed values side by side."""
    budget_2026(finance)
    november = BudgetVersion.objects.get(budget__year=2026, number=2)
    axe_page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(axe_page, finance)
    axe_page.goto(reverse("budget:version_edit", args=[2026, 2, "ramar"]))
    # Somebody else saves KS's frame after the page was read.
    services.frames_set(
        version=november, amounts={body_named("KS"): 710 * MKR}, expected_revision=None, actor=finance
    )
    axe_page.locator("form input[type=text]").first.fill("690 000")
    axe_page.locator("form button[type=submit]").last.click()
    conflict = axe_page.locator(".edit-conflict")
    expect(conflict).to_contain_text("710\u00a0000,0\u00a0tkr")
    expect(conflict).to_contain_text("690\u00a0000,0\u00a0tkr")
    assert_no_axe_violations(axe_page)
