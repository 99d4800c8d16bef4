"""What the start page reads from the economy, for finance: the next KS meeting's economy round with
its dates, input state and import status, and the year's open deviations (R25, R30).

A constant number of queries: the year's rounds (created when missing), the round's imports, and the
count of open deviations; one more pair of queries when the year's last meeting has passed and the
next year's rounds are read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from economy import flags
from economy.models import ImportStatus, OutcomeImport
from followup import rounds
from followup.models import Report, ReportKind
from organisation.models import Body, User
from organisation.roles import is_finance


@dataclass
class EconomyHome:
    """Finance's card on the start page."""

    year: int  # the year whose open deviations are counted: this year
    report: Report | None  # None: no ordinary KS meeting is entered ahead
    dates: rounds.RoundDates | None
    state: rounds.InputState | None
    in_force: OutcomeImport | None
    pending: OutcomeImport | None  # a preview awaiting confirmation, or a file still being read
    open_flags: int


def next_economy_round(body: Body, today: datetime.date) -> Report | None:
    """The first economy round of the body whose KS meeting is today or later (this year, else next)."""
    for year in (today.year, today.year + 1):
        upcoming = [
            report
            for report in rounds.ensure_rounds(body, year)
            if report.kind == ReportKind.ECONOMY and report.meeting.date >= today
        ]
        if upcoming:
            return upcoming[0]
    return None


def import_status(report: Report) -> tuple[OutcomeImport | None, OutcomeImport | None]:
    """The round's import in force, and the latest one awaiting confirmation or being read (one query)."""
    in_force = pending = None
    imports = (
        OutcomeImport.objects.filter(
            report=report,
            status__in=[ImportStatus.CONFIRMED, ImportStatus.PREVIEW, ImportStatus.READING],
        )
        .select_related("confirmed_by", "imported_by")
        .order_by("-imported_at", "-pk")
    )
    for item in imports:
        if item.status == ImportStatus.CONFIRMED:
            in_force = in_force or item
        else:
            pending = pending or item
    return in_force, pending


def finance_home(user: User, today: datetime.date) -> EconomyHome | None:
    """Finance's economy card; None for other roles or without KS."""
    if not is_finance(user):
        return None
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        return None
    report = next_economy_round(body, today)
    dates = state = in_force = pending = None
    if report is not None:
        dates = rounds.dates_of(report)
        state = rounds.input_state(report, dates, today)
        in_force, pending = import_status(report)
    return EconomyHome(
        today.year, report, dates, state, in_force, pending, flags.open_count(user, today.year)
    )
