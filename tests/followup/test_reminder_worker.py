"""A round's reminders for real: Redis, a Celery worker, the planners' button pressed twice at once
and again, and a mail server that fails once. One message per unit and person; the failure recorded."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core import mail
from django.db import connection

from followup import reminders
from followup.models import RoundReminder
from tests.calendar_wheel.backends import fail_next
from tests.followup.test_reminders import A_PEOPLE, units  # noqa: F401 - a fixture

pytestmark = pytest.mark.redis

OPEN_DAY = datetime.date(2026, 5, 4)


@pytest.mark.django_db(transaction=True)
def test_r24_pressed_twice_at_once_with_a_failing_mail_server_reminds_each_person_once(
    redis_url,
    units,  # noqa: F811 - the fixture imported above
    planner,
    settings,
):
    from celery.contrib.testing.worker import start_worker

    from styrmodell.celery import app

    if connection.vendor == "sqlite":
        pytest.skip("SQLite lets one writer in at a time; this runs on PostgreSQL in CI")
    settings.MAILERS = {"default": {"BACKEND": "tests.calendar_wheel.backends.FlakyBackend"}}
    settings.REMINDER_RETRY_SECONDS = 1
    fail_next(1)
    report = units["report"]
    was_eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):

            def press() -> None:
                try:
                    reminders.remind_missing(report=report, actor=planner, today=OPEN_DAY)
                finally:
                    connection.close()

            threads = [threading.Thread(target=press) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            # ... and once more, as a planner who presses again would.
            again = reminders.remind_missing(report=report, actor=planner, today=OPEN_DAY)
            assert again.new == []
            deadline_at = time.monotonic() + 30
            while time.monotonic() < deadline_at:
                if RoundReminder.objects.filter(status=RoundReminder.Status.SENT).count() == len(A_PEOPLE):
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = was_eager
    rows = list(RoundReminder.objects.order_by("email"))
    assert [(row.email, row.unit, row.status) for row in rows] == [
        (email, units["a"], RoundReminder.Status.SENT) for email in A_PEOPLE
    ]
    assert sum(row.attempts for row in rows) == len(A_PEOPLE) + 1  # one failed first attempt, retried
    assert sorted(m.to[0] for m in mail.outbox) == A_PEOPLE
