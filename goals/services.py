"""Writes for the goal chain. Each takes the acting user, runs in a transaction and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals.models import (
    AnnualGoal,
    FocusArea,
    GoalIndicator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandateGoal,
    MandateGoalVersion,
    MandatePeriod,
    Vision,
)
from goals.periods import Period, is_election_year
from organisation import lifecycle
from organisation.lifecycle import AdoptionStatus
from organisation.models import Body, Decision, OrgUnit, User
from styrmodell.concurrency import bump, locked_for_edit

MIN_MANDATE_GOALS, MAX_MANDATE_GOALS = 3, 5  # R7
MIN_INDICATORS, MAX_INDICATORS = 5, 10  # R9, a recommendation
CRITERION_FIELDS = ("criterion", "criterion_count", "criterion_text")
VERSION_TEXT_FIELDS = ("title", "description", *CRITERION_FIELDS)
ANNUAL_GOAL_FIELDS = ("title", "description", *CRITERION_FIELDS, "position")
INDICATOR_FIELDS = ("source", "kolada_id", "title", "description", "unit", "higher_is_better")


def _save(obj, actor: User) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


# Vision and focus areas (R6)


@transaction.atomic
def vision_create(*, text: str, actor: User) -> Vision:
    """Draft a new vision."""
    vision = Vision(text=text.strip())
    _save(vision, actor)
    return vision


def _require_draft_vision(vision: Vision) -> None:
    if vision.status == AdoptionStatus.ADOPTED:
        raise ValidationError(_("An adopted vision cannot be changed: draft a new one."))


@transaction.atomic
def vision_update(*, vision: Vision, text: str, expected_version: int | None = None, actor: User) -> Vision:
    """Change a draft vision's text; refused if it was adopted or changed since it was read."""
    vision = locked_for_edit(
        Vision.objects.all(),
        pk=vision.pk,
        expected_version=expected_version,
        mine={"text": text},
        require=_require_draft_vision,
    )
    vision.text = text.strip()
    bump(vision)
    _save(vision, actor)
    return vision


@transaction.atomic
def vision_adopt(*, vision: Vision, decision: Decision, actor: User) -> Vision:
    """Record KF's adoption of a vision; it is in force from then on, earlier ones are kept."""
    return lifecycle.adopt(
        vision, decision=decision, actor=actor, adopted_message=_("The vision is already adopted.")
    )


@transaction.atomic
def focus_area_save(
    *,
    vision: Vision,
    title: str,
    description: str = "",
    position: int = 0,
    focus_area: FocusArea | None = None,
    actor: User,
) -> FocusArea:
    """Add a focus area to a draft vision, or change one."""
    if vision.status == AdoptionStatus.ADOPTED:
        raise ValidationError(_("An adopted vision's focus areas cannot be changed."))
    area = focus_area or FocusArea(vision=vision)
    area.title, area.description, area.position = title.strip(), description.strip(), position
    _save(area, actor)
    return area


# KF's goals for the mandate period (R7, R8, R9, R21)


@transaction.atomic
def mandate_period_get_or_create(*, election_year: int, actor: User) -> MandatePeriod:
    """The period that starts with an election; created as a draft the first time it is needed."""
    if not is_election_year(election_year):
        raise ValidationError(_("%(year)s is not a general election year.") % {"year": election_year})
    period = MandatePeriod.objects.filter(election_year=election_year).first()
    if period is None:
        period = MandatePeriod(election_year=election_year)
        _save(period, actor)
    return period


def _version_fields(version: MandateGoalVersion, data: dict) -> None:
    for field in VERSION_TEXT_FIELDS:
        if field in data:
            value = data[field]
            setattr(version, field, value.strip() if isinstance(value, str) else value)


def _period_adopted_message() -> str:
    return _("The period's goals are adopted: change them by a revision.")


def _require_editable_period(period: MandatePeriod) -> None:
    lifecycle.require_open(period, _period_adopted_message())


