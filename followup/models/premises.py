"""Planeringsförutsättningar (R22): the administration's yearly report to KF on its challenges and
strengths, per department, presented at November's politikerdag for the year after next.

- `PlanningPremises`: the year's round, named by the year planned for (written two years before it).
  It is a report to KF, not a decision: nothing adopts it. Its input closes before the politikerdag
  (`followup.premises`), unless a planner reopens it.
- `DepartmentPremises`: one department's part, written by its head (an administrator of the
  department) or a planner: challenges, strengths, other remarks, and the indicators that show them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followup.models.reporting import InputOverride
from organisation.roles import Role, has_role, is_planner

if TYPE_CHECKING:
    from organisation.models import User

# The roles that read the report and every department's part; company reporters do not.
READERS = (Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.FINANCE, Role.SYSADMIN)


def reads_premises(user: User | None) -> bool:
    return has_role(user, *READERS)


class PlanningPremisesQuerySet(models.QuerySet):
    def for_user(self, user: User) -> PlanningPremisesQuerySet:
        """Every role but the company reporters reads the report (a report to KF, not a draft)."""
        return self if reads_premises(user) else self.none()


class DepartmentPremisesQuerySet(models.QuerySet):
    def for_user(self, user: User) -> DepartmentPremisesQuerySet:
        return self if reads_premises(user) else self.none()

    def editable_by(self, user: User) -> DepartmentPremisesQuerySet:
        """Planners write every department's part; an administrator the parts of their departments."""
        from organisation.models import OrgUnit

        if is_planner(user):
            return self
        return self.filter(department__in=OrgUnit.objects.writable_for_administrator(user))


class PlanningPremises(models.Model):
    """The year's Planeringsförutsättningar: the round the departments write their parts in."""

    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="planning_premises",
    )
    year = models.PositiveSmallIntegerField(
        _("year planned for"), help_text=_("The year after next, as seen from the year it is written.")
    )
    input_override = models.CharField(
        _("input"), max_length=10, choices=InputOverride.choices, blank=True, default=InputOverride.NONE
    )
    override_reason = models.TextField(_("reason"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PlanningPremisesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planning premises")
        verbose_name_plural = _("planning premises")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="%(app_label)s_%(class)s_one_per_body_and_year",
                violation_error_message=_("The body already has its planning premises for the year."),
            ),
            models.CheckConstraint(
                condition=~Q(input_override=InputOverride.REOPENED) | ~Q(override_reason=""),
                name="%(app_label)s_%(class)s_reopened_with_reason",
                violation_error_message=_("Give the reason for reopening the round."),
            ),
        ]

    def __str__(self) -> str:
        return _("Planning premises %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("followup:premises", args=[self.year])

    @property
    def written_in(self) -> int:
        """The year the departments write it and it is presented to KF: two years before."""
        return self.year - 2


class DepartmentPremises(models.Model):
    """A department's part of the year's planning premises: its challenges and strengths."""

    premises = models.ForeignKey(
        PlanningPremises,
        verbose_name=_("planning premises"),
        on_delete=models.PROTECT,
        related_name="parts",
    )
    department = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="planning_premises",
    )
    challenges = models.TextField(
        _("challenges"), help_text=_("What will make the department's task harder in the year planned for.")
    )
    strengths = models.TextField(_("strengths"), help_text=_("What the department can build on."))
    remarks = models.TextField(_("other remarks"), blank=True)
    indicators = models.ManyToManyField(
        "goals.Indicator",
        verbose_name=_("indicators"),
        related_name="department_premises",
        blank=True,
        help_text=_("The indicators that show the challenges and strengths, with their trend."),
    )
    entered_by = models.ForeignKey(
        "organisation.User",
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = DepartmentPremisesQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        verbose_name = _("department's planning premises")
        verbose_name_plural = _("departments' planning premises")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["premises", "department"],
                name="%(app_label)s_%(class)s_once_per_round",
                violation_error_message=_("The department already has its part in these planning premises."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} ({self.premises})"
