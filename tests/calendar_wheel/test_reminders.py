"""The reminder job through its Celery tasks (eager here; tests/calendar_wheel/test_reminder_worker.py runs
a real worker): the send task retries a failed send and leaves the row failed after its last attempt, the
daily task takes its day, the beat schedule, configurable offsets, retired steps, mail only after commit."""

from __future__ import annotations

import datetime

import pytest
from celery.exceptions import Retry
from celery.schedules import crontab
from django.core import mail
from django.core.management import CommandError, call_command

from calendar_wheel import sending, tasks
from calendar_wheel.models import ReminderLog
from insyn.public import is_stamp
from tests.calendar_wheel.conftest import DEADLINE
from tests.calendar_wheel.reminder_people import FAILING_ONCE, FailingOnceBackend
from tests.factories import DeadlineFactory, WheelEventFactory

pytestmark = pytest.mark.django_db


def day_before(days: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days)


@pytest.fixture
def one_log(deadline) -> ReminderLog:
    """The new chair's reminder on the day, logged and not yet sent."""
    sending.send_due_reminders(DEADLINE)
    return ReminderLog.objects.get(email="ny@example.org", days_before=0)


@pytest.fixture
def retries_run_in_process():
    """Eager apply() runs a task's retries at once, one after the other, as a worker would after each
    countdown; with propagation off the last failure is the task's result instead of an exception."""
    from styrmodell.celery import app

    was, app.conf.task_eager_propagates = app.conf.task_eager_propagates, False
    yield
    app.conf.task_eager_propagates = was


class TestSendTask:
    def test_a_send_failing_once_is_retried_and_sent_once(self, one_log, settings, retries_run_in_process):
        settings.MAILERS = {"default": {"BACKEND": FAILING_ONCE}}
        FailingOnceBackend.reset(1)
        assert tasks.send_reminder.apply(args=[one_log.pk]).state == "SUCCESS"
        one_log.refresh_from_db()
        assert (one_log.status, one_log.attempts) == (ReminderLog.Status.SENT, 2)
        assert one_log.sent_at is not None
        assert [m.to for m in mail.outbox] == [["ny@example.org"]]

    def test_a_failure_is_recorded_on_the_row_before_the_retry(self, one_log, settings):
        settings.MAILERS = {"default": {"BACKEND": FAILING_ONCE}}
        FailingOnceBackend.reset(1)
        with pytest.raises(Retry):
            tasks.send_reminder.apply(args=[one_log.pk], throw=True)
        one_log.refresh_from_db()
        assert (one_log.status, one_log.attempts) == (ReminderLog.Status.FAILED, 1)
        assert "does not answer" in one_log.last_error
        assert mail.outbox == []

    def test_the_retries_back_off_exponentially(self, one_log, settings):
        settings.MAILERS = {"default": {"BACKEND": FAILING_ONCE}}
        settings.REMINDER_RETRY_SECONDS = 60
        waits = []
        for retries in range(tasks.send_reminder.max_retries):
            FailingOnceBackend.reset(1)
            with pytest.raises(Retry) as retry:
                tasks.send_reminder.apply(args=[one_log.pk], retries=retries, throw=True)
            waits.append(retry.value.when)
        assert waits == [60, 120, 240, 480, 960]

    def test_after_the_last_attempt_the_row_stays_failed_with_its_error(
        self, one_log, settings, retries_run_in_process
    ):
        settings.MAILERS = {"default": {"BACKEND": FAILING_ONCE}}
        FailingOnceBackend.reset(100)
        result = tasks.send_reminder.apply(args=[one_log.pk])
        assert result.state == "FAILURE"
        assert isinstance(result.result, sending.SendFailed)
        one_log.refresh_from_db()
        assert one_log.status == ReminderLog.Status.FAILED
        assert one_log.attempts == 1 + tasks.send_reminder.max_retries
        assert "does not answer" in one_log.last_error
        assert one_log.sent_at is None
        assert mail.outbox == []

    def test_a_sent_row_is_never_sent_again(self, one_log):
        assert tasks.send_reminder.delay(one_log.pk).get() is True
        assert tasks.send_reminder.delay(one_log.pk).get() is False
        one_log.refresh_from_db()
        assert one_log.attempts == 1
        assert len(mail.outbox) == 1

    def test_the_message_comes_from_the_configured_sender(self, one_log, settings):
        settings.DEFAULT_FROM_EMAIL = "Årshjulet <arshjul@ange.se>"
        tasks.send_reminder.delay(one_log.pk)
        assert mail.outbox[0].from_email == "Årshjulet <arshjul@ange.se>"


class TestDailyTask:
    def test_the_daily_task_takes_its_day_and_counts_what_it_queued(
        self, deadline, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.send_daily_reminders.delay(day_before(28).isoformat()).get() == 2
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.send_daily_reminders.delay(day_before(28).isoformat()).get() == 0
        assert len(mail.outbox) == 2

    def test_beat_runs_it_every_morning_in_swedish_time(self, settings):
        entry = next(
            e
            for e in settings.CELERY_BEAT_SCHEDULE.values()
            if e["task"] == "calendar_wheel.tasks.send_daily_reminders"
        )
        assert entry["schedule"] == crontab(hour=6, minute=0)
        assert settings.CELERY_TIMEZONE == "Europe/Stockholm"
        from styrmodell.celery import app

        app.loader.import_default_modules()
        assert {"calendar_wheel.tasks.send_daily_reminders", "calendar_wheel.tasks.send_reminder"} <= set(
            app.tasks
        )


class TestJob:
    def test_the_offsets_are_a_setting(self, deadline, settings):
        settings.REMINDER_OFFSETS_DAYS = [3]
        assert sending.send_due_reminders(day_before(7)) == []
        assert {p.days_before for p in sending.send_due_reminders(day_before(3))} == {3}

    def test_the_default_offsets_are_28_7_and_the_day(self):
        from django.conf import settings

        assert sorted(settings.REMINDER_OFFSETS_DAYS) == [0, 7, 28]

    def test_retired_steps_raise_no_reminders(self, ks_presidium):
        DeadlineFactory(date=DEADLINE, event=WheelEventFactory(retired=True))
        assert sending.send_due_reminders(DEADLINE) == []

    def test_mail_goes_only_after_the_transaction_commits(self, deadline, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            sending.send_due_reminders(day_before(7))
        assert ReminderLog.objects.count() == 2
        assert mail.outbox == []
        # The public side's stamp of a new generation waits for the commit too (insyn.public).
        sends = [callback for callback in callbacks if not is_stamp(callback)]
        assert len(sends) == 1  # one batch for the run's two reminders
        for callback in sends:
            callback()
        assert len(mail.outbox) == 2

    def test_dry_run_tells_what_was_sent_before_and_writes_nothing(self, deadline, capsys):
        sending.send_due_reminders(day_before(7))
        rows = ReminderLog.objects.count()
        planned = sending.send_due_reminders(day_before(7), dry_run=True)
        assert [p.new for p in planned] == [False, False]
        assert ReminderLog.objects.count() == rows

    def test_the_command_refuses_a_bad_date(self, deadline):
        with pytest.raises(CommandError):
            call_command("send_reminders", "--date", "2026-13-01")
