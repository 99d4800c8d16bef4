"""The reads of the follow-up overview (/uppfoljning/<year>/) and its drill-downs.

A round is loaded whole in a constant number of queries, whatever the number of goals, activities or
controls: its KS goals with the plan's activities and indicators, their KF goals, the round's and the
previous round's activity reports and goal assessments, and the internal control's results. The
product's proposals (R13) are computed on those objects by `followup.proposals`, without queries.

Progress and lateness are the round's own: what the units reported as of the cut-off date (R24). An
activity not reported in the round counts as "not reported", never as its live state.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from followup import proposals
from followup.models import (
    REPORT_KINDS,
    ActivityReport,
    ControlResult,
    GoalAssessment,
    Report,
    Verdict,
)
from followup.progress import round_activities, round_controls, round_goals
from followup.rounds import RoundDates
from goals.models import AnnualGoal, MandateGoal
from goals.selectors import all_indicator_values, indicator_prefetches, municipality_code
from organisation.models import User
from planning.models import Activity, ActivityStatus


def overview_rounds(rounds: Iterable[Report]) -> list[Report]:
    """The rounds the overview shows: the three reports (the economy rounds ask for no goals)."""
    return [r for r in rounds if r.kind in REPORT_KINDS]


def default_round(
    rounds: list[Report], year_dates: dict[str, RoundDates], today: datetime.date, *, reads_drafts: bool
) -> Report | None:
    """Those who read only proposed and adopted rounds get the latest of them; the others the latest
    round whose cut-off date has passed, else the year's first."""
    if not rounds:
        return None
    if not reads_drafts:
        return rounds[-1]
    passed = [r for r in rounds if year_dates[r.kind].cut_off <= today]
    return passed[-1] if passed else rounds[0]


# The rows


@dataclass
class ActivityRow:
    """An activity in a round: its report there (or none), and the previous round's."""

    activity: Activity
    entry: ActivityReport | None = None
    previous: ActivityReport | None = None
    late: bool = False
    was_late: bool = False

    @property
    def reported(self) -> bool:
        return self.entry is not None

    @property
    def done(self) -> bool:
        return self.entry is not None and self.entry.status == ActivityStatus.DONE

    @property
    def became_done(self) -> bool:
        return self.done and (self.previous is None or self.previous.status != ActivityStatus.DONE)

    @property
    def became_late(self) -> bool:
        return self.late and not self.was_late


def verdict(value: str | None) -> Verdict | None:
    return Verdict(value) if value else None


@dataclass
class GoalRow:
    """A KS goal in a round: proposal, assessment, the plan's activities and the change since before."""

    goal: AnnualGoal
    computed: proposals.Proposal
    assessment: GoalAssessment | None
    previous_assessment: GoalAssessment | None
    activities: list[ActivityRow]

    @property
    def proposal(self) -> Verdict:
        """The proposal as it stood when the assessment was set, else as the rule gives it now."""
        return verdict(self.assessment.proposal) if self.assessment else self.computed.verdict

    @property
    def proposal_basis(self) -> str:
        if self.assessment and self.assessment.proposal_basis:
            return self.assessment.proposal_basis
        return self.computed.basis

    @property
    def verdict(self) -> Verdict | None:
        return verdict(self.assessment.verdict) if self.assessment else None

    @property
    def previous_verdict(self) -> Verdict | None:
        return verdict(self.previous_assessment.verdict) if self.previous_assessment else None

    @property
    def not_achieved(self) -> bool:
        """A deviation: assessed not achieved, or, not yet assessed, proposed not achieved."""
        return (self.verdict or self.proposal) == Verdict.NOT_ACHIEVED

    @property
    def assessment_changed(self) -> bool:
        return bool(self.verdict and self.previous_verdict and self.verdict != self.previous_verdict)

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def done(self) -> int:
        return sum(1 for row in self.activities if row.done)

    @property
    def late(self) -> int:
        return sum(1 for row in self.activities if row.late)

    @property
    def not_reported(self) -> int:
        return sum(1 for row in self.activities if not row.reported)

    @property
    def became_late(self) -> list[ActivityRow]:
        return [row for row in self.activities if row.became_late]

    @property
    def became_done(self) -> list[ActivityRow]:
        return [row for row in self.activities if row.became_done]

    @property
    def changed(self) -> bool:
        return self.assessment_changed or bool(self.became_late) or bool(self.became_done)


