"""The private calendar feed: valid iCalendar read by an independent parser (vobject), all-day events,
UIDs stable when the wheel is generated again, a new address revokes the old one."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest
import time_machine
import vobject
from django.urls import reverse

from calendar_wheel import services
from calendar_wheel.models import CalendarFeed, Deadline, Timing
from organisation.models import Assignment
from tests.factories import AssignmentFactory, PersonFactory, WheelEventFactory, body_named

NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def chair(politician):
    """The politician chairs KS; KS adopts its plan in November and holds a window in October."""
    ks = body_named("KS")
    AssignmentFactory(
        body=ks,
        role=Assignment.Role.CHAIR,
        person=PersonFactory(
            name="Ordförande", email=politician.email or "ordf@example.org", user=politician
        ),
        start=datetime.date(2022, 10, 15),
        end=None,
    )
    WheelEventFactory(
        code="ks-antar-vp", title="KS antar verksamhetsplan", body=ks, timing=Timing.MONTH, month=11
    )
    WheelEventFactory(
        code="gruppledarmoten",
        title="Gruppledarnas möten",
        body=ks,
        timing=Timing.WINDOW,
        month=10,
        day=15,
        end_month=11,
        end_day=15,
    )
    WheelEventFactory(code="annat-organ", title="Inte för ordföranden", body=body_named("KF"), month=11)
    services.generate_wheel(2026)
    return politician


def feed_of(client, user) -> tuple[str, vobject.base.Component]:
    client.force_login(user)
    client.get(reverse("calendar_wheel:feed_settings"))
    token = CalendarFeed.objects.get(user=user).token
    client.logout()
    response = client.get(reverse("calendar_wheel:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return token, vobject.readOne(response.content.decode())


@pytest.mark.django_db
class TestFeed:
    def test_the_feed_holds_the_users_deadlines_as_all_day_events(self, client, chair):
        _token, calendar = feed_of(client, chair)
        events = {event.summary.value: event for event in calendar.vevent_list}
        assert set(events) == {"KS antar verksamhetsplan", "Gruppledarnas möten"}
        window = events["Gruppledarnas möten"]
        assert window.dtstart.value == datetime.date(2026, 10, 15)
        assert window.dtend.value == datetime.date(2026, 11, 16)  # exclusive end: through 15 November
        assert isinstance(events["KS antar verksamhetsplan"].dtstart.value, datetime.date)
        assert calendar.version.value == "2.0"

    def test_uids_are_stable_when_the_wheel_is_generated_again(self, client, chair):
        _token, first = feed_of(client, chair)
        Deadline.objects.all().delete()
        services.generate_wheel(2026)
        _token, second = feed_of(client, chair)
        assert sorted(e.uid.value for e in first.vevent_list) == sorted(
            e.uid.value for e in second.vevent_list
        )

    def test_a_new_address_revokes_the_old_one(self, client, chair):
        old, _calendar = feed_of(client, chair)
        client.force_login(chair)
        client.post(reverse("calendar_wheel:feed_settings"))
        client.logout()
        assert client.get(reverse("calendar_wheel:feed", args=[old])).status_code == 404
        assert client.get(reverse("calendar_wheel:feed", args=["gissad-nyckel"])).status_code == 404

    def test_another_users_deadlines_are_not_in_the_feed(self, client, chair, planner):
        _token, calendar = feed_of(client, planner)
        assert getattr(calendar, "vevent_list", []) == []

    def test_the_address_is_the_one_the_user_reached_the_site_at(self, client, chair, settings):
        """`PORT=8101 make run`: the address shown and the feed's links use port 8101, not SITE_URL."""
        settings.SITE_URL = "http://127.0.0.1:8000"
        client.force_login(chair)
        page = client.get(reverse("calendar_wheel:feed_settings"), HTTP_HOST="127.0.0.1:8101")
        token = CalendarFeed.objects.get(user=chair).token
        assert f'value="http://127.0.0.1:8101/arshjul/{token}.ics"' in page.content.decode()
        assert "127.0.0.1:8000" not in page.content.decode()
        client.logout()
        feed = client.get(reverse("calendar_wheel:feed", args=[token]), HTTP_HOST="127.0.0.1:8101")
        events = vobject.readOne(feed.content.decode()).vevent_list
        assert events
        for event in events:
            assert event.url.value.startswith("http://127.0.0.1:8101/arshjul/")
            assert "http://127.0.0.1:8101/arshjul/" in event.description.value
            assert "8000" not in event.url.value + event.description.value

    def test_the_settings_page_needs_sign_in(self, client):
        response = client.get(reverse("calendar_wheel:feed_settings"))
        assert response.status_code == 302


@pytest.mark.django_db
def test_the_start_page_lists_the_users_deadlines_in_the_next_60_days(client, chair):
    client.force_login(chair)
    html = client.get("/").content.decode()
    section = html[html.index('id="todo-heading"') :]
    assert "KS antar verksamhetsplan" in section  # November, under way
    assert "Inte för ordföranden" not in section  # KF's step does not name KS's chair
    assert "Gruppledarnas möten" not in section  # the window ended on 15 November


def test_make_run_gives_site_url_the_port_it_serves_on():
    """Work without a request (reminder e-mails) links to the port `make run` serves on."""
    root = Path(__file__).resolve().parents[2]
    dry_run = subprocess.run(  # noqa: S603 - our own Makefile, printed, not run
        ["make", "-n", "-C", str(root), "run", "PORT=8101"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
    ).stdout
    serve = next(line for line in dry_run.splitlines() if "runserver" in line)
    assert "SITE_URL=http://127.0.0.1:8101" in serve
    assert "127.0.0.1:8101" in serve.split("runserver", 1)[1]
