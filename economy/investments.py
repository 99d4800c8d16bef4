"""The investment report of a round (R25): per project of the year's investment plan its budget for
the year, outcome to date, full-year forecast, deviation, status and comment.

- **Plan**: the investment plan of the budget version in force for the round's year
  (`budget.services.current_version`); the project's budget is its amount for that year.
- **Outcome**: the round's import in force, its project rows matched to the plan by the project's
  name (case and spacing aside); a project without one shows none, and an imported project the plan
  does not name is listed as a note.
- **Forecast**: finance's entry for the round (`InvestmentFollowup`); until there is one, a proposal:
  the latest earlier round's forecast of the year for a project of the same name, else the budget.
- **Deviation**: budget less forecast; a forecast above the budget is over budget (R30 flags it).

- `round_investments`: the rows, totals and notes, in a constant number of queries.
- `investment_save`: the one write, finance's, refused unless the round takes input; a stale or
  racing save is a conflict, never an overwrite.
- `export_columns`/`export_rows`/`export_filename`: the same table as an Excel workbook.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Subquery
from django.utils.translation import gettext as _

from budget.models import AMOUNT, Budget, BudgetVersion, InvestmentAmount, InvestmentPlan, InvestmentProject
from budget.money import MAX_TKR, THOUSAND
from budget.services import current_version
from economy.figures import outcome_in_force, percent
from economy.models import InvestmentFollowup, InvestmentStatus, OutcomeImport, ProjectOutcome
from followup import rounds
from followup.entries import save_entry
from followup.models import Report, ReportKind
from organisation.models import User
from organisation.roles import is_finance
from styrmodell.spreadsheets import Column, yes_no

ZERO = Decimal(0)
CENT = Decimal("0.01")
MONEY = "#,##0"
PERCENT = "0.0"


def name_key(name: str) -> str:
    """A project's name as names are matched: case and runs of spaces do not count."""
    return " ".join(str(name).split()).casefold()


# The reads


@dataclass
class ProjectRow:
    """One project of the plan in a round."""

    project: InvestmentProject
    budget: Decimal  # the plan's amount for the round's year (none: zero)
    outcome: Decimal | None  # None: no outcome imported for the project
    entry: InvestmentFollowup | None  # finance's entry; None while the forecast is only proposed
    proposal: Decimal
    proposal_basis: str
    proposed_status: str

    @property
    def forecast_is_proposed(self) -> bool:
        return self.entry is None

    @property
    def forecast(self) -> Decimal:
        return self.entry.forecast if self.entry else self.proposal

    @property
    def deviation(self) -> Decimal:
        """Budget less forecast: negative when the forecast is over the budget."""
        return self.budget - self.forecast

    @property
    def deviation_percent(self) -> Decimal | None:
        return percent(self.deviation, self.budget)

    @property
    def over_budget(self) -> bool:
        return self.forecast > self.budget

    @property
    def status(self) -> str:
        return self.entry.status if self.entry else ""

    @property
    def status_label(self) -> str:
        return str(InvestmentStatus(self.status).label) if self.status else ""

    @property
    def comment(self) -> str:
        return self.entry.comment if self.entry else ""


@dataclass
class Investments:
    report: Report
    budget: Budget | None
    version: BudgetVersion | None
    plan: InvestmentPlan | None
    rows: list[ProjectRow]
    outcome_import: OutcomeImport | None
    unmatched: list[ProjectOutcome]  # imported outcome of projects the plan does not name

    @property
    def year(self) -> int:
        return self.report.year

    @property
    def total_budget(self) -> Decimal:
        return sum((row.budget for row in self.rows), ZERO)

    @property
    def total_outcome(self) -> Decimal | None:
        outcomes = [row.outcome for row in self.rows if row.outcome is not None]
        return sum(outcomes, ZERO) if outcomes else None

    @property
    def total_forecast(self) -> Decimal:
        return sum((row.forecast for row in self.rows), ZERO)

    @property
    def total_deviation(self) -> Decimal:
        return self.total_budget - self.total_forecast

    @property
    def total_deviation_percent(self) -> Decimal | None:
        return percent(self.total_deviation, self.total_budget)

    @property
    def total_over_budget(self) -> bool:
        return self.total_forecast > self.total_budget

    @property
    def over_budget(self) -> list[ProjectRow]:
        return [row for row in self.rows if row.over_budget]

    @property
    def entered(self) -> int:
        return sum(1 for row in self.rows if row.entry is not None)


