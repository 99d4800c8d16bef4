"""Exactly once, for real: Redis, a Celery worker, the job run twice at the same time, and a mail
server that fails once. One message per deadline, recipient and offset; the failure is recorded."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connection

from calendar_wheel import sending
from calendar_wheel.models import ReminderLog
from tests.calendar_wheel.backends import fail_next
from tests.calendar_wheel.conftest import DEADLINE

pytestmark = pytest.mark.redis


@pytest.mark.django_db(transaction=True)
def test_job_twice_concurrently_with_a_failing_mail_server_sends_each_reminder_once(
    redis_url,
    deadline,
    settings,
):
    from celery.contrib.testing.worker import start_worker

    from styrmodell.celery import app

    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer in at a time; this runs on PostgreSQL in CI")
    settings.MAILERS = {"default": {"BACKEND": "tests.calendar_wheel.backends.FlakyBackend"}}
    settings.REMINDER_RETRY_SECONDS = 1
    fail_next(1)
    day = DEADLINE - datetime.timedelta(days=7)
    was_eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):

            def run() -> None:
                try:
                    sending.send_due_reminders(day)
                finally:
                    connection.close()

            threads = [threading.Thread(target=run) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            # ... and once more, as a retried or repeated beat run would.
            sending.send_due_reminders(day)
            deadline_at = time.monotonic() + 30
            while time.monotonic() < deadline_at:
                if ReminderLog.objects.filter(status=ReminderLog.Status.SENT).count() == 2:
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = was_eager
    logs = list(ReminderLog.objects.order_by("email"))
    assert [(log.email, log.days_before, log.status) for log in logs] == [
        ("ny@example.org", 7, ReminderLog.Status.SENT),
        ("vice@example.org", 7, ReminderLog.Status.SENT),
    ]
    assert sum(log.attempts for log in logs) == 3  # one failed first attempt, retried once
    assert sorted(m.to[0] for m in mail.outbox) == ["ny@example.org", "vice@example.org"]