@transaction.atomic
def mandate_goal_create(
    *, period: MandatePeriod, data: dict, focus_areas: Iterable[FocusArea] = (), actor: User
) -> MandateGoal:
    """Draft a KF goal in a period whose goals are not yet adopted."""
    _require_editable_period(period)
    position = data.get("position") or period.goals.count() + 1
    goal = MandateGoal.objects.create(period=period, position=position)
    version = MandateGoalVersion(goal=goal)
    _version_fields(version, data)
    _save(version, actor)
    version.focus_areas.set(focus_areas)
    return goal


@transaction.atomic
def mandate_goal_update(
    *,
    goal: MandateGoal,
    data: dict,
    focus_areas: Iterable[FocusArea] | None = None,
    expected_version: int | None = None,
    actor: User,
) -> MandateGoal:
    """Change a draft KF goal; refused if its draft changed since it was read.

    The draft's version covers the goal's number too, which is stored on the goal.
    """
    _require_editable_period(goal.period)
    draft = goal.versions.filter(valid_from__isnull=True).values_list("pk", flat=True).first()
    if draft is None:
        raise ValidationError(_("The period's goals are adopted: change them by a revision."))
    mine: dict[str, object] = {field: data[field] for field in VERSION_TEXT_FIELDS if field in data}
    if focus_areas is not None:
        focus_areas = list(focus_areas)
        mine["focus_areas"] = focus_areas
    if data.get("position"):
        mine["goal__position"] = data["position"]
    version = locked_for_edit(
        MandateGoalVersion.objects.select_related("goal"),
        pk=draft,
        expected_version=expected_version,
        mine=mine,
    )
    _version_fields(version, data)
    bump(version)
    _save(version, actor)
    if focus_areas is not None:
        version.focus_areas.set(focus_areas)
    if data.get("position"):
        goal.position = data["position"]
        goal.save(update_fields=["position"])
    return goal


_MISSING_CRITERION = gettext_lazy(
    "“%(goal)s” has no achievement criterion: KF must decide what counts as achieved."
)


def mandate_period_problems(period: MandatePeriod) -> list[str]:
    """What stops a period's goals from being adopted (R7, R9): the count, and each goal's criterion."""
    goals = list(period.goals.prefetch_related("versions", "goal_indicators"))
    problems = []
    if not MIN_MANDATE_GOALS <= len(goals) <= MAX_MANDATE_GOALS:
        problems.append(
            _("KF adopts 3 to 5 goals for the mandate period; this draft has %(count)s.")
            % {"count": len(goals)}
        )
    for goal in goals:
        version = goal.current_version
        if version is None:
            problems.append(_MISSING_CRITERION % {"goal": goal.position})
        else:
            problems.extend(_kf_criterion_problems(version, len(goal.goal_indicators.all())))
    return problems


def _kf_criterion_problems(version: MandateGoalVersion, indicator_count: int) -> list[str]:
    """KF shall decide what counts as achieved for each goal (R9), and it must be computable."""
    if not version.criterion:
        return [_MISSING_CRITERION % {"goal": version.title}]
    return _criterion_problems(version, version.title, indicator_count)


def _criterion_problems(holder, title: str, indicator_count: int) -> list[str]:
    """A criterion must be computable: “at least N” needs its N, and every criterion counts indicators.

    A criterion over no indicators could never be judged (R9, R10). N above the count is a warning.
    """
    if holder.criterion == "minst" and not holder.criterion_count:
        return [_("“%(goal)s”: say how many indicators must reach their target.") % {"goal": title}]
    if holder.criterion and indicator_count == 0:
        return [
            _(
                "“%(goal)s” is judged by how many of its indicators reach their target, but it has no "
                "indicators: choose them first, or the goal can never be judged."
            )
            % {"goal": title}
        ]
    return []


@transaction.atomic
def mandate_period_propose(*, period: MandatePeriod, actor: User) -> MandatePeriod:
    """Make a draft set of goals a proposal that every signed-in user reads (KS prepares it in December)."""
    return lifecycle.propose(period, actor=actor, adopted_message=_period_adopted_message())


