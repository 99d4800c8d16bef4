"""Writes for operational plans and activities. Each takes the acting user and is audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.services import register_adoption
from goals.models import AnnualGoal
from organisation import lifecycle
from organisation.lifecycle import AdoptionStatus
from organisation.models import Body, Decision, OrgUnit, User
from organisation.roles import is_administrator
from planning.models import Activity, OperationalPlan
from styrmodell.concurrency import EditConflict, bump, locked_for_edit

__all__ = ["EditConflict"]  # the shared conflict, importable from here as before

CONTENT_FIELDS = (
    "title",
    "description",
    "kind",
    "annual_goal",
    "geh_code",
    "responsible_unit",
    "responsible",
    "start",
    "planned_end",
)
FOLLOW_UP_FIELDS = ("status", "progress_comment", "completed_on")


PLAN_TEXT_FIELDS = ("mission", "model_summary", "budget_text")


def _save(obj, actor: User) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _save_plan(plan: OperationalPlan, actor: User) -> None:
    """Every change to a saved plan raises its version, so a form read before it is refused."""
    if plan.pk:
        bump(plan)
    _save(plan, actor)


# The plan (R11)


@transaction.atomic
def plan_create(
    *, body: Body, year: int, mission: str = "", model_summary: str = "", actor: User
) -> OperationalPlan:
    """Start a draft plan for a body and year."""
    plan = OperationalPlan(body=body, year=year, mission=mission, model_summary=model_summary)
    _save(plan, actor)
    return plan


def _adopted_message() -> str:
    return _("The plan is adopted: its goals, activities and time plans are frozen. Follow-up stays open.")


def _require_open(plan: OperationalPlan) -> None:
    lifecycle.require_open(plan, _adopted_message())


@transaction.atomic
def plan_update(
    *, plan: OperationalPlan, data: dict, expected_version: int | None = None, actor: User
) -> OperationalPlan:
    """Change the texts of a plan that is not adopted; refused if the plan changed since it was read."""
    mine = {field: data[field] for field in PLAN_TEXT_FIELDS if field in data}
    plan = locked_for_edit(
        OperationalPlan.objects.all(),
        pk=plan.pk,
        expected_version=expected_version,
        mine=mine,
        require=_require_open,
    )
    for field, value in mine.items():
        setattr(plan, field, value.strip())
    _save_plan(plan, actor)
    return plan


@transaction.atomic
def plan_propose(*, plan: OperationalPlan, actor: User) -> OperationalPlan:
    """Make a draft a proposal, readable by every signed-in user."""
    return lifecycle.propose(plan, actor=actor, adopted_message=_adopted_message())


def _require_goals_adopted(plan: OperationalPlan) -> None:
    """R10 before R11: the plan is drawn up from the goals KS has decided, so they are adopted first.

    Seed 4.3: "När kommunstyrelsen har beslutat om sina mål påbörjas arbetet med att arbeta fram en
    verksamhetsplan." Once the plan is adopted its goals are frozen with it (no new goal for the year).
    """
    goals = AnnualGoal.objects.filter(body=plan.body, year=plan.year)
    open_titles = list(
        goals.exclude(status=AdoptionStatus.ADOPTED)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )
    if open_titles:
        raise ValidationError(
            ngettext(
                "%(body)s has not adopted its goal for %(year)s yet: %(goals)s. The plan is adopted after "
                "the goals it is drawn up from.",
                "%(body)s has not adopted its goals for %(year)s yet: %(goals)s. The plan is adopted after "
                "the goals it is drawn up from.",
                len(open_titles),
            )
            % {
                "body": plan.body.short_name,
                "year": plan.year,
                "goals": ", ".join(f"“{t}”" for t in open_titles),
            }
        )
    if not goals.exists():
        raise ValidationError(
            _(
                "%(body)s has no adopted goals for %(year)s: the plan is drawn up from them, "
                "so they come first."
            )
            % {"body": plan.body.short_name, "year": plan.year}
        )


@transaction.atomic
def plan_adopt(*, plan: OperationalPlan, decision: Decision, actor: User) -> OperationalPlan:
    """Record the body's adoption; from now on the content is frozen (R11)."""
    lifecycle.adopt(
        plan, decision=decision, actor=actor, adopted_message=_adopted_message(), check=_require_adoptable
    )
    register_adoption(plan, decision=decision, actor=actor)
    return plan


def _require_adoptable(plan: OperationalPlan) -> None:
    """R10 before R11, and an activity plan whose activities serve this plan's goals."""
    _require_goals_adopted(plan)
    if not plan.activities.filter(is_plan_activity=True).exists():
        raise ValidationError(
            _("The plan has no activities: add the activity plan per goal before adoption.")
        )
    foreign = plan.activities.filter(is_plan_activity=True).exclude(
        annual_goal__year=plan.year, annual_goal__body=plan.body
    )
    if foreign.exists():
        raise ValidationError(
            _(
                "%(count)s of the plan's activities serve a goal outside this plan: link them to one of "
                "this year's goals before adoption."
            )
            % {"count": foreign.count()}
        )


@transaction.atomic
def plan_send_back(*, plan: OperationalPlan, decision: Decision, actor: User) -> OperationalPlan:
    """Record that the body sent the plan back (återremiss); planners rework it as a draft."""
    return lifecycle.send_back(plan, decision=decision, actor=actor, adopted_message=_adopted_message())


