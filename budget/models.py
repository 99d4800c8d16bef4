"""KF's budget (R16) with its versions (R17), and KS's distribution of its frame for its plan (R5, R18).

Amounts are kronor, stored as exact decimals; pages show them in thousands (tkr).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.querysets import BudgetQuerySet, BudgetVersionQuerySet
from organisation.lifecycle import Adoptable
from organisation.models import Body
from organisation.roles import Role
from styrmodell.fields import LineField

PLAN_YEARS = 3  # the economic plan: the budget year and two more (R16)
INVESTMENT_YEARS = 5  # the investment plan: the coming five years (R16)
AMOUNT = {"max_digits": 15, "decimal_places": 2}


def amount_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, **AMOUNT, **kwargs)


class Budget(models.Model):
    """KF's budget for a year with plan for two more; its content lives in versions."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("adopting body"),
        on_delete=models.PROTECT,
        related_name="budgets",
    )

    objects = BudgetQuerySet.as_manager()
    history = HistoricalRecords(table_name="planning_historicalbudget")

    class Meta:
        db_table = "planning_budget"
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("budget:detail", args=[self.year])

    @property
    def title(self) -> str:
        """R16: "Budget 2026 med plan för 2027–2028"."""
        return _("Budget %(year)s with plan for %(first)s–%(last)s") % {
            "year": self.year,
            "first": self.year + 1,
            "last": self.year + PLAN_YEARS - 1,
        }

    @property
    def plan_years(self) -> list[int]:
        return list(range(self.year, self.year + PLAN_YEARS))

    @property
    def investment_years(self) -> list[int]:
        return list(range(self.year, self.year + INVESTMENT_YEARS))


