"""Headless Chromium against pytest-django's live server.

- `browser`: one Chromium for the session, the system's (no Playwright download).
- `page` + `browser_log`: a page under the site's real CSP that records console errors, uncaught
  errors and CSP violations; end a test with `assert_no_browser_errors(browser_log)`.
- `axe_page`: a page whose context bypasses CSP so axe-core can be injected; see `harness.audit`.
- `sign_in_as`: puts a user's session cookie in a page's context (via `client.force_login`).

Requesting `page` or `axe_page` pulls in `live_server`, which makes the test's database
transactional: users created with the role fixtures are committed and visible to the server.
"""

import os
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.harness import CSP_LISTENER, BrowserLog

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run there
# unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_context(browser: Browser, base_url: str, **kwargs) -> BrowserContext:
    context = browser.new_context(base_url=base_url, locale="sv-SE", **kwargs)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def page(browser: Browser, live_server, browser_log: BrowserLog) -> Iterator[Page]:
    """A page with the site's CSP enforced, reporting what went wrong into `browser_log`."""
    context = _new_context(browser, live_server.url)
    context.expose_function("__reportCspViolation", browser_log.on_csp_violation)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on("console", browser_log.on_console)
    page.on("pageerror", browser_log.on_page_error)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser: Browser, live_server) -> Iterator[Page]:
    """A page whose context bypasses CSP, so that axe-core can be injected as an inline script."""
    context = _new_context(browser, live_server.url, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def sign_in_as(client, live_server) -> Callable[[Page, object], None]:
    """Sign a user in for a page without the form: force_login's session cookie, put in the browser."""

    def sign_in(page: Page, user) -> None:
        client.force_login(user, backend="signin.backends.PasswordBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in
