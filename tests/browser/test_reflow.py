"""WCAG 2.1 1.4.10 Reflow: at 320 CSS pixels wide no page scrolls sideways; wide tables scroll by themselves.

The pages are the demo municipality's, as seed_demo builds it, read by a planner and by finance staff
(who see the most forms and tables).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from organisation.models import User
from tests.browser.harness import overflow

pytestmark = pytest.mark.browser

WIDTH = 320
PAGES = {
    "planerare": [
        "/",
        "/mal/2026/",
        "/mal/nyckeltal/",
        "/verksamhetsplan/2026/",
        "/verksamhetsplan/2027/",
        "/aktiviteter/",
        "/internkontroll/2026/",
        "/styrdokument/",
        "/styrdokument/nytt/",
        "/organisation/",
        "/organisation/sammantraden/",
        "/organisation/beslut/",
    ],
    "ekonom": ["/budget/2026/", "/budget/2026/jamfor/", "/budget/2026/fordelning/"],
}


@pytest.mark.parametrize("username", PAGES)
def test_pages_reflow_at_320_pixels(page: Page, live_server, sign_in_as, username, transactional_db):
    call_command("seed_demo", "--quiet-logins")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in_as(page, User.objects.get(username=username))
    wide = []
    for path in PAGES[username]:
        response = page.goto(path)
        assert response.status == 200, path
        if (extra := overflow(page)) > 0:
            wide.append(f"{path}: {extra}px too wide")
    assert wide == []


# Issue 11, point 10: at a laptop's 1280 px and a phone's 390 px no main page scrolls sideways; at
# 1280 px the wide tables fit their scroll containers and the main menu fits one line; on a phone
# each activity is a card whose status and update button are on screen.
KF_GOAL = "/mal/kf/{pk}/"
COMMON = ["/", "/mal/2026/", KF_GOAL, "/verksamhetsplan/2026/", "/aktiviteter/", "/budget/2026/"]
MAIN_PAGES = {
    "planerare": [*PAGES["planerare"], KF_GOAL, "/uppfoljning/", "/arshjul/", "/rapporter/"],
    "politiker": [*COMMON, "/budget/2026/jamfor/", "/uppfoljning/", "/styrdokument/", "/organisation/"],
    "handlaggare": [*COMMON, "/uppfoljning/", "/internkontroll/2026/"],
    "ekonom": [*COMMON, *PAGES["ekonom"], "/uppfoljning/", "/rapporter/"],
}
# The tables that must not be cut off at 1280 px (their containers would scroll, hiding columns).
FITTING_TABLES = {KF_GOAL, "/budget/2026/jamfor/"}


def demo_paths(username: str) -> list[str]:
    from goals.models import MandateGoal

    user = User.objects.get(username=username)
    goals = list(MandateGoal.objects.for_user(user).order_by("pk").values_list("pk", flat=True))
    paths = []
    for path in dict.fromkeys(MAIN_PAGES[username]):
        paths.extend([KF_GOAL.format(pk=pk) for pk in goals] if path == KF_GOAL else [path])
    return paths


def cut_off_tables(page: Page) -> list[str]:
    """Tables wider than the scroll container they sit in, by their caption or region's name."""
    return page.evaluate(
        """[...document.querySelectorAll('.table-scroll')]
            .filter(box => box.scrollWidth > box.clientWidth)
            .map(box => `${box.getAttribute('aria-label') || box.getAttribute('aria-labelledby')}: `
                        + `${box.scrollWidth - box.clientWidth}px cut off`)"""
    )


def menu_lines(page: Page) -> int:
    return page.evaluate(
        "new Set([...document.querySelectorAll('.main-nav li')].map(li => li.offsetTop)).size"
    )


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("username", MAIN_PAGES)
def test_main_pages_fit_a_desktop_and_a_phone(
    page: Page, live_server, sign_in_as, username, width, transactional_db
):
    """No page scrolls sideways; on a desktop no table is cut off and the main menu is one line."""
    call_command("seed_demo", "--quiet-logins")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in_as(page, User.objects.get(username=username))
    wide = []
    for path in demo_paths(username):
        response = page.goto(path)
        assert response.status == 200, path
        if (extra := overflow(page)) > 0:
            wide.append(f"{path}: {extra}px too wide")
        if width < 1280:
            continue
        if path.startswith("/mal/kf/") or path in FITTING_TABLES:
            wide.extend(f"{path}: {table}" for table in cut_off_tables(page))
        if (lines := menu_lines(page)) != 1:
            wide.append(f"{path}: the main menu takes {lines} lines")
    assert wide == []


def test_activities_are_cards_on_a_phone(page: Page, live_server, sign_in_as, transactional_db):
    """Each activity's status and update button are on screen; the button still swaps in the form."""
    call_command("seed_demo", "--quiet-logins")
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in_as(page, User.objects.get(username="handlaggare"))
    page.goto("/aktiviteter/")
    rows = page.locator(".activity-table tbody tr")
    assert rows.count() > 0
    off_screen = page.evaluate(
        """[...document.querySelectorAll('.activity-table tbody tr')].flatMap(row => {
            const parts = [row.querySelector('td:nth-child(5) div'), row.querySelector('.actions a')];
            return parts.filter(Boolean).filter(part => {
              const box = part.getBoundingClientRect();
              return box.left < 0 || box.right > document.documentElement.clientWidth || box.width === 0;
            }).map(part => `${row.id}: ${part.textContent.trim()}`);
        })"""
    )
    assert off_screen == []
    assert page.locator(".activity-table .actions a").count() > 0
    row = rows.filter(has=page.locator(".actions a")).first
    row_id = row.get_attribute("id")
    row.locator(".actions a").click()
    form_row = page.locator(f"#{row_id}.activity-table__edit")
    form_row.wait_for()
    box = form_row.locator("button[type=submit]").bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= 390
    assert overflow(page) <= 0
