"""Reminders of the wheel's deadlines: the right people, at 28 and 7 days before and on the day, once.

The unique (deadline, e-mail, offset) row decides; these tests run Celery eagerly. The proof with Redis
and a real worker, runs in parallel and a failing mail server is in test_reminder_worker.py.
"""

from __future__ import annotations

import datetime
import threading

import django.utils.timezone
import pytest
from django.core import mail
from django.core.management import call_command

from calendar_wheel import audience, sending
from calendar_wheel.models import ReminderLog, Timing
from organisation.models import Assignment, Role
from tests.calendar_wheel.conftest import DEADLINE, NEW_TERM_START
from tests.factories import (
    AssignmentFactory,
    DeadlineFactory,
    PartyFactory,
    PersonFactory,
    WheelEventFactory,
    body_named,
)


def day_before(days: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days)


@pytest.mark.django_db
class TestRecipients:
    def test_r19_the_presidium_of_the_deadlines_date_is_reminded(self, deadline):
        emails = {r.email for r in audience.recipients_for([deadline])[deadline.pk]}
        assert emails == {"ny@example.org", "vice@example.org"}

    def test_the_presidium_before_the_new_term_is_the_old_one(self, ks_presidium):
        early = DeadlineFactory(date=datetime.date(2026, 9, 1), event=WheelEventFactory())
        emails = {r.email for r in audience.recipients_for([early])[early.pk]}
        assert emails == {"gammal@example.org", "vice@example.org"}

    def test_group_leaders_and_officials_when_the_step_names_them(self, deadline, planner):
        kf = body_named("KF")
        leader = AssignmentFactory(
            body=kf,
            role=Assignment.Role.GROUP_LEADER,
            party=PartyFactory(),
            person=PersonFactory(email="ledare@example.org"),
            start=NEW_TERM_START,
            end=None,
        )
        planner.email = "planerare@example.org"
        planner.save()
        event = deadline.event
        event.remind_presidium, event.remind_group_leaders, event.remind_role = False, True, Role.PLANNER
        event.save()
        deadline.refresh_from_db()
        emails = {r.email for r in audience.recipients_for([deadline])[deadline.pk]}
        assert emails == {leader.person.email, "planerare@example.org"}

    def test_cut_off_dates_remind_nobody(self, ks_presidium):
        cut_off = DeadlineFactory(
            date=datetime.date(2026, 8, 31), event=WheelEventFactory(timing=Timing.CUT_OFF, day=31, month=8)
        )
        assert audience.recipients_for([cut_off]) == {}
        assert sending.send_due_reminders(cut_off.date) == []


@pytest.mark.django_db
class TestExactlyOnce:
    @pytest.mark.parametrize("days", [28, 7, 0])
    def test_reminders_go_at_each_offset(self, deadline, days):
        planned = sending.send_due_reminders(day_before(days))
        assert {(p.email, p.days_before) for p in planned} == {
            ("ny@example.org", days),
            ("vice@example.org", days),
        }

    def test_no_reminder_on_other_days(self, deadline):
        assert sending.send_due_reminders(day_before(10)) == []

    def test_running_twice_sends_once(self, deadline, django_capture_on_commit_callbacks):
        for _run in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                sending.send_due_reminders(day_before(7))
        assert sorted(m.to[0] for m in mail.outbox) == ["ny@example.org", "vice@example.org"]
        assert ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == 2

    def test_a_past_day_run_again_sends_nothing_new(self, deadline, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            sending.send_due_reminders(day_before(28))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            again = sending.send_due_reminders(day_before(28))
        assert [p.new for p in again] == [False, False]
        assert mail.outbox == []

    def test_the_message_is_swedish_with_a_link(self, deadline, django_capture_on_commit_callbacks, settings):
        settings.SITE_URL = "https://styrmodell.ange.se"
        with django_capture_on_commit_callbacks(execute=True):
            sending.send_due_reminders(day_before(7))
        message = mail.outbox[0]
        assert message.subject == "Påminnelse: KS antar verksamhetsplan om 7 dagar (2026-11-24)"
        assert f"https://styrmodell.ange.se/arshjul/2026/#deadline-{deadline.pk}" in message.body
        assert "Om 7 dagar:" in message.body

    def test_a_failed_send_is_recorded_and_a_retry_sends_once(self, deadline, settings):
        sending.send_due_reminders(day_before(0))
        log = ReminderLog.objects.get(email="ny@example.org")
        locmem = settings.MAILERS
        settings.MAILERS = {"default": {"BACKEND": "tests.calendar_wheel.backends.FailingBackend"}}
        with pytest.raises(sending.SendFailed):
            sending.deliver(log.pk)
        log.refresh_from_db()
        assert (log.status, log.attempts) == (ReminderLog.Status.FAILED, 1)
        assert "SMTP" in log.last_error
        settings.MAILERS = locmem
        assert sending.deliver(log.pk) is True
        assert sending.deliver(log.pk) is False
        log.refresh_from_db()
        assert (log.status, log.attempts) == (ReminderLog.Status.SENT, 2)
        assert [m.to for m in mail.outbox] == [["ny@example.org"]]

    def test_dry_run_writes_and_sends_nothing(self, deadline, capsys):
        call_command("send_reminders", "--date", day_before(7).isoformat(), "--dry-run")
        out = capsys.readouterr().out
        assert "skulle skicka" in out
        assert "ny@example.org" in out
        assert ReminderLog.objects.count() == 0
        assert mail.outbox == []

    def test_the_command_sends_for_the_given_day(self, deadline, capsys):
        call_command("send_reminders", "--date", day_before(7).isoformat())
        assert "2 nya påminnelser" in capsys.readouterr().out
        assert ReminderLog.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_write_one_row_each(deadline):
    """Two workers at once: the unique row lets one of them write each reminder."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer in at a time; this runs on PostgreSQL in CI")
    results: list[list[sending.Planned]] = []
    errors: list[BaseException] = []

    def run() -> None:
        from django.db import connection

        try:
            results.append(sending.send_due_reminders(day_before(7)))
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
    assert sum(p.new for planned in results for p in planned) == 2
    assert ReminderLog.objects.count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_reminder_whose_task_was_lost_is_queued_again(deadline, django_capture_on_commit_callbacks):
    """The broker was away at commit: the row waits. The next run queues it again; it goes once."""
    sending.send_due_reminders(day_before(7))  # on_commit never runs here: the tasks are "lost"
    assert ReminderLog.objects.filter(status=ReminderLog.Status.PENDING).count() == 2
    ReminderLog.objects.update(created_at=django.utils.timezone.now() - datetime.timedelta(hours=1))
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            sending.send_due_reminders(day_before(3))  # another day: nothing new is due
    assert sorted(m.to[0] for m in mail.outbox) == ["ny@example.org", "vice@example.org"]
    assert ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == 2