def plan_in_force(report: Report) -> tuple[Budget | None, BudgetVersion | None, InvestmentPlan | None]:
    """The year's budget, its version in force and that version's investment plan (two queries)."""
    versions = list(BudgetVersion.objects.filter(budget__year=report.year).select_related("budget"))
    if not versions:
        return None, None, None
    version = current_version(versions[0].budget, versions)
    plan = InvestmentPlan.objects.filter(version=version).first()
    return version.budget, version, plan


def plan_projects(plan: InvestmentPlan, year: int):
    """The plan's projects in its order, each with `year_amount`: its amount for the year (or None)."""
    amount = InvestmentAmount.objects.filter(project=OuterRef("pk"), year=year).values("amount")[:1]
    return (
        InvestmentProject.objects.filter(plan=plan)
        .annotate(year_amount=Subquery(amount, output_field=DecimalField(**AMOUNT)))
        .order_by("position", "pk")
    )


def round_investments(report: Report) -> Investments:
    """The round's investment projects with their figures and totals. Six queries whatever the number
    of projects: the budget's versions, the plan, its projects with the year's amounts, the import in
    force, its project outcomes, the year's entries (with round, project and who entered them)."""
    budget, version, plan = plan_in_force(report)
    imported = outcome_in_force(report)
    if plan is None:
        return Investments(report, budget, version, None, [], imported, [])
    projects = list(plan_projects(plan, report.year))
    outcomes: dict[str, ProjectOutcome] = {}
    if imported is not None:
        for line in ProjectOutcome.objects.filter(outcome_import=imported).order_by("project", "pk"):
            outcomes.setdefault(name_key(line.project), line)
    followups = list(
        InvestmentFollowup.objects.filter(report__body_id=report.body_id, report__year=report.year)
        .select_related("report__meeting", "project", "entered_by")
        .order_by()
    )
    entries = {f.project_id: f for f in followups if f.report_id == report.pk}
    earlier = rounds.latest_earlier(report, followups, key=lambda followup: name_key(followup.project.name))
    rows = []
    for project in projects:
        key = name_key(project.name)
        budget_amount = project.year_amount if project.year_amount is not None else ZERO
        previous = earlier.get(key)
        if previous is not None:
            proposal, basis = previous.forecast, _("The previous round's forecast.")
            proposed_status = previous.status
        else:
            proposal, basis = budget_amount, _("The budget for the year, until a forecast is entered.")
            proposed_status = InvestmentStatus.NOT_STARTED
        line = outcomes.get(key)
        rows.append(
            ProjectRow(
                project=project,
                budget=budget_amount,
                outcome=line.amount if line else None,
                entry=entries.get(project.pk),
                proposal=proposal,
                proposal_basis=basis,
                proposed_status=proposed_status,
            )
        )
    names = {name_key(project.name) for project in projects}
    unmatched = [line for key, line in outcomes.items() if key not in names]
    return Investments(report, budget, version, plan, rows, imported, unmatched)


def project_row(report: Report, project_pk: int) -> ProjectRow | None:
    """One project's row in the round (after a save, or to go back from the form); None when the
    project is not in the round's plan."""
    return next((row for row in round_investments(report).rows if row.project.pk == project_pk), None)


def round_project(report: Report, pk: int) -> InvestmentProject | None:
    """The project of the round's plan with this id, or None."""
    _budget, _version, plan = plan_in_force(report)
    if plan is None:
        return None
    return InvestmentProject.objects.filter(plan=plan, pk=pk).first()


# The write


