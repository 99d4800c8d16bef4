"""Reads for the budget pages: a version's content in a fixed number of queries, and two versions diffed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _

from budget import plans
from budget.models import (
    ECONOMIC_PLAN_ORDER,
    ZERO,
    BudgetFrame,
    BudgetVersion,
    EconomicPlanLine,
    FinancialGoal,
    FrameDistribution,
    GehGoal,
    InvestmentAmount,
    InvestmentProject,
)
from budget.services import FrameUse, current_version, geh_goals_for_year
from organisation.models import Body, User


@dataclass
class Content:
    """What one version says: goals, frames, economic plan and investment plan."""

    version: BudgetVersion
    mandate_goals: list = field(default_factory=list)
    financial_goals: list = field(default_factory=list)
    geh_goals: list = field(default_factory=list)
    frames: list = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # (kind, year) -> amount
    projects: list = field(default_factory=list)

    @property
    def plan_years(self) -> list[int]:
        return self.version.budget.plan_years

    @property
    def investment_years(self) -> list[int]:
        return self.version.budget.investment_years

    @property
    def kf_goals(self) -> list[tuple]:
        """Each linked KF goal with its wording in force in the budget year."""
        year = self.version.budget.year
        return [(goal, str(goal.version_for(year) or goal)) for goal in self.mandate_goals]

    @property
    def frames_total(self) -> Decimal:
        return sum((f.amount for f in self.frames), ZERO)

    def net_result(self, year: int) -> Decimal | None:
        """The net result is computed from the lines, never typed: revenue plus (negative) costs."""
        amounts = [
            self.lines[(kind.value, year)] for kind in ECONOMIC_PLAN_ORDER if (kind.value, year) in self.lines
        ]
        return sum(amounts, ZERO) if amounts else None

    def economic_plan(self) -> list[tuple[str, list[Decimal | None]]]:
        rows = [
            (str(kind.label), [self.lines.get((kind.value, year)) for year in self.plan_years])
            for kind in ECONOMIC_PLAN_ORDER
        ]
        return rows

    @property
    def net_results(self) -> list[Decimal | None]:
        return [self.net_result(year) for year in self.plan_years]

    def investment_rows(self) -> list[tuple[str, list[Decimal | None], Decimal]]:
        rows = []
        for project in self.projects:
            by_year = {a.year: a.amount for a in project.amounts.all()}
            amounts = [by_year.get(year) for year in self.investment_years]
            rows.append((project.name, amounts, sum((a for a in amounts if a is not None), ZERO)))
        return rows

    def investment_totals(self) -> list[Decimal]:
        totals = [ZERO] * len(self.investment_years)
        for _name, amounts, _total in self.investment_rows():
            totals = [t + (a or ZERO) for t, a in zip(totals, amounts, strict=True)]
        return totals

    @property
    def investment_total(self) -> Decimal:
        return sum(self.investment_totals(), ZERO)

    @property
    def geh_by_code(self) -> dict[str, GehGoal]:
        return {g.code: g for g in self.geh_goals}


def load_contents(versions: list[BudgetVersion]) -> dict[int, Content]:
    """The content of the given versions of one budget, in eight queries whatever their size."""
    ids = [v.pk for v in versions]
    contents = {v.pk: Content(version=v) for v in versions}
    links = (
        BudgetVersion.mandate_goals.through.objects.filter(budgetversion_id__in=ids)
        .select_related("mandategoal")
        .prefetch_related("mandategoal__versions")
        .order_by("mandategoal__position", "mandategoal__pk")
    )
    for link in links:
        contents[link.budgetversion_id].mandate_goals.append(link.mandategoal)
    for goal in FinancialGoal.objects.filter(version__in=ids).order_by("position", "pk"):
        contents[goal.version_id].financial_goals.append(goal)
    for goal in GehGoal.objects.filter(version__in=ids).order_by("code"):
        contents[goal.version_id].geh_goals.append(goal)
    for frame in BudgetFrame.objects.filter(version__in=ids).select_related("body").order_by("body__name"):
        contents[frame.version_id].frames.append(frame)
    for line in EconomicPlanLine.objects.filter(version__in=ids):
        contents[line.version_id].lines[(line.kind, line.year)] = line.amount
    projects = (
        InvestmentProject.objects.filter(plan__version__in=ids)
        .select_related("plan")
        .prefetch_related(Prefetch("amounts", queryset=InvestmentAmount.objects.order_by("year")))
        .order_by("position", "pk")
    )
    for project in projects:
        contents[project.plan.version_id].projects.append(project)
    return contents


@dataclass
class DiffRow:
    label: str
    a: object
    b: object
    numeric: bool = True

    @property
    def changed(self) -> bool:
        return self.a != self.b

    @property
    def difference(self) -> Decimal | None:
        if not self.numeric or not self.changed:
            return None
        return (self.b or ZERO) - (self.a or ZERO)


@dataclass
class YearlyDiffRow:
    """A line with an amount per year: one DiffRow per year, read across as the plan itself is."""

    label: str
    cells: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(cell.changed for cell in self.cells)


@dataclass
class DiffSection:
    key: str
    title: str
    rows: list[DiffRow] | list[YearlyDiffRow]
    years: list[int] | None = None  # a plan over years: lines as rows, years as columns

    @property
    def changes(self) -> int:
        if self.years:
            return sum(1 for row in self.rows for cell in row.cells if cell.changed)
        return sum(1 for row in self.rows if row.changed)


def _pairs(a: dict, b: dict) -> list:
    keys = list(a)
    keys += [k for k in b if k not in a]
    return [(k, a.get(k), b.get(k)) for k in keys]


def diff(a: Content, b: Content) -> list[DiffSection]:
    """Two versions line by line: every line of either, with both values and the difference."""
    sections = []
    goals_a = {f"{goal.position}.": title for goal, title in a.kf_goals}
    goals_b = {f"{goal.position}.": title for goal, title in b.kf_goals}
    rows = [DiffRow(k, x, y, numeric=False) for k, x, y in _pairs(goals_a, goals_b)]
    sections.append(DiffSection("kf-goals", _("KF's goals"), rows))

    fin_a = {g.position: f"{g.text} ({g.target})" if g.target else g.text for g in a.financial_goals}
    fin_b = {g.position: f"{g.text} ({g.target})" if g.target else g.text for g in b.financial_goals}
    rows = [DiffRow(f"{k}.", x, y, numeric=False) for k, x, y in _pairs(fin_a, fin_b)]
    sections.append(DiffSection("financial-goals", _("Financial goals"), rows))

    geh_a = {g.code: g.title for g in a.geh_goals}
    geh_b = {g.code: g.title for g in b.geh_goals}
    rows = [DiffRow(k, x, y, numeric=False) for k, x, y in _pairs(geh_a, geh_b)]
    sections.append(DiffSection("geh-goals", _("Goals for good financial management"), rows))

    frames_a = {f.body.name: f.amount for f in a.frames}
    frames_b = {f.body.name: f.amount for f in b.frames}
    rows = [DiffRow(k, x, y) for k, x, y in _pairs(frames_a, frames_b)]
    rows.append(DiffRow(_("Total"), a.frames_total, b.frames_total))
    sections.append(DiffSection("frames", _("Frame budget"), rows))

    years = a.plan_years
    rows = [
        YearlyDiffRow(
            str(kind.label),
            [
                DiffRow(str(year), a.lines.get((kind.value, year)), b.lines.get((kind.value, year)))
                for year in years
            ],
        )
        for kind in ECONOMIC_PLAN_ORDER
    ]
    rows.append(
        YearlyDiffRow(_("Net result"), [DiffRow(str(y), a.net_result(y), b.net_result(y)) for y in years])
    )
    sections.append(DiffSection("economic-plan", _("Economic plan"), rows, years=years))

    years = a.investment_years
    inv_a, inv_b = {}, {}
    for content, target in ((a, inv_a), (b, inv_b)):
        for name, amounts, _total in content.investment_rows():
            target[name] = dict(zip(content.investment_years, amounts, strict=True))
    rows = [
        YearlyDiffRow(name, [DiffRow(str(y), (x or {}).get(y), (z or {}).get(y)) for y in years])
        for name, x, z in _pairs(inv_a, inv_b)
    ]
    totals_a, totals_b = a.investment_totals(), b.investment_totals()
    rows.append(
        YearlyDiffRow(
            _("Total"), [DiffRow(str(y), ta, tb) for y, ta, tb in zip(years, totals_a, totals_b, strict=True)]
        )
    )
    sections.append(DiffSection("investment-plan", _("Investment plan"), rows, years=years))
    return sections


# KS's frame distributed over its activity areas: the plan's section 5 (R5, R11)


def distribution_summary(
    body: Body, year: int, versions: list[BudgetVersion], frames: list | None = None
) -> dict:
    """The body's budget section for the year: frame, the areas' amounts, distributed and remaining (R5).

    `frames` may be the current version's frames already loaded; otherwise one query finds the frame.
    """
    version = current_version(versions[0].budget, versions) if versions else None
    frame = None
    if version is not None:
        if frames is None:
            frames = list(version.frames.filter(body_id=body.pk))
        frame = next((f.amount for f in frames if f.body_id == body.pk), None)
    rows = list(
        FrameDistribution.objects.filter(body=body, year=year).select_related("unit").order_by("unit__name")
    )
    distributed = sum((row.amount for row in rows), ZERO)
    use = FrameUse(version=version, frame=frame, distributed=distributed)
    return {"body": body, "year": year, "rows": rows, "use": use}


def plan_budget_section(*, body: Body, year: int, user: User) -> dict:
    """A plan's section 5 (R11): the body's frame over its activity areas, and the year's GEH goals."""
    versions = list(BudgetVersion.objects.for_user(user).filter(budget__year=year).select_related("budget"))
    summary = distribution_summary(body, year, versions)
    summary["geh_titles"] = {code: goal.title for code, goal in geh_goals_for_year(year, versions).items()}
    return summary


