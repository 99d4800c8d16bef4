"""The goals' assessments in a round (R13, R28): the reads that load a round's goals with everything
their proposals need, who may assess a goal, and the service that sets an assessment.

The reads cost a constant number of queries whatever the number of goals: the KS goals with their
plan's activities, departments, KF goals and indicators (targets and values) prefetched; the KF goals
in force with their versions and indicators; the round's activity reports and assessments, each in
one query. The proposals are then computed in memory (`followup.proposals`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from economy import flags
from followup import rounds
from followup.models import ActivityReport, GoalAssessment, Report, ReportKind, Verdict
from followup.progress import round_goals
from followup.proposals import Proposal, propose_annual_goal, propose_mandate_goal
from goals import status
from goals.models import AnnualGoal, IndicatorValue, MandateGoal
from goals.selectors import indicator_prefetches, municipality_code
from organisation.models import OrgUnit, User
from organisation.roles import is_administrator, is_planner
from styrmodell.concurrency import EditConflict, bump, differences, locked_for_edit
from styrmodell.db import SwedishCollate

# The version a form carries for a goal not yet assessed in the round: the first save raises it to 2,
# so a second form read before that save is stale, as for any other change.
NOT_YET_ASSESSED = 1
ENTRY_FIELDS = ("verdict", "analysis", "deviation_reason")


# Who may assess


def own_unit_ids(user: User) -> frozenset[int]:
    """The units the user is directly responsible for (one query; none for other roles than
    handläggare)."""
    if not is_administrator(user):
        return frozenset()
    return frozenset(user.units.values_list("pk", flat=True))


def may_assess(
    user: User, goal: AnnualGoal | MandateGoal, *, own_units: frozenset[int] | None = None
) -> bool:
    """Planners assess every goal; a KS goal also by the goal's department head: a handläggare whose own
    units (directly, not their sub-units) include one of the goal's departments. KF goals: planners only.

    Pages pass `own_units` (`own_unit_ids`) and goals with their departments prefetched: no queries.
    """
    if is_planner(user):
        return True
    if not isinstance(goal, AnnualGoal) or not is_administrator(user):
        return False
    units = own_unit_ids(user) if own_units is None else own_units
    return any(department.pk in units for department in goal.departments.all())


# The reads


@dataclass
class GoalRow:
    """A goal in a round: its proposal, its assessment if set, and whether the user may assess it."""

    goal: AnnualGoal | MandateGoal
    year: int
    proposal: Proposal
    assessment: GoalAssessment | None
    may_assess: bool
    # KS goals: the KF goals they serve, among those in force; KF goals: their KS goals in the round.
    related: list[GoalRow] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict | None:
        """The assessment set, as the enum (symbol, word), or None while the goal is not assessed."""
        return Verdict(self.assessment.verdict) if self.assessment else None

    @property
    def is_annual(self) -> bool:
        return isinstance(self.goal, AnnualGoal)

    @property
    def title(self) -> str:
        if self.is_annual:
            return self.goal.title
        version = self.goal.version_for(self.year)
        return version.title if version else str(self.goal)


@dataclass
class RoundGoals:
    """A round's goals as the assessment pages show them."""

    mandate: list[GoalRow]
    annual: list[GoalRow]
    # What the proposals were computed from: the round's activity reports and the municipality's code.
    activity_reports: dict[int, ActivityReport] = field(default_factory=dict)
    code: str = ""

    @property
    def orphans(self) -> list[GoalRow]:
        """KS goals under no KF goal in force for the year."""
        return [row for row in self.annual if not row.related]

    @property
    def rows(self) -> list[GoalRow]:
        return self.mandate + self.annual


def _values(year: int, code: str) -> models.QuerySet:
    return IndicatorValue.objects.filter(year=year, municipality=code, gender="T")


def annual_goals(report: Report, *, code: str) -> models.QuerySet:
    """The round's KS goals with what R13 and their own measures need: the adopted plan's activities
    (with their responsible units), departments, KF goals, indicators with targets and the year's values."""
    return (
        round_goals(report)
        .with_plan_activities()
        .prefetch_related(
            Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
            "mandate_goals",
            *indicator_prefetches("", _values(report.year, code)),
        )
    )


