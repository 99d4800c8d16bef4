"""The outcome import for a round: CONTRACT STUB, being built."""

from __future__ import annotations

import datetime

from economy.models import OutcomeImport
from followup.models import Report
from organisation.models import User


class ImportRefused(Exception):
    """Nothing was written; `problems` (economy.sie.Problem) name each bad line or cell."""


def import_upload(
    *, report: Report, data: bytes, file_name: str, actor: User, today: datetime.date | None = None
) -> OutcomeImport:
    """Read a SIE, xlsx or CSV file into a PREVIEW import of the round (all or nothing)."""
    raise NotImplementedError


def import_confirm(
    *, outcome_import: OutcomeImport, actor: User, today: datetime.date | None = None
) -> OutcomeImport:
    """Put a previewed import in force for its round (the earlier one REPLACED); refreshes the flags."""
    raise NotImplementedError


def import_discard(*, outcome_import: OutcomeImport, actor: User) -> OutcomeImport:
    raise NotImplementedError
