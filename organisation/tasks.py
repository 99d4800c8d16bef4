"""Background jobs of the organisation app."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from organisation.mandate import reconcile_all
from organisation.models import Assignment


@shared_task
def presidium_names(body_id: int, day: str) -> list[str]:
    """The names of a body's presidium on a day (ISO date), chair first."""
    on = datetime.date.fromisoformat(day)
    return [f"{a.get_role_display()}: {a.person.name}" for a in Assignment.objects.presidium(body_id, on)]


@shared_task
def reconcile_access(day: str | None = None) -> int:
    """Every night (Celery beat): grant and lapse the access that follows assignments and placements.

    The day (ISO date) is an argument so that a run can be repeated for a given day; the number of
    changes made is returned.
    """
    on = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return reconcile_all(on=on)