# KS's distribution against the frame in force, for the start page (R5)


@dataclass
class DistributionFrameUse:
    """A body's distribution for a year and the frame in force it is measured against."""

    body: Body
    year: int
    use: FrameUse


def distributions_over_frame(user: User, years: Iterable[int]) -> list[DistributionFrameUse]:
    """KS's distributions for the years that exceed the frame in force (R5), in three queries.

    After November's recalculation lowers the frame, the distribution stays above it until KS
    redistributes. A year without a distribution distributes nothing and so is never over the frame;
    a distribution is read with its plan, so finance sees it for a draft plan, others as they read the plan.
    """
    years = list(years)
    ks = Body.objects.filter(kind=Body.Kind.EXECUTIVE_BOARD).order_by("pk").values("pk")[:1]
    # The areas' rows rather than their sum, so that the body comes with them (a handful per year).
    totals: dict[int, tuple[Body, Decimal]] = {}
    rows = FrameDistribution.objects.filter(body=Subquery(ks), year__in=years).select_related("body")
    for row in rows.order_by("year"):
        body, total = totals.get(row.year, (row.body, ZERO))
        totals[row.year] = (body, total + row.amount)
    frame = BudgetFrame.objects.filter(version=OuterRef("pk"), body=Subquery(ks)).values("amount")[:1]
    versions = list(
        BudgetVersion.objects.for_user(user)
        .filter(budget__year__in=years)
        .select_related("budget")
        .annotate(ks_frame=Subquery(frame))
    )
    result = []
    ks_body = next(iter(totals.values()))[0] if totals else None
    readable = plans.plans_of(ks_body, list(totals), user) if ks_body else {}
    for year, (body, distributed) in totals.items():
        if year not in readable:
            continue  # the distribution is the plan's section 5: read with the plan
        of_year = [v for v in versions if v.budget.year == year]
        version = current_version(of_year[0].budget, of_year) if of_year else None
        use = FrameUse(version=version, frame=version.ks_frame if version else None, distributed=distributed)
        if use.overdrawn:
            result.append(DistributionFrameUse(body=body, year=year, use=use))
    return result
