"""The wheel's steps for KS's handling of the reports (issue 13): dated on KS's meetings, done when KS has
adopted the report, in the planners' reminders and in their calendar feed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
import vobject
from django.urls import reverse

from calendar_wheel import audience, services
from calendar_wheel.models import CalendarFeed, Deadline
from calendar_wheel.services import State
from followup import rounds
from followup.models import ReportKind
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting
from tests.factories import body_named, ks_decision

KS_JUNE = datetime.date(2026, 6, 2)
KS_OCTOBER = datetime.date(2026, 10, 6)
KS_MARCH_2027 = datetime.date(2027, 3, 2)


@pytest.fixture
def wheel(db):
    body_named("KF")
    ks = body_named("KS")
    for day in (KS_JUNE, KS_OCTOBER, KS_MARCH_2027):
        Meeting.objects.create(body=ks, date=day)
    services.load_shipped_steps()
    services.generate_wheel(2026)
    services.generate_wheel(2027)
    return ks


def deadline(code: str, year: int) -> Deadline:
    return Deadline.objects.select_related("event").get(event__code=code, year=year)


def test_r26_r27_r29_ks_handles_each_report_at_its_meeting(wheel):
    assert deadline("ks-handles-tertial-report", 2026).date == KS_JUNE
    assert deadline("ks-handles-interim-report", 2026).date == KS_OCTOBER
    annual = deadline("ks-handles-annual-report", 2027)
    assert annual.date == KS_MARCH_2027
    assert annual.concerns_year == 2026  # the annual report of the year before
    assert all(
        deadline(code, year).event.is_assumption
        for code, year in [
            ("ks-handles-tertial-report", 2026),
            ("ks-handles-interim-report", 2026),
            ("ks-handles-annual-report", 2027),
        ]
    )


def test_r26_ks_handling_of_the_tertial_report_is_done_when_ks_adopts_it(wheel):
    report = next(r for r in rounds.ensure_rounds(wheel, 2026) if r.kind == ReportKind.TERTIAL)
    step = deadline("ks-handles-tertial-report", 2026)
    assert services.deadline_states([step], datetime.date(2026, 6, 3))[step.pk] == State.MISSED
    report.status, report.decision = AdoptionStatus.ADOPTED, ks_decision(KS_JUNE)
    report.save()
    assert services.deadline_states([step], datetime.date(2026, 6, 3))[step.pk] == State.DONE


def test_r29_ks_handling_of_the_annual_report_tracks_the_year_before(wheel):
    report = next(r for r in rounds.ensure_rounds(wheel, 2026) if r.kind == ReportKind.ANNUAL)
    report.status, report.decision = AdoptionStatus.ADOPTED, ks_decision(KS_MARCH_2027)
    report.save()
    step = deadline("ks-handles-annual-report", 2027)
    assert services.deadline_states([step], datetime.date(2027, 3, 3))[step.pk] == State.DONE


def test_the_report_steps_remind_planners_and_reach_their_calendar_feed(wheel, client, planner):
    steps = list(Deadline.objects.filter(event__code__startswith="ks-handles-").select_related("event"))
    recipients = audience.recipients_for(steps)
    assert all(planner.email in {r.email for r in recipients[step.pk]} for step in steps), (
        "the planners are reminded of every report step"
    )
    client.force_login(planner)
    with time_machine.travel(datetime.datetime(2026, 4, 20, 9, tzinfo=datetime.UTC), tick=False):
        client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        token = CalendarFeed.objects.get(user=planner).token
        client.logout()
        response = client.get(reverse("calendar_wheel:feed", args=[token]))
    summaries = {event.summary.value for event in vobject.readOne(response.content.decode()).vevent_list}
    assert {"KS behandlar tertialrapporten", "KS behandlar delårsrapporten"} <= summaries
