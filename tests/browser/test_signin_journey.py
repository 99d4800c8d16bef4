"""Signing in and out with the municipality's account in real Chromium, against the real test provider.

The browser goes where a user's goes: our sign-in page, the provider's sign-in form on another
origin, back to our callback, the start page; then sign-out here and at the provider, and back to our
"signed out" page. Our pages keep their Content-Security-Policy throughout.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.middleware.csp import CSP
from playwright.sync_api import Page, expect

from organisation.roles import Role
from styrmodell.env import origin_of
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors
from tests.factories import AssignmentFactory, PersonFactory, UserFactory
from tests.oidc_provider.fixture import oidc_provider  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def provider_for_live_server(settings, live_server, oidc_provider):  # noqa: F811
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.client_secret
    # As settings.py does when OIDC_ISSUER comes from the environment: sign-out may go on to the provider.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [CSP.SELF, origin_of(oidc_provider.issuer)],
    }
    oidc_provider.set_redirect_uris(
        oidc_provider.client_id,
        [f"{live_server.url}/konto/logga-in/kommunkonto/klart/"],
        [f"{live_server.url}/konto/utloggad/"],
    )
    yield oidc_provider
    oidc_provider.reset()


def test_a_politician_signs_in_and_out_with_the_municipality_account(
    page: Page, browser_log, provider_for_live_server, axe_page
):
    provider = provider_for_live_server
    provider.add_user("petra.l", email="petra.lindgren@ange.example", name="Petra Lindgren")
    person = PersonFactory(name="Petra Lindgren", email="petra.lindgren@ange.example")
    AssignmentFactory(person=person, start=datetime.date(2026, 10, 15), end=datetime.date(2030, 10, 14))

    axe_page.goto("/konto/logga-in/")
    assert_no_axe_violations(axe_page)

    page.goto("/konto/logga-in/?next=/organisation/")
    page.get_by_role("link", name="Logga in med ditt kommunkonto").click()
    page.get_by_label("Username").fill("petra.l")
    page.get_by_label("Password").fill("provider-pass-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".account__name")).to_have_text("Petra Lindgren")

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utloggad")
    assert "/konto/utloggad/" in page.url
    assert not provider.is_signed_in()
    assert_no_browser_errors(browser_log)


def test_someone_outside_the_organisation_is_told_whom_to_ask(page: Page, provider_for_live_server):
    provider = provider_for_live_server
    provider.add_user("okand", email="okand@ange.example", name="Okänd Person")
    UserFactory(role=Role.SYSADMIN, first_name="Adam", last_name="Sysander", email="adam@ange.example")
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Logga in med ditt kommunkonto").click()
    page.get_by_label("Username").fill("okand")
    page.get_by_label("Password").fill("provider-pass-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("inte kopplat till någon person")).to_be_visible()
    expect(page.get_by_role("link", name="adam@ange.example")).to_be_visible()
