"""Background jobs of the reports: building a PDF."""

from __future__ import annotations

from celery import shared_task

from reports import services


@shared_task
def build_report(version_id: int) -> str:
    """Build a queued report version; returns its status. Failures are kept on the version with their
    reason (services.build), so the task itself is not retried: a person retries from the page."""
    version = services.build(version_id)
    return version.status if version else "missing"