@transaction.atomic
def mandate_period_adopt(*, period: MandatePeriod, decision: Decision, actor: User) -> MandatePeriod:
    """Record KF's adoption of the period's goals; refused unless R7 holds. They apply as R8 says."""
    lifecycle.adopt(
        period,
        decision=decision,
        actor=actor,
        adopted_message=_period_adopted_message(),
        check=_require_goals_complete,
    )
    first_year = period.period.first_goal_year
    for version in MandateGoalVersion.objects.filter(goal__period=period, valid_from__isnull=True):
        version.valid_from, version.decision = first_year, decision
        bump(version)
        _save(version, actor)
    return period


def _require_goals_complete(period: MandatePeriod) -> None:
    problems = mandate_period_problems(period)
    if problems:
        raise ValidationError(problems)


def _superseded_before_it_applied(version: MandateGoalVersion, period: MandatePeriod) -> bool:
    """The wording KF adopted in January, revised with June's budget before its first year began."""
    return version.decision_id == period.decision_id and version.valid_from == period.period.first_goal_year


@transaction.atomic
def mandate_goal_revise(
    *, goal: MandateGoal, data: dict, focus_areas: Iterable[FocusArea] | None, decision: Decision, actor: User
) -> MandateGoalVersion:
    """Revise an adopted KF goal (R21): a new version from the budget year the decision's budget is for.

    KF revises with June's budget, so a revision applies from the year after its decision, and at the
    earliest from the period's first goal year: the goals adopted in January 2023 may be revised in
    June 2023, from 2024, before they ever applied. The earlier version stays readable with its
    decision and the years it applied (none, for one revised before its first year). One revision per
    budget year: a second would apply from the same year as the first.
    """
    goal = (
        MandateGoal.objects.select_for_update(of=("self",))
        .select_related("period__decision__meeting")
        .get(pk=goal.pk)
    )
    period = goal.period
    if period.status != AdoptionStatus.ADOPTED:
        raise ValidationError(_("Only adopted goals are revised; a draft is simply edited."))
    lifecycle.require_decision(decision, period.deciding_body(), kind=period.DECIDED_BY)
    decided = decision.meeting.date
    if period.decision and decided < period.decision.meeting.date:
        raise ValidationError(
            _("The revision is dated before KF adopted the goals (%(date)s).")
            % {"date": period.decision.meeting.date.isoformat()}
        )
    applies_from = max(decided.year + 1, period.period.first_goal_year)
    if applies_from > period.period.last_goal_year:
        raise ValidationError(
            _("A revision decided in %(year)s would apply from %(next)s, after the period's last year.")
            % {"year": decided.year, "next": applies_from}
        )
    current = goal.version_for(applies_from)
    if current is None or current.is_draft:
        raise ValidationError(_("Only adopted goals are revised; a draft is simply edited."))
    if current.valid_from == applies_from and not _superseded_before_it_applied(current, period):
        raise ValidationError(
            _(
                "KF already revised the goal from %(year)s (%(decision)s). A goal is revised once per "
                "budget year: a later revision applies from the following year's budget."
            )
            % {"year": applies_from, "decision": current.decision}
        )
    version = MandateGoalVersion(
        goal=goal, valid_from=applies_from, valid_until=current.valid_until, decision=decision
    )
    for field in VERSION_TEXT_FIELDS:
        setattr(version, field, getattr(current, field))
    _version_fields(version, data)
    problems = _kf_criterion_problems(version, goal.goal_indicators.count())
    if problems:
        raise ValidationError(problems)
    current_areas = list(current.focus_areas.all())
    # A version revised before it applied (KF's January wording, revised in June) covers no year: it
    # ends the year before it starts, and stays readable with its decision.
    current.valid_until = applies_from - 1
    bump(current)
    _save(current, actor)
    _save(version, actor)
    version.focus_areas.set(focus_areas if focus_areas is not None else current_areas)
    return version


# KS's annual goals (R10)


