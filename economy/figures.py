"""The economy of a round as one computation (R25): per activity area the budget, the outcome to date,
the full-year forecast and the deviation, with totals per department and for the body.

One source for every figure: the round's page, its Excel export, the flags and the reports read it
from here, never recompute it. A constant number of queries whatever the number of areas.

- **Budget**: KS's distribution of its frame for the year (`budget.FrameDistribution`), as it stands
  (redistributions included): the net cost, and of it the revenue; costs are net plus revenue.
- **Outcome**: the round's import in force, its units rolled up to the area they belong to.
- **Forecast**: finance's entry for the round; until there is one, a proposal: the latest earlier
  round's forecast for the area, else the outcome to date plus the budget for the months left
  (an assumption: the seed gives no forecasting method).
- **Deviation**: budgeted net cost minus forecast net cost: positive is a surplus, negative a deficit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.utils.translation import gettext

from budget.models import FrameDistribution
from budget.money import format_tkr
from economy.models import AreaForecast, Category, EconomySummary, ImportStatus, Outcome, OutcomeImport
from followup.models import Report
from followup.rounds import order_of, round_order
from organisation.models import OrgUnit
from styrmodell.db import swedish_sort_key

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MONTHS = Decimal(12)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal; None when there is no whole."""
    if not whole:
        return None
    return (part * HUNDRED / abs(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _threshold(value: str) -> Decimal | None:
    value = str(value or "").strip().replace(",", ".")
    return Decimal(value) if value else None


def deficit_thresholds() -> tuple[Decimal | None, Decimal | None]:
    """The configured limits beyond which a deficit is flagged: in kronor
    (ECONOMY_DEFICIT_THRESHOLD_KRONOR) and in percent of the budgeted net cost
    (ECONOMY_DEFICIT_THRESHOLD_PERCENT); None where none is configured."""
    return (
        _threshold(settings.ECONOMY_DEFICIT_THRESHOLD_KRONOR),
        _threshold(settings.ECONOMY_DEFICIT_THRESHOLD_PERCENT),
    )


def deficit_flagged(deviation: Decimal, budget_net: Decimal) -> bool:
    """A deficit (negative deviation) beyond the configured threshold (`deficit_thresholds`): more
    than the limit in kronor, or more than the limit's percent of the budgeted net cost. At the
    threshold exactly it is not flagged."""
    deficit = -deviation
    if deficit <= ZERO:
        return False
    kronor, share = deficit_thresholds()
    if kronor is not None and deficit > kronor:
        return True
    return bool(share is not None and budget_net and deficit * HUNDRED > share * abs(budget_net))


@dataclass
class Figures:
    """Revenue and costs (both positive) of one kind: budget, outcome or forecast."""

    revenue: Decimal = ZERO
    costs: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        """The net cost: costs less revenue."""
        return self.costs - self.revenue

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.revenue + other.revenue, self.costs + other.costs)


class Deviating:
    """Budget against forecast: the deviation (budgeted minus forecast net cost; negative a deficit),
    as a percentage of the budget, and whether the deficit is beyond the threshold."""

    budget: Figures
    forecast: Figures

    @property
    def deviation(self) -> Decimal:
        return self.budget.net - self.forecast.net

    @property
    def deviation_percent(self) -> Decimal | None:
        return percent(self.deviation, self.budget.net)

    @property
    def flagged(self) -> bool:
        return deficit_flagged(self.deviation, self.budget.net)


@dataclass
class AreaRow(Deviating):
    """One activity area in a round."""

    unit: OrgUnit
    department: OrgUnit
    budget: Figures
    outcome: Figures | None  # None without an import in force
    forecast: Figures
    entry: AreaForecast | None  # finance's entry; None while the forecast is only proposed
    proposal: Figures
    proposal_basis: str

    @property
    def forecast_is_proposed(self) -> bool:
        return self.entry is None

    @property
    def revenue_deviation(self) -> Decimal:
        return self.forecast.revenue - self.budget.revenue

    @property
    def cost_deviation(self) -> Decimal:
        return self.budget.costs - self.forecast.costs

    @property
    def comment(self) -> str:
        return self.entry.comment if self.entry else ""


@dataclass
class Total(Deviating):
    """A sum of areas: a department's, or the body's (summed once, when first read)."""

    label: str
    unit: OrgUnit | None
    rows: list[AreaRow]

    def _sum(self, attribute: str) -> Figures:
        total = Figures()
        for row in self.rows:
            part = getattr(row, attribute)
            if part is not None:
                total = total + part
        return total

    @cached_property
    def budget(self) -> Figures:
        return self._sum("budget")

    @cached_property
    def outcome(self) -> Figures:
        return self._sum("outcome")

    @cached_property
    def forecast(self) -> Figures:
        return self._sum("forecast")


@dataclass
class Economy:
    report: Report
    areas: list[AreaRow]
    departments: list[Total]
    total: Total
    outcome_import: OutcomeImport | None
    outside: Figures  # outcome on units outside every activity area
    summary: EconomySummary | None
    elapsed: Decimal  # the share of the year the outcome covers
    through: datetime.date  # the outcome's last day (or the round's cut-off without an import)
    forecasts_entered: int = field(default=0)

    @property
    def flagged_areas(self) -> list[AreaRow]:
        return [row for row in self.areas if row.flagged]

    @property
    def outside_shown(self) -> bool:
        """Whether the import in force has outcome on units outside every activity area, to show."""
        return self.outcome_import is not None and bool(self.outside.revenue or self.outside.costs)


def unit_tree() -> dict[int, OrgUnit]:
    """Every unit by id (one query), for rolling units up to their area and department."""
    return {unit.pk: unit for unit in OrgUnit.objects.all()}


def area_of(unit_id: int, areas: set[int], units: dict[int, OrgUnit]) -> int | None:
    """The activity area a unit belongs to: itself, or the nearest unit above it that is an area."""
    seen = 0
    current = units.get(unit_id)
    while current is not None and seen < 50:
        if current.pk in areas:
            return current.pk
        current = units.get(current.parent_id) if current.parent_id else None
        seen += 1
    return None


def department_of(unit: OrgUnit, units: dict[int, OrgUnit]) -> OrgUnit:
    current, seen = unit, 0
    while current.kind != OrgUnit.Kind.DEPARTMENT and current.parent_id and seen < 50:
        current = units[current.parent_id]
        seen += 1
    return current if current.kind == OrgUnit.Kind.DEPARTMENT else unit


def outcome_in_force(report: Report) -> OutcomeImport | None:
    return (
        OutcomeImport.objects.filter(report=report, status=ImportStatus.CONFIRMED)
        .select_related("confirmed_by", "imported_by")
        .first()
    )


def elapsed_share(through: datetime.date) -> Decimal:
    """The share of the year up to and including `through`'s month (whole months)."""
    return Decimal(through.month) / MONTHS


def _earlier_forecasts(report: Report, units: list[int]) -> dict[int, Figures]:
    """The latest forecast per area from the body's rounds of the year before this one. Read as plain
    values: a large municipality has some thousand forecasts a year, and only two figures of each count."""
    here = round_order(report)
    latest: dict[int, tuple[tuple, Figures]] = {}
    rows = (
        AreaForecast.objects.filter(
            report__body_id=report.body_id, report__year=report.year, unit_id__in=units
        )
        .exclude(report_id=report.pk)
        .values_list("unit_id", "report__kind", "report__meeting__date", "revenue", "costs")
    )
    for unit_id, kind, meeting_date, revenue, costs in rows:
        order = order_of(kind, report.year, meeting_date)
        if order < here and (unit_id not in latest or latest[unit_id][0] < order):
            latest[unit_id] = (order, Figures(revenue, costs))
    return {unit_id: figures for unit_id, (_order, figures) in latest.items()}


def round_economy(report: Report, *, cut_off: datetime.date | None = None) -> Economy:
    """The round's economy per area, with totals; `cut_off` dates the outcome when no import is in force."""
    units = unit_tree()
    distribution = list(FrameDistribution.objects.filter(body_id=report.body_id, year=report.year))
    area_ids = {row.unit_id for row in distribution}
    imported = outcome_in_force(report)
    outcome: dict[int, Figures] = {}
    outside = Figures()
    if imported is not None:
        rows = Outcome.objects.filter(
            outcome_import=imported, category__in=(Category.REVENUE, Category.COSTS)
        ).values_list("unit_id", "category", "amount")
        for unit_id, category, amount in rows:
            part = Figures(revenue=amount) if category == Category.REVENUE else Figures(costs=amount)
            area = area_of(unit_id, area_ids, units)
            if area is None:
                outside = outside + part
            else:
                outcome[area] = outcome.get(area, Figures()) + part
        through = imported.period_to
    else:
        through = cut_off or datetime.date(report.year, 12, 31)
    elapsed = elapsed_share(through)
    entries = {f.unit_id: f for f in AreaForecast.objects.filter(report=report).select_related("entered_by")}
    earlier = _earlier_forecasts(report, list(area_ids))
    rows = []
    for line in distribution:
        unit = units[line.unit_id]
        budget = Figures(revenue=line.revenue, costs=line.costs)
        area_outcome = outcome.get(unit.pk, Figures()) if imported is not None else None
        proposal, basis = _proposal(budget, area_outcome, elapsed, earlier.get(unit.pk))
        entry = entries.get(unit.pk)
        forecast = Figures(entry.revenue, entry.costs) if entry else proposal
        rows.append(
            AreaRow(
                unit=unit,
                department=department_of(unit, units),
                budget=budget,
                outcome=area_outcome,
                forecast=forecast,
                entry=entry,
                proposal=proposal,
                proposal_basis=basis,
            )
        )
    rows.sort(
        key=lambda r: (
            swedish_sort_key(r.department.name),
            r.unit.pk != r.department.pk,
            swedish_sort_key(r.unit.name),
        )
    )
    departments: dict[int, Total] = {}
    for row in rows:
        departments.setdefault(row.department.pk, Total(row.department.name, row.department, []))
        departments[row.department.pk].rows.append(row)
    body_name = report.body.short_name
    summary = EconomySummary.objects.filter(report=report).select_related("entered_by").first()
    return Economy(
        report=report,
        areas=rows,
        departments=list(departments.values()),
        total=Total(body_name, None, rows),
        outcome_import=imported,
        outside=outside,
        summary=summary,
        elapsed=elapsed,
        through=through,
        forecasts_entered=len(entries),
    )


def _proposal(
    budget: Figures, outcome: Figures | None, elapsed: Decimal, earlier: Figures | None
) -> tuple[Figures, str]:
    """The forecast proposed until finance enters one, and its basis in words."""
    if earlier is not None:
        return earlier, gettext("The previous round's forecast.")
    if outcome is not None:
        left = Decimal(1) - elapsed
        return (
            Figures(
                (outcome.revenue + budget.revenue * left).quantize(Decimal("0.01")),
                (outcome.costs + budget.costs * left).quantize(Decimal("0.01")),
            ),
            gettext("The outcome to date plus the budget for the months left."),
        )
    return Figures(budget.revenue, budget.costs), gettext("The budget, until an outcome is imported.")


# An import's totals per area, for its preview before it is confirmed


@dataclass
class AreaTotal:
    unit: OrgUnit | None
    figures: Figures = field(default_factory=Figures)
    financial: Decimal = Decimal(0)


def import_totals(outcome_import: OutcomeImport) -> tuple[list[AreaTotal], AreaTotal, AreaTotal]:
    """The import's rows rolled up to the activity areas of the round's year (KS's distribution):
    per area, outside every area, and the total. Three queries whatever the number of areas."""
    report = outcome_import.report
    units = unit_tree()
    area_ids = list(
        FrameDistribution.objects.filter(body_id=report.body_id, year=report.year).values_list(
            "unit_id", flat=True
        )
    )
    by_area = {pk: AreaTotal(units.get(pk)) for pk in area_ids}
    outside = AreaTotal(None)
    total = AreaTotal(None)
    for row in Outcome.objects.filter(outcome_import=outcome_import):
        area = area_of(row.unit_id, set(by_area), units)
        target = by_area[area] if area is not None else outside
        for item in (target, total):
            if row.category == Category.REVENUE:
                item.figures = item.figures + Figures(revenue=row.amount)
            elif row.category == Category.COSTS:
                item.figures = item.figures + Figures(costs=row.amount)
            elif row.category == Category.FINANCIAL:
                item.financial += row.amount
    rows = sorted(
        (item for item in by_area.values() if item.unit is not None),
        key=lambda item: item.unit.name.casefold(),
    )
    return rows, outside, total


def deficit_limit() -> str:
    """The configured limit beyond which a deficit is flagged, in words."""
    kronor, share = deficit_thresholds()
    values = {
        "kronor": format_tkr(kronor) if kronor is not None else "",
        "percent": format(share, "f").replace(".", ",") if share is not None else "",
    }
    if kronor is not None and share is not None:
        text = gettext(
            "A deficit is flagged when the forecast net cost exceeds the budget by more than %(kronor)s "
            "or by more than %(percent)s %% of it."
        )
    elif kronor is not None:
        text = gettext(
            "A deficit is flagged when the forecast net cost exceeds the budget by more than %(kronor)s."
        )
    elif share is not None:
        text = gettext(
            "A deficit is flagged when the forecast net cost exceeds the budget by more than "
            "%(percent)s %% of it."
        )
    else:
        return gettext("No limit for flagging a deficit is configured.")
    return (text % values) + " " + gettext("The limit is configurable: the governance model gives none.")
