"""A round's reminders to the units that have not reported (R24): the right people, each exactly once.

The unique (round, unit, address, occasion) row decides; Celery runs eagerly here.
"""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from followup import reminders, rounds, tasks
from followup.models import ActivityReport, ReportKind, RoundReminder
from followup.views.rounds import reminded_message
from organisation.lifecycle import AdoptionStatus
from organisation.models import Role
from planning.models import ActivityStatus
from tests.factories import (
    ActivityFactory,
    OrgUnitFactory,
    PersonFactory,
    PlanFactory,
    UserFactory,
    ks_decision,
)
from tests.followup.test_rounds import ks_round, wheel_2026_2027  # noqa: F401 - a fixture

D = datetime.date
OPEN_DAY = datetime.datetime(2026, 5, 4, 9, tzinfo=datetime.UTC)


@pytest.fixture
def units(db):
    """Unit A has not reported (two activities, two responsible people, an administrator); unit B has."""
    plan = PlanFactory(year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(D(2025, 11, 24)))
    a, b = OrgUnitFactory(name="Enhet A"), OrgUnitFactory(name="Enhet B")
    ActivityFactory(plan=plan, responsible_unit=a, responsible=PersonFactory(email="Anna@Example.org"))
    ActivityFactory(plan=plan, responsible_unit=a, responsible=PersonFactory(email="bo@example.org"))
    ActivityFactory(plan=plan, responsible_unit=a, responsible=None)
    done = ActivityFactory(plan=plan, responsible_unit=b, responsible=PersonFactory(email="klar@example.org"))
    admin = UserFactory(username="hlg-a", email="hlg@example.org", role=Role.ADMINISTRATOR)
    admin.units.add(a)
    other = UserFactory(username="hlg-b", email="hlg-b@example.org", role=Role.ADMINISTRATOR)
    other.units.add(b)
    report = ks_round(2026, ReportKind.TERTIAL)
    ActivityReport.objects.create(report=report, activity=done, status=ActivityStatus.IN_PROGRESS)
    return {"a": a, "b": b, "report": report}


A_PEOPLE = ["anna@example.org", "bo@example.org", "hlg@example.org"]


@pytest.fixture
def _open_day():
    with time_machine.travel(OPEN_DAY, tick=False):
        yield


@pytest.mark.django_db
@pytest.mark.usefixtures("_open_day")
class TestManual:
    def test_r24_the_units_people_are_reminded_once(self, units, planner, django_capture_on_commit_callbacks):
        report = units["report"]
        with django_capture_on_commit_callbacks(execute=True):
            first = reminders.remind_missing(report=report, actor=planner)
        assert sorted(r.email for r in first.new) == A_PEOPLE
        assert (first.people, first.units) == (3, 1)
        assert sorted(m.to[0] for m in django_mail()) == A_PEOPLE
        with django_capture_on_commit_callbacks(execute=True):
            second = reminders.remind_missing(report=report, actor=planner)
        assert second.new == []
        assert len(second.already) == 3
        assert len(django_mail()) == 3
        assert RoundReminder.objects.filter(status=RoundReminder.Status.SENT).count() == 3

    def test_r24_a_unit_that_has_reported_gets_none(self, units, planner):
        reminders.remind_missing(report=units["report"], actor=planner)
        assert not RoundReminder.objects.filter(unit=units["b"]).exists()

    def test_the_message_names_the_round_the_missing_activities_and_the_link(
        self, units, planner, settings, django_capture_on_commit_callbacks
    ):
        settings.SITE_URL = "https://styrmodell.ange.se"
        with django_capture_on_commit_callbacks(execute=True):
            reminders.remind_missing(report=units["report"], actor=planner)
        message = django_mail()[0]
        titles = [a.title for a in units["a"].activities.all()]
        assert all(title in message.body for title in titles)
        assert "https://styrmodell.ange.se" + reverse(
            "followup:activity_reports", args=[2026, "tertial"]
        ) in (message.body)
        assert str(units["report"]) in message.subject
        assert "Enhet A" in message.subject

    def test_only_planners_and_finance_remind(self, units, administrator):
        with pytest.raises(ValidationError):
            reminders.remind_missing(report=units["report"], actor=administrator)

    def test_a_locked_round_reminds_nobody(self, units, planner):
        report = rounds.close(report_id=units["report"].pk, expected_version=1, reason="", actor=planner)
        with pytest.raises(ValidationError):
            reminders.remind_missing(report=report, actor=planner)
        assert RoundReminder.objects.count() == 0

    def test_the_button_says_what_it_did(self, units, client, finance, administrator):
        client.force_login(finance)
        url = reverse("followup:round_remind", args=[2026, "tertial"])
        response = client.post(url, follow=True)
        sent = reminders.Reminded(new=[reminders.Recipient(units["a"], e, "") for e in A_PEOPLE])
        assert reminded_message(sent) in response.content.decode()
        again = client.post(url, follow=True).content.decode()
        assert gettext("Everybody has already been reminded.") in again
        page = client.get(reverse("followup:round", args=[2026, "tertial"])).content.decode()
        assert "hlg@example.org" in page  # the reminders sent are listed for planners and finance
        client.force_login(administrator)
        assert client.post(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.usefixtures("wheel_2026_2027")
class TestAutomatic:
    # The tertial round's input closes on 18 May 2026 (KS meets on 25 May).
    def test_r24_the_daily_task_reminds_n_days_before_input_closes_once(
        self, units, settings, django_capture_on_commit_callbacks
    ):
        settings.FOLLOWUP_REMINDER_DAYS_BEFORE = [5, 1]
        for _run in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                tasks.send_round_reminders("2026-05-13")
        assert set(RoundReminder.objects.values_list("occasion", flat=True)) == {"5-dagar"}
        assert sorted(m.to[0] for m in django_mail()) == A_PEOPLE
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.send_round_reminders("2026-05-17") == 3  # one day before: a new occasion
        assert tasks.send_round_reminders("2026-05-17") == 0
        assert tasks.send_round_reminders("2026-05-12") == 0  # not a reminder day

    def test_a_locked_round_is_not_reminded(self, units, planner, settings):
        settings.FOLLOWUP_REMINDER_DAYS_BEFORE = [5]
        rounds.close(report_id=units["report"].pk, expected_version=1, reason="", actor=planner)
        assert tasks.send_round_reminders("2026-05-13") == 0


@pytest.mark.django_db(transaction=True)
def test_pressing_at_the_same_time_writes_one_row_each(units, planner):
    """Two presses at once: the unique row lets one of them write each reminder."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer in at a time; this runs on PostgreSQL in CI")
    results: list[reminders.Reminded] = []
    errors: list[BaseException] = []

    def run() -> None:
        from django.db import connection

        try:
            with time_machine.travel(OPEN_DAY, tick=False):
                results.append(reminders.remind_missing(report=units["report"], actor=planner))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(len(r.new) for r in results) == 3
    assert RoundReminder.objects.count() == 3
    assert len(django_mail()) == 3


def django_mail():
    from django.core import mail

    return mail.outbox
