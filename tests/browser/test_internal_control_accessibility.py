"""The internal control plan checked with axe-core against WCAG 2.1 A and AA, as its readers see it.

The plan is a proposal: politicians read it with its risk matrix; planners also see the forms to add
a control and to record KS's decision, which are opened before the audit.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from organisation.lifecycle import AdoptionStatus
from tests.browser.harness import assert_no_axe_violations
from tests.factories import ControlFactory, InternalControlPlanFactory, MeetingFactory, body_named

pytestmark = pytest.mark.browser

# (probability, consequence): every level of the matrix is used, and one cell holds two controls.
ASSESSMENTS = [(4, 4), (3, 4), (3, 3), (2, 4), (2, 3), (2, 3), (1, 2), (1, 1)]


def proposed_plan_2026():
    plan = InternalControlPlanFactory(year=2026, status=AdoptionStatus.PROPOSAL)
    for number, (probability, consequence) in enumerate(ASSESSMENTS, start=1):
        ControlFactory(plan=plan, process=f"Rutin {number}", probability=probability, consequence=consequence)
    MeetingFactory(body=body_named("KS"), date=datetime.date(2025, 12, 2))
    return plan


@pytest.mark.parametrize("role", ["politician", "planner"])
def test_internal_control_plan_has_no_wcag_violations(axe_page, live_server, sign_in_as, request, role):
    plan = proposed_plan_2026()
    sign_in_as(axe_page, request.getfixturevalue(role))
    response = axe_page.goto("/internkontroll/2026/")
    assert response.status == 200
    expect(axe_page.locator("table.risk-matrix td.risk-matrix__cell")).to_have_count(16)
    if role == "planner":
        axe_page.locator(
            "#work-on-the-plan ~ details > summary, section.card details > summary"
        ).first.click()
        expect(axe_page.locator("#control-form")).to_be_visible()
        expect(axe_page.locator("#adopt-form")).to_be_visible()
    assert_no_axe_violations(axe_page)
    if role == "planner":
        axe_page.goto(plan.controls.first().get_absolute_url())
        expect(axe_page.locator("#control-form")).to_be_visible()
        assert_no_axe_violations(axe_page)
