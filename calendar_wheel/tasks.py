"""Background jobs of the annual wheel (the reminders have their own module)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from calendar_wheel import sending, services


@shared_task
def generate_upcoming_wheels(today_iso: str | None = None) -> dict[int, dict[str, int]]:
    """Load any missing shipped steps and generate this year's and next year's deadlines (idempotent).

    Run nightly by Celery beat (settings.CELERY_BEAT_SCHEDULE); the day is an argument so that a run can
    be repeated for a given day.
    """
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    services.load_shipped_steps()
    summary = {}
    for year in (today.year, today.year + 1):
        result = services.generate_wheel(year)
        summary[year] = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "removed": result.removed,
        }
    return summary


@shared_task
def send_daily_reminders(day_iso: str | None = None) -> int:
    """The daily reminder job (Celery beat, settings.CELERY_BEAT_SCHEDULE); the day is an argument so
    that a run can be repeated for a given day. Returns how many reminders it queued."""
    day = datetime.date.fromisoformat(day_iso) if day_iso else timezone.localdate()
    return sum(1 for item in sending.send_due_reminders(day) if item.new)


@shared_task(bind=True, max_retries=5)
def send_reminder(self, log_id: int) -> bool:
    """Send one logged reminder; on a failure retry with exponential back-off (by default after 1, 2, 4,
    8 and 16 minutes: settings.REMINDER_RETRY_SECONDS). After the last attempt the row stays failed,
    with its error, for the planners to see."""
    try:
        return sending.deliver(log_id)
    except sending.SendFailed as error:
        countdown = settings.REMINDER_RETRY_SECONDS * 2**self.request.retries
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(bind=True, max_retries=5)
def send_reminder_batch(self, log_ids: list[int]) -> int:
    """Send logged reminders together (see `sending.deliver_many`); returns how many went now. The failed
    rows are retried together with the same back-off as `send_reminder`, and after their last attempt
    they stay failed, with their errors, for the planners to see."""
    sent, failed = sending.deliver_many(log_ids)
    if failed:
        error = sending.SendFailed(
            f"{len(failed)} of {len(sent) + len(failed)}: {next(iter(failed.values()))}"
        )
        countdown = settings.REMINDER_RETRY_SECONDS * 2**self.request.retries
        raise self.retry(args=[sorted(failed)], exc=error, countdown=countdown)
    return len(sent)
