"""The start page shows each user the deadlines that concern them in the next 60 days, with their state
as a symbol and a word and a link to the wheel; the page's queries do not grow with the deadlines."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_wheel.models import Timing
from organisation.lifecycle import AdoptionStatus
from organisation.models import Role
from tests.calendar_wheel.reminder_people import ks_people, signed_in_person
from tests.factories import DeadlineFactory, PlanFactory, WheelEventFactory, body_named

TODAY = datetime.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 2, 8, tzinfo=datetime.UTC), tick=False):
        yield TODAY


@pytest.fixture
def chair(db):
    """Nina Ny, KS's chair from 15 October 2026, signed in as a politician."""
    people = ks_people()
    return signed_in_person(people.new_chair, username="nina", first_name="Nina", role=Role.POLITICIAN)


def in_days(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def section(html: str) -> str:
    """The start page's deadline card."""
    start = html.index('id="todo-heading"')
    return html[start : html.index("</section>", start)]


def test_the_chair_sees_the_ks_deadlines_of_the_next_60_days(client, chair):
    soon = DeadlineFactory(event=WheelEventFactory(title="KS antar verksamhetsplanen"), date=in_days(22))
    DeadlineFactory(event=WheelEventFactory(title="Långt borta", month=1), date=in_days(61))
    DeadlineFactory(event=WheelEventFactory(title="Redan passerad"), date=in_days(-1))
    DeadlineFactory(event=WheelEventFactory(title="KF:s sak", body=body_named("KF")), date=in_days(5))
    client.force_login(chair)
    html = section(client.get("/").content.decode())
    assert "KS antar verksamhetsplanen" in html
    assert f'href="/arshjul/2026/#deadline-{soon.pk}"' in html
    assert f'datetime="{soon.date.isoformat()}"' in html
    assert "(KS)" in html
    for absent in ("Långt borta", "Redan passerad", "KF:s sak"):
        assert absent not in html


def test_the_last_of_the_60_days_is_included(client, chair):
    DeadlineFactory(event=WheelEventFactory(title="Sista dagen"), date=in_days(60))
    client.force_login(chair)
    assert "Sista dagen" in section(client.get("/").content.decode())


def test_the_state_is_a_symbol_and_a_word(client, chair):
    """KS adopting next year's plan within 14 days while the plan is a draft: at risk, said in words."""
    event = WheelEventFactory(
        title="KS antar verksamhetsplan 2027", concerns="verksamhetsplan", concerns_year_offset=1
    )
    DeadlineFactory(event=event, date=in_days(10))
    PlanFactory(year=2027, status=AdoptionStatus.DRAFT)
    client.force_login(chair)
    html = section(client.get("/").content.decode())
    assert 'class="state state-at-risk"' in html
    assert '<span aria-hidden="true">' in html
    assert "risk" in html.lower()


def test_cut_off_dates_and_retired_steps_are_not_deadlines(client, chair):
    cut_off = WheelEventFactory(title="Brytdatum tertial", timing=Timing.CUT_OFF, month=12, day=31)
    DeadlineFactory(event=cut_off, date=in_days(20))
    DeadlineFactory(event=WheelEventFactory(title="Avvecklat steg", retired=True), date=in_days(20))
    client.force_login(chair)
    html = section(client.get("/").content.decode())
    assert "Brytdatum tertial" not in html
    assert "Avvecklat steg" not in html


def test_officials_see_the_deadlines_of_their_role(client, chair, planner, finance):
    DeadlineFactory(event=WheelEventFactory(title="För planerare", remind_role=Role.PLANNER), date=in_days(3))
    DeadlineFactory(event=WheelEventFactory(title="För ekonomer", remind_role=Role.FINANCE), date=in_days(4))
    client.force_login(planner)
    html = section(client.get("/").content.decode())
    assert "För planerare" in html
    assert "För ekonomer" not in html


def test_a_user_the_wheel_does_not_name_is_told_so(client, chair, politician):
    DeadlineFactory(date=in_days(3))
    client.force_login(politician)
    html = section(client.get("/").content.decode())
    assert "<li>" not in html
    assert 'href="/arshjul/kalender/"' in html


def test_the_start_page_links_to_the_wheel_and_the_calendar_feed(client, chair):
    client.force_login(chair)
    html = section(client.get("/").content.decode())
    assert 'href="/arshjul/"' in html
    assert 'href="/arshjul/kalender/"' in html


def test_the_start_pages_queries_do_not_grow_with_the_deadlines(client, chair, django_assert_num_queries):
    def add(count: int, offset: int) -> None:
        for n in range(count):
            event = WheelEventFactory(
                remind_group_leaders=True,
                concerns="verksamhetsplan" if n % 2 else "",
                concerns_year_offset=1,
            )
            DeadlineFactory(event=event, date=in_days(offset + n))

    add(2, 1)  # one untracked step and one that tracks the plan (deadline_states: a query per concern)
    client.force_login(chair)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    add(12, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get("/").content.decode()
    assert section(html).count("<li>") == 14
