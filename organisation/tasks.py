"""Background jobs of the organisation app."""

from __future__ import annotations

import datetime

from celery import shared_task

from organisation.models import Assignment


@shared_task
def presidium_names(body_id: int, day: str) -> list[str]:
    """The names of a body's presidium on a day (ISO date), chair first."""
    on = datetime.date.fromisoformat(day)
    return [f"{a.get_role_display()}: {a.person.name}" for a in Assignment.objects.presidium(body_id, on)]
