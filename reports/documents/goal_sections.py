"""The follow-up's chapters of the tertial report, the interim report and the annual report (R26–R29):
a summary, the goals' fulfilment with their assessments and analyses (R13, R28), the activities'
status as the round reports them (R24) and the internal control's results (R28, R31).

Every figure is read with the function the follow-up's page calls: the goal assessments page's
`assessments.round_goals_for`, the activity reports page's `activity_reports.round_table`, the
internal control page's `control_results.round_results`, and the economy page's `round_economy` for the
summary's economy in brief. A constant number of queries, whatever the number of goals, activities or
controls (`tests/reports/test_round_reports.py`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from economy.figures import round_economy
from followup import activity_reports, assessments, control_results, rounds
from followup.models import Report, ReportKind, Verdict
from planning.models import ActivityStatus
from reports.documents.economy_sections import RoundReader
from reports.kinds import Section

# A verdict's mark in print: the word says it, the colour of the mark only repeats it.
VERDICT_CSS = {
    Verdict.ACHIEVED: "status--good",
    Verdict.PARTLY: "status--warn",
    Verdict.NOT_ACHIEVED: "status--bad",
    Verdict.NOT_ASSESSABLE: "status--none",
}
# The activity statuses in the order a reader expects them: done first, then under way.
STATUS_ORDER = (
    ActivityStatus.DONE,
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.NOT_STARTED,
    ActivityStatus.CANCELLED,
)


# The rows as printed


@dataclass
class PrintedVerdict:
    """A verdict (or none) with its word and mark."""

    verdict: Verdict | None

    @property
    def label(self) -> str:
        return str(self.verdict.label) if self.verdict else _("Not assessed")

    @property
    def css(self) -> str:
        return VERDICT_CSS[self.verdict] if self.verdict else "status--none"


@dataclass
class PrintedGoal:
    """A KF or KS goal of the round: the assessments page's row and the goal's indicators."""

    row: assessments.GoalRow
    indicators: list[assessments.BasisIndicator]

    @property
    def verdict(self) -> PrintedVerdict:
        return PrintedVerdict(self.row.verdict)

    @property
    def proposal(self) -> PrintedVerdict:
        return PrintedVerdict(self.row.proposal.verdict)

    @property
    def number(self) -> str:
        if self.row.is_annual:
            return _("KS goal %(number)s") % {"number": self.row.goal.position}
        return _("KF goal %(number)s") % {"number": self.row.goal.position}


@dataclass
class VerdictCount:
    verdict: PrintedVerdict
    mandate: int
    annual: int


@dataclass
class StatusTally:
    """How many of a goal's activities in the round stand at each status, and how many are late."""

    label: str
    counts: Counter = field(default_factory=Counter)
    late: int = 0
    # The activity page's rows of the goal, in its order (by responsible unit, then planned end).
    rows: list[activity_reports.Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts[status] for status in STATUS_ORDER] + [self.counts[None]]


@dataclass
class ActivitySummary:
    """The round's activities: reported of total, per status, late, and per goal."""

    total: int
    reported: int
    late: int
    by_status: StatusTally
    by_goal: list[StatusTally]


def _goal_label(activity) -> tuple[tuple, str]:
    """Where an activity belongs in the tally: its KS goal (by number), else its GEH goal."""
    goal = activity.annual_goal
    if goal is not None:
        number = _("KS goal %(number)s") % {"number": goal.position}
        return (0, goal.position, goal.pk), f"{number}: {goal.title}"
    if activity.geh_code:
        return (1, 0, activity.geh_code), _("Good financial management: %(code)s") % {
            "code": activity.geh_code
        }
    return (2, 0, ""), _("Not linked to a KS goal")


def _activity_summary(table: activity_reports.Table) -> ActivitySummary:
    overall = StatusTally(_("Total"))
    goals: dict[tuple, StatusTally] = {}
    for row in table.rows:
        key, label = _goal_label(row.activity)
        tally = goals.setdefault(key, StatusTally(label))
        status = row.entry.status if row.entry else None
        tally.rows.append(row)
        for each in (tally, overall):
            each.counts[status] += 1
            each.late += row.late
    return ActivitySummary(
        total=table.total,
        reported=table.reported,
        late=overall.late,
        by_status=overall,
        by_goal=[goals[key] for key in sorted(goals)],
    )


def _verdict_counts(goals: assessments.RoundGoals) -> list[VerdictCount]:
    mandate = Counter(row.verdict for row in goals.mandate)
    annual = Counter(row.verdict for row in goals.annual)
    counts = [VerdictCount(PrintedVerdict(v), mandate[v], annual[v]) for v in Verdict]
    counts.append(VerdictCount(PrintedVerdict(None), mandate[None], annual[None]))
    return counts


# The context


def context(report: Report) -> dict:
    """What the chapters below read, for one round (constant queries); keys prefixed `followup_`."""
    dates = rounds.dates_of(report)
    # Read as the round's readers read it, as the economy's chapters are: a politician once it is
    # proposed or adopted, the drafting roles while it is a draft (never a draft KF goal).
    user = RoundReader.of(report)
    goals = assessments.round_goals_for(report, user, cut_off=dates.cut_off)
    table = activity_reports.round_table(report, user, cut_off=dates.cut_off)
    results = control_results.round_results(user, report)
    # The KS goals under each KF goal, in the order the assessments page lists them.
    mandate = [PrintedGoal(row, assessments.goal_indicators(row, goals.code)) for row in goals.mandate]
    annual = {
        row.goal.pk: PrintedGoal(row, assessments.goal_indicators(row, goals.code)) for row in goals.annual
    }
    chain = [(goal, [annual[child.goal.pk] for child in goal.row.related]) for goal in mandate]
    orphans = [annual[row.goal.pk] for row in goals.orphans]
    return {
        "followup_report": report,
        "followup_dates": dates,
        "followup_analysis_label": _("Results and analysis")
        if report.kind == ReportKind.ANNUAL
        else _("Analysis"),
        "followup_goals": goals,
        "followup_chain": chain,
        "followup_orphans": orphans,
        "followup_verdicts": _verdict_counts(goals),
        "followup_activities": table,
        "followup_activity_summary": _activity_summary(table),
        "followup_statuses": [ActivityStatus(status).label for status in STATUS_ORDER],
        "followup_controls": results,
        "followup_economy": round_economy(report, cut_off=dates.cut_off),
    }


# The chapters


def summary_sections(report: Report) -> list[Section]:
    """The report in brief: its dates, the goals by assessment, the activities, the internal control
    and the economy's full-year forecast."""
    return [
        Section("sammanfattning", pgettext("report chapter", "Summary"), "reports/pdf/rounds/summary.html")
    ]


def goal_sections(report: Report) -> list[Section]:
    """The KF goals and the KS goals under them: assessment, proposal and its basis, analysis."""
    title = _("Goal follow-up: results and analysis") if report.kind == ReportKind.ANNUAL else None
    return [Section("maluppfyllelse", title or _("Goal fulfilment"), "reports/pdf/rounds/goals.html")]


def activity_sections(report: Report) -> list[Section]:
    """The activities as the round reports them: per status and goal, then the list per unit."""
    return [Section("aktiviteter", _("Status of the activities"), "reports/pdf/rounds/activities.html")]


def control_sections(report: Report) -> list[Section]:
    """Every control of the year's adopted internal control plan and its result in the round."""
    return [Section("intern-kontroll", _("Internal control"), "reports/pdf/rounds/controls.html")]
