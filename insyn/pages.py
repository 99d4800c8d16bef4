"""What Insyn's pages show, composed from the public querysets (insyn.selectors) and nothing else.

Each function reads a page's content in a fixed number of queries, whatever the number of goals,
activities or documents. Nothing here selects a person: an activity's responsible person, the round's
comments and who built or finalised a PDF stay in the signed-in app.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.utils.dates import MONTHS

from budget.selectors import Content, load_contents
from calendar_wheel.models import Deadline
from followup.models import ActivityReport, GoalAssessment, Verdict
from goals.models import AnnualGoal, IndicatorValue, MandateGoal, MandateGoalVersion
from goals.selectors import indicator_prefetches, indicator_rows, municipality_code
from insyn import selectors
from organisation.models import Meeting, OrgUnit
from planning.models import Activity, OperationalPlan
from reports.models import ReportVersion
from styrmodell.db import SwedishCollate

# Where the subject of a final PDF is named: a plan's and a budget version's subject keys.
PLAN_KEY = "planning.operationalplan:{pk}"
BUDGET_VERSION_KEY = "budget.budgetversion:{pk}"


def final_pdfs(found) -> dict[str, ReportVersion]:
    """The latest final PDF per subject (and per register entry), from `selectors.report_pdfs()`."""
    latest: dict[str, ReportVersion] = {}
    for version in found.order_by("finalised_at", "pk"):
        latest[version.subject_key] = version
        if version.register_key:
            latest[version.register_key] = version
    return latest


# The röd tråd of a year


@dataclass
class KsGoal:
    """A KS goal of the year with its status in the latest adopted round and its indicators."""

    goal: AnnualGoal
    assessment: GoalAssessment | None
    indicators: list[dict]
    serves: list[MandateGoalVersion] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict | None:
        return Verdict(self.assessment.verdict) if self.assessment else None


@dataclass
class KfGoal:
    """A KF goal applying in the year, in its adopted wording, with the KS goals leading to it."""

    goal: MandateGoal
    version: MandateGoalVersion
    annual: list[KsGoal] = field(default_factory=list)


def year_chain(year: int) -> dict:
    """KF's goals applying in the year → the adopted KS goals linked to each, with their status and
    indicators; the KS goals linked to none of them apart."""
    code = municipality_code()
    values = IndicatorValue.objects.filter(
        gender=IndicatorValue.Gender.TOTAL, municipality__in=[code, IndicatorValue.COUNTRY]
    ).order_by("year")
    mandate = []
    for goal in selectors.mandate_goals(year).order_by("position", "pk"):
        version = goal.version_for(year)
        if version is not None and not version.is_draft:
            mandate.append(KfGoal(goal, version))
    annual_goals = list(
        selectors.annual_goals(year)
        .prefetch_related(
            Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
            *indicator_prefetches("", values),
        )
        .order_by("body__name", "position", "pk")
    )
    links: dict[int, set[int]] = defaultdict(set)
    if annual_goals:
        through = AnnualGoal.mandate_goals.through.objects.filter(annualgoal__in=[g.pk for g in annual_goals])
        for annual_id, mandate_id in through.values_list("annualgoal_id", "mandategoal_id"):
            links[annual_id].add(mandate_id)
    assessed = selectors.latest_assessments([goal.pk for goal in annual_goals]) if annual_goals else {}
    annual = [
        KsGoal(
            goal=goal,
            assessment=assessed.get(goal.pk),
            indicators=indicator_rows(list(goal.goal_indicators.all()), [year], code, year),
        )
        for goal in annual_goals
    ]
    by_mandate = {kf.goal.pk: kf for kf in mandate}
    order = {pk: position for position, pk in enumerate(by_mandate)}
    for ks in annual:
        for mandate_id in sorted(links[ks.goal.pk] & by_mandate.keys(), key=order.__getitem__):
            by_mandate[mandate_id].annual.append(ks)
            ks.serves.append(by_mandate[mandate_id].version)
    return {
        "mandate": mandate,
        "annual": annual,
        "orphans": [ks for ks in annual if not ks.serves],
        "assessed": any(ks.assessment for ks in annual),
    }


def embedded_goal(pk: int) -> KsGoal | None:
    """One adopted KS goal with its status in the latest adopted round, for the embeddable card."""
    goal = selectors.annual_goals().filter(pk=pk).first()
    if goal is None:
        return None
    return KsGoal(goal=goal, assessment=selectors.latest_assessments([goal.pk]).get(goal.pk), indicators=[])


# The operational plan


@dataclass
class GoalActivities:
    goal: AnnualGoal | None
    activities: list[Activity]


@dataclass
class PublicPlan:
    plan: OperationalPlan
    sections: list[GoalActivities]
    pdf: ReportVersion | None

    @property
    def activity_count(self) -> int:
        return sum(len(section.activities) for section in self.sections)


def plan_sections(year: int) -> list[PublicPlan]:
    """The adopted plans of the year, each with its own activities per KS goal; an activity's status is
    the one the latest adopted round reported (`activity.reported`), or None."""
    plans = list(selectors.plans(year).order_by("body__name"))
    if not plans:
        return []
    goals = list(selectors.annual_goals(year).order_by("position", "pk"))
    activities = list(selectors.plan_activities(year).order_by("planned_end", "start", "pk"))
    reports: dict[int, ActivityReport] = selectors.latest_activity_reports(year) if activities else {}
    pdfs = final_pdfs(selectors.report_pdfs(year))
    by_plan_goal: dict[tuple[int, int | None], list[Activity]] = defaultdict(list)
    adopted_goals = {goal.pk for goal in goals}
    for activity in activities:
        activity.reported = reports.get(activity.pk)
        goal_id = activity.annual_goal_id if activity.annual_goal_id in adopted_goals else None
        by_plan_goal[activity.plan_id, goal_id].append(activity)
    result = []
    for plan in plans:
        sections = [
            GoalActivities(goal, by_plan_goal[plan.pk, goal.pk])
            for goal in goals
            if goal.body_id == plan.body_id or by_plan_goal.get((plan.pk, goal.pk))
        ]
        if by_plan_goal.get((plan.pk, None)):
            sections.append(GoalActivities(None, by_plan_goal[plan.pk, None]))
        result.append(PublicPlan(plan, sections, pdfs.get(PLAN_KEY.format(pk=plan.pk))))
    return result


# The budget


@dataclass
class PublicBudgetVersion:
    content: Content
    pdf: ReportVersion | None

    @property
    def version(self):
        return self.content.version


def budget_versions(year: int) -> list[PublicBudgetVersion]:
    """The adopted versions of the year's budget, the latest first, with their content (budget.selectors)
    and final PDF."""
    versions = list(selectors.budget_versions(year).order_by("-number"))
    if not versions:
        return []
    contents = load_contents(versions)
    pdfs = final_pdfs(selectors.report_pdfs(year))
    return [
        PublicBudgetVersion(contents[v.pk], pdfs.get(BUDGET_VERSION_KEY.format(pk=v.pk))) for v in versions
    ]


# The annual wheel


@dataclass
class WheelEntry:
    """A day's meeting of a body with the steps taken at it, or a step of the wheel on its own."""

    date: datetime.date
    meeting: Meeting | None = None
    steps: list[Deadline] = field(default_factory=list)


