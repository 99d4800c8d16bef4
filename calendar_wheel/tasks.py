"""Background jobs of the annual wheel (the reminders have their own module)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from calendar_wheel import services


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
