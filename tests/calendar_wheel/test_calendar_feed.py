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
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
from pytest_django.asserts import assertRedirects

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


def create_address(client) -> None:
    """What the user does once: the button on the page (reading the page creates nothing)."""
    response = client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
    assert response.status_code == 302


def feed_of(client, user) -> tuple[str, vobject.base.Component]:
    client.force_login(user)
    create_address(client)
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
        create_address(client)
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


def create_form(page: str) -> str:
    """The HTML of the form holding the button that creates the address."""
    button = page.index('name="create"')
    return page[page.rindex("<form", 0, button) : page.index("</form>", button)]


@pytest.mark.django_db
class TestCreatingTheAddress:
    """Reading the page writes nothing; the address is made by a POST (post/redirect/get)."""

    def test_reading_the_page_creates_no_address(self, client, politician):
        client.force_login(politician)
        before = CalendarFeed.objects.count()
        response = client.get(reverse("calendar_wheel:feed_settings"))
        assert response.status_code == 200
        assert CalendarFeed.objects.count() == before == 0
        html = response.content.decode()
        assert gettext("Create my calendar address") in html
        assert 'name="create"' in html
        assert 'id="feed-url"' not in html  # no address to show yet

    def test_the_button_creates_the_address_and_comes_back_to_the_page(self, client, politician):
        client.force_login(politician)
        response = client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        assertRedirects(response, reverse("calendar_wheel:feed_settings"), fetch_redirect_response=False)
        feed = CalendarFeed.objects.get(user=politician)
        page = client.get(reverse("calendar_wheel:feed_settings")).content.decode()
        assert f"/arshjul/{feed.token}.ics" in page
        assert gettext("Your calendar address is ready.") in page
        assert gettext("Create my calendar address") not in page

    def test_pressing_the_button_again_keeps_the_one_address(self, client, politician):
        client.force_login(politician)
        client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        token = CalendarFeed.objects.get(user=politician).token
        response = client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        assert response.status_code == 302
        assert CalendarFeed.objects.filter(user=politician).count() == 1
        assert CalendarFeed.objects.get(user=politician).token == token  # not revoked by a double click

    def test_a_new_address_for_a_user_without_one_creates_it(self, client, politician):
        client.force_login(politician)
        client.post(reverse("calendar_wheel:feed_settings"))
        assert CalendarFeed.objects.filter(user=politician).count() == 1

    def test_a_new_address_replaces_the_token_of_the_same_row(self, client, politician):
        client.force_login(politician)
        client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        feed = CalendarFeed.objects.get(user=politician)
        client.post(reverse("calendar_wheel:feed_settings"))
        renewed = CalendarFeed.objects.get(user=politician)
        assert (renewed.pk, CalendarFeed.objects.count()) == (feed.pk, 1)
        assert renewed.token != feed.token

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_a_user_not_signed_in_is_sent_to_sign_in_and_nothing_is_created(self, client, method):
        url = reverse("calendar_wheel:feed_settings")
        response = getattr(client, method)(url, {"create": "1"} if method == "post" else None)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        assert not CalendarFeed.objects.exists()

    def test_the_form_is_protected_against_cross_site_requests(self, politician):
        client = Client(enforce_csrf_checks=True)
        client.force_login(politician)
        page = client.get(reverse("calendar_wheel:feed_settings")).content.decode()
        assert 'name="csrfmiddlewaretoken"' in create_form(page)
        response = client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        assert response.status_code == 403
        assert not CalendarFeed.objects.exists()

    def test_the_form_works_without_javascript(self, client, politician):
        """A plain form posting to the page itself, a submit button, no htmx or script needed."""
        client.force_login(politician)
        page = client.get(reverse("calendar_wheel:feed_settings")).content.decode()
        form = create_form(page)
        assert 'method="post"' in form
        assert "hx-" not in form  # data-hx-* and hx-* alike
        assert 'type="submit"' in form
        # No action attribute: the browser posts to the page's own address, which is the view.
        assert "action=" not in form
        response = client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"}, follow=True)
        assert response.redirect_chain == [(reverse("calendar_wheel:feed_settings"), 302)]
        assert 'id="feed-url"' in response.content.decode()


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