def wheel_months(year: int) -> list[tuple[int, str, list[WheelEntry]]]:
    """The year's meetings of the bodies and steps of the wheel, month by month in date order; a step
    dated at a meeting is listed under it."""
    meetings = {m.pk: WheelEntry(m.date, meeting=m) for m in selectors.meetings(year)}
    entries = list(meetings.values())
    for deadline in selectors.wheel(year):
        if deadline.meeting_id in meetings:
            meetings[deadline.meeting_id].steps.append(deadline)
        else:
            entries.append(WheelEntry(deadline.date, steps=[deadline]))
    entries.sort(key=lambda entry: (entry.date, entry.meeting is None))
    return [
        (month, MONTHS[month], list(items)) for month, items in groupby(entries, key=lambda e: e.date.month)
    ]


# The register of governing documents


def document_register() -> list[tuple[object, list]]:
    """The documents in force grouped by kind; each knows whether its PDF is public (`public_pdf`) and,
    for a plan or budget the app registered, its final report PDF (`final_report`)."""
    documents = list(
        selectors.documents().order_by(
            "kind__position", SwedishCollate("kind__name"), SwedishCollate("title"), "pk"
        )
    )
    keys = [d.source_key for d in documents if d.source_key]
    finals = final_pdfs(selectors.report_pdfs().filter(register_key__in=keys)) if keys else {}
    for document in documents:
        document.public_pdf = selectors.public_document_file(document)
        document.final_report = finals.get(document.source_key) if document.source_key else None
    return [(kind, list(items)) for kind, items in groupby(documents, key=lambda d: d.kind)]