class BudgetVersion(Adoptable):
    """One version of a budget: June's adoption, November's technical recalculation (R17), ..."""

    class Kind(models.TextChoices):
        ADOPTION = "antagande", _("Adoption")
        RECALCULATION = "omrakning", _("Technical recalculation")
        REVISION = "revidering", _("Revision")

    DECIDED_BY = Body.Kind.ASSEMBLY
    DRAFTED_BY = (Role.FINANCE,)
    DRAFTS_ALSO_READ_BY = (Role.PLANNER,)

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ADOPTION)
    label = LineField(_("label"), max_length=100, blank=True, help_text=_("E.g. June 2025."))
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mandate_goals = models.ManyToManyField(
        "goals.MandateGoal",
        verbose_name=_("KF goals"),
        blank=True,
        related_name="budget_versions",
        help_text=_("KF's goals for the mandate period that apply in the budget year; linked, not copied."),
    )
    revision = models.PositiveIntegerField(
        _("revision"), default=1, help_text=_("Raised by every change, so that a stale save is refused.")
    )

    objects = BudgetVersionQuerySet.as_manager()
    history = HistoricalRecords(table_name="planning_historicalbudgetversion")
    history_bookkeeping = ("revision",)  # the optimistic lock's counter: history lists leave it out

    class Meta:
        db_table = "planning_budgetversion"
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("The budget already has a version with this number."),
            ),
            *Adoptable.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.budget.title}, {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("budget:version", args=[self.budget.year, self.number])

    @property
    def name(self) -> str:
        """ "version 2 (Technical recalculation, November 2025)"."""
        detail = ", ".join(str(part) for part in (self.get_kind_display(), self.label) if part)
        return _("version %(number)s (%(detail)s)") % {"number": self.number, "detail": detail}

    REGISTER_KIND = "budget"

    def register_entry(self) -> dict:
        """One entry per budget, brought up to date by each adopted version (June's adoption, November's
        recalculation), its history keeping the earlier decision. The key is the budget's from before
        the budget left the planning app: entries already registered keep it."""
        return {
            "title": str(self.budget.title),
            "source_key": f"planning.budget:{self.budget_id}",
            "url": self.budget.get_absolute_url(),
        }

    def deciding_body(self) -> Body:
        """KF, which the budget belongs to."""
        return self.budget.body

    def count_change(self) -> None:
        """The budget version's optimistic lock counts in `revision`."""
        self.revision += 1


class FinancialGoal(models.Model):
    """One of KF's financial goals in a budget version, e.g. a result of at least 2 % of revenue."""

    version = models.ForeignKey(
        BudgetVersion,
        verbose_name=_("budget version"),
        on_delete=models.CASCADE,
        related_name="financial_goals",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = LineField(_("financial goal"), max_length=300)
    target = LineField(_("target"), max_length=100, blank=True, help_text=_("E.g. at least 2 %."))

    history = HistoricalRecords(table_name="planning_historicalfinancialgoal")

    class Meta:
        db_table = "planning_financialgoal"
        verbose_name = _("financial goal")
        verbose_name_plural = _("financial goals")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class GehGoal(models.Model):
    """A goal for good financial management (GEH) that the units' activities can serve (R14, R16)."""

    version = models.ForeignKey(
        BudgetVersion, verbose_name=_("budget version"), on_delete=models.CASCADE, related_name="geh_goals"
    )
    code = LineField(_("code"), max_length=20, help_text=_("E.g. GEH-1; activities refer to it."))
    title = LineField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(table_name="planning_historicalgehgoal")

    class Meta:
        db_table = "planning_gehgoal"
        verbose_name = _("goal for good financial management")
        verbose_name_plural = _("goals for good financial management")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("The version already has a goal with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class BudgetFrame(models.Model):
    """The frame (ram) KF gives a body in a budget version: its net cost for the year."""

    version = models.ForeignKey(
        BudgetVersion, verbose_name=_("budget version"), on_delete=models.CASCADE, related_name="frames"
    )
    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="budget_frames"
    )
    amount = amount_field(_("frame (kronor)"))

    history = HistoricalRecords(table_name="planning_historicalbudgetframe")

    class Meta:
        db_table = "planning_budgetframe"
        verbose_name = _("frame")
        verbose_name_plural = _("frame budget")
        ordering = ["version", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "body"],
                name="%(app_label)s_%(class)s_one_per_body",
                violation_error_message=_("The body already has a frame in this version."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("A frame cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name}: {self.amount}"


class EconomicPlanLine(models.Model):
    """One line of the economic plan for one year; revenue positive, costs negative (as KF's tables)."""

    class Kind(models.TextChoices):
        TAX_REVENUE = "skatteintakter", _("Tax revenue")
        STATE_GRANTS = "statsbidrag", _("General state grants and equalisation")
        OPERATING_REVENUE = "verksamhetens_intakter", _("Operating revenue")
        OPERATING_COSTS = "verksamhetens_kostnader", _("Operating costs")

    version = models.ForeignKey(
        BudgetVersion, verbose_name=_("budget version"), on_delete=models.CASCADE, related_name="plan_lines"
    )
    kind = models.CharField(_("line"), max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = amount_field(_("amount (kronor)"))

    history = HistoricalRecords(table_name="planning_historicaleconomicplanline")

    class Meta:
        db_table = "planning_economicplanline"
        verbose_name = _("economic plan line")
        verbose_name_plural = _("economic plan")
        ordering = ["version", "kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "year"],
                name="%(app_label)s_%(class)s_one_per_kind_and_year",
                violation_error_message=_("The line already has an amount for this year."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="verksamhetens_kostnader") | Q(amount__lte=0),
                name="%(app_label)s_%(class)s_costs_negative",
                violation_error_message=_("Operating costs are entered as a negative amount."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


ECONOMIC_PLAN_ORDER = list(EconomicPlanLine.Kind)


class InvestmentPlan(models.Model):
    """A version's investment plan for five years: projects with yearly amounts (R16)."""

    version = models.OneToOneField(
        BudgetVersion,
        verbose_name=_("budget version"),
        on_delete=models.CASCADE,
        related_name="investment_plan",
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(table_name="planning_historicalinvestmentplan")

    class Meta:
        db_table = "planning_investmentplan"
        verbose_name = _("investment plan")
        verbose_name_plural = _("investment plans")

    def __str__(self) -> str:
        return str(self.version)


class InvestmentProject(models.Model):
    plan = models.ForeignKey(
        InvestmentPlan, verbose_name=_("investment plan"), on_delete=models.CASCADE, related_name="projects"
    )
    name = LineField(_("project"), max_length=200)
    position = models.PositiveSmallIntegerField(_("number"), default=1)

    history = HistoricalRecords(table_name="planning_historicalinvestmentproject")

    class Meta:
        db_table = "planning_investmentproject"
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=_("The investment plan already has a project with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InvestmentAmount(models.Model):
    project = models.ForeignKey(
        InvestmentProject,
        verbose_name=_("investment project"),
        on_delete=models.CASCADE,
        related_name="amounts",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = amount_field(_("amount (kronor)"))

    history = HistoricalRecords(table_name="planning_historicalinvestmentamount")

    class Meta:
        db_table = "planning_investmentamount"
        verbose_name = _("investment amount")
        verbose_name_plural = _("investment amounts")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("The project already has an amount for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class FrameDistribution(models.Model):
    """KS's frame distributed over an activity area (a department or unit) for a year (R5, R11 §5).

    It is section 5 of the body's operational plan for the year, a plan being one per body and year.
    """

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="frame_distributions",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("activity area"),
        on_delete=models.PROTECT,
        related_name="frame_distributions",
    )
    amount = amount_field(_("amount (kronor)"))
    revenue = amount_field(
        _("of which revenue (kronor)"),
        default=0,
        help_text=_(
            "The area's budgeted revenue: the amount is its net cost, so its costs are the amount plus "
            "the revenue. The follow-up compares revenue and costs with the outcome."
        ),
    )

    history = HistoricalRecords(table_name="planning_historicalframedistribution")

    class Meta:
        db_table = "planning_framedistribution"
        verbose_name = _("distribution of the frame")
        verbose_name_plural = _("distribution of the frame")
        ordering = ["body", "year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "unit"],
                name="%(app_label)s_%(class)s_one_per_unit",
                violation_error_message=_("The activity area already has an amount in this plan."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("An amount distributed cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(revenue__gte=0),
                name="%(app_label)s_%(class)s_revenue_not_negative",
                violation_error_message=_("Revenue is entered as a positive amount."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.year}: {self.unit}"

    @property
    def costs(self) -> Decimal:
        """The area's budgeted costs: its net cost plus its revenue."""
        return self.amount + self.revenue


class Redistribution(models.Model):
    """KS moves money between its activity areas within its frame (R30: KS keeps the budget in balance
    and may reprioritise where that does not conflict with KF's goals). The distribution's history
    keeps the amounts before and after; this row keeps why, and on what decision."""

    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="redistributions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    from_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("from activity area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("to activity area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = amount_field(_("amount (kronor)"))
    reason = models.TextField(_("reason"))
    decision = models.ForeignKey(
        "organisation.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redistributions",
    )
    made_by = models.ForeignKey(
        "organisation.User", verbose_name=_("made by"), on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("redistribution")
        verbose_name_plural = _("redistributions")
        ordering = ["body", "year", "made_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="%(app_label)s_%(class)s_positive",
                violation_error_message=_("Move a positive amount."),
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=models.F("to_unit")),
                name="%(app_label)s_%(class)s_between_two_areas",
                violation_error_message=_("Move money between two different activity areas."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.year}: {self.from_unit} → {self.to_unit}"


ZERO = Decimal(0)