def _require_applicable(mandate_goals: list[MandateGoal], year: int) -> None:
    period = Period.whose_goals_apply_in(year)
    wrong = [g for g in mandate_goals if g.period.election_year != period.election_year]
    if wrong:
        raise ValidationError(
            _(
                "A KS goal for %(year)s can only serve KF goals that apply in %(year)s "
                "(the %(period)s period's)."
            )
            % {"year": year, "period": f"{period.election_year}–{period.election_year + 4}"}
        )


def _annual_goal_problems(goal: AnnualGoal) -> list[str]:
    problems = []
    if not goal.mandate_goals.exists():
        problems.append(_("“%(goal)s” is not linked to any KF goal.") % {"goal": goal.title})
    if not goal.departments.exists():
        problems.append(_("“%(goal)s” is not linked to any department.") % {"goal": goal.title})
    indicator_count = goal.goal_indicators.count()
    if indicator_count and not goal.criterion:
        problems.append(
            _("“%(goal)s” has indicators, so KS must also decide what counts as achieved.")
            % {"goal": goal.title}
        )
    # Without a criterion nor indicators a goal is judged by its activities (R13); a criterion over
    # no indicators could never be judged at all.
    problems.extend(_criterion_problems(goal, goal.title, indicator_count))
    return problems


def _require_plan_not_adopted(body_id: int, year: int) -> None:
    """An adopted operational plan's goals are part of its decision (R10, R11): none is added or changed."""
    from planning.models import OperationalPlan  # planning builds on goals

    plan = (
        OperationalPlan.objects.filter(body_id=body_id, year=year, status=AdoptionStatus.ADOPTED)
        .select_related("body", "decision__meeting__body")
        .first()
    )
    if plan is not None:
        raise ValidationError(
            _(
                "%(body)s's operational plan for %(year)s is adopted (%(decision)s): the year's goals are "
                "part of that decision and cannot be added to or changed."
            )
            % {"body": plan.body.short_name, "year": year, "decision": plan.decision}
        )


def _require_open_annual_goal(goal: AnnualGoal) -> None:
    if goal.status == AdoptionStatus.ADOPTED:
        raise ValidationError(_("An adopted KS goal cannot be changed."))
    _require_plan_not_adopted(goal.body_id, goal.year)


@transaction.atomic
def annual_goal_save(
    *,
    year: int,
    body: Body,
    data: dict,
    mandate_goals: Iterable[MandateGoal],
    departments: Iterable[OrgUnit],
    goal: AnnualGoal | None = None,
    expected_version: int | None = None,
    actor: User,
) -> AnnualGoal:
    """Create or change a KS goal that is not adopted yet; it may serve only KF goals applying that year.

    A change is refused if the goal changed since it was read (`expected_version`).
    """
    mandate_goals, departments = list(mandate_goals), list(departments)
    if goal is not None:
        mine = {f: data[f] for f in ANNUAL_GOAL_FIELDS if data.get(f) is not None}
        mine |= {"mandate_goals": mandate_goals, "departments": departments}
        goal = locked_for_edit(
            AnnualGoal.objects.all(),
            pk=goal.pk,
            expected_version=expected_version,
            mine=mine,
            require=_require_open_annual_goal,
        )
        bump(goal)
    else:
        _require_plan_not_adopted(body.pk, year)
    _require_applicable(mandate_goals, year)
    goal = goal or AnnualGoal(year=year, body=body)
    for field in ANNUAL_GOAL_FIELDS:
        if field in data and data[field] is not None:
            setattr(goal, field, data[field].strip() if isinstance(data[field], str) else data[field])
    _save(goal, actor)
    goal.mandate_goals.set(mandate_goals)
    goal.departments.set(departments)
    return goal


@transaction.atomic
def annual_goals_adopt(*, year: int, body: Body, decision: Decision, actor: User) -> list[AnnualGoal]:
    """Record KS's adoption of its goals for a year (in May); refused while any goal is incomplete."""
    lifecycle.require_decision(decision, body)
    goals = list(
        AnnualGoal.objects.filter(year=year, body=body)
        .select_related("body")
        .exclude(status=AdoptionStatus.ADOPTED)
        .prefetch_related("mandate_goals__period")
    )
    if not goals:
        raise ValidationError(_("There are no draft goals for %(year)s to adopt.") % {"year": year})
    problems = [problem for goal in goals for problem in _annual_goal_problems(goal)]
    for goal in goals:
        try:
            _require_applicable(list(goal.mandate_goals.all()), year)
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    for goal in goals:
        lifecycle.adopt(
            goal, decision=decision, actor=actor, adopted_message=_("The goal is already adopted.")
        )
    return goals


