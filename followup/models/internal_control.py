"""The internal control plan (internkontrollplan, R31): KS's controls for a year and their risk assessment.

The assessment, probability × consequence on a four-step scale shown as a risk matrix, is a common
Swedish municipal practice, not part of the governance model (KS 22/327): an assumption, kept in
one place (`Probability`, `Consequence`, `RiskLevel`) so that it can be changed.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followup.querysets import ControlQuerySet, InternalControlPlanQuerySet
from organisation.lifecycle import Adoptable
from styrmodell.fields import LineField

SCALE = (1, 2, 3, 4)


class Probability(models.IntegerChoices):
    UNLIKELY = 1, _("Unlikely")
    LESS_LIKELY = 2, _("Less likely")
    POSSIBLE = 3, _("Possible")
    LIKELY = 4, _("Likely")


class Consequence(models.IntegerChoices):
    MILD = 1, _("Mild")
    NOTICEABLE = 2, _("Noticeable")
    SERIOUS = 3, _("Serious")
    VERY_SERIOUS = 4, _("Very serious")


class RiskLevel(models.TextChoices):
    """The level of a risk value (probability × consequence, 1–16), named in words, never by colour alone."""

    LOW = "lag", _("Low")
    MEDIUM = "medel", _("Medium")
    HIGH = "hog", _("High")
    VERY_HIGH = "mycket_hog", _("Very high")

    @classmethod
    def for_value(cls, value: int) -> RiskLevel:
        """1–3 low, 4–6 medium, 8–9 high, 12–16 very high (the products possible on a 4 × 4 scale)."""
        if value >= 12:
            return cls.VERY_HIGH
        if value >= 8:
            return cls.HIGH
        if value >= 4:
            return cls.MEDIUM
        return cls.LOW


class Frequency(models.TextChoices):
    ONGOING = "lopande", _("Ongoing")
    MONTHLY = "manad", _("Monthly")
    QUARTERLY = "kvartal", _("Quarterly")
    PER_TERTIAL = "tertial", _("Once per tertial")
    HALF_YEARLY = "halvar", _("Twice a year")
    ANNUALLY = "ar", _("Once a year")


class InternalControlPlan(Adoptable):
    """A body's plan for internal control for a year (R31), adopted by the body's decision."""

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="internal_control_plans",
    )
    MAY_BE_SENT_BACK = True
    REGISTER_KIND = "plan"

    year = models.PositiveSmallIntegerField(_("year"))
    started_from = models.ForeignKey(
        "self",
        verbose_name=_("started from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    routines = models.ForeignKey(
        "documents.GoverningDocument",
        verbose_name=_("routines for internal control"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internal_control_plans",
        help_text=_(
            "KS's adopted routines for the internal control work (4.7.2): a guideline in the register."
        ),
    )

    objects = InternalControlPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal control plan")
        verbose_name_plural = _("internal control plans")
        ordering = ["-year", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="%(app_label)s_%(class)s_one_per_body_and_year",
                violation_error_message=_("The body already has an internal control plan for this year."),
            ),
            *Adoptable.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("followup:plan", args=[self.year])

    def register_entry(self) -> dict:
        title = _("Internal control plan %(year)s for %(body)s") % {"year": self.year, "body": self.body.name}
        return super().register_entry() | {"title": str(title)}


class Control(models.Model):
    """One control of the plan: a process or routine, its risk and how the risk is assessed and checked."""

    plan = models.ForeignKey(
        InternalControlPlan,
        verbose_name=_("internal control plan"),
        on_delete=models.PROTECT,
        related_name="controls",
    )
    process = LineField(_("process or routine"), max_length=200)
    risk = models.TextField(_("risk"), help_text=_("What could go wrong, and what it would lead to."))
    probability = models.PositiveSmallIntegerField(
        _("probability"), choices=Probability.choices, help_text=_("How likely the risk is to occur (1–4).")
    )
    consequence = models.PositiveSmallIntegerField(
        _("consequence"),
        choices=Consequence.choices,
        help_text=_("How serious it would be if it occurred (1–4)."),
    )
    control_method = models.TextField(
        _("control method"), help_text=_("How and on what the control is made.")
    )
    responsible_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="controls",
    )
    responsible_person = LineField(
        _("responsible person or function"), max_length=200, blank=True, help_text=_("E.g. Ekonomichef.")
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ControlQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control")
        verbose_name_plural = _("controls")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=4),
                name="%(app_label)s_%(class)s_probability_on_the_scale",
                violation_error_message=_("The probability is assessed on the scale 1–4."),
            ),
            models.CheckConstraint(
                condition=Q(consequence__gte=1, consequence__lte=4),
                name="%(app_label)s_%(class)s_consequence_on_the_scale",
                violation_error_message=_("The consequence is assessed on the scale 1–4."),
            ),
            models.CheckConstraint(
                condition=Q(responsible_unit__isnull=False) | ~Q(responsible_person=""),
                name="%(app_label)s_%(class)s_has_a_responsible",
                violation_error_message=_("Name the responsible unit, the responsible person, or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.process

    def get_absolute_url(self) -> str:
        return reverse("followup:control", args=[self.pk])

    @property
    def risk_value(self) -> int:
        """Probability × consequence, 1–16; computed, never stored."""
        return self.probability * self.consequence

    @property
    def risk_level(self) -> RiskLevel:
        return RiskLevel.for_value(self.risk_value)
