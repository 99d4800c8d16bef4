"""What a round expects and what has come in: per unit, its activities reported or missing (R24); the
controls of the year's adopted plan with a result (R28); the goals with an assessment.

A round asks for every activity of KS's adopted operational plan for the year (the plan's own and the
units' added later, R14), each from the unit responsible for it; a unit has reported when every one of
its activities has the round's report. The economy rounds (R25) ask for none of these.
A constant number of queries, whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followup.models import ActivityReport, Control, ControlResult, GoalAssessment, Report, ReportKind
from goals.models import AnnualGoal
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit
from planning.models import Activity
from styrmodell.db import SwedishCollate


def round_activities(report: Report):
    """The activities the round asks for: those of the body's adopted plan for the year."""
    if report.kind == ReportKind.ECONOMY:
        return Activity.objects.none()
    return Activity.objects.filter(
        plan__body_id=report.body_id, plan__year=report.year, plan__status=AdoptionStatus.ADOPTED
    )


def round_controls(report: Report):
    """The controls the round asks a result for: every control of the year's adopted plan (R28)."""
    if report.kind == ReportKind.ECONOMY:
        return Control.objects.none()
    return Control.objects.filter(
        plan__body_id=report.body_id, plan__year=report.year, plan__status=AdoptionStatus.ADOPTED
    )


def round_goals(report: Report):
    """The KS goals the round assesses: the body's adopted goals of the year."""
    if report.kind == ReportKind.ECONOMY:
        return AnnualGoal.objects.none()
    return AnnualGoal.objects.filter(body_id=report.body_id, year=report.year, status=AdoptionStatus.ADOPTED)


@dataclass
class UnitProgress:
    unit: OrgUnit
    activities: list[Activity] = field(default_factory=list)
    missing: list[Activity] = field(default_factory=list)

    @property
    def has_reported(self) -> bool:
        return not self.missing


@dataclass
class Progress:
    units: list[UnitProgress]
    controls_total: int
    controls_reported: int
    goals_total: int
    goals_assessed: int

    @property
    def units_total(self) -> int:
        return len(self.units)

    @property
    def units_reported(self) -> int:
        return sum(1 for unit in self.units if unit.has_reported)

    @property
    def units_missing(self) -> list[UnitProgress]:
        return [unit for unit in self.units if not unit.has_reported]

    @property
    def complete(self) -> bool:
        return (
            self.units_reported == self.units_total
            and self.controls_reported == self.controls_total
            and self.goals_assessed == self.goals_total
        )


def round_progress(report: Report) -> Progress:
    """The round's progress, units in Swedish alphabetical order (five queries)."""
    activities = list(
        round_activities(report)
        .select_related("responsible_unit", "responsible")
        .order_by(SwedishCollate("responsible_unit__name"), "planned_end", "pk")
    )
    reported = set(ActivityReport.objects.filter(report=report).values_list("activity_id", flat=True))
    units: dict[int, UnitProgress] = {}
    for activity in activities:
        entry = units.setdefault(activity.responsible_unit_id, UnitProgress(activity.responsible_unit))
        entry.activities.append(activity)
        if activity.pk not in reported:
            entry.missing.append(activity)
    control_ids = set(round_controls(report).values_list("pk", flat=True))
    results = set(ControlResult.objects.filter(report=report).values_list("control_id", flat=True))
    goal_ids = set(round_goals(report).values_list("pk", flat=True))
    assessed = set(
        GoalAssessment.objects.filter(report=report, annual_goal__isnull=False).values_list(
            "annual_goal_id", flat=True
        )
    )
    return Progress(
        units=list(units.values()),
        controls_total=len(control_ids),
        controls_reported=len(control_ids & results),
        goals_total=len(goal_ids),
        goals_assessed=len(goal_ids & assessed),
    )
