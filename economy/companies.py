"""The wholly-owned companies in a round (R29, R30): who reports for which company, the writes, the reads.

- Access: a company reporter (bolagsrapportör) reports for the companies among their units and sees
  only those companies' entries; every other role reads all companies' reports of the rounds it reads
  (politicians the proposed and adopted rounds, as `followup.pages.get_round` decides). Nobody but
  the company's reporter enters its report: finance and planners read.
- `company_report_save`: the one write of a company's report with its key figures and owner directive
  goal assessments, all or nothing, refused in a round without input and on a stale version.
- `directive_goal_save`: planners keep the owner directive goals (add, change, retire).
- `round_companies`, `home_summary`: the reads the pages, the export and the start page share.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import GoverningDocument
from economy import flags
from economy.models import CompanyFigure, CompanyReport, KeyFigure, OwnerDirectiveGoal, OwnerGoalAssessment
from followup import rounds
from followup.entries import save_entry
from followup.models import REPORT_KINDS, Report, Verdict
from followup.pages import executive_board
from followup.summaries import year_reports
from organisation.models import OrgUnit, User
from organisation.roles import Role, has_role, is_company_reporter, is_planner
from styrmodell.concurrency import latest_record, locked_for_edit

COMPANY = OrgUnit.Kind.COMPANY
DIRECTIVE_KIND = "agardirektiv"
# The roles that read every company's report; a company reporter without one of them reads only their own.
READ_ALL_COMPANIES = (Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.FINANCE, Role.SYSADMIN)
# A figure's value column holds 15 digits, 2 of them decimals.
MAX_FIGURE = Decimal(10) ** 13
# What the unit of a key figure in thousands of kronor is called; such a figure is kept in kronor.
TKR = "tkr"


# Who reports for which company


def companies() -> QuerySet[OrgUnit]:
    """Every wholly-owned company (an organisational unit of kind bolag)."""
    return OrgUnit.objects.filter(kind=COMPANY)


def reported_companies(user: User) -> QuerySet[OrgUnit]:
    """The companies the user reports for: those among a company reporter's units."""
    if not is_company_reporter(user):
        return OrgUnit.objects.none()
    return companies().filter(members=user)


def may_report(user: User, company: OrgUnit) -> bool:
    """Only the company's own reporter enters its report; finance and planners read it."""
    return (
        company.kind == COMPANY
        and is_company_reporter(user)
        and user.units.filter(pk=company.pk, kind=COMPANY).exists()
    )


