"""The reporting rounds: their dates from the annual wheel, their state, and the hand on their input.

A round's dates are read from the wheel's deadlines every time, never stored, so that a moved KS
meeting or an edited step moves the round too (R26, R27, R29):

- the **cut-off date** (brytdatum: 30 April, 31 August, 31 December) is the day the report is drawn up
  to; input opens on it;
- **KS** handles the report at its meeting (the wheel's "KS behandlar …" steps, whose months the seed
  does not give: assumptions); input closes `FOLLOWUP_INPUT_CLOSES_WORKING_DAYS` working days before;
- **KF** receives it (tertial in June, delår in October, årsredovisning by 15 April the year after).

The economy is reported to every ordinary KS meeting (R25); its cut-off is the end of the month
ECONOMY_OUTCOME_LAG_MONTHS months before the meeting's (by default two: a KS meeting early in December
reports the books through October, closed in November), an assumption: the seed gives none.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from calendar_wheel.models import Deadline
from calendar_wheel.services import is_working_day
from followup.models import REPORT_KINDS, InputOverride, Report, ReportKind
from organisation import lifecycle
from organisation.models import Body, Meeting, User
from organisation.roles import Role, has_role
from styrmodell.concurrency import bump, locked_for_edit

# The wheel's steps that date each report: (cut-off, KS handles it, KF receives it), by code.
STEP_CODES = {
    ReportKind.TERTIAL: ("tertial-report-cut-off", "ks-handles-tertial-report", "tertial-report-to-kf"),
    ReportKind.INTERIM: ("interim-report-cut-off", "ks-handles-interim-report", "interim-report-to-kf"),
    ReportKind.ANNUAL: ("annual-report-cut-off", "ks-handles-annual-report", "annual-report-to-kf"),
}
# The seed's cut-off dates, used when the wheel has not been generated for the year.
CUT_OFF = {ReportKind.TERTIAL: (4, 30), ReportKind.INTERIM: (8, 31), ReportKind.ANNUAL: (12, 31)}
# The annual report is handled by KS and received by KF in the year after the one it reports.
HANDLED_THE_YEAR_AFTER = frozenset({ReportKind.ANNUAL})


@dataclass(frozen=True)
class RoundDates:
    cut_off: datetime.date
    ks_meeting: datetime.date | None
    kf: datetime.date | None

    @property
    def input_closes(self) -> datetime.date | None:
        """The last day of input: the configured number of working days before the KS meeting."""
        if self.ks_meeting is None:
            return None
        # A KS meeting too soon after the cut-off date would close input before it opens: the round then
        # takes input on its cut-off date only (the round page says so; move the wheel's KS step).
        return max(
            working_days_before(self.ks_meeting, settings.FOLLOWUP_INPUT_CLOSES_WORKING_DAYS), self.cut_off
        )


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day` (a Swedish office calendar)."""
    moved = day
    left = count
    while left > 0:
        moved -= datetime.timedelta(days=1)
        if is_working_day(moved):
            left -= 1
    return moved


def report_dates(year: int) -> dict[str, RoundDates]:
    """The dates of the year's three reports, by kind, from the wheel in one query."""
    codes = {code for steps in STEP_CODES.values() for code in steps}
    found = {
        (code, year_of): date
        for code, year_of, date in Deadline.objects.filter(
            event__code__in=codes, event__retired=False, year__in=(year, year + 1)
        ).values_list("event__code", "year", "date")
    }
    dates = {}
    for kind, (cut_off_code, ks_code, kf_code) in STEP_CODES.items():
        handled = year + 1 if kind in HANDLED_THE_YEAR_AFTER else year
        month, day = CUT_OFF[kind]
        dates[kind] = RoundDates(
            cut_off=found.get((cut_off_code, year), datetime.date(year, month, day)),
            ks_meeting=found.get((ks_code, handled)),
            kf=found.get((kf_code, handled)),
        )
    return dates


