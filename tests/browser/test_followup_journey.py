"""The tertial round of 2026 in a real browser, from the units' input to the politicians' reading.

A handläggare reports an activity inline with htmx (refused "Klar" without a completion date, then
saved); a planerare follows the progress, reminds the unit that has not reported (one e-mail, and
none on a second press), sets a KS goal's assessment against the proposal (refused without a
reason, then saved as deviating) and proposes the report to KS; a politiker then reads the
overview and drills down from the KS goal to the activity and its report in the round.

UI text is matched by patterns that accept both the English msgids and the Swedish catalogue, or
avoided in favour of ids, names and roles. "Today" is 12 May 2026: the tertial round's cut-off
date (30 April) has passed and, with no KS meeting in the annual wheel, its input has no end.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from followup.models import ActivityReport, GoalAssessment, Report, ReportKind
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from planning.models import Activity
from tests.browser.harness import assert_no_browser_errors
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    ControlFactory,
    InternalControlPlanFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    body_named,
    ks_decision,
)

pytestmark = pytest.mark.browser

TODAY = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=datetime.UTC)
ROUND = "/uppfoljning/2026/tertial/"

REPORT = re.compile(r"^(Report|Rapportera)\b")
SAVE = re.compile(r"^(Save|Spara)$")
SAVE_ASSESSMENT = re.compile(r"^(Save the assessment|Spara bedömningen)$")
DONE = re.compile(r"\b(Done|Klar)\b")
SAVED = re.compile(r"(Saved|Sparat|Sparad)")
REMIND = re.compile(r"^(Remind the units that have not reported|Påminn enheter som inte har rapporterat)$")
REMINDED = re.compile(r"(Reminder sent to|Påminnelse skickad till)")
ALREADY_REMINDED = re.compile(r"(Everybody has already been reminded|Alla har redan påmints)")
NOT_COMPLETE = re.compile(r"(Not complete|Inte klar)")
PROPOSE = re.compile(r"^(Propose the report to KS|Föreslå rapporten till KS)$")
DEVIATES = re.compile(r"(Deviates from the proposal|Avviker från förslaget)")
ASSESS = re.compile(r"^(Assess|Bedöm)\b")


def followup_2026() -> dict:
    """KS's adopted 2026 plan: two KS goals, two activities of Ekonomi's, one of Socialtjänsten's,
    each with a responsible person who has an e-mail address; the adopted internal control plan."""
    municipality = OrgUnitFactory(name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, cost_centre="")
    economy = OrgUnitFactory(name="Ekonomiavdelningen", kind=OrgUnit.Kind.DEPARTMENT, parent=municipality)
    social = OrgUnitFactory(name="Socialtjänsten", kind=OrgUnit.Kind.DEPARTMENT, parent=municipality)
    ks = body_named("KS")
    plan = PlanFactory(
        body=ks,
        year=2026,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2025, 12, 8), paragraph=201, case_number="KS 25/400"),
    )
    goals_adopted = ks_decision(datetime.date(2025, 5, 20), paragraph=120, case_number="KS 25/200")
    finance_goal = AnnualGoalFactory(
        year=2026,
        body=ks,
        title="Hållbar ekonomi",
        status=AdoptionStatus.ADOPTED,
        decision=goals_adopted,
        departments=[economy],
    )
    care_goal = AnnualGoalFactory(
        year=2026,
        body=ks,
        title="Trygg omsorg",
        status=AdoptionStatus.ADOPTED,
        decision=goals_adopted,
        departments=[social],
    )
    anna = PersonFactory(name="Anna Ekonom", email="anna.ekonom@example.org")
    sven = PersonFactory(name="Sven Social", email="sven.social@example.org")
    attest = ActivityFactory(
        plan=plan,
        annual_goal=finance_goal,
        responsible_unit=economy,
        responsible=anna,
        title="Digital attest",
        status=Activity.Status.IN_PROGRESS,
        planned_end=datetime.date(2026, 4, 15),
    )
    budget = ActivityFactory(
        plan=plan,
        annual_goal=finance_goal,
        responsible_unit=economy,
        responsible=anna,
        title="Ny budgetmodell",
        status=Activity.Status.IN_PROGRESS,
        planned_end=datetime.date(2026, 10, 31),
    )
    care = ActivityFactory(
        plan=plan,
        annual_goal=care_goal,
        responsible_unit=social,
        responsible=sven,
        title="Socialtjänstens handlingsplan",
        status=Activity.Status.IN_PROGRESS,
        planned_end=datetime.date(2026, 9, 30),
    )
    control_plan = InternalControlPlanFactory(
        body=ks,
        year=2026,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2025, 12, 8), paragraph=202, case_number="KS 25/401"),
    )
    control = ControlFactory(plan=control_plan, process="Leverantörsfakturor", responsible_unit=economy)
    return {
        "economy": economy,
        "social": social,
        "finance_goal": finance_goal,
        "care_goal": care_goal,
        "attest": attest,
        "budget": budget,
        "care": care,
        "control": control,
        "sven": sven,
    }


@pytest.fixture
def travel():
    with time_machine.travel(TODAY, tick=True):
        yield


def tertial() -> Report:
    return Report.objects.get(body=body_named("KS"), year=2026, kind=ReportKind.TERTIAL)


def report_inline(
    page: Page, activity: Activity, *, status: str, comment: str, completed_on: str = ""
) -> None:
    """Open the activity's row as a form, fill it in and save; the caller checks the outcome."""
    row = page.locator(f"#aktivitet-{activity.pk}")
    if not row.locator("form").count():
        row.get_by_role("link", name=REPORT).click()
    form = page.locator(f"#aktivitet-{activity.pk} form")
    expect(form).to_be_visible()
    form.locator(f"#rapport-{activity.pk}-status").select_option(status)
    form.locator(f"#rapport-{activity.pk}-completed_on").fill(completed_on)
    form.locator(f"#rapport-{activity.pk}-comment").fill(comment)
    form.get_by_role("button", name=SAVE).click()


