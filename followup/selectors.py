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
from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, prefetch_related_objects

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
from organisation.lifecycle import AdoptionStatus
from organisation.models import User
from planning.models import Activity, ActivityStatus, OperationalPlan, is_late

# At a large municipality's size the overview stays readable: each KS goal lists its first activities
# (the goal's drill-down lists them all) and the late table its first rows (?sena=alla shows them all).
# Every figure still counts all the round's activities: the counts are made in the database.
ACTIVITIES_SHOWN = 20
LATE_SHOWN = 25
# The goal chain a page of KS goals at a time (?sida=); the deviations above it name every goal.
GOALS_PER_PAGE = 25


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

    activity: Activity | PlanActivity
    entry: ActivityReport | Entry | None = None
    previous: ActivityReport | Entry | None = None
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


@dataclass(slots=True)
class PlanActivity:
    """A plan activity as the overview reads it (its proposal, counts and list): plain values, no model
    instance, so that thousands cost little."""

    pk: int
    title: str
    status: str
    completed_on: datetime.date | None
    planned_end: datetime.date


@dataclass(slots=True)
class Entry:
    """An activity's report in a round as the overview's goal rows read it (see `ActivityReport`)."""

    status: str
    completed_on: datetime.date | None

    def get_status_display(self) -> str:
        return ActivityStatus(self.status).label


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
    def shown(self) -> list[ActivityRow]:
        """The activities the overview lists under the goal; the drill-down lists them all."""
        return self.activities[:ACTIVITIES_SHOWN]

    @property
    def more(self) -> int:
        return max(self.total - ACTIVITIES_SHOWN, 0)

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
    activities_total: int  # the round's activities, the plan's and the units'
    activities_reported: int
    late_total: int
    late_activities: list[ActivityRow]  # the first LATE_SHOWN late ones (or all, if asked), by planned end
    controls_total: int
    controls_reported: int
    control_deviations: list[ControlResult]  # the round's results that found deviations

    @property
    def deviating_goals(self) -> list[GoalRow]:
        return [row for row in self.goals if row.not_achieved]

    @property
    def late_more(self) -> int:
        return self.late_total - len(self.late_activities)


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


def _rows(
    activities: Iterable[Activity | PlanActivity],
    entries: Iterable[tuple[int, int, ActivityReport | Entry]],
    report: Report,
    previous: Report | None,
    year_dates: dict[str, RoundDates],
) -> dict[int, ActivityRow]:
    """Each activity's row, with its report in the round and in the previous one; `entries` are
    (round, activity, report) for the activities' reports in the two rounds."""
    rows = {activity.pk: ActivityRow(activity) for activity in activities}
    cut_off = year_dates[report.kind].cut_off
    previous_cut_off = year_dates[previous.kind].cut_off if previous else None
    for report_id, activity_id, entry in entries:
        row = rows.get(activity_id)
        if row is None:
            continue
        planned_end = row.activity.planned_end
        if report_id == report.pk:
            row.entry = entry
            row.late = is_late(entry.status, entry.completed_on, planned_end, cut_off)
        else:
            row.previous = entry
            row.was_late = is_late(entry.status, entry.completed_on, planned_end, previous_cut_off)
    return rows


def _activity_rows(
    activities: list[Activity], report: Report, previous: Report | None, year_dates: dict[str, RoundDates]
) -> dict[int, ActivityRow]:
    """`_rows` for model activities, with their reports (and who entered them) as model instances."""
    reports = ActivityReport.objects.filter(
        report_id__in=_round_ids(report, previous), activity__in=[a.pk for a in activities]
    ).select_related("entered_by")
    by_pk = {activity.pk: activity for activity in activities}
    entries = []
    for entry in reports:
        entry.activity = by_pk[entry.activity_id]  # no query for its planned end
        entries.append((entry.report_id, entry.activity_id, entry))
    return _rows(activities, entries, report, previous, year_dates)


def _round_ids(report: Report, previous: Report | None) -> list[int]:
    return [report.pk] + ([previous.pk] if previous else [])


def _overview_goals(report: Report, user: User) -> list[AnnualGoal]:
    """The round's KS goals with what their proposals, counts and lists read, in a constant number of
    queries that load each object once, however many goals share it:

    - `plan_activities`: the adopted plan's activities as lean `PlanActivity` values (one query);
    - the indicators, only on the goals adopted with a measure of their own (the only ones judged by
      them, see `proposals.propose_annual_goal`);
    - `kf_goals`: the KF goals the user reads that the goal serves, each loaded once with its versions
      and indicators (a KF goal is shared by many KS goals)."""
    adopted = OperationalPlan.objects.filter(
        body=OuterRef("body"), year=OuterRef("year"), status=AdoptionStatus.ADOPTED
    )
    goals = list(round_goals(report).annotate(plan_adopted=Exists(adopted)).order_by("position", "pk"))
    prefetch_related_objects(
        [goal for goal in goals if goal.criterion], *indicator_prefetches("", all_indicator_values())
    )
    links = AnnualGoal.mandate_goals.through.objects.filter(annualgoal__in=round_goals(report))
    kf_goals = (
        MandateGoal.objects.for_user(user)
        .filter(pk__in=links.values("mandategoal_id"))
        .prefetch_related("versions", *indicator_prefetches("", all_indicator_values()))
        .in_bulk()
    )
    served: dict[int, list[MandateGoal]] = {goal.pk: [] for goal in goals}
    for goal_id, kf_goal_id in links.order_by("mandategoal_id").values_list(
        "annualgoal_id", "mandategoal_id"
    ):
        if kf_goal_id in kf_goals and goal_id in served:
            served[goal_id].append(kf_goals[kf_goal_id])
    by_goal: dict[int, list[PlanActivity]] = {goal.pk: [] for goal in goals}
    values = (
        Activity.objects.filter(
            is_plan_activity=True, plan__status=AdoptionStatus.ADOPTED, annual_goal__in=round_goals(report)
        )
        .order_by("planned_end", "pk")
        .values_list("annual_goal_id", "pk", "title", "status", "completed_on", "planned_end")
    )
    for goal_id, *fields in values:
        by_goal[goal_id].append(PlanActivity(*fields))
    for goal in goals:
        goal.plan_activities = by_goal[goal.pk]
        goal.kf_goals = served[goal.pk]
    return goals


