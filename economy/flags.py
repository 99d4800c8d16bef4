"""The deviations KS alerts KF to (R30): CONTRACT STUB, being built."""

from __future__ import annotations

from followup.models import Report


def refresh(report: Report) -> None:
    """Raise, update or mark no longer current the year's flags from the round's figures.

    Called in the same transaction after every save that can change a deviation: an import confirmed,
    a forecast, an investment follow-up, a company report, a goal assessment."""
    return None