@dataclass
class MandateRow:
    """A KF goal with its KS goals in the round (goal None: KS goals linked to no KF goal)."""

    goal: MandateGoal | None
    title: str
    assessment: GoalAssessment | None = None
    computed: proposals.Proposal | None = None
    goals: list[GoalRow] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict | None:
        return verdict(self.assessment.verdict) if self.assessment else None

    @property
    def proposal(self) -> Verdict | None:
        if self.assessment:
            return verdict(self.assessment.proposal)
        return self.computed.verdict if self.computed else None


@dataclass
class Overview:
    report: Report
    previous: Report | None
    dates: RoundDates
    chain: list[MandateRow]
    goals: list[GoalRow]
    activities: list[ActivityRow]
    controls_total: int
    control_results: list[ControlResult]

    @property
    def deviating_goals(self) -> list[GoalRow]:
        return [row for row in self.goals if row.not_achieved]

    @property
    def late_activities(self) -> list[ActivityRow]:
        return [row for row in self.activities if row.late]

    @property
    def activities_reported(self) -> int:
        return sum(1 for row in self.activities if row.reported)

    @property
    def controls_reported(self) -> int:
        return len(self.control_results)

    @property
    def control_deviations(self) -> list[ControlResult]:
        return [result for result in self.control_results if result.deviation_found]


# Loading


def _goals_queryset(report: Report, user: User):
    """The round's KS goals with what their proposals need, and the KF goals the user reads with theirs."""
    kf_goals = MandateGoal.objects.for_user(user).prefetch_related(
        "versions", *indicator_prefetches("", all_indicator_values())
    )
    return (
        round_goals(report)
        .with_plan_activities()
        .prefetch_related(
            *indicator_prefetches("", all_indicator_values()),
            Prefetch("mandate_goals", queryset=kf_goals),
        )
        .order_by("position", "pk")
    )


def _activity_rows(
    activities: Iterable[Activity],
    reports: list[ActivityReport],
    report: Report,
    previous: Report | None,
    year_dates: dict[str, RoundDates],
) -> dict[int, ActivityRow]:
    rows = {activity.pk: ActivityRow(activity) for activity in activities}
    cut_off = year_dates[report.kind].cut_off
    previous_cut_off = year_dates[previous.kind].cut_off if previous else None
    for entry in reports:
        row = rows.get(entry.activity_id)
        if row is None:
            continue
        entry.activity = row.activity  # the row's activity: no query for its planned end
        if entry.report_id == report.pk:
            row.entry = entry
            row.late = entry.is_late(cut_off)
        else:
            row.previous = entry
            row.was_late = entry.is_late(previous_cut_off)
    return rows


def _round_ids(report: Report, previous: Report | None) -> list[int]:
    return [report.pk] + ([previous.pk] if previous else [])


def round_overview(
    report: Report, previous: Report | None, year_dates: dict[str, RoundDates], user: User
) -> Overview:
    """Everything the overview shows of a round, in a constant number of queries (see the test)."""
    round_ids = _round_ids(report, previous)
    goals = list(_goals_queryset(report, user))
    activities = list(round_activities(report).select_related("responsible_unit", "annual_goal"))
    reports = list(ActivityReport.objects.filter(report_id__in=round_ids).select_related("entered_by"))
    rows = _activity_rows(activities, reports, report, previous, year_dates)
    assessments = list(GoalAssessment.objects.filter(report_id__in=round_ids).select_related("entered_by"))
    results = list(
        ControlResult.objects.filter(report=report, control__in=round_controls(report))
        .select_related("control", "control__responsible_unit", "entered_by")
        .order_by("control_id")
    )
    controls_total = round_controls(report).count()
    code = municipality_code()

    current_entries = {row.activity.pk: row.entry for row in rows.values() if row.entry}
    ks_current = {a.annual_goal_id: a for a in assessments if a.annual_goal_id and a.report_id == report.pk}
    ks_previous = {a.annual_goal_id: a for a in assessments if a.annual_goal_id and a.report_id != report.pk}
    kf_current = {a.mandate_goal_id: a for a in assessments if a.mandate_goal_id and a.report_id == report.pk}
    cut_off = year_dates[report.kind].cut_off

    goal_rows = []
    chain: dict[int | None, MandateRow] = {}
    for goal in goals:
        plan_activities = goal.plan_activities if goal.plan_adopted else []
        row = GoalRow(
            goal=goal,
            computed=proposals.propose_annual_goal(
                goal, report=report, cut_off=cut_off, activity_reports=current_entries, municipality=code
            ),
            assessment=ks_current.get(goal.pk),
            previous_assessment=ks_previous.get(goal.pk),
            activities=[rows.get(a.pk) or ActivityRow(a) for a in plan_activities],
        )
        goal_rows.append(row)
        kf_goals = list(goal.mandate_goals.all())
        for kf_goal in kf_goals:
            if kf_goal.pk not in chain:
                version = kf_goal.version_for(report.year) or kf_goal.current_version
                chain[kf_goal.pk] = MandateRow(
                    goal=kf_goal,
                    title=version.title if version else str(kf_goal),
                    assessment=kf_current.get(kf_goal.pk),
                    computed=proposals.propose_mandate_goal(kf_goal, year=report.year, municipality=code),
                )
            chain[kf_goal.pk].goals.append(row)
        if not kf_goals:
            chain.setdefault(None, MandateRow(goal=None, title="")).goals.append(row)
    ordered = sorted(
        chain.values(),
        key=lambda m: (m.goal is None, (m.goal.period_id, m.goal.position, m.goal.pk) if m.goal else ()),
    )
    return Overview(
        report=report,
        previous=previous,
        dates=year_dates[report.kind],
        chain=ordered,
        goals=goal_rows,
        activities=sorted(rows.values(), key=lambda r: (r.activity.planned_end, r.activity.pk)),
        controls_total=controls_total,
        control_results=results,
    )


