"""The operational plan in a real browser.

A handläggare filters the activity list to their unit's late activities, follows two of them up
inline with htmx, and downloads the filtered list as Excel; a planerare rolls the adopted 2026 plan
over into a 2027 draft. axe checks the new pages as their readers see them.

UI text is matched by patterns that accept both the English msgids and the Swedish catalogue, or
avoided in favour of ids, names and roles.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from planning.models import Activity, OperationalPlan
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    OrgUnitFactory,
    PlanFactory,
    body_named,
    ks_decision,
)

pytestmark = pytest.mark.browser

TODAY = datetime.date(2026, 11, 20)
SAVE = re.compile(r"^(Save|Spara)$")
SHOW = re.compile(r"^(Show|Visa)$")
UPDATE = re.compile(r"^(Update|Uppdatera)\b")


def adopted_plan_2026() -> dict:
    """KS's adopted 2026 plan: three late activities for Ekonomi, one on time, one of another unit's."""
    municipality = OrgUnitFactory(name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, cost_centre="")
    economy = OrgUnitFactory(name="Ekonomiavdelningen", kind=OrgUnit.Kind.DEPARTMENT, parent=municipality)
    other = OrgUnitFactory(name="Socialtjänsten", kind=OrgUnit.Kind.DEPARTMENT, parent=municipality)
    plan = PlanFactory(
        body=body_named("KS"),
        year=2026,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2025, 12, 8), paragraph=201, case_number="KS 25/400"),
    )
    goal = AnnualGoalFactory(year=2026, body=plan.body, title="Hållbar ekonomi")
    late = [
        ActivityFactory(
            plan=plan,
            annual_goal=goal,
            responsible_unit=economy,
            title=title,
            status=Activity.Status.IN_PROGRESS,
            planned_end=datetime.date(2026, month, 30),
        )
        for title, month in [("Ny budgetmodell", 6), ("Översyn av avgifter", 9), ("Digital attest", 4)]
    ]
    ActivityFactory(
        plan=plan,
        annual_goal=goal,
        responsible_unit=economy,
        title="Långtidsprognos",
        planned_end=datetime.date(2026, 12, 31),
    )
    ActivityFactory(
        plan=plan,
        annual_goal=goal,
        responsible_unit=other,
        title="Socialtjänstens handlingsplan",
        status=Activity.Status.IN_PROGRESS,
        planned_end=datetime.date(2026, 5, 31),
        start=datetime.date(2026, 2, 1),
    )
    # Runs into 2027: a rollover carries it over.
    ActivityFactory(
        plan=plan,
        annual_goal=goal,
        responsible_unit=other,
        title="Ny e-tjänstplattform",
        status=Activity.Status.IN_PROGRESS,
        planned_end=datetime.date(2027, 6, 30),
    )
    return {"plan": plan, "economy": economy, "other": other, "late": late, "goal": goal}


@pytest.fixture
def travel():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


def test_administrator_follows_up_late_activities_and_exports_them(
    page: Page, browser_log, administrator, sign_in_as, travel
):
    data = adopted_plan_2026()
    administrator.units.add(data["economy"])
    sign_in_as(page, administrator)

    page.goto("/aktiviteter/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator("#id_enhet").select_option(str(data["economy"].pk))
    page.locator("#id_forsenad").select_option("ja")
    page.get_by_role("button", name=SHOW).click()

    rows = page.locator("#activity-results tbody tr")
    expect(rows).to_have_count(3)
    expect(page).to_have_url(re.compile(r"forsenad=ja"))
    expect(page.locator("#activity-results")).not_to_contain_text("Socialtjänstens handlingsplan")

    for activity, status in [(data["late"][0], "klar"), (data["late"][1], "pagar")]:
        row = page.locator(f"#aktivitet-{activity.pk}")
        row.get_by_role("link", name=UPDATE).click()
        form = page.locator(f"#aktivitet-{activity.pk} form")
        expect(form).to_be_visible()
        form.get_by_label(re.compile(r"^Status")).select_option(status)
        form.locator("textarea").fill(f"Uppföljning av {activity.title}")
        if status == "klar":
            form.locator("input[type=date]").fill("2026-11-02")
        form.get_by_role("button", name=SAVE).click()
        expect(page.locator(f"#aktivitet-{activity.pk} form")).to_have_count(0)
        expect(page.locator(f"#aktivitet-{activity.pk}")).to_contain_text(f"{activity.title}")

    first, second = (Activity.objects.get(pk=a.pk) for a in data["late"][:2])
    assert first.status == Activity.Status.DONE
    assert first.completed_on == datetime.date(2026, 11, 2)
    assert second.progress_comment == "Uppföljning av Översyn av avgifter"
    assert second.status == Activity.Status.IN_PROGRESS

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Excel")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    sheet = workbook.active
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    # The first is done late and still late; all three stay in the filtered export.
    assert sorted(titles) == sorted(a.title for a in data["late"])
    assert_no_browser_errors(browser_log)


def test_planner_rolls_2026_over_into_a_2027_draft(page: Page, browser_log, planner, sign_in_as, travel):
    data = adopted_plan_2026()
    sign_in_as(page, planner)

    page.goto("/verksamhetsplan/2026/")
    expect(page.locator("h2#mission")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"2027")).click()

    expect(page).to_have_url(re.compile(r"/verksamhetsplan/2027/"))
    draft = OperationalPlan.objects.get(body=data["plan"].body, year=2027)
    assert draft.status == AdoptionStatus.DRAFT
    assert draft.rolled_over_from_id == data["plan"].pk
    carried = list(draft.activities.values_list("title", flat=True))
    assert carried == ["Ny e-tjänstplattform"]
    expect(page.locator("main")).to_contain_text("Ny e-tjänstplattform")
    assert_no_browser_errors(browser_log)


@pytest.mark.parametrize("role", ["politician", "administrator", "planner"])
def test_planning_pages_have_no_axe_violations(axe_page: Page, request, role, sign_in_as, travel):
    data = adopted_plan_2026()
    user = request.getfixturevalue(role)
    if role == "administrator":
        user.units.add(data["economy"])
    sign_in_as(axe_page, user)
    activity = data["late"][0]
    for path in ["/verksamhetsplan/2026/", "/aktiviteter/", f"/aktiviteter/{activity.pk}/"]:
        axe_page.goto(path)
        expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(axe_page)
    if role == "administrator":
        axe_page.goto("/aktiviteter/")
        axe_page.locator(f"#aktivitet-{activity.pk}").get_by_role("link", name=UPDATE).click()
        expect(axe_page.locator(f"#aktivitet-{activity.pk} form")).to_be_visible()
        assert_no_axe_violations(axe_page)
