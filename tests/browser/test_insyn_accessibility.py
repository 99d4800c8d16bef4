"""Insyn's public pages checked with axe-core against WCAG 2.1 A and AA, as anyone reads them without
signing in: the demo municipality as seed_demo builds it. At a phone's 390 px no page scrolls sideways.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from insyn import selectors
from tests.browser.harness import assert_no_axe_violations, audit_each, overflow

pytestmark = pytest.mark.browser

YEAR = 2026


def public_paths() -> list[str]:
    goal = selectors.annual_goals(YEAR).order_by("position", "pk").first()
    return [
        "/insyn/",
        f"/insyn/{YEAR}/",
        f"/insyn/{YEAR}/verksamhetsplan/",
        f"/insyn/{YEAR}/budget/",
        f"/insyn/{YEAR}/rapporter/",
        f"/insyn/{YEAR}/arshjul/",
        f"/insyn/{YEAR + 1}/",
        "/insyn/styrdokument/",
        "/insyn/tillganglighet/",
        f"/insyn/inbaddning/mal/{goal.pk}/",
    ]


@pytest.fixture
def demo(transactional_db) -> list[str]:
    call_command("seed_demo", "--quiet-logins")
    return public_paths()


def test_public_pages_have_no_wcag_violations(axe_page: Page, live_server, demo):
    audit_each(axe_page, demo)


def test_the_year_page_with_its_details_open_has_no_wcag_violations(axe_page: Page, live_server, demo):
    """The analyses and the code to embed a goal, opened as a reader would."""
    axe_page.goto(f"/insyn/{YEAR}/")
    summaries = axe_page.locator("details.insyn-details > summary")
    assert summaries.count() > 0
    for summary in summaries.all():
        summary.click()
    expect(axe_page.locator("pre.insyn-code").first).to_be_visible()
    assert_no_axe_violations(axe_page)


def test_public_pages_fit_a_phone(page: Page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    wide = []
    for path in demo:
        response = page.goto(path)
        assert response.status == 200, path
        if (extra := overflow(page)) > 0:
            wide.append(f"{path}: {extra}px too wide")
    assert wide == []
