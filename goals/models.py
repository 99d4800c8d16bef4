"""The goal chain: vision → focus areas → KF's mandate goals with indicators → KS's annual goals."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals.periods import FIRST_FOUR_YEAR_ELECTION, Period
from goals.querysets import (
    AnnualGoalQuerySet,
    IndicatorQuerySet,
    MandateGoalQuerySet,
    MandatePeriodQuerySet,
    VisionQuerySet,
)
from organisation.lifecycle import Adoptable, decision_field, status_field
from organisation.models import Body
from styrmodell.fields import LineField


class Vision(Adoptable):
    """The municipality's vision (R6); one is in force at a time, earlier ones are kept."""

    DECIDED_BY = Body.Kind.ASSEMBLY

    text = models.TextField(_("vision"))
    decision = decision_field(_("adopted by decision"))
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change, so that a stale save is refused."),
    )

    objects = VisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        constraints = Adoptable.Meta.constraints

    def __str__(self) -> str:
        return self.text[:80]


class FocusArea(models.Model):
    """A focus area (fokusområde) of a vision."""

    vision = models.ForeignKey(
        Vision, verbose_name=_("vision"), on_delete=models.PROTECT, related_name="focus_areas"
    )
    title = LineField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vision", "title"],
                name="%(app_label)s_%(class)s_unique_title_per_vision",
                violation_error_message=_("The vision already has a focus area with this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MandatePeriod(Adoptable):
    """A mandate period, named by its election year; its dates are computed (goals.periods)."""

    DECIDED_BY = Body.Kind.ASSEMBLY

    election_year = models.PositiveSmallIntegerField(_("election year"), unique=True)
    status = status_field(_("status of the goals"))
    decision = decision_field(_("goals adopted by decision"))

    objects = MandatePeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandate period")
        verbose_name_plural = _("mandate periods")
        ordering = ["election_year"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(F("election_year"), FIRST_FOUR_YEAR_ELECTION)
                & Exact(Mod(F("election_year") - FIRST_FOUR_YEAR_ELECTION, 4), 0),
                name="%(app_label)s_%(class)s_is_election_year",
                violation_error_message=_(
                    "A mandate period starts in a general election year (2022, 2026, …)."
                ),
            ),
            *Adoptable.Meta.constraints,
        ]

    def __str__(self) -> str:
        p = self.period
        return f"{p.election_year}–{p.election_year + 4}"

    def get_absolute_url(self) -> str:
        return reverse("goals:period", args=[self.election_year])

    @property
    def period(self) -> Period:
        return Period(self.election_year)


class Criterion(models.TextChoices):
    """How an achievement criterion counts the goal's indicators that reach their target (R9)."""

    AT_LEAST = "minst", _("At least a given number of the goal's indicators reach their target")
    MAJORITY = "flertalet", _("More than half of the goal's indicators reach their target")
    ALL = "alla", _("All of the goal's indicators reach their target")


class CriterionFields(models.Model):
    """A structured, computable achievement criterion with a free-text explanation beside it."""

    criterion = models.CharField(
        _("achievement criterion"), max_length=10, choices=Criterion.choices, blank=True
    )
    criterion_count = models.PositiveSmallIntegerField(
        _("number of indicators"),
        null=True,
        blank=True,
        help_text=_("How many indicators must reach their target, when the criterion is “at least”."),
    )
    criterion_text = models.TextField(
        _("explanation of the criterion"), blank=True, help_text=_("What the decision says, in words.")
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(criterion=Criterion.AT_LEAST)
                | Q(criterion_count__isnull=False, criterion_count__gte=1),
                name="%(app_label)s_%(class)s_at_least_has_count",
                violation_error_message=_("Say how many indicators must reach their target."),
            ),
        ]

    @property
    def has_criterion(self) -> bool:
        return bool(self.criterion)

    def criterion_in_words(self, total: int | None = None) -> str:
        """The criterion as users say it, lower case: "at least 3 of 5 indicators reach their target".

        `total` is the number of the goal's indicators, where the page knows it; "" without a criterion.
        """
        if self.criterion == Criterion.AT_LEAST and self.criterion_count:
            values = {"count": self.criterion_count, "total": total}
            if total:
                return (
                    ngettext(
                        "at least %(count)s of %(total)s indicators reaches its target",
                        "at least %(count)s of %(total)s indicators reach their target",
                        self.criterion_count,
                    )
                    % values
                )
            return (
                ngettext(
                    "at least %(count)s of the goal's indicators reaches its target",
                    "at least %(count)s of the goal's indicators reach their target",
                    self.criterion_count,
                )
                % values
            )
        if self.criterion == Criterion.MAJORITY:
            return gettext("more than half of the goal's indicators reach their target")
        if self.criterion == Criterion.ALL:
            return gettext("all of the goal's indicators reach their target")
        return ""


