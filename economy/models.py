"""The economy in the follow-up (R25, R29, R30): outcome from the accounting system, forecasts,
investments, the wholly-owned companies and the deviations KS must alert KF to.

- Reference data: `AccountClass` (which accounts are revenue, costs or financial items: Kommun-Bas's
  classes, adjustable) and `ObjectMapping` (which accounting object is which activity area or
  investment project, beside the units' own cost centres).
- `OutcomeImport` with its `Outcome` and `ProjectOutcome` rows: an import of the books to date (SIE,
  xlsx or CSV) for a round; read by a background job, refused with its problems or previewed, in force
  once confirmed, replaced by the next one.
- Round entries (`followup.models.RoundEntry`): `AreaForecast` and `EconomySummary` (finance),
  `InvestmentFollowup` (finance), `CompanyReport` with `CompanyFigure` and `OwnerGoalAssessment` (the
  company's reporter).
- `DeviationFlag`: a deviation the product found (R30), open until handled or reported to KF.

Amounts are kronor as exact decimals; revenue and costs are both positive figures here (the import
flips the accounting sign once), pages show them in tkr.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from budget.models import amount_field
from documents.storage import private_storage
from followup.models import Report, RoundEntry, Verdict
from styrmodell.fields import LineField


class Category(models.TextChoices):
    """What an account counts as in the follow-up (Kommun-Bas: class 3, classes 4–7, class 8)."""

    REVENUE = "intakter", _("Revenue")
    COSTS = "kostnader", _("Costs")
    FINANCIAL = "finansiellt", _("Tax revenue, state grants and financial items")
    NOT_COUNTED = "ej", _("Not counted (balance sheet)")


# The categories an activity area's operating result is made of.
OPERATING = (Category.REVENUE, Category.COSTS)


class AccountClass(models.Model):
    """Accounts starting with `prefix` count as `category`; the longest matching prefix wins."""

    prefix = models.CharField(
        _("accounts starting with"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{1,6}$", _("Give one to six digits."))],
        help_text=_("E.g. 3 for the whole class, or 85 for a group within it."),
    )
    category = models.CharField(_("counts as"), max_length=12, choices=Category.choices)
    note = LineField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("account class")
        verbose_name_plural = _("account classes")
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix}: {self.get_category_display()}"


class ObjectMapping(models.Model):
    """An accounting object (a dimension's object in SIE, e.g. ansvar 410 or projekt P12) that is an
    activity area's unit or an investment project. A unit's own cost centre needs no mapping."""

    dimension = models.PositiveSmallIntegerField(
        _("dimension"), help_text=_("E.g. 1 for ansvar, 6 for projekt.")
    )
    code = LineField(_("object"), max_length=30)
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="object_mappings",
    )
    project = LineField(
        _("investment project"),
        max_length=200,
        blank=True,
        help_text=_("The project's name as the investment plan gives it."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("object mapping")
        verbose_name_plural = _("object mappings")
        ordering = ["dimension", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"],
                name="%(app_label)s_%(class)s_unique_object",
                violation_error_message=_("The object is already mapped."),
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False, project="") | Q(unit__isnull=True) & ~Q(project=""),
                name="%(app_label)s_%(class)s_unit_or_project",
                violation_error_message=_("An object is mapped to a unit or to an investment project."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.code}"


class ImportSource(models.TextChoices):
    SIE = "sie", _("SIE file")
    SPREADSHEET = "tabell", _("Spreadsheet (xlsx or CSV)")


class ImportStatus(models.TextChoices):
    READING = "lases", _("Being read")
    REFUSED = "avvisad", _("Refused: nothing imported")
    PREVIEW = "forhandsgranskning", _("Preview, not confirmed")
    CONFIRMED = "bekraftad", _("In force")
    REPLACED = "ersatt", _("Replaced by a later import")
    DISCARDED = "kasserad", _("Discarded")


class OutcomeImport(models.Model):
    """An import of the outcome to date for a round: the books through `period_to` (a month's last day)."""

    report = models.ForeignKey(
        Report, verbose_name=_("round"), on_delete=models.PROTECT, related_name="outcome_imports"
    )
    source = models.CharField(_("source"), max_length=12, choices=ImportSource.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.READING
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="economy/imports/%Y/")
    file_name = LineField(_("file name"), max_length=255)
    sha256 = models.CharField(_("checksum"), max_length=64)
    program = LineField(_("written by"), max_length=200, blank=True)
    organisation = LineField(_("organisation in the file"), max_length=200, blank=True)
    sie_type = models.CharField(_("SIE type"), max_length=4, blank=True)
    fiscal_year_start = models.DateField(_("financial year from"), null=True, blank=True)
    period_to = models.DateField(_("outcome through"), null=True, blank=True)
    lines_read = models.PositiveIntegerField(_("lines read"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    warnings = models.JSONField(_("notes"), default=list, blank=True)
    problems = models.JSONField(
        _("problems"), default=list, blank=True, help_text=_("Why the file was refused, line by line.")
    )
    imported_by = models.ForeignKey(
        "organisation.User", verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "organisation.User",
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome import")
        verbose_name_plural = _("outcome imports")
        ordering = ["report", "-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status="bekraftad"),
                name="%(app_label)s_%(class)s_one_in_force_per_round",
                violation_error_message=_("The round already has an outcome in force."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.report})"


class Outcome(models.Model):
    """The outcome to date of a unit in one category (revenue or costs positive; financial items net)."""

    outcome_import = models.ForeignKey(
        OutcomeImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="outcomes"
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    amount = amount_field(_("amount (kronor)"))

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_import", "unit", "category"],
                name="%(app_label)s_%(class)s_once_per_unit_and_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.category}: {self.amount}"


class ProjectOutcome(models.Model):
    """The outcome to date of an investment project (by the investment plan's name for it)."""

    outcome_import = models.ForeignKey(
        OutcomeImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="project_outcomes"
    )
    project = LineField(_("investment project"), max_length=200)
    amount = amount_field(_("amount (kronor)"))

    class Meta:
        verbose_name = _("project outcome")
        verbose_name_plural = _("project outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_import", "project"], name="%(app_label)s_%(class)s_once_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.amount}"


class AreaForecast(RoundEntry):
    """The full-year forecast of an activity area in a round, with finance's comment (R25)."""

    report = models.ForeignKey(
        Report, verbose_name=_("round"), on_delete=models.PROTECT, related_name="area_forecasts"
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("activity area"),
        on_delete=models.PROTECT,
        related_name="area_forecasts",
    )
    revenue = amount_field(_("revenue, full year (kronor)"))
    costs = amount_field(_("costs, full year (kronor)"))
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "unit"],
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("The activity area already has a forecast in this round."),
            ),
            models.CheckConstraint(
                condition=Q(revenue__gte=0, costs__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("Revenue and costs are entered as positive amounts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.report})"

    @property
    def net_cost(self):
        return self.costs - self.revenue


class EconomySummary(RoundEntry):
    """Finance's summary of the economy for KS in a round."""

    report = models.OneToOneField(
        Report, verbose_name=_("round"), on_delete=models.PROTECT, related_name="economy_summary"
    )
    text = models.TextField(_("summary for KS"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("economy summary")
        verbose_name_plural = _("economy summaries")

    def __str__(self) -> str:
        return str(self.report)


class InvestmentStatus(models.TextChoices):
    NOT_STARTED = "ej_startad", pgettext_lazy("investment", "Not started")
    ONGOING = "pagar", pgettext_lazy("investment", "Ongoing")
    FINISHED = "klar", pgettext_lazy("investment", "Finished")
    POSTPONED = "uppskjuten", pgettext_lazy("investment", "Postponed")


class InvestmentFollowup(RoundEntry):
    """An investment project in a round: forecast for the year, status and comment (R25)."""

    report = models.ForeignKey(
        Report, verbose_name=_("round"), on_delete=models.PROTECT, related_name="investment_followups"
    )
    project = models.ForeignKey(
        "budget.InvestmentProject",
        verbose_name=_("investment project"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    forecast = amount_field(_("forecast, full year (kronor)"))
    status = models.CharField(_("status"), max_length=12, choices=InvestmentStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investment follow-up")
        verbose_name_plural = _("investment follow-ups")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "project"],
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("The project is already followed up in this round."),
            ),
            models.CheckConstraint(
                condition=Q(forecast__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("A forecast cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.report})"


class KeyFigure(models.Model):
    """A key figure every company reports (turnover, result, equity ratio, ...): reference data."""

    name = LineField(_("name"), max_length=100, unique=True)
    unit_label = LineField(_("unit"), max_length=10, help_text=_("E.g. tkr or %."))
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    active = models.BooleanField(_("asked for"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_label})"


class OwnerDirectiveGoal(models.Model):
    """A goal the owner directive (ägardirektiv) sets a wholly-owned company (R30)."""

    company = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="owner_directive_goals",
        limit_choices_to={"kind": "bolag"},
    )
    directive = models.ForeignKey(
        "documents.GoverningDocument",
        verbose_name=_("owner directive"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owner_directive_goals",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = LineField(_("goal"), max_length=300)
    active = models.BooleanField(_("in force"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("owner directive goal")
        verbose_name_plural = _("owner directive goals")
        ordering = ["company", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class CompanyReport(RoundEntry):
    """A wholly-owned company's report in a tertial, interim or annual round (R29, R30)."""

    report = models.ForeignKey(
        Report, verbose_name=_("round"), on_delete=models.PROTECT, related_name="company_reports"
    )
    company = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="company_reports",
    )
    result_to_date = amount_field(_("result to date (kronor)"))
    forecast = amount_field(_("result, full-year forecast (kronor)"))
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("company report")
        verbose_name_plural = _("company reports")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "company"],
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("The company has already reported in this round."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.report})"


class CompanyFigure(models.Model):
    company_report = models.ForeignKey(
        CompanyReport, verbose_name=_("company report"), on_delete=models.CASCADE, related_name="figures"
    )
    key_figure = models.ForeignKey(
        KeyFigure, verbose_name=_("key figure"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=15, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key figure value")
        verbose_name_plural = _("key figure values")
        constraints = [
            models.UniqueConstraint(
                fields=["company_report", "key_figure"], name="%(app_label)s_%(class)s_once_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_figure}: {self.value}"


class OwnerGoalAssessment(models.Model):
    company_report = models.ForeignKey(
        CompanyReport,
        verbose_name=_("company report"),
        on_delete=models.CASCADE,
        related_name="goal_assessments",
    )
    goal = models.ForeignKey(
        OwnerDirectiveGoal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="assessments"
    )
    verdict = models.CharField(_("assessment"), max_length=12, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("owner directive goal assessment")
        verbose_name_plural = _("owner directive goal assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["company_report", "goal"], name="%(app_label)s_%(class)s_once_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_verdict_display()}"


class FlagKind(models.TextChoices):
    AREA_DEFICIT = "omrade", _("Activity area forecasts a deficit")
    BOARD_DEFICIT = "ks", _("The executive board forecasts a deficit")
    INVESTMENT_OVER = "investering", _("Investment over its budget")
    COMPANY_LOSS = "bolag_forlust", _("Company forecasts a loss")
    OWNER_GOAL_MISSED = "agardirektiv", _("Company misses an owner directive goal")
    GOAL_NOT_ACHIEVED = "mal", _("Goal assessed not achieved")


class FlagState(models.TextChoices):
    OPEN = "oppen", _("Open")
    HANDLED = "hanterad", _("Handled")
    REPORTED = "rapporterad", _("Reported to KF")


class DeviationFlag(models.Model):
    """A deviation KS must act on or alert KF to (R30), found by the product, handled by people.

    One flag per year, kind and subject (`subject` names what deviates, e.g. "unit:12"); each round
    that still shows the deviation updates its figures, and it says when it is no longer current.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=14, choices=FlagKind.choices)
    subject = models.CharField(_("subject"), max_length=60)
    title = LineField(_("deviation"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    amount = models.DecimalField(_("amount (kronor)"), max_digits=15, decimal_places=2, null=True, blank=True)
    first_report = models.ForeignKey(
        Report, verbose_name=_("first seen in"), on_delete=models.PROTECT, related_name="+"
    )
    latest_report = models.ForeignKey(
        Report, verbose_name=_("latest seen in"), on_delete=models.PROTECT, related_name="deviation_flags"
    )
    current = models.BooleanField(_("current"), default=True)
    state = models.CharField(_("state"), max_length=12, choices=FlagState.choices, default=FlagState.OPEN)
    comment = models.TextField(_("comment"), blank=True)
    decision = models.ForeignKey(
        "organisation.Decision",
        verbose_name=_("KF decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_flags",
    )
    handled_by = models.ForeignKey(
        "organisation.User",
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["year", "kind", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "subject"],
                name="%(app_label)s_%(class)s_once_per_year_kind_and_subject",
            ),
            models.CheckConstraint(
                condition=Q(state="oppen") | ~Q(comment="") | Q(decision__isnull=False),
                name="%(app_label)s_%(class)s_handled_with_comment_or_decision",
                violation_error_message=_(
                    "A handled deviation needs a comment, or the KF decision that took it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state="rapporterad") | Q(decision__isnull=False),
                name="%(app_label)s_%(class)s_reported_with_decision",
                violation_error_message=_("Give the decision that reported the deviation to KF."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
