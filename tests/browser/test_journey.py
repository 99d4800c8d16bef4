"""A politician's first visit in a real browser, under the site's enforced CSP."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import LOGIN_PATH, SIGN_OUT, assert_no_browser_errors, sign_in_with_form

pytestmark = pytest.mark.browser


def test_politician_signs_in_lands_on_start_page_and_signs_out(page, browser_log, politician, live_server):
    page.goto("/")
    expect(page).to_have_url(re.compile(rf"{re.escape(LOGIN_PATH)}\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    sign_in_with_form(page, "politiker")

    expect(page).to_have_url(f"{live_server.url}/")
    headings = page.get_by_role("heading", level=1)
    expect(headings).to_have_count(1)
    expect(headings).to_contain_text("Petra")

    # The skip link is the first thing the keyboard reaches, and it moves focus to the content.
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    page.get_by_role("button", name=SIGN_OUT).click()

    expect(page).to_have_url(f"{live_server.url}/konto/utloggad/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Utloggad")
    expect(page.get_by_role("button", name=SIGN_OUT)).to_have_count(0)
    assert_no_browser_errors(browser_log)
