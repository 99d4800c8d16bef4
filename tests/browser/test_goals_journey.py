"""The goal chain in a real browser: a planner drafts and adopts KF's goals, a politician reads them.

UI text is matched by patterns that accept both the English msgids and the Swedish catalogue, or
avoided altogether in favour of ids, names, hrefs and roles.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from goals.models import MandateGoal, MandateGoalVersion, MandatePeriod
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting, OrgUnit
from tests.browser.harness import assert_no_browser_errors
from tests.factories import (
    AnnualGoalFactory,
    FocusAreaFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    IndicatorValueFactory,
    MandateGoalFactory,
    MandatePeriodFactory,
    MeetingFactory,
    OrgUnitFactory,
    VisionFactory,
    body_named,
    kf_decision,
    ks_decision,
)

pytestmark = pytest.mark.browser

MUNICIPALITY = "2260"
COUNTRY = "0000"
# "✓ Achieved", "✗ Not achieved", "… Not yet measurable": never colour alone, always symbol and word.
STATUS = re.compile(r"^\s*[✓✗…]\s+\S.*$", re.DOTALL)  # JS regex: \w would not match Å, Ä, Ö
SHOW_DETAILS = re.compile(r"Show details|Visa detaljer", re.IGNORECASE)


def municipality_with_vision() -> dict:
    """The municipality (Kolada code 2260) and an adopted vision with two focus areas."""
    municipality = OrgUnitFactory(
        name="Ånge kommun", kind=OrgUnit.Kind.MUNICIPALITY, kolada_code=MUNICIPALITY, cost_centre=""
    )
    vision = VisionFactory(
        text="Ånge – en plats att växa i.",
        status=AdoptionStatus.ADOPTED,
        decision=kf_decision(datetime.date(2023, 1, 30), paragraph=1, case_number="KS 22/300"),
    )
    areas = [
        FocusAreaFactory(vision=vision, title="Trygg uppväxt", position=1),
        FocusAreaFactory(vision=vision, title="Hållbar tillväxt", position=2),
    ]
    return {"municipality": municipality, "vision": vision, "areas": areas}


def goal_chain_2027() -> dict:
    """An adopted 2022 period with one KF goal charted by two indicators, and an adopted KS goal for 2027.

    Values exist for 2019–2025 for the municipality and the country; targets for 2024–2027.
    """
    data = municipality_with_vision()
    department = OrgUnitFactory(
        name="Socialtjänsten", kind=OrgUnit.Kind.DEPARTMENT, parent=data["municipality"]
    )
    kf_adoption = kf_decision(datetime.date(2023, 1, 30), paragraph=7, case_number="KS 22/327")
    period = MandatePeriodFactory(election_year=2022, status=AdoptionStatus.ADOPTED, decision=kf_adoption)
    goal = MandateGoalFactory(
        period=period,
        position=1,
        version__title="Barn och unga mår bra",
        version__description="Alla barn ska ha en trygg uppväxt.",
        version__criterion="minst",
        version__criterion_count=1,
        version__criterion_text="Minst ett nyckeltal når sitt mål.",
        version__valid_from=2024,
        version__decision=kf_adoption,
        version__focus_areas=[data["areas"][0]],
    )
    indicators = []
    for number, title in enumerate(["Andel elever med godkända betyg", "Andel trygga elever"]):
        indicator = IndicatorFactory(title=title, unit="procent", higher_is_better=True)
        link = GoalIndicatorFactory(mandate_goal=goal, indicator=indicator, position=number + 1)
        for year in range(2019, 2026):
            own = Decimal(60 + number * 5) + Decimal(year - 2019) + Decimal("0.5")
            IndicatorValueFactory(indicator=indicator, municipality=MUNICIPALITY, year=year, value=own)
            IndicatorValueFactory(indicator=indicator, municipality=COUNTRY, year=year, value=Decimal(70))
        for year in range(2024, 2028):
            IndicatorTargetFactory(goal_indicator=link, year=year, value=Decimal(65 + year - 2024))
        indicators.append((indicator, link))
    annual_goal = AnnualGoalFactory(
        year=2027,
        title="Fler elever klarar skolan",
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2026, 5, 18), paragraph=42, case_number="KS 26/101"),
        mandate_goals=[goal],
        departments=[department],
    )
    return data | {"period": period, "goal": goal, "indicators": indicators, "annual_goal": annual_goal}


def add_kf_goal(page: Page, title: str, focus_area: str) -> None:
    """Fill in and send the "draft a KF goal" form; it posts with htmx and the page reloads."""
    form = page.locator("#goal-form")
    form.locator("[name=title]").fill(title)
    form.get_by_label(focus_area, exact=True).check()
    form.locator("[name=criterion]").select_option("minst")
    form.locator("[name=criterion_count]").fill("1")
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.request.headers.get("hx-request") == "true"
    ) as sent:
        form.locator("button[type=submit]").click()
    assert sent.value.status == 200
    assert sent.value.headers.get("hx-redirect") == "/mal/mandatperiod/2026/"
    expect(page.locator("ol.plain-list").get_by_role("link", name=title, exact=True)).to_be_visible()


def record_adoption(page: Page, meeting: Meeting) -> None:
    form = page.locator("form[action='/mal/mandatperiod/2026/anta/']")
    form.locator("[name=meeting]").select_option(str(meeting.pk))
    form.locator("[name=paragraph]").fill("12")
    form.locator("[name=case_number]").fill("KS 26/412")
    form.locator("button[type=submit]").click()


def test_planner_drafts_a_periods_goals_and_adopts_them(page, browser_log, live_server, sign_in_as, planner):
    municipality_with_vision()
    meeting = MeetingFactory(body=body_named("KF"), date=datetime.date(2027, 1, 25))
    sign_in_as(page, planner)

    page.goto("/mal/mandatperiod/2026/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026")
    expect(page.locator("ol.plain-list")).to_have_count(0)

    add_kf_goal(page, "Barn och unga mår bra", "Trygg uppväxt")
    expect(page.locator(".messages")).to_be_visible()
    add_kf_goal(page, "Fler jobb i kommunen", "Hållbar tillväxt")
    expect(page.locator("ol.plain-list > li")).to_have_count(2)

    # Two goals are too few: the page warns, and KF's adoption is refused with the reason.
    expect(page.locator("[aria-labelledby=adopt-heading] .warnings")).to_contain_text(
        re.compile(r"3\D{1,6}5")
    )
    record_adoption(page, meeting)
    expect(page).to_have_url(f"{live_server.url}/mal/mandatperiod/2026/anta/")
    refusal = page.locator(".form-errors[role=alert]")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text(re.compile(r"3\D{1,6}5"))
    period = MandatePeriod.objects.get(election_year=2026)
    assert period.status == AdoptionStatus.DRAFT
    assert period.decision is None
    assert not meeting.decisions.exists()

    page.goto("/mal/mandatperiod/2026/")
    add_kf_goal(page, "Ett hållbart näringsliv", "Hållbar tillväxt")
    expect(page.locator("ol.plain-list > li")).to_have_count(3)
    for goal in MandateGoal.objects.filter(period__election_year=2026):
        GoalIndicatorFactory(mandate_goal=goal)  # a criterion counts indicators: one each (R9)
    page.reload()
    expect(page.locator("[aria-labelledby=adopt-heading] .warnings")).to_have_count(0)

    record_adoption(page, meeting)
    expect(page).to_have_url(f"{live_server.url}/mal/mandatperiod/2026/")
    status = page.locator("dl.facts dd").nth(4)
    expect(status).to_contain_text(re.compile(r"Adopted|Antagen", re.IGNORECASE))
    expect(status).to_contain_text("KF 2027-01-25 § 12 (KS 26/412)")
    expect(page.locator(".messages")).to_be_visible()
    # Adopted goals are no longer drafted or adopted here: they change by revision.
    expect(page.locator("#goal-form")).to_have_count(0)
    expect(page.locator("#adopt-heading")).to_have_count(0)

    period.refresh_from_db()
    assert period.status == AdoptionStatus.ADOPTED
    assert period.decision.meeting == meeting
    assert (period.decision.paragraph, period.decision.case_number) == (12, "KS 26/412")
    versions = MandateGoalVersion.objects.filter(goal__period=period)
    assert versions.count() == 3
    assert {(v.valid_from, v.decision_id) for v in versions} == {(2028, period.decision.pk)}
    assert {v.criterion for v in versions} == {"minst"}
    assert all(v.focus_areas.count() == 1 for v in versions)
    assert_no_browser_errors(browser_log)


def test_politician_opens_the_year_and_a_goals_chart(page, browser_log, live_server, sign_in_as, politician):
    data = goal_chain_2027()
    goal, annual_goal = data["goal"], data["annual_goal"]
    sign_in_as(page, politician)

    page.goto("/mal/2027/")
    card = page.locator(f"#mal-{goal.pk}")
    goal_link = card.get_by_role("heading", level=3).get_by_role("link")
    expect(goal_link).to_have_text("Barn och unga mår bra")
    expect(card.locator(".chain__head .status")).to_have_text(STATUS)
    ks_item = card.locator(".chain__annual li")
    expect(ks_item.get_by_role("link")).to_have_text("Fler elever klarar skolan")
    expect(ks_item.get_by_role("link")).to_have_attribute("href", f"/mal/ks/{annual_goal.pk}/")
    expect(ks_item.locator(".status")).to_have_text(STATUS)
    for status in page.locator(".status").all():
        expect(status.locator("[aria-hidden=true]")).to_have_text(re.compile(r"^[✓✗…]$"))
    # Adopted goals carry no draft or proposal badge.
    expect(page.locator(".badge")).to_have_count(0)

    # htmx fetches the card with its details and swaps it in; the page itself does not change.
    toggle = card.locator("a.toggle")
    expect(toggle).to_have_text(SHOW_DETAILS)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    with page.expect_response(lambda r: "kort=" in r.url and r.request.headers.get("hx-request") == "true"):
        toggle.click()
    expect(card.locator("a.toggle")).to_have_attribute("aria-expanded", "true")
    details = card.locator(".chain__details")
    expect(details).to_contain_text("Alla barn ska ha en trygg uppväxt.")
    expect(details).to_contain_text("Trygg uppväxt")
    # The criterion in words ("minst 1 av 1 nyckeltal …"), not "N = 1".
    expect(details).to_contain_text(re.compile(r"(minst|at least) 1 (av|of) \d+ "))
    expect(details).not_to_contain_text("N = ")
    assert page.url == f"{live_server.url}/mal/2027/"

    goal_link.click()
    expect(page).to_have_url(f"{live_server.url}/mal/kf/{goal.pk}/?ar=2027")
    expect(page.get_by_role("heading", level=1)).to_have_text("Barn och unga mår bra")
    figures = page.locator("figure.chart")
    expect(figures).to_have_count(2)
    for indicator, link in data["indicators"]:
        figure = page.locator(f"figure#chart-{link.pk}")
        expect(figure.locator("figcaption")).to_contain_text(indicator.title)
        svg = figure.locator("svg")
        expect(svg).to_have_attribute("role", "img")
        expect(svg).to_have_accessible_name(re.compile(re.escape(indicator.title)))
        expect(page.get_by_role("img", name=re.compile(re.escape(indicator.title)))).to_have_count(1)

    indicator, link = data["indicators"][0]
    figure = page.locator(f"figure#chart-{link.pk}")
    table = figure.locator("details table")
    expect(table).to_be_hidden()
    figure.locator("details > summary").click()
    expect(table).to_be_visible()
    row_2025 = table.locator("tbody tr").filter(has=page.locator("th", has_text="2025"))
    # 2025: the municipality, the target and the country, with one decimal each and a decimal comma.
    expect(row_2025.locator("td")).to_have_text(["66,5", "66,0", "70,0"])
    assert_no_browser_errors(browser_log)


def test_drafts_are_hidden_from_politicians(page, browser_log, live_server, sign_in_as, politician, planner):
    period = MandatePeriodFactory(election_year=2026, status=AdoptionStatus.DRAFT)
    goal = MandateGoalFactory(period=period, version__title="Hemligt utkastmål", version__criterion="alla")

    sign_in_as(page, politician)
    response = page.goto("/mal/2028/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("2028")
    expect(page.get_by_text("Hemligt utkastmål")).to_have_count(0)
    expect(page.locator(f"#mal-{goal.pk}")).to_have_count(0)
    expect(page.locator(f"a[href^='/mal/kf/{goal.pk}/']")).to_have_count(0)
    response = page.goto(f"/mal/kf/{goal.pk}/")
    assert response.status == 404
    expect(page.get_by_text("Hemligt utkastmål")).to_have_count(0)
    response = page.goto("/mal/mandatperiod/2026/")
    assert response.status == 404

    sign_in_as(page, planner)
    response = page.goto("/mal/2028/")
    assert response.status == 200
    card = page.locator(f"#mal-{goal.pk}")
    expect(card.get_by_role("link", name="Hemligt utkastmål")).to_be_visible()
    expect(page.locator(".badge--draft")).to_be_visible()
    response = page.goto(f"/mal/kf/{goal.pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Hemligt utkastmål")
    # Chromium logs every 404 answer as a console error: those two were the point, anything else is not.
    refused = [e for e in browser_log.console_errors if re.search(r"\b404\b", e)]
    assert len(refused) == 2
    assert any(f"/mal/kf/{goal.pk}/" in e for e in refused)
    assert any("/mal/mandatperiod/2026/" in e for e in refused)
    browser_log.console_errors = [e for e in browser_log.console_errors if e not in refused]
    assert_no_browser_errors(browser_log)
