"""Every page checked with axe-core against WCAG 2.1 A and AA, and for its basic structure."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import LOGIN_PATH, assert_no_axe_violations, assert_no_browser_errors

pytestmark = pytest.mark.browser

# (path, signed in as the politician?)
PAGES = {
    "sign-in": (LOGIN_PATH, False),
    "start": ("/", True),
    "accessibility-statement": ("/tillganglighet/", False),
}


@pytest.fixture(params=PAGES.values(), ids=PAGES.keys())
def page_under_test(request):
    return request.param


def open_page(page, live_server, path, signed_in, sign_in_as, politician):
    if signed_in:
        sign_in_as(page, politician)
    page.goto(path)
    # No redirect: an anonymous page must not send to sign-in, a signed-in one must not be refused.
    assert page.url == f"{live_server.url}{path}"


def test_page_has_no_wcag_violations(axe_page, live_server, page_under_test, sign_in_as, politician):
    path, signed_in = page_under_test
    open_page(axe_page, live_server, path, signed_in, sign_in_as, politician)
    assert_no_axe_violations(axe_page)


def test_page_has_one_h1_and_a_main_landmark(
    page, browser_log, live_server, page_under_test, sign_in_as, politician
):
    path, signed_in = page_under_test
    open_page(page, live_server, path, signed_in, sign_in_as, politician)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    assert_no_browser_errors(browser_log)