# The drill-downs


@dataclass
class GoalDetail:
    row: GoalRow
    activities: list[ActivityRow]  # every activity of the round serving the goal, the plan's and the units'
    history: list[GoalAssessment]  # the goal's assessments in the year's rounds the user reads


def goal_detail(
    report: Report,
    previous: Report | None,
    year_dates: dict[str, RoundDates],
    goal: AnnualGoal,
    readable: list[Report],
    user: User,
) -> GoalDetail:
    """A KS goal in a round, with its activities there and its assessments across the year."""
    round_ids = _round_ids(report, previous)
    goal = _goals_queryset(report, user).get(pk=goal.pk)
    activities = list(round_activities(report).filter(annual_goal=goal).select_related("responsible_unit"))
    reports = list(
        ActivityReport.objects.filter(
            report_id__in=round_ids, activity__in=[a.pk for a in activities]
        ).select_related("entered_by")
    )
    rows = _activity_rows(activities, reports, report, previous, year_dates)
    order = {r.pk: index for index, r in enumerate(readable)}
    history = sorted(
        GoalAssessment.objects.filter(annual_goal=goal, report_id__in=order).select_related(
            "entered_by", "report"
        ),
        key=lambda a: order[a.report_id],
    )
    current = next((a for a in history if a.report_id == report.pk), None)
    before = next((a for a in history if previous and a.report_id == previous.pk), None)
    entries = {pk: row.entry for pk, row in rows.items() if row.entry}
    plan_activities = goal.plan_activities if goal.plan_adopted else []
    row = GoalRow(
        goal=goal,
        computed=proposals.propose_annual_goal(
            goal,
            report=report,
            cut_off=year_dates[report.kind].cut_off,
            activity_reports=entries,
            municipality=municipality_code(),
        ),
        assessment=current,
        previous_assessment=before,
        activities=[rows.get(a.pk) or ActivityRow(a) for a in plan_activities],
    )
    return GoalDetail(row=row, activities=list(rows.values()), history=history)


def unit_activities(
    report: Report, previous: Report | None, year_dates: dict[str, RoundDates], unit_id: int
) -> list[ActivityRow]:
    """The round's activities a unit answers for, each with its report in the round (or none)."""
    activities = list(
        round_activities(report).filter(responsible_unit_id=unit_id).select_related("annual_goal")
    )
    reports = list(
        ActivityReport.objects.filter(
            report_id__in=_round_ids(report, previous), activity__in=[a.pk for a in activities]
        ).select_related("entered_by")
    )
    return list(_activity_rows(activities, reports, report, previous, year_dates).values())


@dataclass
class ActivityEntry:
    round: Report
    entry: ActivityReport | None
    late: bool


def activity_entries(
    activity: Activity, readable: list[Report], year_dates: dict[str, RoundDates]
) -> list[ActivityEntry]:
    """An activity's reports across the year's rounds the user reads, in the year's order."""
    rounds = overview_rounds(readable)
    found = {
        entry.report_id: entry
        for entry in ActivityReport.objects.filter(
            activity=activity, report_id__in=[r.pk for r in rounds]
        ).select_related("entered_by")
    }
    entries = []
    for report in rounds:
        entry = found.get(report.pk)
        if entry is not None:
            entry.activity = activity
        late = bool(entry and entry.is_late(year_dates[report.kind].cut_off))
        entries.append(ActivityEntry(report, entry, late))
    return entries