def economy_dates(meeting: Meeting) -> RoundDates:
    """The economy at an ordinary KS meeting (R25): the books through the end of the month
    ECONOMY_OUTCOME_LAG_MONTHS months before the meeting's month."""
    months = meeting.date.year * 12 + meeting.date.month - 1 - (settings.ECONOMY_OUTCOME_LAG_MONTHS - 1)
    first_after = datetime.date(months // 12, months % 12 + 1, 1)
    return RoundDates(cut_off=first_after - datetime.timedelta(days=1), ks_meeting=meeting.date, kf=None)


def dates_of(report: Report, year_dates: dict[str, RoundDates] | None = None) -> RoundDates:
    if report.kind == ReportKind.ECONOMY:
        return economy_dates(report.meeting)
    return (year_dates or report_dates(report.year))[report.kind]


class InputState(enum.Enum):
    """Whether a round takes input; told by symbol and word."""

    NOT_OPEN = "not_open"
    OPEN = "open"
    LOCKED = "locked"
    FROZEN = "frozen"

    @property
    def label(self) -> str:
        return str(_STATE_LABELS[self])

    @property
    def symbol(self) -> str:
        return _STATE_SYMBOLS[self]

    @property
    def css(self) -> str:
        return f"round-{self.value.replace('_', '-')}"

    @property
    def takes_input(self) -> bool:
        return self is InputState.OPEN


_STATE_LABELS = {
    InputState.NOT_OPEN: _("Not open yet"),
    InputState.OPEN: _("Open for input"),
    InputState.LOCKED: _("Locked"),
    InputState.FROZEN: _("Adopted: frozen"),
}
_STATE_SYMBOLS = {
    InputState.NOT_OPEN: "○",
    InputState.OPEN: "✎",
    InputState.LOCKED: "■",
    InputState.FROZEN: "✓",
}


def input_state(report: Report, dates: RoundDates, today: datetime.date) -> InputState:
    """Adopted: frozen for good. Reopened by hand: open. Proposed to KS or closed by hand: locked.
    Otherwise by the dates: open from the cut-off date until input closes, locked after."""
    if report.is_adopted:
        return InputState.FROZEN
    if report.input_override == InputOverride.REOPENED:
        return InputState.OPEN
    if report.is_proposal or report.input_override == InputOverride.CLOSED:
        return InputState.LOCKED
    if today < dates.cut_off:
        return InputState.NOT_OPEN
    closes = dates.input_closes
    if closes is not None and today > closes:
        return InputState.LOCKED
    return InputState.OPEN


def why_no_input(state: InputState) -> str:
    """Why a round in this state takes no input, in a sentence; empty while it takes input."""
    messages = {
        InputState.NOT_OPEN: gettext("The round opens for input on its cut-off date."),
        InputState.LOCKED: gettext(
            "The round is locked: input has closed. A planner or finance can reopen it, with a reason."
        ),
        InputState.FROZEN: gettext("The report is adopted: the round is frozen for good."),
    }
    return messages.get(state, "")


def require_input_open(report: Report, today: datetime.date, dates: RoundDates | None = None) -> None:
    """Refuse an entry in a round that does not take input now, saying why."""
    state = input_state(report, dates or dates_of(report), today)
    if state is not InputState.OPEN:
        raise ValidationError(why_no_input(state))


def lock_for_input(report_id: int, today: datetime.date | None = None) -> tuple[Report, RoundDates]:
    """The round's row, locked until the transaction ends so that a close, a reopening or an adoption
    cannot slip in between an entry's check and its save, and the round's dates; refused (as
    `require_input_open`) unless the round takes input `today`."""
    current = (
        Report.objects.select_for_update(of=("self",)).select_related("meeting", "body").get(pk=report_id)
    )
    dates = dates_of(current)
    require_input_open(current, today or timezone.localdate(), dates)
    return current, dates


# The rounds of a year


def ensure_rounds(body: Body, year: int) -> list[Report]:
    """The body's rounds of the year, created when missing (idempotent; one query when they exist):
    the three reports and the economy for each of the body's ordinary meetings of the year (R25)."""
    meetings = list(Meeting.objects.filter(body=body, date__year=year, extraordinary=False).order_by("date"))
    rounds = list(
        Report.objects.filter(body=body, year=year).select_related("body", "meeting", "decision__meeting")
    )
    have = {(r.kind, r.meeting_id) for r in rounds}
    wanted = [Report(body=body, year=year, kind=kind) for kind in REPORT_KINDS if (kind, None) not in have]
    wanted += [
        Report(body=body, year=year, kind=ReportKind.ECONOMY, meeting=m)
        for m in meetings
        if (ReportKind.ECONOMY, m.pk) not in have
    ]
    if wanted:
        Report.objects.bulk_create(wanted, ignore_conflicts=True)
        rounds = list(
            Report.objects.filter(body=body, year=year).select_related("body", "meeting", "decision__meeting")
        )
    return sorted(rounds, key=round_order)


def round_order(report: Report) -> tuple:
    """The reports in the year's order, each economy round by its meeting's date among them."""
    return order_of(
        report.kind, report.year, report.meeting.date if report.kind == ReportKind.ECONOMY else None
    )


def order_of(kind: str, year: int, meeting_date: datetime.date | None) -> tuple:
    """`round_order` from a report's kind, year and (for an economy round) its meeting's date."""
    cut = meeting_date if kind == ReportKind.ECONOMY else datetime.date(year, *CUT_OFF[kind])
    return (cut, kind != ReportKind.ECONOMY)


def latest_earlier[E](
    report: Report, entries: Iterable[E], key: Callable[[E], Hashable]
) -> dict[Hashable, E]:
    """Of the entries of the body's rounds of the year, the latest one per key from a round before
    `report` (by `round_order`; each entry's `report` loaded), e.g. the previous forecast per area."""
    here = round_order(report)
    latest: dict[Hashable, tuple[tuple, E]] = {}
    for entry in entries:
        if entry.report_id == report.pk:
            continue
        order = round_order(entry.report)
        name = key(entry)
        if order < here and (name not in latest or latest[name][0] < order):
            latest[name] = (order, entry)
    return {name: entry for name, (_order, entry) in latest.items()}


def previous_round(report: Report, rounds: list[Report]) -> Report | None:
    """The report of the same body before this one among the year's reports (tertial before delår,
    delår before år); the economy rounds are not compared."""
    if report.kind not in REPORT_KINDS:
        return None
    index = REPORT_KINDS.index(report.kind)
    if index == 0:
        return None
    earlier = REPORT_KINDS[index - 1]
    return next((r for r in rounds if r.kind == earlier), None)


# The hand on a round's input: planners and finance reopen and close it, with the reason in the history


def may_steer_input(user: User) -> bool:
    return has_role(user, Role.PLANNER, Role.FINANCE)


@transaction.atomic
def reopen(*, report_id: int, expected_version: int, reason: str, actor: User) -> Report:
    """Open a locked round for input again; the reason is kept in its history. Adopted: refused."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"override_reason": gettext("Give the reason for reopening the round.")})
    return _override(report_id, expected_version, InputOverride.REOPENED, reason, actor)


@transaction.atomic
def close(*, report_id: int, expected_version: int, reason: str, actor: User) -> Report:
    """Close a round's input by hand (e.g. after a reopening); the reason, if any, is kept."""
    return _override(report_id, expected_version, InputOverride.CLOSED, (reason or "").strip(), actor)


def _override(report_id: int, expected_version: int, override: str, reason: str, actor: User) -> Report:
    if not may_steer_input(actor):
        raise ValidationError(gettext("Only planners and finance staff reopen or close a round."))
    report = locked_for_edit(
        Report.objects.select_related("meeting"),
        pk=report_id,
        expected_version=expected_version,
        mine={"input_override": override, "override_reason": reason},
        require=lambda current: lifecycle.require_open(current, _adopted_message()),
    )
    report.input_override, report.override_reason = override, reason
    bump(report)
    report.full_clean()
    report._history_user = actor
    report.save()
    return report


def _adopted_message() -> str:
    return gettext("The report is adopted: the round is frozen for good.")


# The report's decision: planners and finance propose it, KS adopts it (the shared lifecycle)


def report_propose(*, report: Report, actor: User) -> Report:
    return lifecycle.propose(report, actor=actor, adopted_message=_adopted_message())


def report_adopt(*, report: Report, decision, actor: User) -> Report:
    return lifecycle.adopt(report, decision=decision, actor=actor, adopted_message=_adopted_message())
