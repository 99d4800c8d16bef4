"""The verksamhetsplan as a PDF (R11): "Verksamhetsplan 2027 för Kommunstyrelsen".

The chapters follow R11's order: the body's mission, the governance model in brief, the body's goals
for the year with their measures, the activity plan per goal, the body's budget; the units' own
activities follow once there are any. Everything is read as the plan's web page reads it (the plan
page's document and `budget.selectors.plan_budget_section`), in a fixed number of queries however
many goals and activities the plan has.
"""

from __future__ import annotations

import textwrap

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from budget.selectors import plan_budget_section
from goals.models import Vision
from organisation.lifecycle import PUBLIC_STATUSES
from organisation.models import Body, User
from organisation.roles import Role
from planning.models import OperationalPlan
from planning.selectors import plan_document
from reports.kinds import Document, Section, Subject
from reports.models import Kind

TEMPLATES = "reports/pdf/plan"
# A goal's activity table of at most this many rows is kept on one page with its heading.
SHORT_TABLE = 6


def subjects(kind: Kind, year: int) -> list[Subject]:
    """KS's plan for the year, if there is one."""
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        return []
    plan = OperationalPlan.objects.filter(body=body, year=year).select_related("body").first()
    return [Subject.of(plan)] if plan is not None else []


def reader_of(plan: OperationalPlan) -> User:
    """Whom the document is written for: whoever may read the plan (`Subject.readable_by`).

    A draft (or a plan sent back) is read by the planners only, so its PDF shows what they see on the
    page, draft goals and draft budget included; a proposal or an adopted plan is read by every
    signed-in user, so its PDF shows only what every signed-in user sees. An unsaved account with
    those roles, handed to the same `for_user()` reads the page uses.
    """
    reader = User(username="reports", is_active=True)
    reader._roles = frozenset() if plan.status in PUBLIC_STATUSES else frozenset({Role.PLANNER})
    return reader


def title_of(plan: OperationalPlan) -> str:
    return _("Operational plan %(year)s for %(body)s") % {"year": plan.year, "body": plan.body.name}


def compose(kind: Kind, subject: Subject) -> Document:
    """The document in Swedish, whoever asked for it (as `rendering.html_of` renders it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _compose(subject)


def _compose(subject: Subject) -> Document:
    """The plan's chapters in R11's order, with the context their templates read."""
    plan = OperationalPlan.objects.select_related("body", "decision__meeting__body").get(pk=subject.obj.pk)
    body = plan.body
    reader = reader_of(plan)
    document = plan_document(plan, reader)
    budget = plan_budget_section(body=body, year=plan.year, user=reader)
    for activity in document["unit_activities"]:
        activity.geh_title = budget["geh_titles"].get(activity.geh_code, "")
    vision = Vision.objects.for_user(reader).in_force().prefetch_related("focus_areas").first()
    goals = [_goal_measures(section, plan.year) for section in document["sections"]]

    sections = [
        Section(
            "mission", _("%(owner)s mission") % {"owner": body.name_genitive}, f"{TEMPLATES}/mission.html"
        ),
        Section(
            "governance-model",
            _("The governance model in brief"),
            f"{TEMPLATES}/governance_model.html",
            continues=True,
        ),
        Section(
            "goals",
            _("%(owner)s goals for %(year)s") % {"owner": body.short_name_genitive, "year": plan.year},
            f"{TEMPLATES}/goals.html",
        ),
        Section("activity-plan", _("Activity plan per goal"), f"{TEMPLATES}/activity_plan.html"),
        Section("budget", _("Budget"), f"{TEMPLATES}/budget.html"),
    ]
    # The units plan their own activities once the plan is adopted (R14); a draft has none to show.
    if document["unit_activities"] or plan.is_adopted:
        sections.append(
            Section("unit-activities", _("Units' own activities"), f"{TEMPLATES}/unit_activities.html")
        )
    activity_count = sum(len(goal["activities"]) for goal in goals) + len(document["elsewhere"])
    return Document(
        title=title_of(plan),
        subtitle=_("Goals, activities and budget for %(year)s") % {"year": plan.year},
        sections=sections,
        context={
            "plan": plan,
            "body": body,
            "year": plan.year,
            "goals": goals,
            "elsewhere": document["elsewhere"],
            "unit_activities": document["unit_activities"],
            "activity_count": activity_count,
            "budget_summary": budget,
            "vision": vision,
            "chain": _chain(body),
            "short_table": SHORT_TABLE,
        },
        sources={"plan": plan.revision},
        adopted=plan.is_adopted,
        decision=plan.decision if plan.is_adopted else None,
        body_name=body.name,
    )


def _goal_measures(section: dict, year: int) -> dict:
    """A goal of the plan page's document with its indicators' baseline and target for the year,
    read from what the page's document prefetched (no query of its own)."""
    goal = section["goal"]
    measures = [
        {
            "indicator": link.indicator,
            "baseline": link.baseline_value,
            "baseline_year": link.baseline_year,
            "target": next((t.value for t in link.targets.all() if t.year == year), None),
        }
        for link in goal.goal_indicators.all()
    ]
    return {**section, "measures": measures}


def _chain(body: Body) -> list[dict]:
    """The steps of the governance model's chain as boxes of the chapter's figure: label lines and x."""
    labels = [
        _("Vision"),
        _("KF's goals for the mandate period"),
        _("%(owner)s goals for the year") % {"owner": body.short_name_genitive},
        _("Activities"),
    ]
    width, gap = 140, 20
    return [
        {"x": i * (width + gap), "middle": i * (width + gap) + width // 2, "lines": textwrap.wrap(label, 18)}
        for i, label in enumerate(labels)
    ]
