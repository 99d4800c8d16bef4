"""Background jobs of the goals app."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from goals.kolada import KoladaClient
from goals.kolada_import import kolada_import, municipality_kolada_code
from goals.models import KoladaImport


@shared_task
def run_kolada_import(run_id: int) -> str | None:
    """Run a queued Kolada import against the API in settings; returns the run's final state."""
    run = KoladaImport.objects.select_related("requested_by").filter(pk=run_id).first()
    # The client retries Kolada's transient errors itself; a failed run is not retried here but
    # recorded, and a planner starts a new one. A redelivered run that already finished is skipped.
    if run is None or run.state in (KoladaImport.State.DONE, KoladaImport.State.FAILED):
        return None
    with KoladaClient(settings.KOLADA_BASE_URL, timeout=settings.KOLADA_TIMEOUT) as client:
        kolada_import(
            run=run,
            client=client,
            kpi_ids=run.kpi_ids or None,
            year_from=run.year_from,
            municipality_code=municipality_kolada_code(),
        )
    return run.state
