"""The economy's chapters, shared by the economic follow-up to KS and the tertial, interim and annual
reports: revenue and costs with the full-year forecast per area, the investment report, the flagged
deviations and the wholly-owned companies. (Being written: a stub until then.)"""

from __future__ import annotations

from followup.models import Report
from reports.kinds import Section


def economy_sections(report: Report) -> list[Section]:
    """The chapters on the economy of a round: areas with forecast, investments, deviations."""
    return []


def company_sections(report: Report) -> list[Section]:
    """The chapter on the wholly-owned companies in a round."""
    return []


def context(report: Report) -> dict:
    """What the chapters above read, for one round (constant queries)."""
    return {}


def sources(report: Report) -> dict[str, int]:
    """The version numbers of the economy's data the chapters were built from."""
    return {}