@transaction.atomic
def plan_roll_over(*, plan: OperationalPlan, actor: User) -> OperationalPlan:
    """Start next year's draft: texts copied, unfinished activities that run past the year end carried."""
    next_year = plan.year + 1
    if OperationalPlan.objects.filter(body=plan.body, year=next_year).exists():
        raise ValidationError(_("There is already a plan for %(year)s.") % {"year": next_year})
    new = OperationalPlan(
        body=plan.body,
        year=next_year,
        mission=plan.mission,
        model_summary=plan.model_summary,
        rolled_over_from=plan,
    )
    _save(new, actor)
    year_end = datetime.date(plan.year, 12, 31)
    next_goals = {g.title: g for g in AnnualGoal.objects.filter(body=plan.body, year=next_year)}
    carried = plan.activities.filter(is_plan_activity=True, planned_end__gt=year_end).exclude(
        status__in=[Activity.Status.DONE, Activity.Status.CANCELLED]
    )
    for old in carried.select_related("annual_goal"):
        activity = Activity(
            plan=new,
            carried_over_from=old,
            annual_goal=next_goals.get(old.annual_goal.title, old.annual_goal) if old.annual_goal else None,
            status=old.status,
            progress_comment=old.progress_comment,
            **{f: getattr(old, f) for f in CONTENT_FIELDS if f != "annual_goal"},
        )
        _save(activity, actor)
    return new


# Activities (R12, R14)


def _check_goal(plan: OperationalPlan, goal: AnnualGoal | None) -> None:
    if goal is not None and (goal.year != plan.year or goal.body_id != plan.body_id):
        raise ValidationError(
            _("The activity must serve one of the goals of %(body)s for %(year)s.")
            % {"body": plan.body.short_name, "year": plan.year}
        )


@transaction.atomic
def activity_create(*, plan: OperationalPlan, data: dict, actor: User) -> Activity:
    """Add an activity to the plan's activity plan; only before adoption."""
    _require_open(plan)
    _check_goal(plan, data.get("annual_goal"))
    activity = Activity(
        plan=plan, is_plan_activity=True, **{f: data.get(f) for f in CONTENT_FIELDS if f in data}
    )
    activity.geh_code = activity.geh_code or ""
    _save(activity, actor)
    return activity


@transaction.atomic
def unit_activity_create(*, plan: OperationalPlan, data: dict, actor: User) -> Activity:
    """A unit's own activity toward a KS goal or a GEH goal; only once the plan is adopted (R14)."""
    if not plan.is_adopted:
        raise ValidationError(_("Units add their own activities after the plan is adopted."))
    _check_goal(plan, data.get("annual_goal"))
    unit: OrgUnit = data["responsible_unit"]
    if (
        is_administrator(actor)
        and not OrgUnit.objects.writable_for_administrator(actor).filter(pk=unit.pk).exists()
    ):
        raise ValidationError(_("You can add activities only for your own units."))
    from budget.services import check_geh_code

    check_geh_code(plan.year, (data.get("geh_code") or "").strip())
    activity = Activity(
        plan=plan, is_plan_activity=False, **{f: data.get(f) for f in CONTENT_FIELDS if f in data}
    )
    activity.geh_code = activity.geh_code or ""
    _save(activity, actor)
    return activity


def _require_open_activity(activity: Activity) -> None:
    """The plan's activities change only while the plan is open; a unit's own at any time."""
    if activity.is_plan_activity:
        _require_open(activity.plan)


@transaction.atomic
def activity_update(
    *, activity: Activity, data: dict, expected_version: int | None = None, actor: User
) -> Activity:
    """Change an activity's content: the plan's activities while it is not adopted, a unit's any time.

    Refused if the activity changed (its content or its follow-up) since the form was read.
    """
    mine = {field: data[field] for field in CONTENT_FIELDS if field in data}
    activity = locked_for_edit(
        Activity.objects.select_related("plan"),
        pk=activity.pk,
        expected_version=expected_version,
        mine=mine,
        require=_require_open_activity,
    )
    _check_goal(activity.plan, data.get("annual_goal", activity.annual_goal))
    for field, value in mine.items():
        setattr(activity, field, "" if value is None and field == "geh_code" else value)
    bump(activity)
    _save(activity, actor)
    return activity


@transaction.atomic
def activity_follow_up(
    *,
    activity_id: int,
    expected_version: int,
    status: str,
    progress_comment: str,
    completed_on: datetime.date | None,
    actor: User,
) -> Activity:
    """Record status, comment and completion date; refused if the activity changed since it was read.

    The row is locked while the version is compared, so two saves cannot both pass the check.
    """
    mine = {"status": status, "progress_comment": progress_comment, "completed_on": completed_on}
    activity = locked_for_edit(
        Activity.objects.all(), pk=activity_id, expected_version=expected_version, mine=mine
    )
    if status == Activity.Status.DONE and completed_on is None:
        raise ValidationError({"completed_on": _("A finished activity needs the date it was completed.")})
    if completed_on and status != Activity.Status.DONE:
        raise ValidationError(
            {"completed_on": _("A completion date is given only when the activity is done.")}
        )
    activity.status, activity.progress_comment, activity.completed_on = (
        status,
        progress_comment.strip(),
        completed_on,
    )
    bump(activity)
    _save(activity, actor)
    return activity
