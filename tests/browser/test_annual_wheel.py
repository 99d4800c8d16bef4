"""The annual wheel in a real browser: a presidium member finds October's mandate-goal work and
November's adoption of the verksamhetsplan on the wheel and in the list, and copies the feed link;
axe checks the wheel, the steps and the feed page."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from calendar_wheel import services
from calendar_wheel.models import CalendarFeed, Deadline
from organisation.models import Assignment
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors
from tests.factories import AssignmentFactory, MeetingFactory, PersonFactory, body_named

pytestmark = pytest.mark.browser


@pytest.fixture
def travel():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


def wheel_2026(presidium_user) -> None:
    kf, ks = body_named("KF"), body_named("KS")
    AssignmentFactory(
        body=ks,
        role=Assignment.Role.CHAIR,
        person=PersonFactory(name="Hans Wallin", email="hans@example.org", user=presidium_user),
        start=datetime.date(2026, 10, 15),
        end=None,
    )
    MeetingFactory(body=ks, date=datetime.date(2026, 11, 24))
    MeetingFactory(body=kf, date=datetime.date(2026, 10, 26))
    services.load_shipped_steps()
    services.generate_wheel(2026)


def test_presidium_finds_the_autumn_steps_and_copies_the_feed_link(
    page: Page, browser_log, politician, sign_in_as, travel
):
    wheel_2026(politician)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in_as(page, politician)
    page.goto("/arshjul/2026/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026")
    expect(page.locator("main")).to_contain_text("13 september 2026")

    october = Deadline.objects.get(year=2026, event__code="kf-mandate-goal-work-starts")
    adoption = Deadline.objects.get(year=2026, event__concerns="verksamhetsplan")
    for deadline in (october, adoption):
        marker = page.locator(f'#wheel-svg a[href="#deadline-{deadline.pk}"]')
        expect(marker).to_have_count(1)
        marker.locator("circle").click()
        expect(page).to_have_url(re.compile(f"#deadline-{deadline.pk}$"))
        expect(page.locator(f"#deadline-{deadline.pk}")).to_contain_text(deadline.event.title)
    expect(page.locator("#month-10")).to_be_visible()
    expect(page.locator(f"#deadline-{adoption.pk}")).to_contain_text("24 november")

    page.get_by_role("link", name=re.compile(r"kalender", re.IGNORECASE)).first.click()
    assert not CalendarFeed.objects.filter(user=politician).exists()  # reading the page creates nothing
    # The copy button works once the new page's deferred script has run: wait for its load event,
    # or a quick click lands before the handler exists and nothing is copied.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=gettext("Create my calendar address")).click()
    page.get_by_role("button", name=re.compile(r"Kopiera")).click()
    expect(page.locator("#copy-status")).to_contain_text("kopierad")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/arshjul/{CalendarFeed.objects.get(user=politician).token}.ics")
    assert_no_browser_errors(browser_log)


@pytest.mark.parametrize("role", ["politician", "planner"])
def test_wheel_pages_have_no_axe_violations(axe_page: Page, request, role, sign_in_as, travel):
    user = request.getfixturevalue(role)
    wheel_2026(user)
    sign_in_as(axe_page, user)
    paths = ["/arshjul/2026/", "/arshjul/kalender/", "/arshjul/steg/", "/"]
    if role == "planner":
        paths.append("/arshjul/steg/nytt/")
    for path in paths:
        axe_page.goto(path)
        expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(axe_page)
    # The calendar page once the address exists (above it offered the button to create it).
    axe_page.goto("/arshjul/kalender/")
    axe_page.get_by_role("button", name=gettext("Create my calendar address")).click()
    expect(axe_page.locator("#feed-url")).to_be_visible()
    assert_no_axe_violations(axe_page)
