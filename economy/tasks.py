"""Background jobs of the economy: reading an uploaded outcome import."""

from __future__ import annotations

import logging

from celery import shared_task

from economy import imports

logger = logging.getLogger(__name__)


@shared_task
def read_outcome_import(outcome_import_id: int) -> str:
    """Read an uploaded import into its preview, or refuse it with its problems; returns the status.

    Not retried: reading the same file again gives the same answer. A failure nobody foresaw refuses
    the import with a plain message (and is logged) rather than leaving it "being read" for ever."""
    try:
        return imports.read_import(outcome_import_id).status
    except Exception:
        logger.exception("Reading outcome import %s failed", outcome_import_id)
        imports.mark_unreadable(outcome_import_id)
        return "failed"