def test_tertial_round_from_the_units_input_to_the_politicians_reading(
    page: Page, browser_log, administrator, planner, politician, sign_in_as, travel
):
    data = followup_2026()
    administrator.units.add(data["economy"])
    attest, budget = data["attest"], data["budget"]

    # 1. The handläggare reports Ekonomi's activities inline (htmx); "Klar" needs its completion date.
    sign_in_as(page, administrator)
    page.goto(ROUND + "aktiviteter/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".activity-report__row")).to_have_count(2)  # Ekonomi's two, not Socialtjänsten's
    expect(page.locator("main")).not_to_contain_text("Socialtjänstens handlingsplan")

    report_inline(page, attest, status="klar", comment="Attesten är digital sedan april.")
    error = page.locator(f"#rapport-{attest.pk}-completed_on_error")
    expect(error).to_contain_text(gettext("A finished activity needs the date it was completed."))
    expect(page.locator(f"#rapport-{attest.pk}-completed_on")).to_have_attribute(
        "aria-describedby", re.compile(rf"rapport-{attest.pk}-completed_on_error")
    )
    assert not ActivityReport.objects.exists()

    report_inline(
        page, attest, status="klar", comment="Attesten är digital sedan april.", completed_on="2026-04-20"
    )
    row = page.locator(f"#aktivitet-{attest.pk}")
    expect(row.locator("form")).to_have_count(0)
    expect(row.locator(".activity-report__reported")).to_contain_text(DONE)
    expect(row.locator("[role=status]")).to_contain_text(SAVED)
    expect(row).to_contain_text("Attesten är digital sedan april.")
    entry = ActivityReport.objects.get(activity=attest)
    assert (entry.status, entry.completed_on, entry.entered_by) == (
        Activity.Status.DONE,
        datetime.date(2026, 4, 20),
        administrator,
    )
    assert Activity.objects.get(pk=attest.pk).status == Activity.Status.IN_PROGRESS  # the live one unchanged

    report_inline(page, budget, status="pagar", comment="Modellen prövas under hösten.")
    expect(page.locator(f"#aktivitet-{budget.pk} form")).to_have_count(0)
    expect(page.locator("#activity-report-count")).to_contain_text(re.compile(r"\b2\b.*\b2\b"))
    assert ActivityReport.objects.filter(report=tertial()).count() == 2

    # 2. The planerare sees Socialtjänsten missing and reminds it: one e-mail, and none on a second press.
    page.context.clear_cookies()
    sign_in_as(page, planner)
    page.goto(ROUND)
    units = page.locator("table.round-units")
    expect(units.locator("tr", has_text="Socialtjänsten")).to_contain_text(NOT_COMPLETE)
    expect(units.locator("tr", has_text="Socialtjänsten")).to_contain_text("Socialtjänstens handlingsplan")
    expect(units.locator("tr", has_text="Ekonomiavdelningen")).not_to_contain_text(NOT_COMPLETE)
    assert mail.outbox == []

    page.get_by_role("button", name=REMIND).click()
    expect(page.locator(".messages")).to_contain_text(REMINDED)
    assert [message.to for message in mail.outbox] == [[data["sven"].email]]
    assert "Socialtjänstens handlingsplan" in mail.outbox[0].body
    expect(page.locator("section[aria-labelledby=paminnelser]")).to_contain_text(data["sven"].email)

    page.get_by_role("button", name=REMIND).click()
    expect(page.locator(".messages")).to_contain_text(ALREADY_REMINDED)
    assert len(mail.outbox) == 1

    # 3. The planerare assesses "Hållbar ekonomi" against the proposal: refused without a reason.
    goal = data["finance_goal"]
    page.goto(ROUND + "bedomningar/")
    page.locator(f"#ks-mal-{goal.pk}").get_by_role("link", name=ASSESS).click()
    expect(page.locator("#assessment-form")).to_be_visible()
    proposal = page.locator("input[name=verdict]:checked").get_attribute("value")
    chosen = "ej_bedombart" if proposal != "ej_bedombart" else "delvis"
    page.locator(f"input[name=verdict][value={chosen}]").check()
    page.locator("#id_analysis").fill("Budgetmodellen är inte prövad än; utfallet kommer i delåret.")
    page.get_by_role("button", name=SAVE_ASSESSMENT).click()
    expect(page.locator("#id_deviation_reason_error")).to_be_visible()
    expect(page.locator("#id_deviation_reason")).to_have_attribute(
        "aria-describedby", re.compile(r"id_deviation_reason_error")
    )
    assert not GoalAssessment.objects.exists()

    page.locator("#id_deviation_reason").fill("Prognosen per april säger för lite om helåret.")
    page.get_by_role("button", name=SAVE_ASSESSMENT).click()
    expect(page).to_have_url(re.compile(r"/bedomningar/$"))
    expect(page.locator(f"#ks-mal-{goal.pk}")).to_contain_text(DEVIATES)
    assessment = GoalAssessment.objects.get(annual_goal=goal)
    assert (assessment.verdict, assessment.proposal, assessment.entered_by) == (chosen, proposal, planner)
    assert assessment.deviates

    # 4. The planerare proposes the report to KS: politicians read it from now on.
    page.goto(ROUND)
    page.get_by_role("button", name=PROPOSE).click()
    expect(page.locator(".messages")).to_be_visible()
    assert tertial().status == AdoptionStatus.PROPOSAL

    # 5. The politiker reads the overview and drills down: KS goal, then the activity and its report.
    page.context.clear_cookies()
    sign_in_as(page, politician)
    page.goto("/uppfoljning/2026/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    current = page.locator(".overview-rounds a[aria-current=page]")
    if not current.count() or "tertial" not in (current.get_attribute("href") or ""):
        page.locator(".overview-rounds a[href='?omgang=tertial']").click()
    expect(page.locator(".overview-rounds a[aria-current=page]")).to_have_attribute("href", "?omgang=tertial")

    page.locator("#malkedjan").get_by_role("link", name="Hållbar ekonomi", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{ROUND}mal/{goal.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hållbar ekonomi")
    expect(page.locator("main")).to_contain_text("Prognosen per april säger för lite om helåret.")

    page.get_by_role("link", name="Digital attest", exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"{ROUND}aktivitet/{attest.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digital attest")
    expect(page.locator("main")).to_contain_text("Attesten är digital sedan april.")
    expect(page.locator("main")).to_contain_text(DONE)
    assert_no_browser_errors(browser_log)