@transaction.atomic
def investment_save(
    *,
    report: Report,
    project: InvestmentProject,
    forecast: Decimal,
    status: str,
    comment: str,
    expected_version: int | None,
    actor: User,
    today: datetime.date | None = None,
) -> InvestmentFollowup:
    """Record a project's full-year forecast (kronor), status and comment in the round.

    `expected_version` is None for the round's first entry of the project. Refused for anyone but
    finance, while the round takes no input, for a project outside the round's plan, and for a save
    over someone else's (`EditConflict`). The year's deviations are refreshed in the same transaction.
    """
    if not is_finance(actor):
        raise ValidationError(_("Only finance enters the investments' forecasts."))
    current, _dates = rounds.lock_for_input(report.pk, today)
    in_plan = round_project(current, project.pk)
    if in_plan is None:
        raise ValidationError(_("The project is not in the investment plan in force for the round's year."))
    forecast = _checked_forecast(forecast)
    if status not in InvestmentStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    entry = save_entry(
        InvestmentFollowup.objects.select_related("project"),
        actor,
        lookup={"report": current, "project": in_plan},
        mine={"forecast": forecast, "status": status, "comment": (comment or "").strip()},
        expected_version=expected_version,
    )
    # Imported here: the flags read this module's figures, so a module-level import would be circular.
    from economy import flags

    flags.refresh(current, flags.Source.INVESTMENTS, actor=actor)
    return entry


def _checked_forecast(forecast: Decimal) -> Decimal:
    """Kronor, not negative, of a size the column holds, in whole öre."""
    if not isinstance(forecast, Decimal) or not forecast.is_finite():
        raise ValidationError({"forecast": _("Give the forecast as an amount.")})
    if forecast < 0:
        raise ValidationError({"forecast": _("A forecast cannot be negative.")})
    if forecast >= MAX_TKR * THOUSAND:
        raise ValidationError({"forecast": _("The amount is too large.")})
    if forecast != forecast.quantize(CENT):
        raise ValidationError({"forecast": _("Give the forecast in whole kronor and öre at most.")})
    return forecast.quantize(CENT)


# The export


def export_columns(year: int) -> list[Column]:
    """The workbook's columns, headers in the active language; amounts in kronor."""
    return [
        Column(_("Project"), 40),
        Column(_("Budget %(year)s (kronor)") % {"year": year}, 16, MONEY),
        Column(_("Outcome to date (kronor)"), 16, MONEY),
        Column(_("Forecast, full year (kronor)"), 16, MONEY),
        Column(_("Forecast proposed"), 12),
        Column(_("Deviation (kronor)"), 16, MONEY),
        Column(_("Deviation (%)"), 12, PERCENT),
        Column(_("Over budget"), 12),
        Column(_("Status"), 16),
        Column(_("Entered by"), 22),
        Column(_("Comment"), 60, wrap=True),
    ]


def export_rows(investments: Investments) -> list[list[object]]:
    rows: list[list[object]] = []
    for row in investments.rows:
        entered_by = row.entry.entered_by if row.entry else None
        rows.append(
            [
                row.project.name,
                row.budget,
                row.outcome,
                row.forecast,
                yes_no(row.forecast_is_proposed),
                row.deviation,
                row.deviation_percent,
                yes_no(row.over_budget),
                row.status_label,
                (entered_by.get_full_name() or entered_by.get_username()) if entered_by else "",
                row.comment,
            ]
        )
    if investments.rows:
        rows.append(
            [
                _("Total"),
                investments.total_budget,
                investments.total_outcome,
                investments.total_forecast,
                "",
                investments.total_deviation,
                investments.total_deviation_percent,
                yes_no(investments.total_over_budget),
                "",
                "",
                "",
            ]
        )
    return rows


def export_filename(report: Report) -> str:
    """ASCII, e.g. "tertialrapport-2026-investeringar.xlsx"; the economy by its meeting's date."""
    if report.kind == ReportKind.ECONOMY:
        return f"ekonomisk-uppfoljning-{report.meeting.date.isoformat()}-investeringar.xlsx"
    stems = {
        ReportKind.TERTIAL: "tertialrapport",
        ReportKind.INTERIM: "delarsrapport",
        ReportKind.ANNUAL: "arsredovisning",
    }
    return f"{stems[report.kind]}-{report.year}-investeringar.xlsx"