def mandate_goals(report: Report, user: User, *, code: str) -> models.QuerySet:
    """The KF goals in force for the round's year (R8) that the user reads, with their versions and
    indicators with targets and the year's values. The economy rounds assess no goals."""
    if report.kind == ReportKind.ECONOMY:
        return MandateGoal.objects.none()
    return (
        MandateGoal.objects.for_user(user)
        .applying_in(report.year)
        .select_related("period")
        .prefetch_related("versions", *indicator_prefetches("", _values(report.year, code)))
    )


def activity_reports(report: Report) -> dict[int, ActivityReport]:
    """The round's activity reports by activity id (one query)."""
    return {entry.activity_id: entry for entry in ActivityReport.objects.filter(report=report)}


def assessments(report: Report) -> tuple[dict[int, GoalAssessment], dict[int, GoalAssessment]]:
    """The round's assessments, of KS goals and of KF goals, by goal id (one query)."""
    annual, mandate = {}, {}
    for entry in GoalAssessment.objects.filter(report=report).select_related("entered_by"):
        if entry.annual_goal_id:
            annual[entry.annual_goal_id] = entry
        else:
            mandate[entry.mandate_goal_id] = entry
    return annual, mandate


def proposal_for(
    goal: AnnualGoal | MandateGoal,
    *,
    report: Report,
    cut_off: datetime.date,
    reports: dict[int, ActivityReport],
    code: str,
) -> Proposal:
    if isinstance(goal, AnnualGoal):
        return propose_annual_goal(
            goal, report=report, cut_off=cut_off, activity_reports=reports, municipality=code
        )
    return propose_mandate_goal(goal, year=report.year, municipality=code)


def round_goals_for(
    report: Report,
    user: User,
    *,
    cut_off: datetime.date,
    annual_pk: int | None = None,
    mandate_pk: int | None = None,
) -> RoundGoals:
    """The round's KF goals in force and KS goals, each with its proposal and assessment; a constant
    number of queries. `annual_pk`/`mandate_pk` narrow to one goal (the assessment form's page)."""
    code = municipality_code()
    ks = annual_goals(report, code=code)
    kf = mandate_goals(report, user, code=code)
    if annual_pk is not None:
        ks, kf = ks.filter(pk=annual_pk), kf.none()
    elif mandate_pk is not None:
        kf = kf.filter(pk=mandate_pk)
    ks_goals, kf_goals = list(ks), list(kf)
    reports = activity_reports(report) if ks_goals else {}
    by_annual, by_mandate = assessments(report)
    own_units = own_unit_ids(user)

    def row(goal, assessed: dict[int, GoalAssessment]) -> GoalRow:
        proposal = proposal_for(goal, report=report, cut_off=cut_off, reports=reports, code=code)
        may = may_assess(user, goal, own_units=own_units)
        return GoalRow(goal, report.year, proposal, assessed.get(goal.pk), may)

    mandate = [row(goal, by_mandate) for goal in kf_goals]
    annual = [row(goal, by_annual) for goal in ks_goals]
    by_pk = {entry.goal.pk: entry for entry in mandate}
    for entry in annual:
        for kf_goal in entry.goal.mandate_goals.all():
            parent = by_pk.get(kf_goal.pk)
            if parent is not None:
                entry.related.append(parent)
                parent.related.append(entry)
    return RoundGoals(mandate=mandate, annual=annual, activity_reports=reports, code=code)


# The service


def _refuse_unless_assessor(user: User, goal: AnnualGoal | MandateGoal) -> None:
    if not may_assess(user, goal):
        raise ValidationError(
            _("Only planners, and for a KS goal the goal's department, assess the goal.")
            if isinstance(goal, AnnualGoal)
            else _("Only planners assess the KF goals.")
        )


