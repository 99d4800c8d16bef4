"""The annual wheel in a real browser, the parts test_annual_wheel.py does not walk through: a politician
filters the wheel to KF with the plain GET form (no JavaScript needed) and moves on a year keeping the
filter; a planner corrects a step after a form error shown next to its field, and retires another step
through the confirmation page. axe checks the filtered wheel, the form with its errors and the
confirmation page."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from calendar_wheel import services
from calendar_wheel.models import Deadline, WheelEvent
from tests.browser.harness import assert_no_axe_violations, assert_no_browser_errors
from tests.factories import MeetingFactory, body_named

pytestmark = pytest.mark.browser

SHOW = re.compile(r"^(Show|Visa)$")
SAVE = re.compile(r"^(Save|Spara)$")


@pytest.fixture
def travel():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC), tick=True):
        yield


@pytest.fixture
def wheel(db, travel):
    kf, ks = body_named("KF"), body_named("KS")
    MeetingFactory(body=ks, date=datetime.date(2026, 11, 24))
    MeetingFactory(body=kf, date=datetime.date(2026, 10, 26))
    services.load_shipped_steps()
    services.generate_wheel(2026)
    services.generate_wheel(2027)
    return {"KF": kf, "KS": ks}


def marker_count(page: Page) -> int:
    return page.locator('#wheel-svg a[href^="#deadline-"]').count()


def test_the_body_filter_narrows_wheel_and_list_and_survives_the_year_switch(
    page: Page, browser_log, politician, sign_in_as, wheel
):
    sign_in_as(page, politician)
    page.goto("/arshjul/2026/")
    everything = Deadline.objects.filter(year=2026).count()
    assert marker_count(page) == everything

    page.get_by_label(re.compile(r"^(Body|Organ)")).select_option(label="Kommunfullmäktige")
    page.get_by_role("button", name=SHOW).click()
    expect(page).to_have_url(re.compile(rf"\?organ={wheel['KF'].pk}$"))
    kf_only = Deadline.objects.filter(year=2026, event__body=wheel["KF"])
    assert marker_count(page) == kf_only.count() < everything
    assert page.locator('li[id^="deadline-"]').count() == kf_only.count()
    october = kf_only.get(event__code="kf-mandate-goal-work-starts")
    expect(page.locator(f"#deadline-{october.pk}")).to_contain_text(october.event.title)

    page.get_by_role("link", name=re.compile(r"2027")).first.click()
    expect(page).to_have_url(re.compile(rf"/arshjul/2027/\?organ={wheel['KF'].pk}$"))
    assert marker_count(page) == Deadline.objects.filter(year=2027, event__body=wheel["KF"]).count()
    expect(page.locator("main")).not_to_contain_text("Valår")
    assert_no_browser_errors(browser_log)


def test_a_planner_corrects_a_step_and_retires_another(page: Page, browser_log, planner, sign_in_as, wheel):
    sign_in_as(page, planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    page.goto("/arshjul/steg/")
    page.get_by_role("link", name=re.compile(rf"(Edit|Ändra).*{re.escape(event.title)}")).click()

    # A fixed day without its day: the error is next to the day field, and nothing is saved.
    page.get_by_label(re.compile(r"^(When|När)")).select_option(value="dag")
    page.get_by_role("button", name=SAVE).click()
    day = page.locator("#id_day")
    expect(day).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_day_error")).to_contain_text(re.compile(r"behöver sin dag|needs its day"))
    event.refresh_from_db()
    assert event.timing == "manad"

    day.fill("12")
    page.get_by_role("button", name=SAVE).click()
    expect(page).to_have_url(re.compile(r"/arshjul/steg/$"))
    assert Deadline.objects.get(event=event, year=2026).date == datetime.date(2026, 11, 12)
    assert Deadline.objects.get(event=event, year=2027).date == datetime.date(2027, 11, 12)

    other = WheelEvent.objects.get(code="politikerdag-may")
    page.get_by_role("link", name=re.compile(rf"(Retire|Avveckla).*{re.escape(other.title)}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(other.title)
    other.refresh_from_db()
    assert not other.retired  # only the confirmation asked so far
    page.get_by_role("button", name=re.compile(r"^(Retire the step|Avveckla steget)$")).click()
    expect(page).to_have_url(re.compile(r"/arshjul/steg/$"))
    other.refresh_from_db()
    assert other.retired
    assert not Deadline.objects.filter(event=other, year__in=[2026, 2027]).exists()
    assert_no_browser_errors(browser_log)


def test_filtered_wheel_form_errors_and_confirmation_have_no_axe_violations(
    axe_page: Page, planner, sign_in_as, wheel
):
    sign_in_as(axe_page, planner)
    axe_page.goto(f"/arshjul/2026/?organ={wheel['KS'].pk}")
    assert_no_axe_violations(axe_page)

    event = WheelEvent.objects.get(code="politikerdag-november")
    axe_page.goto(f"/arshjul/steg/{event.pk}/")
    axe_page.locator("#id_timing").select_option(value="dag")
    axe_page.locator("#id_month").select_option(value="2")
    axe_page.get_by_role("button", name=SAVE).click()
    expect(axe_page.locator("#id_day_error")).to_be_visible()
    assert_no_axe_violations(axe_page)

    axe_page.goto(f"/arshjul/steg/{event.pk}/avveckla/")
    expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(axe_page)