class MandateGoal(models.Model):
    """A KF goal for the mandate period (R7). Its content lives in versions; links point here."""

    period = models.ForeignKey(
        MandatePeriod, verbose_name=_("mandate period"), on_delete=models.PROTECT, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)

    objects = MandateGoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("KF goal")
        verbose_name_plural = _("KF goals")
        ordering = ["period__election_year", "position", "pk"]

    def __str__(self) -> str:
        version = self.current_version
        return version.title if version else f"KF-mål {self.position}"

    def get_absolute_url(self) -> str:
        return reverse("goals:mandate_goal", args=[self.pk])

    @classmethod
    def for_display(cls) -> models.QuerySet:
        """Goals ready to be named: their name is their newest version's title."""
        return cls.objects.prefetch_related("versions")

    @property
    def current_version(self) -> MandateGoalVersion | None:
        """The newest version (the draft, if any); views prefetch versions so this costs no query."""
        versions = list(self.versions.all())
        return max(versions, key=lambda v: (v.valid_from or 9999, v.pk)) if versions else None

    def version_for(self, year: int) -> MandateGoalVersion | None:
        """The adopted version in force in a year, or the draft while the set is not adopted."""
        versions = list(self.versions.all())
        for version in versions:
            if version.valid_from and version.valid_from <= year and (version.valid_until or 9999) >= year:
                return version
        drafts = [v for v in versions if v.valid_from is None]
        return drafts[0] if drafts else None


