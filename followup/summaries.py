"""What the start page reads from follow-up, for several rounds at once in a constant number of queries.

- `year_reports`: a body's three reports of the year (tertial, delår, år) with their dates and state;
  the economy rounds (R25) ask for no activity, control or goal, so the start page leaves them out.
- `missing_reports`: per round taking input, how many of a handläggare's activities it still lacks (R24).
- `rounds_progress`: `progress.round_progress` for the rounds under way, batched.
- `latest_goal_status`: the goal assessments of KS's latest adopted report (R28), for politicians.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from followup import progress, rounds
from followup.models import (
    REPORT_KINDS,
    ActivityReport,
    ControlResult,
    GoalAssessment,
    Report,
    Verdict,
)
from organisation.lifecycle import AdoptionStatus, visible_statuses
from organisation.models import Body, User
from planning.models import Activity


@dataclass
class RoundState:
    """A round with its dates and input state, as the start page lists it."""

    report: Report
    dates: rounds.RoundDates
    state: rounds.InputState

    @property
    def under_way(self) -> bool:
        """Open or locked, not yet adopted: the rounds whose progress planners follow."""
        return self.state in (rounds.InputState.OPEN, rounds.InputState.LOCKED)


def year_reports(body: Body, year: int, user: User, today: datetime.date) -> list[RoundState]:
    """The body's reports of the year that the user reads, in the year's order, with dates and state
    (three queries: the year's meetings and rounds, created when missing, and the wheel's dates)."""
    readable = set(visible_statuses(user, Report.drafts_read_by()))
    reports = [r for r in rounds.ensure_rounds(body, year) if r.kind in REPORT_KINDS and r.status in readable]
    year_dates = rounds.report_dates(year)
    states = []
    for report in reports:
        dates = rounds.dates_of(report, year_dates)
        states.append(RoundState(report, dates, rounds.input_state(report, dates, today)))
    return states


@dataclass
class MissingReports:
    round: RoundState
    total: int
    missing: int


def missing_reports(editable: QuerySet[Activity], states: list[RoundState]) -> list[MissingReports]:
    """For each round that takes input now: the activities it asks for among `editable` (a
    handläggare's: `Activity.objects.follow_up_editable_by(user)`) and how many of them it still lacks
    (one query per body and year, plus one)."""
    taking = [s for s in states if s.state.takes_input]
    asked: dict[int, set[int]] = {}
    for group in _by_body_and_year(taking).values():
        # One body's reports of a year ask for the same activities (progress.round_activities).
        mine = set(
            progress.round_activities(group[0].report)
            .filter(pk__in=editable.values("pk"))
            .values_list("pk", flat=True)
        )
        for state in group:
            asked[state.report.pk] = mine
    all_mine = set().union(*asked.values())
    reported: dict[int, set[int]] = {s.report.pk: set() for s in taking}
    if all_mine:
        for report_id, activity_id in ActivityReport.objects.filter(
            report__in=[s.report for s in taking], activity_id__in=all_mine
        ).values_list("report_id", "activity_id"):
            reported[report_id].add(activity_id)
    return [
        MissingReports(
            round=s,
            total=len(asked[s.report.pk]),
            missing=len(asked[s.report.pk] - reported[s.report.pk]),
        )
        for s in taking
    ]


def rounds_progress(states: list[RoundState]) -> dict[int, progress.Progress]:
    """`progress.round_progress` for several reports at once, by report id: three queries per body and
    year for what the rounds ask, three for what has come in, whatever the number of rounds."""
    reports = [s.report for s in states]
    if not reports:
        return {}
    reported: dict[int, set[int]] = {r.pk: set() for r in reports}
    for report_id, activity_id in ActivityReport.objects.filter(report__in=reports).values_list(
        "report_id", "activity_id"
    ):
        reported[report_id].add(activity_id)
    results: dict[int, set[int]] = {r.pk: set() for r in reports}
    for report_id, control_id in ControlResult.objects.filter(report__in=reports).values_list(
        "report_id", "control_id"
    ):
        results[report_id].add(control_id)
    assessed: dict[int, set[int]] = {r.pk: set() for r in reports}
    for report_id, goal_id in GoalAssessment.objects.filter(
        report__in=reports, annual_goal__isnull=False
    ).values_list("report_id", "annual_goal_id"):
        assessed[report_id].add(goal_id)
    found: dict[int, progress.Progress] = {}
    for group in _by_body_and_year(states).values():
        first = group[0].report
        activities = list(progress.round_activities(first).select_related("responsible_unit"))
        control_ids = set(progress.round_controls(first).values_list("pk", flat=True))
        goal_ids = set(progress.round_goals(first).values_list("pk", flat=True))
        for state in group:
            report = state.report
            units: dict[int, progress.UnitProgress] = {}
            for activity in activities:
                entry = units.setdefault(
                    activity.responsible_unit_id, progress.UnitProgress(activity.responsible_unit)
                )
                entry.activities.append(activity)
                if activity.pk not in reported[report.pk]:
                    entry.missing.append(activity)
            found[report.pk] = progress.Progress(
                units=list(units.values()),
                controls_total=len(control_ids),
                controls_reported=len(control_ids & results[report.pk]),
                goals_total=len(goal_ids),
                goals_assessed=len(goal_ids & assessed[report.pk]),
            )
    return found


def _by_body_and_year(states: list[RoundState]) -> dict[tuple[int, int], list[RoundState]]:
    groups: dict[tuple[int, int], list[RoundState]] = {}
    for state in states:
        groups.setdefault((state.report.body_id, state.report.year), []).append(state)
    return groups


@dataclass
class GoalStatus:
    """The goal assessments of the latest adopted report, and how many goals got each verdict."""

    report: Report | None
    rows: list[tuple[GoalAssessment, Verdict]] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[Verdict, int]]:
        counted = Counter(verdict for _assessment, verdict in self.rows)
        return [(verdict, counted[verdict]) for verdict in Verdict]


def latest_goal_status(user: User, body: Body, today: datetime.date) -> GoalStatus:
    """The KS goals' assessments in the body's latest adopted report of this year, or of last year when
    this year has none adopted yet (two queries)."""
    adopted = list(
        Report.objects.for_user(user).filter(
            body=body,
            year__in=(today.year, today.year - 1),
            kind__in=REPORT_KINDS,
            status=AdoptionStatus.ADOPTED,
        )
    )
    if not adopted:
        return GoalStatus(None)
    latest = max(adopted, key=lambda r: (r.year, REPORT_KINDS.index(r.kind)))
    assessments = (
        GoalAssessment.objects.for_user(user)
        .filter(report=latest, annual_goal__isnull=False)
        .select_related("annual_goal")
        .order_by("annual_goal__position", "annual_goal__title", "pk")
    )
    return GoalStatus(latest, [(a, Verdict(a.verdict)) for a in assessments])
