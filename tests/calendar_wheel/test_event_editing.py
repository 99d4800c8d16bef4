"""Editing the wheel's steps (/arshjul/steg/): everyone signed in reads them, only planners write; bad
input and the model's constraints come back as Swedish form errors, never a 500; an edit moves this
year's and next year's deadlines and is recorded in the history with its author; retiring is a POST.

Complements test_wheel_page.TestStepEditing (denials of GET add / POST edit / POST retire, add, retire,
stale edit)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from calendar_wheel import services
from calendar_wheel.models import Deadline, Timing, WheelEvent
from organisation.models import Role
from tests.calendar_wheel.conftest import form_data
from tests.factories import UserFactory, body_named

NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
WRITERS_REFUSED = [Role.POLITICIAN, Role.ADMINISTRATOR, Role.FINANCE, Role.SYSADMIN]


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def wheel(db):
    body_named("KF")
    body_named("KS")
    services.load_shipped_steps()
    services.generate_wheel(2026)
    services.generate_wheel(2027)


def seen_of(client, event: WheelEvent) -> str:
    html = client.get(reverse("calendar_wheel:event_edit", args=[event.pk])).content.decode()
    return html.split('name="seen" value="')[1].split('"')[0]


# --- Reading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role.values))
def test_every_signed_in_role_reads_the_steps_active_and_retired(client, users_by_role, wheel, role):
    retired = WheelEvent.objects.get(code="politikerdag-may")
    retired.retired = True
    retired.save()
    client.force_login(users_by_role[role])
    response = client.get(reverse("calendar_wheel:events"))
    assert response.status_code == 200
    html = response.content.decode()
    for event in WheelEvent.objects.all():
        assert event.title in html
    assert "avvecklad" in html.lower()
    editing = reverse("calendar_wheel:event_edit", args=[retired.pk])
    assert (editing in html) is (role == Role.PLANNER)
    assert (reverse("calendar_wheel:event_add") in html) is (role == Role.PLANNER)


def test_the_steps_page_says_when_each_step_falls_in_words(client, politician, wheel):
    client.force_login(politician)
    html = client.get(reverse("calendar_wheel:events")).content.decode()
    assert "15 oktober – 15 november" in html  # the group leaders' window (R20)
    assert f"{gettext('Cut-off date (not a deadline)')}: 31 augusti" in html
    assert '<th scope="col">' in html


# --- Who may write ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "with_pk"),
    [
        ("get", "calendar_wheel:events", False),
        ("get", "calendar_wheel:event_add", False),
        ("post", "calendar_wheel:event_add", False),
        ("get", "calendar_wheel:event_edit", True),
        ("post", "calendar_wheel:event_edit", True),
        ("get", "calendar_wheel:event_retire", True),
        ("post", "calendar_wheel:event_retire", True),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, wheel, method, name, with_pk):
    event = WheelEvent.objects.first()
    url = reverse(name, args=[event.pk] if with_pk else [])
    response = getattr(client, method)(url, {"title": "X"} if method == "post" else None)
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]
    event.refresh_from_db()
    assert not event.retired
    assert event.title != "X"


@pytest.mark.parametrize("role", WRITERS_REFUSED)
def test_no_one_but_planners_adds_edits_or_retires_and_nothing_changes(client, users_by_role, wheel, role):
    client.force_login(users_by_role[role])
    event = WheelEvent.objects.get(code="ks-adopts-operational-plan")
    before = (WheelEvent.objects.count(), event.history.count())
    new = form_data(event, title="Nytt steg", month=3)
    new.pop("seen")
    assert client.post(reverse("calendar_wheel:event_add"), new).status_code == 403
    edit_url = reverse("calendar_wheel:event_edit", args=[event.pk])
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, form_data(event, title="Ändrad")).status_code == 403
    retire_url = reverse("calendar_wheel:event_retire", args=[event.pk])
    assert client.get(retire_url).status_code == 403
    assert client.post(retire_url, {"retire": "1"}).status_code == 403
    event.refresh_from_db()
    assert (WheelEvent.objects.count(), event.history.count()) == before
    assert event.title == "KS antar verksamhetsplan med budget för nästa år"
    assert not event.retired


def test_a_planner_gets_404_for_a_step_that_does_not_exist(client, planner, wheel):
    client.force_login(planner)
    assert client.get(reverse("calendar_wheel:event_edit", args=[999999])).status_code == 404
    assert client.post(reverse("calendar_wheel:event_retire", args=[999999])).status_code == 404


def test_retiring_asks_for_confirmation_first_and_a_get_changes_nothing(client, planner, wheel):
    client.force_login(planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    steps = client.get(reverse("calendar_wheel:events")).content.decode()
    url = reverse("calendar_wheel:event_retire", args=[event.pk])
    assert f'href="{url}"' in steps  # the list links to the confirmation, it does not retire at once
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert event.title in html
    assert re.search(r'<form method="post"[^>]*>.*name="retire" value="1"', html, re.S)
    for deadline in Deadline.objects.filter(event=event, year__gte=2026):
        assert f'datetime="{deadline.date.isoformat()}"' in html  # what leaves the wheel
    event.refresh_from_db()
    assert not event.retired
    assert Deadline.objects.filter(event=event, year=2026).exists()


# --- Editing -------------------------------------------------------------------------------------------


def test_an_edit_moves_this_years_and_next_years_deadlines_and_is_recorded(client, planner, wheel):
    client.force_login(planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    assert Deadline.objects.get(event=event, year=2026).date.month == 11
    response = client.post(
        reverse("calendar_wheel:event_edit", args=[event.pk]),
        form_data(event, seen_of(client, event), month=10),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("calendar_wheel:events")
    for year in (2026, 2027):
        assert Deadline.objects.get(event=event, year=year).date.month == 10
    event.refresh_from_db()
    assert event.code == "politikerdag-november"  # the shipped code stays
    latest = event.history.order_by("-history_id").first()
    assert latest.history_user == planner
    assert latest.month == 10
    page = client.get(reverse("calendar_wheel:event_edit", args=[event.pk])).content.decode()
    assert planner.first_name in page  # the history is shown under the form


def test_a_new_step_gets_a_code_and_history_and_lands_in_both_years(client, planner, wheel):
    client.force_login(planner)
    template = WheelEvent.objects.get(code="ks-adopts-operational-plan")
    data = form_data(template, title="KS:s arbetsmöte om budgeten", timing=Timing.MONTH, month=2, concerns="")
    data.pop("seen")
    assert client.post(reverse("calendar_wheel:event_add"), data).status_code == 302
    event = WheelEvent.objects.get(title="KS:s arbetsmöte om budgeten")
    assert event.code
    assert event.history.get().history_user == planner
    assert {d.year for d in event.deadlines.all()} == {2026, 2027}


def _post_bad(client, **changes):
    event = WheelEvent.objects.get(code="politikerdag-november")
    response = client.post(
        reverse("calendar_wheel:event_edit", args=[event.pk]),
        form_data(event, seen_of(client, event), **changes),
    )
    event.refresh_from_db()
    return response, event


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        # The model's rules on which timing needs which field, in Swedish next to the field.
        ({"timing": Timing.FIXED_DAY, "day": ""}, "day", "behöver sin dag"),
        ({"timing": Timing.CUT_OFF, "day": ""}, "day", "behöver sin dag"),
        (
            {"timing": Timing.WINDOW, "day": "1", "end_month": ""},
            "end_month",
            "behöver månaden då det slutar",
        ),
        ({"timing": Timing.MEETING, "body": ""}, "body", "behöver organet"),
        # Plain bad values.
        ({"month": "13"}, "month", "mindre än eller lika med 12"),
        ({"month": "0"}, "month", "större än eller lika med 1"),
        ({"month": "januari"}, "month", ""),
        ({"day": "32"}, "day", "mindre än eller lika med 31"),
        ({"end_day": "0", "timing": Timing.WINDOW, "end_month": "12", "day": "1"}, "end_day", ""),
        ({"day": "-1"}, "day", ""),
        ({"title": ""}, "title", ""),
        ({"timing": "varannan"}, "timing", ""),
        ({"body": "999999"}, "body", ""),
        ({"concerns_year_offset": "ett"}, "concerns_year_offset", ""),
    ],
)
def test_bad_input_is_an_error_next_to_its_field_never_a_500(client, planner, wheel, changes, field, text):
    client.force_login(planner)
    response, event = _post_bad(client, **changes)
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(rf'<div class="field__errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    assert errors, f"no error next to {field}"
    assert text in errors.group(1)
    assert re.search(
        rf'aria-describedby="[^"]*id_{field}_error[^"]*"[^>]*id="id_{field}"', html
    )  # tied to it
    assert event.month == 11  # nothing saved
    assert event.timing == Timing.MONTH


def test_a_stale_edit_keeps_the_other_persons_change_and_the_deadlines(client, planner, wheel):
    client.force_login(planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    seen = seen_of(client, event)
    # Somebody else, meanwhile, through the same service as the form.
    services.wheel_event_update(event=event, data={"month": 9}, expected_version=None, actor=UserFactory())
    response = client.post(
        reverse("calendar_wheel:event_edit", args=[event.pk]), form_data(event, seen, month=10)
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.month == 9
    assert Deadline.objects.get(event=event, year=2026).date.month == 9
    # Reloaded, the form carries the newer version and the change goes through.
    response = client.post(
        reverse("calendar_wheel:event_edit", args=[event.pk]),
        form_data(event, seen_of(client, event), month=10),
    )
    assert response.status_code == 302


# --- Retiring ------------------------------------------------------------------------------------------


def test_a_retired_step_leaves_both_years_stays_listed_and_comes_back(client, planner, wheel):
    client.force_login(planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    url = reverse("calendar_wheel:event_retire", args=[event.pk])
    assert client.post(url, {"retire": "1"}).status_code == 302
    event.refresh_from_db()
    assert event.retired
    assert not Deadline.objects.filter(event=event, year__in=[2026, 2027]).exists()
    assert event.history.order_by("-history_id").first().history_user == planner
    assert event.title in client.get(reverse("calendar_wheel:events")).content.decode()
    assert client.post(url, {"retire": "0"}).status_code == 302
    event.refresh_from_db()
    assert not event.retired
    assert {d.year for d in Deadline.objects.filter(event=event)} == {2026, 2027}