class MandateGoalVersion(CriterionFields):
    """One wording of a KF goal: the draft, the adopted text, or a revision (R21) from a later year."""

    goal = models.ForeignKey(
        MandateGoal, verbose_name=_("KF goal"), on_delete=models.PROTECT, related_name="versions"
    )
    title = LineField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="+"
    )
    valid_from = models.PositiveSmallIntegerField(_("applies from year"), null=True, blank=True)
    valid_until = models.PositiveSmallIntegerField(_("applies until year"), null=True, blank=True)
    decision = models.ForeignKey(
        "organisation.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change, so that a stale save is refused."),
    )

    history = HistoricalRecords(m2m_fields=[focus_areas])

    class Meta:
        verbose_name = _("version of a KF goal")
        verbose_name_plural = _("versions of KF goals")
        ordering = ["goal", "valid_from"]
        constraints = [
            *CriterionFields.Meta.constraints,
            models.UniqueConstraint(
                fields=["goal"],
                condition=Q(valid_from__isnull=True),
                name="%(app_label)s_%(class)s_one_draft_per_goal",
                violation_error_message=_("The goal already has a draft."),
            ),
            models.CheckConstraint(
                # valid_until = valid_from - 1: revised before it applied, so it covers no year (R21).
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from") - 1),
                name="%(app_label)s_%(class)s_until_after_from",
                violation_error_message=_("A version cannot end before the year before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.valid_from is None


class AnnualGoal(CriterionFields, Adoptable):
    """A KS goal for a year (R10), linked to KF goals that apply that year and to departments."""

    year = models.PositiveSmallIntegerField(_("year"))
    body = models.ForeignKey(
        "organisation.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="annual_goals"
    )
    title = LineField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    mandate_goals = models.ManyToManyField(
        MandateGoal, verbose_name=_("KF goals"), related_name="annual_goals", blank=True
    )
    departments = models.ManyToManyField(
        "organisation.OrgUnit", verbose_name=_("departments"), related_name="annual_goals", blank=True
    )
    decision = decision_field(_("adopted by decision"))
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change, so that a stale save is refused."),
    )

    objects = AnnualGoalQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[mandate_goals, departments])

    class Meta:
        verbose_name = _("KS goal")
        verbose_name_plural = _("KS goals")
        ordering = ["year", "position", "pk"]
        constraints = [
            *CriterionFields.Meta.constraints,
            models.UniqueConstraint(
                fields=["body", "year", "title"],
                name="%(app_label)s_%(class)s_unique_title_per_year",
                violation_error_message=_("A goal with this title already exists for the year."),
            ),
            *Adoptable.Meta.constraints,
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:annual_goal", args=[self.pk])


class Indicator(models.Model):
    """A key indicator (nyckeltal): from Kolada, or the municipality's own with values entered by hand."""

    class Source(models.TextChoices):
        KOLADA = "kolada", _("Kolada")
        INTERNAL = "intern", _("Internal")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.KOLADA)
    kolada_id = LineField(
        _("Kolada KPI id"), max_length=10, blank=True, help_text=_("E.g. N01951. Only for Kolada indicators.")
    )
    title = LineField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = LineField(
        _("unit"), max_length=40, blank=True, help_text=_("E.g. percent, kronor per inhabitant.")
    )
    higher_is_better = models.BooleanField(
        _("higher is better"), default=True, help_text=_("Kolada does not say: choose the desired direction.")
    )
    is_divided_by_gender = models.BooleanField(_("divided by gender"), default=False)
    metadata_fetched_at = models.DateTimeField(_("fetched from Kolada"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change, so that a stale save is refused."),
    )

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()
    history_bookkeeping = ("metadata_fetched_at",)  # when Kolada was last read: history lists leave it out

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kolada_id"],
                condition=~Q(kolada_id=""),
                name="%(app_label)s_%(class)s_unique_kolada_id",
                violation_error_message=_("This Kolada indicator is already entered."),
            ),
            models.CheckConstraint(
                condition=(Q(source="kolada") & Q(kolada_id__regex=r"^[A-Z][0-9]{5}$"))
                | (Q(source="intern") & Q(kolada_id="")),
                name="%(app_label)s_%(class)s_kolada_id_matches_source",
                violation_error_message=_(
                    "A Kolada indicator needs its KPI id (a letter and five digits, e.g. N01951); "
                    "an internal one has none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.kolada_id})" if self.kolada_id else self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:indicator", args=[self.pk])


class IndicatorValue(models.Model):
    """An indicator's value for one municipality (or the country, 0000), year and gender."""

    class Gender(models.TextChoices):
        TOTAL = "T", _("Total")
        WOMEN = "K", _("Women")
        MEN = "M", _("Men")

    COUNTRY = "0000"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    municipality = LineField(_("municipality code"), max_length=4)
    year = models.PositiveSmallIntegerField(_("year"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    kolada_status = LineField(_("status in Kolada"), max_length=40, blank=True)
    fetched_at = models.DateTimeField(_("fetched from Kolada"), null=True, blank=True)

    history = HistoricalRecords()
    history_bookkeeping = ("fetched_at",)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "municipality", "year", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "municipality", "year", "gender"],
                name="%(app_label)s_%(class)s_one_per_year_and_gender",
                violation_error_message=_("There is already a value for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.municipality} {self.year} {self.gender}: {self.value}"


class GoalIndicator(models.Model):
    """An indicator chosen for a KF or KS goal, with its baseline; targets per year hang below it."""

    mandate_goal = models.ForeignKey(
        MandateGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="goal_indicators"
    )
    annual_goal = models.ForeignKey(
        AnnualGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="goal_indicators"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="goal_links"
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_goal__isnull=False, annual_goal__isnull=True)
                | Q(mandate_goal__isnull=True, annual_goal__isnull=False),
                name="%(app_label)s_%(class)s_exactly_one_goal",
                violation_error_message=_("An indicator is chosen for one goal at a time."),
            ),
            models.UniqueConstraint(
                fields=["mandate_goal", "indicator"],
                name="%(app_label)s_%(class)s_once_per_kf_goal",
                violation_error_message=_("The goal already has this indicator."),
            ),
            models.UniqueConstraint(
                fields=["annual_goal", "indicator"],
                name="%(app_label)s_%(class)s_once_per_ks_goal",
                violation_error_message=_("The goal already has this indicator."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class IndicatorTarget(models.Model):
    """The target an indicator should reach in a year, for one goal."""

    goal_indicator = models.ForeignKey(GoalIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal_indicator", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("The indicator already has a target for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class KoladaImport(models.Model):
    """One run of the Kolada import: what was asked, how far it got, what changed."""

    class State(models.TextChoices):
        QUEUED = "koad", _("Queued")
        RUNNING = "pagar", _("Running")
        DONE = "klar", _("Finished")
        FAILED = "misslyckad", _("Failed")

    requested_by = models.ForeignKey(
        "organisation.User", verbose_name=_("started by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    kpi_ids = models.JSONField(_("KPI ids"), default=list, blank=True)
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    progress = LineField(_("progress"), max_length=200, blank=True)
    values_created = models.PositiveIntegerField(_("values added"), default=0)
    values_updated = models.PositiveIntegerField(_("values changed"), default=0)
    indicators_updated = models.PositiveIntegerField(_("indicators updated"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("Kolada import")
        verbose_name_plural = _("Kolada imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Kolada {self.created_at:%Y-%m-%d %H:%M} ({self.get_state_display()})"
