"""A change regenerates the wheel exactly once: each year concerned is generated one time per change.

The counter wraps our own functions (services._generate dates the steps of one year; regenerate_from and
regenerate_body_meetings are the one call a change makes); the database is real. Before the steps'
writes moved into services, an edit generated this year and the next twice each: once from the view and
once more from a post_save signal on the step.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine
from django.urls import reverse

from calendar_wheel import services
from calendar_wheel.models import Audience, Deadline, Timing, WheelEvent, Years
from organisation.models import Meeting
from tests.calendar_wheel.conftest import form_data
from tests.factories import body_named

NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
FAR = 2031  # a year generated ahead (by the command): a step's change reaches it too


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def wheel(db):
    body_named("KF")
    body_named("KS")
    services.load_shipped_steps()
    for year in (2026, 2027, FAR):
        services.generate_wheel(year)


@pytest.fixture
def counted(monkeypatch) -> dict[str, Counter]:
    """Counts, by year, how often the wheel is generated, and how often a change asks for regeneration."""
    counts: dict[str, Counter] = {"years": Counter(), "regenerations": Counter()}

    def wrap(name: str, count) -> None:
        original = getattr(services, name)

        def counting(*args, **kwargs):
            count(*args, **kwargs)
            return original(*args, **kwargs)

        monkeypatch.setattr(services, name, counting)

    wrap("_generate", lambda year, *args, **kwargs: counts["years"].update([year]))
    wrap("regenerate_from", lambda *args, **kwargs: counts["regenerations"].update(["step"]))
    wrap("regenerate_body_meetings", lambda body_id, years: counts["regenerations"].update(years))
    return counts


def test_editing_a_step_regenerates_once(client, planner, wheel, counted):
    client.force_login(planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    page = client.get(reverse("calendar_wheel:event_edit", args=[event.pk])).content.decode()
    seen = page.split('name="seen" value="')[1].split('"')[0]
    response = client.post(
        reverse("calendar_wheel:event_edit", args=[event.pk]), form_data(event, seen, month=10)
    )
    assert response.status_code == 302
    assert counted["regenerations"] == Counter({"step": 1})
    assert counted["years"] == Counter({2026: 1, 2027: 1, FAR: 1})
    assert {d.date.month for d in Deadline.objects.filter(event=event)} == {10}  # and it did follow


def test_adding_a_step_regenerates_once(client, planner, wheel, counted):
    client.force_login(planner)
    data = {
        "title": "Nytt steg",
        "audience": Audience.BODY,
        "timing": Timing.MONTH,
        "month": 3,
        "years": Years.EVERY,
    }
    data = form_data(WheelEvent(**data))
    del data["seen"]
    response = client.post(reverse("calendar_wheel:event_add"), data)
    assert response.status_code == 302
    assert counted["regenerations"] == Counter({"step": 1})
    assert counted["years"] == Counter({2026: 1, 2027: 1, FAR: 1})
    assert {d.year for d in Deadline.objects.filter(event__title="Nytt steg")} == {2026, 2027, FAR}


@pytest.mark.parametrize("retire", ["1", "0"])
def test_retiring_or_bringing_back_a_step_regenerates_once(client, planner, wheel, counted, retire):
    client.force_login(planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    response = client.post(reverse("calendar_wheel:event_retire", args=[event.pk]), {"retire": retire})
    assert response.status_code == 302
    assert counted["regenerations"] == Counter({"step": 1})
    assert counted["years"] == Counter({2026: 1, 2027: 1, FAR: 1})


def test_a_stale_edit_regenerates_nothing(client, planner, wheel, counted):
    client.force_login(planner)
    event = WheelEvent.objects.get(code="politikerdag-november")
    response = client.post(
        reverse("calendar_wheel:event_edit", args=[event.pk]), form_data(event, "1", month=10)
    )
    assert response.status_code == 200  # refused: the form shows both values
    assert counted["years"] == Counter()


def test_moving_a_meeting_within_its_year_regenerates_that_year_once(wheel, counted):
    meeting = Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 11, 10))
    counted["regenerations"].clear()
    meeting.date = datetime.date(2026, 11, 24)
    meeting.save()
    assert counted["regenerations"] == Counter({2026: 1})
    plan = Deadline.objects.get(year=2026, event__code="ks-adopts-operational-plan")
    assert plan.date == datetime.date(2026, 11, 24)


def test_moving_a_meeting_to_another_year_regenerates_each_year_once(wheel, counted):
    meeting = Meeting.objects.create(body=body_named("KS"), date=datetime.date(2026, 11, 10))
    counted["regenerations"].clear()
    meeting.date = datetime.date(2027, 11, 9)
    meeting.save()
    assert counted["regenerations"] == Counter({2026: 1, 2027: 1})
