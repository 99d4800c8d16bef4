"""The goal chain's pages checked with axe-core against WCAG 2.1 A and AA, as their readers see them.

The data is the 2027 chain of the journey tests: an adopted 2022 period whose KF goal has two
charted indicators, and an adopted KS goal for 2027. Planners see more than politicians (warnings,
forms, actions), so the pages that differ are checked for both.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from organisation.lifecycle import AdoptionStatus
from tests.browser.harness import assert_no_axe_violations
from tests.browser.test_goals_journey import goal_chain_2027
from tests.factories import MandateGoalFactory, MandatePeriodFactory, MeetingFactory, body_named

pytestmark = pytest.mark.browser


def open_chart_tables(page: Page) -> None:
    """Open every chart's "Show as a table", so that axe checks the tables too."""
    summaries = page.locator("figure.chart details > summary")
    expect(summaries).to_have_count(2)
    for summary in summaries.all():
        summary.click()
    expect(page.locator("figure.chart details[open] table")).to_have_count(2)


def open_card_details(page: Page) -> None:
    """Open the KF goal's card with htmx, as a reader would."""
    toggle = page.locator(".chain__goal a.toggle")
    toggle.click()
    expect(page.locator(".chain__goal a.toggle")).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".chain__details")).to_be_visible()


def nothing(page: Page) -> None:
    pass


# name: (role fixture, path from the data, what to do on the page before the audit)
PAGES: dict[str, tuple[str, Callable[[dict], str], Callable[[Page], None]]] = {
    "year-politician": ("politician", lambda d: "/mal/2027/", nothing),
    "year-planner": ("planner", lambda d: "/mal/2027/", nothing),
    "year-details-open": ("politician", lambda d: "/mal/2027/", open_card_details),
    "kf-goal-politician": ("politician", lambda d: f"/mal/kf/{d['goal'].pk}/?ar=2027", open_chart_tables),
    "kf-goal-planner": ("planner", lambda d: f"/mal/kf/{d['goal'].pk}/?ar=2027", open_chart_tables),
    "ks-goal-politician": ("politician", lambda d: f"/mal/ks/{d['annual_goal'].pk}/", nothing),
    "ks-goal-planner": ("planner", lambda d: f"/mal/ks/{d['annual_goal'].pk}/", nothing),
    "adopted-period-politician": ("politician", lambda d: "/mal/mandatperiod/2022/", nothing),
    "indicators-planner": ("planner", lambda d: "/mal/nyckeltal/", nothing),
}


@pytest.mark.parametrize(("role", "path", "prepare"), PAGES.values(), ids=PAGES.keys())
def test_goal_page_has_no_wcag_violations(axe_page, live_server, sign_in_as, request, role, path, prepare):
    data = goal_chain_2027()
    sign_in_as(axe_page, request.getfixturevalue(role))
    url = path(data)
    response = axe_page.goto(url)
    assert response.status == 200
    assert axe_page.url == f"{live_server.url}{url}"
    prepare(axe_page)
    assert_no_axe_violations(axe_page)


def draft_2026_period() -> None:
    """A draft 2026 period with one goal, so that the adoption section shows its warnings and form."""
    period = MandatePeriodFactory(election_year=2026, status=AdoptionStatus.DRAFT)
    MandateGoalFactory(period=period, version__title="Ett utkast", version__criterion="alla")
    MeetingFactory(body=body_named("KF"), date=datetime.date(2027, 1, 25))


def test_period_page_with_a_form_error_has_no_wcag_violations(axe_page, live_server, sign_in_as, planner):
    goal_chain_2027()
    draft_2026_period()
    sign_in_as(axe_page, planner)
    axe_page.goto("/mal/mandatperiod/2026/")
    expect(axe_page.locator("[aria-labelledby=adopt-heading] .warnings")).to_be_visible()
    form = axe_page.locator("#goal-form")
    with axe_page.expect_response(lambda r: r.request.method == "POST"):
        form.locator("button[type=submit]").click()
    # htmx swaps in the form with its errors; the title is required.
    title = axe_page.locator("#goal-form [name=title]")
    errors = axe_page.locator("#goal-form .field--error")
    expect(errors.filter(has=axe_page.locator("[name=title]"))).to_have_count(1)
    # The error is tied to its field for screen readers, not only shown beside it.
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_attribute("aria-describedby", "id_title_error")
    expect(axe_page.locator("#id_title_error")).to_be_visible()
    assert axe_page.url == f"{live_server.url}/mal/mandatperiod/2026/"
    assert_no_axe_violations(axe_page)


def test_refused_adoption_has_no_wcag_violations(axe_page, live_server, sign_in_as, planner):
    goal_chain_2027()
    draft_2026_period()
    sign_in_as(axe_page, planner)
    axe_page.goto("/mal/mandatperiod/2026/")
    form = axe_page.locator("form[action='/mal/mandatperiod/2026/anta/']")
    form.locator("[name=meeting]").select_option(index=1)
    form.locator("[name=paragraph]").fill("3")
    form.locator("[name=case_number]").fill("KS 26/9")
    form.locator("button[type=submit]").click()
    expect(axe_page).to_have_url(f"{live_server.url}/mal/mandatperiod/2026/anta/")
    expect(axe_page.locator(".form-errors[role=alert]")).to_be_visible()
    assert_no_axe_violations(axe_page)
