"""What the public may read: only what a decision has adopted, and no employee's name.

Every public page and every API answer starts from these querysets and nothing else, so "only
adopted" is decided once. A draft, a proposal, a round not yet adopted or a PDF not marked final is
never in them, whatever the address or filter asks for. Names of employees (an activity's
responsible person, who requested or finalised a PDF, who changed what) are never selected for the
public; bodies, units and decisions are.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from budget.models import BudgetVersion
from calendar_wheel.models import Deadline
from documents.models import DocumentStatus, GoverningDocument
from followup.models import ActivityReport, GoalAssessment, Report
from goals.models import (
    AnnualGoal,
    GoalIndicator,
    Indicator,
    MandateGoal,
    MandateGoalVersion,
    MandatePeriod,
    Vision,
)
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting
from planning.models import Activity, OperationalPlan
from reports.models import BuildStatus, ReportVersion

ADOPTED = AdoptionStatus.ADOPTED


def vision() -> Vision | None:
    """The vision in force: the latest adopted one."""
    return Vision.objects.in_force().prefetch_related("focus_areas").first()


def mandate_periods() -> QuerySet[MandatePeriod]:
    return MandatePeriod.objects.filter(status=ADOPTED)


def adopted_versions() -> QuerySet[MandateGoalVersion]:
    """The adopted wordings of KF goals (a draft version has no year it applies from)."""
    return MandateGoalVersion.objects.filter(goal__period__status=ADOPTED, valid_from__isnull=False)


def mandate_goals(year: int | None = None) -> QuerySet[MandateGoal]:
    """KF goals of adopted mandate periods (those applying in `year`, if given), with their adopted
    versions prefetched: `goal.version_for(year)` then picks the one in force without a query, and
    never a draft (which is not prefetched)."""
    goals = MandateGoal.objects.filter(period__status=ADOPTED)
    if year is not None:
        goals = goals.applying_in(year)
    return goals.select_related("period").prefetch_related(
        Prefetch(
            "versions",
            queryset=adopted_versions()
            .select_related("decision__meeting__body")
            .prefetch_related("focus_areas"),
        )
    )


def annual_goals(year: int | None = None) -> QuerySet[AnnualGoal]:
    goals = AnnualGoal.objects.filter(status=ADOPTED).select_related("body", "decision__meeting__body")
    return goals.filter(year=year) if year is not None else goals


def plans(year: int | None = None) -> QuerySet[OperationalPlan]:
    found = OperationalPlan.objects.filter(status=ADOPTED).select_related("body", "decision__meeting__body")
    return found.filter(year=year) if year is not None else found


def plan_activities(year: int | None = None) -> QuerySet[Activity]:
    """The adopted plans' own activities (R13): a unit's own activity added later was not adopted by
    anyone. Their live status is the administrators' working data, not public: what is public of
    their progress is what an adopted round reported (`round_activity_reports`). `responsible` (a
    person) is deferred, never to be shown."""
    found = (
        Activity.objects.filter(plan__status=ADOPTED, is_plan_activity=True)
        .select_related("plan", "annual_goal", "responsible_unit")
        .defer("responsible", "progress_comment", "status", "completed_on")
    )
    return found.filter(plan__year=year) if year is not None else found


def budget_versions(year: int | None = None) -> QuerySet[BudgetVersion]:
    found = BudgetVersion.objects.filter(status=ADOPTED).select_related("budget", "decision__meeting__body")
    return found.filter(budget__year=year) if year is not None else found


def rounds(year: int | None = None) -> QuerySet[Report]:
    """Follow-up rounds that their body has adopted; a round in progress is nobody's business yet."""
    found = Report.objects.filter(status=ADOPTED).select_related("body", "meeting", "decision__meeting__body")
    return found.filter(year=year) if year is not None else found


def assessments(year: int | None = None) -> QuerySet[GoalAssessment]:
    """Goal assessments of adopted rounds; the proposal's reasoning is working material, the verdict
    and the analysis are what the round adopted."""
    found = GoalAssessment.objects.filter(report__status=ADOPTED).select_related("report")
    return found.filter(report__year=year) if year is not None else found


