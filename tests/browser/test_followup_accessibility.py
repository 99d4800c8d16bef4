"""The follow-up's pages checked with axe-core against WCAG 2.1 A and AA, as their readers see them.

The tertial round of 2026 (see test_followup_journey) with something in it: an activity reported, a
KS goal assessed against the proposal, a control's result with a deviation. A handläggare sees the
entry page (also with a row open as a form, and with the form's refusal shown); a planerare the round,
the assessments and a goal's form (also with its refusal), the internal control's results and the
overview with its drill-downs; a politiker, once the report is proposed, the overview and the drill-downs.
At a phone's 390 px the overview and the entry page neither scroll sideways nor fail axe.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from followup import activity_reports, assessments, control_results, rounds
from followup.assessments import NOT_YET_ASSESSED
from followup.models import Report, ReportKind, Verdict
from planning.models import Activity
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors, audit_each, overflow
from tests.browser.test_followup_journey import ROUND, TODAY, followup_2026
from tests.factories import body_named

pytestmark = pytest.mark.browser

REPORT = re.compile(r"^(Report|Rapportera)\b")
SAVE = re.compile(r"^(Save|Spara)$")
SAVE_ASSESSMENT = re.compile(r"^(Save the assessment|Spara bedömningen)$")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def travel():
    with time_machine.travel(TODAY, tick=True):
        yield


def tertial() -> Report:
    return Report.objects.get(body=body_named("KS"), year=2026, kind=ReportKind.TERTIAL)


def filled_round(planner, administrator) -> dict:
    """The journey's data with an entry of each kind saved through the services, as the pages would."""
    data = followup_2026()
    administrator.units.add(data["economy"])
    rounds.ensure_rounds(body_named("KS"), 2026)
    report = tertial()
    activity_reports.activity_report_save(
        report=report,
        activity_id=data["attest"].pk,
        expected_version=None,
        status=Activity.Status.DONE,
        comment="Attesten är digital sedan april.",
        completed_on=datetime.date(2026, 4, 20),
        actor=administrator,
    )
    assessments.goal_assess(
        report=report,
        annual_goal=data["care_goal"],
        expected_version=NOT_YET_ASSESSED,
        verdict=Verdict.NOT_ASSESSABLE,
        analysis="Handlingsplanen är inte rapporterad än.",
        deviation_reason="Underlaget saknas per april.",
        actor=planner,
    )
    control_results.control_result_save(
        report=report,
        control_id=data["control"].pk,
        expected_version=None,
        performed=True,
        result="Tio fakturor granskade.",
        deviation_found=True,
        deviations="Två fakturor saknade attest.",
        actions="Påminnelse till attestanterna.",
        action_responsible="Ekonomichef",
        actor=planner,
    )
    return data | {"report": report}


def drill_downs(data: dict) -> list[str]:
    return [
        "/uppfoljning/2026/?omgang=tertial",
        f"{ROUND}mal/{data['finance_goal'].pk}/",
        f"{ROUND}mal/{data['care_goal'].pk}/",
        f"{ROUND}enhet/{data['economy'].pk}/",
        f"{ROUND}enhet/{data['social'].pk}/",
        f"{ROUND}aktivitet/{data['attest'].pk}/",
        f"{ROUND}aktivitet/{data['care'].pk}/",
    ]


def test_entry_page_has_no_axe_violations_for_a_handlaggare(
    axe_page: Page, administrator, planner, sign_in_as, travel
):
    data = filled_round(planner, administrator)
    sign_in_as(axe_page, administrator)
    audit_each(axe_page, [f"{ROUND}aktiviteter/", f"{ROUND}internkontroll/", f"{ROUND}bedomningar/"])

    # The row of the activity not yet reported, opened as a form (htmx), then with its refusal.
    budget = data["budget"]
    axe_page.goto(f"{ROUND}aktiviteter/")
    axe_page.locator(f"#aktivitet-{budget.pk}").get_by_role("link", name=REPORT).click()
    form = axe_page.locator(f"#aktivitet-{budget.pk} form")
    expect(form).to_be_visible()
    assert_no_axe_violations(axe_page)
    form.locator(f"#rapport-{budget.pk}-status").select_option("klar")
    form.locator(f"#rapport-{budget.pk}-completed_on").fill("")
    form.get_by_role("button", name=SAVE).click()
    expect(axe_page.locator(f"#rapport-{budget.pk}-completed_on_error")).to_be_visible()
    assert_no_axe_violations(axe_page)

    # Without JavaScript the form is a page of its own.
    audit_each(axe_page, [f"{ROUND}aktiviteter/{budget.pk}/"])


def test_planner_pages_have_no_axe_violations(axe_page: Page, administrator, planner, sign_in_as, travel):
    data = filled_round(planner, administrator)
    sign_in_as(axe_page, planner)
    control = data["control"]
    audit_each(
        axe_page,
        [
            ROUND,
            f"{ROUND}bedomningar/",
            f"{ROUND}bedomningar/ks/{data['care_goal'].pk}/",
            f"{ROUND}internkontroll/",
            f"{ROUND}internkontroll/{control.pk}/",
            *drill_downs(data),
        ],
    )

    # A KS goal's form, opened from the list, then with the refusal of a deviation without a reason.
    goal = data["finance_goal"]
    axe_page.goto(f"{ROUND}bedomningar/")
    axe_page.locator(f"#ks-mal-{goal.pk} a").click()
    expect(axe_page.locator("#assessment-form")).to_be_visible()
    assert_no_axe_violations(axe_page)
    proposal = axe_page.locator("input[name=verdict]:checked").get_attribute("value")
    chosen = Verdict.PARTLY if proposal != Verdict.PARTLY else Verdict.ACHIEVED
    axe_page.locator(f"input[name=verdict][value={chosen}]").check()
    axe_page.locator("#id_analysis").fill("Halva planen är genomförd.")
    axe_page.get_by_role("button", name=SAVE_ASSESSMENT).click()
    expect(axe_page.locator("#id_deviation_reason_error")).to_be_visible()
    assert_no_axe_violations(axe_page)


def test_politician_reads_the_proposed_round_without_axe_violations(
    axe_page: Page, administrator, planner, politician, sign_in_as, travel
):
    data = filled_round(planner, administrator)
    rounds.report_propose(report=tertial(), actor=planner)
    sign_in_as(axe_page, politician)
    audit_each(axe_page, ["/uppfoljning/2026/", ROUND, f"{ROUND}bedomningar/", *drill_downs(data)])
    audit_each(axe_page, [f"{ROUND}bedomningar/ks/{data['finance_goal'].pk}/", f"{ROUND}internkontroll/"])


@pytest.mark.parametrize("role", ["administrator", "planner"])
def test_overview_and_entry_page_on_a_phone(
    page: Page, axe_page: Page, browser_log, request, role, administrator, planner, sign_in_as, travel
):
    filled_round(planner, administrator)
    user = request.getfixturevalue(role)
    paths = ["/uppfoljning/2026/?omgang=tertial", f"{ROUND}aktiviteter/"]
    for each in (page, axe_page):
        each.set_viewport_size(PHONE)
        sign_in_as(each, user)
    wide = []
    for path in paths:
        assert page.goto(path).status == 200, path
        if (extra := overflow(page)) > 0:
            wide.append(f"{path}: {extra}px too wide")
    assert wide == []
    audit_each(axe_page, paths)
    assert_no_browser_errors(browser_log)