# Indicators (R9)


@transaction.atomic
def indicator_save(
    *, data: dict, indicator: Indicator | None = None, expected_version: int | None = None, actor: User
) -> Indicator:
    """Register an indicator or change its unit, direction and texts; a change read stale is refused."""
    if indicator is not None:
        mine = {field: data[field] for field in INDICATOR_FIELDS if field in data}
        indicator = locked_for_edit(
            Indicator.objects.all(), pk=indicator.pk, expected_version=expected_version, mine=mine
        )
        bump(indicator)
    indicator = indicator or Indicator()
    for field in INDICATOR_FIELDS:
        if field in data:
            value = data[field]
            setattr(indicator, field, value.strip() if isinstance(value, str) else value)
    if indicator.source == Indicator.Source.KOLADA:
        indicator.kolada_id = indicator.kolada_id.upper()
    _save(indicator, actor)
    return indicator


@transaction.atomic
def indicator_value_set(
    *,
    indicator: Indicator,
    municipality: str,
    year: int,
    value: Decimal | None,
    gender: str = "T",
    actor: User,
) -> IndicatorValue:
    """Enter a value by hand; only internal indicators, since Kolada's come from Kolada."""
    if indicator.source != Indicator.Source.INTERNAL:
        raise ValidationError(_("Values of Kolada indicators come from Kolada and are not entered by hand."))
    row = IndicatorValue.objects.filter(
        indicator=indicator, municipality=municipality, year=year, gender=gender
    ).first()
    row = row or IndicatorValue(indicator=indicator, municipality=municipality, year=year, gender=gender)
    row.value = value
    _save(row, actor)
    return row


def _require_goal_open(goal: MandateGoal | AnnualGoal) -> None:
    """A goal's indicators and targets are part of the decision that adopts it (R9, R10)."""
    adopted = (
        goal.period.status == AdoptionStatus.ADOPTED
        if isinstance(goal, MandateGoal)
        else goal.status == AdoptionStatus.ADOPTED
    )
    if adopted:
        raise ValidationError(_("The goal is adopted: its indicators and targets are part of the decision."))
    if isinstance(goal, AnnualGoal):
        _require_plan_not_adopted(goal.body_id, goal.year)


@transaction.atomic
def goal_indicator_save(
    *,
    goal: MandateGoal | AnnualGoal,
    indicator: Indicator,
    baseline_year: int | None,
    baseline_value: Decimal | None,
    targets: dict[int, Decimal | None],
    link: GoalIndicator | None = None,
    actor: User,
) -> GoalIndicator:
    """Choose an indicator for a goal, with its baseline and a target per year; only before adoption."""
    _require_goal_open(goal)
    if link is None:
        link = GoalIndicator(indicator=indicator, position=goal.goal_indicators.count() + 1)
        if isinstance(goal, MandateGoal):
            link.mandate_goal = goal
        else:
            link.annual_goal = goal
    link.baseline_year, link.baseline_value = baseline_year, baseline_value
    _save(link, actor)
    for year, value in targets.items():
        target = IndicatorTarget.objects.filter(goal_indicator=link, year=year).first()
        if value is None:
            if target:
                target._history_user = actor
                target.delete()
            continue
        target = target or IndicatorTarget(goal_indicator=link, year=year)
        target.value = value
        _save(target, actor)
    return link


@transaction.atomic
def goal_indicator_remove(*, link: GoalIndicator, actor: User) -> None:
    """Take an indicator off a goal that is not adopted yet."""
    goal = link.mandate_goal or link.annual_goal
    _require_goal_open(goal)
    for target in link.targets.all():
        target._history_user = actor
        target.delete()
    link._history_user = actor
    link.delete()
