"""Background jobs of the follow-up: the daily reminders of the rounds and the sending of each one."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from calendar_wheel import sending
from followup import reminders


@shared_task
def send_round_reminders(day_iso: str | None = None) -> int:
    """The daily job (Celery beat, settings.CELERY_BEAT_SCHEDULE): remind the units of the open rounds
    whose input closes in settings.FOLLOWUP_REMINDER_DAYS_BEFORE days. The day is an argument so that a
    run can be repeated for a given day. Returns how many reminders it queued."""
    day = datetime.date.fromisoformat(day_iso) if day_iso else timezone.localdate()
    return reminders.remind_due(day)


@shared_task(bind=True, max_retries=5)
def send_round_reminder(self, reminder_id: int) -> bool:
    """Send one logged round reminder; on a failure retry with exponential back-off
    (settings.REMINDER_RETRY_SECONDS, doubling). After the last attempt the row stays failed, with its
    error, listed on the round's page."""
    try:
        return reminders.deliver(reminder_id)
    except sending.SendFailed as error:
        raise sending.retry_later(self, error) from error