def readable_companies(user: User, units: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Of `units`, the companies whose reports the user reads: all for the reading roles, their own
    for a company reporter, none for anyone else."""
    units = units.filter(kind=COMPANY)
    if has_role(user, *READ_ALL_COMPANIES):
        return units
    if is_company_reporter(user):
        return units.filter(members=user)
    return units.none()


def is_company_round(report: Report) -> bool:
    """The companies report in the tertial report, the interim report and the annual report only."""
    return report.kind in REPORT_KINDS


def require_company_round(report: Report) -> None:
    """A page of the companies in an economy round does not exist."""
    if not is_company_round(report):
        raise Http404


# The write


def _figure_field(key_figure_id: int) -> str:
    return f"figure_{key_figure_id}"


def goal_field(goal_id: int) -> str:
    return f"goal_{goal_id}"


def goal_comment_field(goal_id: int) -> str:
    return f"goal_{goal_id}_comment"


def assessment_errors(goals: list[OwnerDirectiveGoal], assessments: dict) -> dict[str, str]:
    """Every goal in force is assessed; a goal not achieved needs a comment saying why and what is done."""
    errors = {}
    for goal in goals:
        verdict, comment = assessments.get(goal.pk, ("", ""))
        if verdict not in Verdict.values:
            errors[goal_field(goal.pk)] = _("Assess the goal.")
        elif verdict == Verdict.NOT_ACHIEVED and not (comment or "").strip():
            errors[goal_comment_field(goal.pk)] = _(
                "A goal not achieved needs a comment: why, and what the company does about it."
            )
    return errors


def _checked_amount(value: Decimal | None, name: str, *, required: bool) -> Decimal | None:
    if value is None:
        if required:
            raise ValidationError({name: _("Give the amount in thousands of kronor.")})
        return None
    value = Decimal(value)
    if not value.is_finite() or abs(value) >= MAX_FIGURE:
        raise ValidationError({name: _("The value is too large.")})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def company_report_save(
    *,
    report: Report,
    company: OrgUnit,
    result_to_date: Decimal,
    forecast: Decimal,
    comment: str,
    figures: dict[int, Decimal | None],
    assessments: dict[int, tuple[str, str]],
    expected_version: int | None,
    actor: User,
    today: datetime.date | None = None,
) -> CompanyReport:
    """Record a company's report in a round, or change it; `expected_version` is None for a new one.

    Refused in an economy round, when the round takes no input, when the actor does not report for
    the company, for a goal in force left unassessed or not achieved without a comment, and when the
    report changed (or was entered) since the form was read. Everything is saved or nothing; the
    round's deviations are then brought up to date in the same transaction.
    """
    if not is_company_round(report):
        raise ValidationError(
            _("The companies report in the tertial report, the interim report and the annual report.")
        )
    current, _dates = rounds.lock_for_input(report.pk, today)
    if not may_report(actor, company):
        raise ValidationError(_("You report only for your own companies."))
    key_figures = {kf.pk: kf for kf in KeyFigure.objects.filter(active=True)}
    if unknown := set(figures) - set(key_figures):
        raise ValidationError(_("The key figure is not asked for: %(ids)s.") % {"ids": sorted(unknown)})
    goals = list(OwnerDirectiveGoal.objects.filter(company=company, active=True))
    if set(assessments) - {goal.pk for goal in goals}:
        raise ValidationError(_("The goal is not one of the company's owner directive goals in force."))
    mine = {
        "result_to_date": _checked_amount(result_to_date, "result_to_date", required=True),
        "forecast": _checked_amount(forecast, "forecast", required=True),
        "comment": (comment or "").strip(),
    }
    values = {pk: _checked_amount(value, _figure_field(pk), required=False) for pk, value in figures.items()}
    if errors := assessment_errors(goals, assessments):
        raise ValidationError(errors)

    entry = save_entry(
        CompanyReport.objects.all(),
        actor,
        lookup={"report": current, "company": company},
        mine=mine,
        expected_version=expected_version,
    )
    _save_figures(entry, values, actor)
    _save_assessments(entry, goals, assessments, actor)
    flags.refresh(current, flags.Source.COMPANIES, actor=actor)
    return entry


def _save_figures(entry: CompanyReport, values: dict[int, Decimal | None], actor: User) -> None:
    saved = {figure.key_figure_id: figure for figure in CompanyFigure.objects.filter(company_report=entry)}
    for key_figure_id, value in values.items():
        figure = saved.get(key_figure_id)
        if value is None:
            if figure is not None:
                figure._history_user = actor
                figure.delete()
            continue
        if figure is None:
            figure = CompanyFigure(company_report=entry, key_figure_id=key_figure_id, value=value)
        elif figure.value == value:
            continue
        figure.value = value
        figure._history_user = actor
        figure.save()


def _save_assessments(
    entry: CompanyReport, goals: list[OwnerDirectiveGoal], assessments: dict, actor: User
) -> None:
    saved = {a.goal_id: a for a in OwnerGoalAssessment.objects.filter(company_report=entry)}
    for goal in goals:
        verdict, comment = assessments[goal.pk]
        comment = (comment or "").strip()
        assessment = saved.get(goal.pk) or OwnerGoalAssessment(company_report=entry, goal=goal)
        if assessment.pk and (assessment.verdict, assessment.comment) == (verdict, comment):
            continue
        assessment.verdict, assessment.comment = verdict, comment
        assessment._history_user = actor
        assessment.save()


# The owner directive goals


def directives() -> QuerySet[GoverningDocument]:
    """The owner directives (ägardirektiv) of the register of governing documents."""
    return GoverningDocument.objects.filter(kind__code=DIRECTIVE_KIND).order_by("-decided_on", "title")


def goal_version(goal: OwnerDirectiveGoal) -> int:
    """A goal keeps no version of its own: its latest history record is the version a form carries
    (1 for a goal with no record yet, as the form's version is at least 1)."""
    return latest_record(goal) or 1


@transaction.atomic
def directive_goal_save(
    *,
    goal_id: int | None,
    company: OrgUnit,
    directive: GoverningDocument | None,
    position: int,
    text: str,
    active: bool,
    expected_version: int | None,
    actor: User,
) -> OwnerDirectiveGoal:
    """Add an owner directive goal (`goal_id` None), or change or retire one; planners only."""
    if not is_planner(actor):
        raise ValidationError(_("Only planners keep the owner directive goals."))
    if company.kind != COMPANY:
        raise ValidationError({"company": _("Choose a wholly-owned company.")})
    if directive is not None and directive.kind.code != DIRECTIVE_KIND:
        raise ValidationError({"directive": _("Choose an owner directive of the register.")})
    mine = {
        "company": company,
        "directive": directive,
        "position": position,
        "text": (text or "").strip(),
        "active": active,
    }
    if goal_id is None:
        goal = OwnerDirectiveGoal()
    else:
        goal = locked_for_edit(
            OwnerDirectiveGoal.objects.all(),
            pk=goal_id,
            expected_version=expected_version if expected_version is not None else 0,
            mine=mine,
            version_of=goal_version,
        )
    for name, value in mine.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal._history_user = actor
    goal.save()
    return goal


# The reads


@dataclass
class CompanyRow:
    """A company in a round: its report (None: not reported), each key figure's value, each goal's
    assessment, and whether the user reports for it."""

    company: OrgUnit
    entry: CompanyReport | None
    figures: list[tuple[KeyFigure, Decimal | None]]
    assessments: list[tuple[OwnerDirectiveGoal, OwnerGoalAssessment | None]]
    may_report: bool

    @property
    def loss(self) -> bool:
        """The company forecasts a loss for the year."""
        return bool(self.entry and self.entry.forecast < 0)

    @property
    def goals_missed(self) -> int:
        return sum(1 for _goal, a in self.assessments if a and a.verdict == Verdict.NOT_ACHIEVED)


@dataclass
class RoundCompanies:
    rows: list[CompanyRow]
    key_figures: list[KeyFigure] = field(default_factory=list)

    @property
    def reported(self) -> int:
        return sum(1 for row in self.rows if row.entry is not None)

    @property
    def may_report_some(self) -> bool:
        return any(row.may_report for row in self.rows)


def _entries(report: Report):
    """The round's company reports with who entered them, their figures and their assessments."""
    return (
        CompanyReport.objects.filter(report=report)
        .select_related("entered_by")
        .prefetch_related(
            Prefetch("figures", queryset=CompanyFigure.objects.select_related("key_figure")),
            Prefetch("goal_assessments", queryset=OwnerGoalAssessment.objects.select_related("goal")),
        )
    )


def round_companies(user: User, report: Report, *, cut_off: datetime.date) -> RoundCompanies:
    """The companies the user reads, in force on the round's cut-off date or reported in the round,
    with their reports. Queries: the companies, the key figures asked for, the goals in force of
    those companies, the round's reports with who entered them, their figures, their assessments
    with the goals; for a company reporter one more for the companies they report for."""
    in_round = CompanyReport.objects.filter(report=report).values("company_id")
    units = list(
        readable_companies(user, companies())
        .filter(Q(pk__in=companies().active_on(cut_off).values("pk")) | Q(pk__in=in_round))
        .swedish_order()
    )
    key_figures = list(KeyFigure.objects.filter(active=True))
    goals: dict[int, list[OwnerDirectiveGoal]] = {}
    for goal in OwnerDirectiveGoal.objects.filter(company__in=units, active=True):
        goals.setdefault(goal.company_id, []).append(goal)
    entries = {entry.company_id: entry for entry in _entries(report).filter(company__in=units)}
    mine = set(reported_companies(user).values_list("pk", flat=True)) if is_company_reporter(user) else set()
    rows = []
    for company in units:
        entry = entries.get(company.pk)
        rows.append(
            CompanyRow(
                company,
                entry,
                _figures(key_figures, entry),
                _assessments(goals.get(company.pk, []), entry),
                company.pk in mine,
            )
        )
    return RoundCompanies(rows, key_figures)


def _figures(key_figures: list[KeyFigure], entry: CompanyReport | None) -> list:
    """The key figures asked for, and any other the report holds (asked for when it was entered)."""
    held = {figure.key_figure_id: figure for figure in entry.figures.all()} if entry else {}
    shown = [(kf, held.pop(kf.pk).value if kf.pk in held else None) for kf in key_figures]
    return shown + [(figure.key_figure, figure.value) for figure in held.values()]


def _assessments(goals: list[OwnerDirectiveGoal], entry: CompanyReport | None) -> list:
    """The goals in force with their assessment, and the goals assessed in the round since retired."""
    held = {a.goal_id: a for a in entry.goal_assessments.all()} if entry else {}
    for assessment in held.values():
        # The verdict as the pages show it: by symbol and word (followup/assessment_verdict.html).
        assessment.shown = Verdict(assessment.verdict)
    shown = [(goal, held.pop(goal.pk, None)) for goal in goals]
    shown += [(a.goal, a) for a in held.values()]
    return sorted(shown, key=lambda pair: (pair[0].position, pair[0].pk))


def company_row(user: User, report: Report, company: OrgUnit) -> CompanyRow:
    """One company of the round as its page shows it (the view has checked the user reads it)."""
    entry = _entries(report).filter(company=company).first()
    key_figures = list(KeyFigure.objects.filter(active=True))
    goals = list(OwnerDirectiveGoal.objects.filter(company=company, active=True))
    return CompanyRow(
        company, entry, _figures(key_figures, entry), _assessments(goals, entry), may_report(user, company)
    )


# The start page of a company reporter


@dataclass
class HomeSummary:
    """The round a company reporter is asked to report in (open now, or the next to open), and for
    each of their companies whether it has reported in it."""

    companies: list[tuple[OrgUnit, CompanyReport | None]]
    report: Report | None
    state: rounds.InputState | None
    dates: rounds.RoundDates | None


def home_summary(user: User, today: datetime.date | None = None) -> HomeSummary | None:
    """For the start page: None unless the user reports for a company."""
    if not is_company_reporter(user):
        return None
    own = list(reported_companies(user).swedish_order())
    if not own:
        return None
    today = today or timezone.localdate()
    chosen = _round_to_report(user, today)
    if chosen is None:
        return HomeSummary([(company, None) for company in own], None, None, None)
    report, dates, state = chosen
    entries = {
        entry.company_id: entry
        for entry in CompanyReport.objects.filter(report=report, company__in=own).select_related("entered_by")
    }
    return HomeSummary([(company, entries.get(company.pk)) for company in own], report, state, dates)


def _round_to_report(user: User, today: datetime.date):
    """The report round open for input now (the latest, should several be), else the next to open.

    Last year's annual report is handled in this year (`rounds.HANDLED_THE_YEAR_AFTER`); last year's
    other reports are done."""
    try:
        board = executive_board()
    except Http404:
        return None
    candidates = [
        state
        for year in (today.year - 1, today.year)
        for state in year_reports(board, year, user, today)
        if year == today.year or state.report.kind in rounds.HANDLED_THE_YEAR_AFTER
    ]
    open_now = [c for c in candidates if c.state is rounds.InputState.OPEN]
    if open_now:
        chosen = max(open_now, key=lambda c: c.dates.cut_off)
    else:
        upcoming = [c for c in candidates if c.state is rounds.InputState.NOT_OPEN]
        if not upcoming:
            return None
        chosen = min(upcoming, key=lambda c: c.dates.cut_off)
    return chosen.report, chosen.dates, chosen.state