def late_condition(cut_off: datetime.date) -> Q:
    """`ActivityReport.is_late` in the database: finished after the planned end, or neither finished nor
    cancelled and past it at the cut-off date."""
    return Q(status=ActivityStatus.DONE, completed_on__gt=F("activity__planned_end")) | (
        ~Q(status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED]) & Q(activity__planned_end__lt=cut_off)
    )


def _round_counts(report: Report, cut_off: datetime.date) -> dict[str, int]:
    """The round's activities, how many are reported in it and how many late, in one query."""
    entries = ActivityReport.objects.filter(report=report, activity=OuterRef("pk"))
    return round_activities(report).aggregate(
        total=Count("pk"),
        reported=Count("pk", filter=Exists(entries)),
        late=Count("pk", filter=Exists(entries.filter(late_condition(cut_off)))),
    )


def _late_rows(report: Report, cut_off: datetime.date, limit: int | None) -> list[ActivityRow]:
    """The first `limit` (None: all) of the round's activities reported late, by planned end."""
    late = (
        ActivityReport.objects.filter(
            late_condition(cut_off), report=report, activity__in=round_activities(report)
        )
        .select_related("activity", "activity__responsible_unit", "activity__annual_goal")
        .order_by("activity__planned_end", "activity_id")
    )
    return [
        ActivityRow(entry.activity, entry=entry, late=True)
        for entry in (late if limit is None else late[:limit])
    ]


def round_overview(
    report: Report,
    previous: Report | None,
    year_dates: dict[str, RoundDates],
    user: User,
    *,
    late_limit: int | None = LATE_SHOWN,
) -> Overview:
    """Everything the overview shows of a round, in a constant number of queries (see the test).

    Only the plan's activities are loaded (the proposals, the goals' counts and changes need each of
    them), with their reports in the two rounds; the round's totals and its late activities are counted
    in the database, and only the first `late_limit` late ones are loaded."""
    round_ids = _round_ids(report, previous)
    goals = _overview_goals(report, user)
    activities = [a for goal in goals if goal.plan_adopted for a in goal.plan_activities]
    entries = ActivityReport.objects.filter(
        report_id__in=round_ids, activity__in=round_activities(report).filter(is_plan_activity=True)
    ).values_list("report_id", "activity_id", "status", "completed_on")
    rows = _rows(
        activities,
        ((round_id, activity_id, Entry(*fields)) for round_id, activity_id, *fields in entries),
        report,
        previous,
        year_dates,
    )
    cut_off = year_dates[report.kind].cut_off
    counts = _round_counts(report, cut_off)
    assessments = list(GoalAssessment.objects.filter(report_id__in=round_ids))
    results = ControlResult.objects.filter(report=report, control__in=round_controls(report))
    controls = round_controls(report).aggregate(
        total=Count("pk"), reported=Count("pk", filter=Exists(results.filter(control=OuterRef("pk"))))
    )
    code = municipality_code()

    current_entries = {row.activity.pk: row.entry for row in rows.values() if row.entry}
    ks_current = {a.annual_goal_id: a for a in assessments if a.annual_goal_id and a.report_id == report.pk}
    ks_previous = {a.annual_goal_id: a for a in assessments if a.annual_goal_id and a.report_id != report.pk}
    kf_current = {a.mandate_goal_id: a for a in assessments if a.mandate_goal_id and a.report_id == report.pk}

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
        for kf_goal in goal.kf_goals:
            if kf_goal.pk not in chain:
                version = kf_goal.version_for(report.year) or kf_goal.current_version
                chain[kf_goal.pk] = MandateRow(
                    goal=kf_goal,
                    title=version.title if version else str(kf_goal),
                    assessment=kf_current.get(kf_goal.pk),
                    computed=proposals.propose_mandate_goal(kf_goal, year=report.year, municipality=code),
                )
            chain[kf_goal.pk].goals.append(row)
        if not goal.kf_goals:
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
        activities_total=counts["total"],
        activities_reported=counts["reported"],
        late_total=counts["late"],
        late_activities=_late_rows(report, cut_off, late_limit),
        controls_total=controls["total"],
        controls_reported=controls["reported"],
        control_deviations=list(
            results.filter(deviation_found=True).select_related("control").order_by("control_id")
        ),
    )


def chain_page(chain: list[MandateRow], number: str | int | None) -> tuple[Page, list[MandateRow]]:
    """A page of the goal chain: its KS goals in the chain's order, under their KF goals. A KS goal
    under two KF goals is counted, and shown, under each."""
    pairs = [(kf, row) for kf in chain for row in kf.goals]
    page = Paginator(pairs, GOALS_PER_PAGE).get_page(number)
    shown: dict[int, MandateRow] = {}
    for kf, row in page.object_list:
        shown.setdefault(id(kf), replace(kf, goals=[])).goals.append(row)
    return page, list(shown.values())


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
    goal = _goals_queryset(report, user).get(pk=goal.pk)
    activities = list(round_activities(report).filter(annual_goal=goal).select_related("responsible_unit"))
    rows = _activity_rows(activities, report, previous, year_dates)
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
    return list(_activity_rows(activities, report, previous, year_dates).values())


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
