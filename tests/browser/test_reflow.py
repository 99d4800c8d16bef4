"""WCAG 2.1 1.4.10 Reflow: at 320 CSS pixels wide no page scrolls sideways; wide tables scroll by themselves.

The pages are the demo municipality's, as seed_demo builds it, read by a planner and by finance staff
(who see the most forms and tables).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from organisation.models import User

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


def overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


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