def latest_assessments(goal_ids: list[int]) -> dict[int, GoalAssessment]:
    """Each of the KS goals' assessment in the latest adopted round that assessed it, by goal id."""
    latest: dict[int, GoalAssessment] = {}
    found = (
        assessments().filter(annual_goal_id__in=goal_ids).select_related("report__body", "report__meeting")
    )
    for assessment in found.order_by("report__decision__meeting__date", "report_id", "pk"):
        latest[assessment.annual_goal_id] = assessment
    return latest


def report_pdfs(year: int | None = None) -> QuerySet[ReportVersion]:
    """The final PDFs of adopted reports (a final version is always of an adopted subject)."""
    found = ReportVersion.objects.filter(final=True, adopted=True, status=BuildStatus.DONE).exclude(file="")
    found = found.defer("requested_by", "finalised_by", "error")
    return found.filter(year=year) if year is not None else found


def documents() -> QuerySet[GoverningDocument]:
    """The register's documents in force; their PDF is public only where marked so (`is_public`)."""
    return GoverningDocument.objects.filter(status=DocumentStatus.IN_FORCE).select_related(
        "kind", "adopting_body", "responsible_unit", "decision__meeting"
    )


def public_document_file(document: GoverningDocument) -> bool:
    return bool(document.file) and document.is_public


def wheel(year: int | None = None) -> QuerySet[Deadline]:
    """The annual wheel's steps as dated for each year (for `year`, if given), retired steps left out."""
    found = (
        Deadline.objects.filter(event__retired=False)
        .select_related("event__body", "meeting__body")
        .order_by("date", "event__title", "pk")
    )
    return found.filter(year=year) if year is not None else found


def meetings(year: int | None = None) -> QuerySet[Meeting]:
    """The bodies' meetings (of `year`, if given)."""
    found = Meeting.objects.select_related("body").order_by("date", "body__name", "pk")
    return found.filter(date__year=year) if year is not None else found


def years() -> list[int]:
    """The years something adopted exists for, newest first."""
    found = set(AnnualGoal.objects.filter(status=ADOPTED).values_list("year", flat=True))
    found |= set(OperationalPlan.objects.filter(status=ADOPTED).values_list("year", flat=True))
    found |= set(BudgetVersion.objects.filter(status=ADOPTED).values_list("budget__year", flat=True))
    return sorted(found, reverse=True)


def activity_reports() -> QuerySet[ActivityReport]:
    """The adopted plans' activities as adopted rounds reported them, oldest round first. The round's
    comment is the administrators' working text and is never selected, nor who entered the report."""
    return (
        ActivityReport.objects.filter(
            report__status=ADOPTED, activity__plan__status=ADOPTED, activity__is_plan_activity=True
        )
        .select_related("report__body", "report__meeting")
        .defer("comment", "entered_by")
        .order_by("report__decision__meeting__date", "pk")
    )


def latest_activity_reports(year: int) -> dict[int, ActivityReport]:
    """Each adopted plan activity of the year's status as the latest adopted round reported it, by
    activity id."""
    return {entry.activity_id: entry for entry in activity_reports().filter(report__year=year)}


# The open data API's further reads (insyn/api/): every year at once, where the pages read one.


def goal_indicators() -> QuerySet[GoalIndicator]:
    """The indicators chosen for public goals: KF goals of adopted periods and adopted KS goals."""
    return GoalIndicator.objects.filter(
        Q(mandate_goal__period__status=ADOPTED) | Q(annual_goal__status=ADOPTED)
    ).select_related("indicator")


def indicators(year: int | None = None) -> QuerySet[Indicator]:
    """The indicators of public goals (with `year`: of that year's KS goals and the KF goals applying
    in it). An indicator nobody chose for an adopted goal is not public, whatever its values."""
    links = goal_indicators()
    if year is not None:
        links = links.filter(Q(annual_goal__year=year) | Q(mandate_goal__in=mandate_goals(year).values("pk")))
    return Indicator.objects.filter(pk__in=links.values("indicator_id"))
