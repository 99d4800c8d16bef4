"""What every page of a round starts from: the round by year and name, its dates and its state.

The views' shared reads live here, outside the views package, since a view module imports no other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils import timezone

from followup import rounds
from followup.models import Report
from organisation.lifecycle import visible_statuses
from organisation.models import Body


def executive_board() -> Body:
    """KS, whose rounds the pages show (the reports cover KS's administration, R26–R29)."""
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        raise Http404
    return body


@dataclass
class Round:
    """A round as a page needs it: the report, the year's rounds the user reads, dates and state."""

    report: Report
    rounds: list[Report]
    dates: rounds.RoundDates
    state: rounds.InputState
    today: datetime.date

    @property
    def previous(self) -> Report | None:
        return rounds.previous_round(self.report, self.rounds)


def year_rounds(request: HttpRequest, year: int) -> list[Report]:
    """The year's rounds of KS that the user reads (created when missing; politicians read the
    proposed and adopted ones only)."""
    if not 2000 <= year <= 2100:
        raise Http404
    # The lifecycle's rule on the rounds already loaded, as Report.objects.for_user() applies it.
    readable = set(visible_statuses(request.user, Report.drafts_read_by()))
    return [r for r in rounds.ensure_rounds(executive_board(), year) if r.status in readable]


def get_round(request: HttpRequest, year: int, slug: str) -> Round:
    """The round named by the address, or 404 when it does not exist or the user does not read it."""
    readable = year_rounds(request, year)
    report = next((r for r in readable if r.slug == slug), None)
    if report is None:
        raise Http404
    dates = rounds.dates_of(report)
    today = timezone.localdate()
    return Round(report, readable, dates, rounds.input_state(report, dates, today), today)
