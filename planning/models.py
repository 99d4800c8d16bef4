"""The operational plan (verksamhetsplan, R11) and its activities (R12, R14)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisation.lifecycle import Adoptable
from planning.querysets import ActivityQuerySet, OperationalPlanQuerySet
from styrmodell.fields import LineField


class OperationalPlan(Adoptable):
    """A body's verksamhetsplan for a year; its sections follow R11's order."""

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="operational_plans",
    )
    MAY_BE_SENT_BACK = True
    REGISTER_KIND = "plan"

    year = models.PositiveSmallIntegerField(_("year"))
    mission = models.TextField(_("the body's mission"), blank=True)
    model_summary = models.TextField(_("summary of the governance model"), blank=True)
    budget_text = models.TextField(
        _("budget"),
        blank=True,
        help_text=_("The body's budget for the year; filled from the budget when it exists."),
    )
    revision = models.PositiveSmallIntegerField(
        _("version"), default=1, help_text=_("Raised by every change to the plan's content after adoption.")
    )
    version = models.PositiveIntegerField(
        _("edit version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change, so that a stale save is refused."),
    )
    rolled_over_from = models.ForeignKey(
        "self",
        verbose_name=_("started from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OperationalPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("operational plan")
        verbose_name_plural = _("operational plans")
        ordering = ["-year", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="%(app_label)s_%(class)s_one_per_body_and_year",
                violation_error_message=_("The body already has an operational plan for this year."),
            ),
            *Adoptable.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:plan", args=[self.year])

    def register_entry(self) -> dict:
        title = _("Operational plan %(year)s for %(body)s") % {"year": self.year, "body": self.body.name}
        return super().register_entry() | {"title": str(title)}


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjad", _("Not started")
    IN_PROGRESS = "pagar", _("In progress")
    DONE = "klar", _("Done")
    CANCELLED = "avbruten", _("Cancelled")


def is_late(
    status: str, completed_on: datetime.date | None, planned_end: datetime.date, on: datetime.date
) -> bool:
    """Late on a date: past its planned end and neither finished nor cancelled, or finished after it.
    Never set by hand; the one rule behind an activity's live lateness and its reports' in the rounds."""
    if status == ActivityStatus.DONE:
        return bool(completed_on and completed_on > planned_end)
    if status == ActivityStatus.CANCELLED:
        return False
    return on > planned_end


class Activity(models.Model):
    """An activity: the plan's own (adopted with it, counted by R13) or a unit's added later (R14)."""

    class Kind(models.TextChoices):
        ASSIGNMENT = "uppdrag", _("Assignment")
        PROJECT = "projekt", _("Project")
        INITIATIVE = "satsning", _("Initiative")
        INITIATION = "initiering", _("Start of a piece of work")

    Status = ActivityStatus

    plan = models.ForeignKey(
        OperationalPlan,
        verbose_name=_("operational plan"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    is_plan_activity = models.BooleanField(
        _("the plan's activity"),
        default=True,
        help_text=_("False for a unit's own activity added after adoption."),
    )
    title = LineField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    annual_goal = models.ForeignKey(
        "goals.AnnualGoal",
        verbose_name=_("KS goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    geh_code = LineField(
        _("goal for good financial management"),
        max_length=20,
        blank=True,
        help_text=_("The code of KF's goal for good financial management (GEH) that the activity serves."),
    )
    responsible_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    responsible = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Chosen from the organisation's people, so that the round's reminders reach them."),
    )
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress_comment = models.TextField(_("progress comment"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["planned_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The planned end cannot come before the start."),
            ),
            models.CheckConstraint(
                condition=Q(is_plan_activity=False) | Q(annual_goal__isnull=False),
                name="%(app_label)s_%(class)s_plan_activity_serves_ks_goal",
                violation_error_message=_("An activity of the plan serves one of the KS goals."),
            ),
            models.CheckConstraint(
                condition=Q(annual_goal__isnull=False) | ~Q(geh_code=""),
                name="%(app_label)s_%(class)s_serves_a_goal",
                violation_error_message=_(
                    "Choose the KS goal or the goal for good financial management it serves."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=ActivityStatus.DONE) | Q(completed_on__isnull=False),
                name="%(app_label)s_%(class)s_done_has_completion_date",
                violation_error_message=_("A finished activity needs the date it was completed."),
            ),
        ]
        indexes = [models.Index(fields=["plan", "annual_goal"], name="planning_activity_plan_goal")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:activity", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED

    def is_late(self, today: datetime.date) -> bool:
        """Late today (see `is_late`)."""
        return is_late(self.status, self.completed_on, self.planned_end, today)

    @property
    def carried_out_as_planned(self) -> bool:
        """Done by its planned end (R13 counts these)."""
        return (
            self.status == self.Status.DONE
            and bool(self.completed_on)
            and self.completed_on <= self.planned_end
        )


__all__ = [
    "Activity",
    "ActivityStatus",
    "OperationalPlan",
]