@transaction.atomic
def goal_assess(
    *,
    report: Report,
    annual_goal: AnnualGoal | None = None,
    mandate_goal: MandateGoal | None = None,
    expected_version: int | None,
    verdict: str,
    analysis: str,
    deviation_reason: str,
    actor: User,
    today: datetime.date | None = None,
) -> GoalAssessment:
    """Set a goal's assessment in a round (R13, R28): the proposal is computed anew here, never taken
    from the form; an assessment other than the proposal needs a reason; a stale save is refused."""
    if (annual_goal is None) == (mandate_goal is None):
        raise ValueError("Assess one KS goal or one KF goal.")
    report, dates = rounds.lock_for_input(report.pk, today)
    goal = _goal_in_round(report, actor, annual_goal=annual_goal, mandate_goal=mandate_goal)
    _refuse_unless_assessor(actor, goal)
    code = municipality_code()
    reports = activity_reports(report) if isinstance(goal, AnnualGoal) else {}
    proposal = proposal_for(goal, report=report, cut_off=dates.cut_off, reports=reports, code=code)

    analysis, deviation_reason = (analysis or "").strip(), (deviation_reason or "").strip()
    errors = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("Choose one of the four assessments.")
    if not analysis:
        errors["analysis"] = _("Write the analysis the assessment rests on.")
    if verdict != proposal.verdict and not deviation_reason:
        errors["deviation_reason"] = _(
            "The assessment deviates from the proposal (%(proposal)s): give the reason."
        ) % {"proposal": Verdict(proposal.verdict).label}
    if errors:
        raise ValidationError(errors)
    if verdict == proposal.verdict:
        # No deviation, nothing to explain: a reason kept from an earlier deviation would mislead.
        deviation_reason = ""

    mine = {"verdict": verdict, "analysis": analysis, "deviation_reason": deviation_reason}
    goal_field = "annual_goal" if isinstance(goal, AnnualGoal) else "mandate_goal"
    existing = _existing_pk(report, goal_field, goal)
    if existing is not None:
        entry = locked_for_edit(
            GoalAssessment.objects.all(), pk=existing, expected_version=expected_version, mine=mine
        )
    else:
        entry = GoalAssessment(report=report, **{goal_field: goal})
    entry.verdict, entry.analysis, entry.deviation_reason = verdict, analysis, deviation_reason
    entry.proposal, entry.proposal_basis = proposal.verdict, proposal.basis
    entry.entered_by = actor
    bump(entry)
    entry.full_clean(validate_constraints=False)
    entry._history_user = actor
    if entry.pk:
        entry.save()
    else:
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            # Two first assessments of the goal at once: the other was saved first.
            current = GoalAssessment.objects.get(report=report, **{goal_field: goal})
            raise EditConflict(current=current, changed=differences(current, mine)) from None
    # A goal assessed "not achieved" is a deviation KS alerts KF to (R30).
    flags.refresh(report, flags.Source.GOALS, actor=actor)
    return entry


def _existing_pk(report: Report, goal_field: str, goal: AnnualGoal | MandateGoal) -> int | None:
    """The goal's assessment in the round, if it has one already."""
    return (
        GoalAssessment.objects.filter(report=report, **{goal_field: goal})
        .values_list("pk", flat=True)
        .first()
    )


def _goal_in_round(
    report: Report,
    user: User,
    *,
    annual_goal: AnnualGoal | None,
    mandate_goal: MandateGoal | None,
) -> AnnualGoal | MandateGoal:
    """The goal loaded anew with what its proposal needs; refused if the round does not assess it."""
    code = municipality_code()
    if annual_goal is not None:
        goal = annual_goals(report, code=code).filter(pk=annual_goal.pk).first()
    else:
        goal = mandate_goals(report, user, code=code).filter(pk=mandate_goal.pk).first()
    if goal is None:
        raise ValidationError(_("The round does not assess this goal."))
    return goal


@dataclass(frozen=True)
class BasisIndicator:
    title: str
    unit: str
    target: Decimal | None
    value: Decimal | None
    outcome: bool | None


def goal_indicators(row: GoalRow, code: str) -> list[BasisIndicator]:
    """The goal's indicators with the year's target and value, as its own measure judges them."""
    links = list(row.goal.goal_indicators.all())
    outcomes = status.indicator_outcomes(links, row.year, code)
    result = []
    for link, outcome in zip(links, outcomes, strict=True):
        target = next((t.value for t in link.targets.all() if t.year == row.year), None)
        values = [
            v.value
            for v in link.indicator.values.all()
            if v.year == row.year and v.municipality == code and v.gender == "T"
        ]
        result.append(
            BasisIndicator(
                link.indicator.title, link.indicator.unit, target, values[0] if values else None, outcome
            )
        )
    return result
