"""Health warnings on the goal chain: what a planner should look at, computed from loaded objects."""

from __future__ import annotations

from django.utils.translation import gettext as _

from goals.services import MAX_INDICATORS, MAX_MANDATE_GOALS, MIN_INDICATORS, MIN_MANDATE_GOALS
from organisation.lifecycle import AdoptionStatus


def chain_warnings(*, year: int, period, mandate_goals: list, annual_goals: list) -> list[str]:
    """Warnings for one year's chain.

    Expects prefetched: the KF goals' versions with their focus areas, goal indicators with targets,
    and the KS goals' KF goals and goal indicators with targets.
    """
    warnings = []
    applicable = {goal.pk for goal in mandate_goals}
    draft = period is not None and period.status != AdoptionStatus.ADOPTED
    if draft and not MIN_MANDATE_GOALS <= len(mandate_goals) <= MAX_MANDATE_GOALS:
        warnings.append(
            _(
                "The draft set of KF goals has %(count)s goals; KF adopts 3 to 5 "
                "(the governance model, section 4.5)."
            )
            % {"count": len(mandate_goals)}
        )
    for goal in mandate_goals:
        links = list(goal.goal_indicators.all())
        if not MIN_INDICATORS <= len(links) <= MAX_INDICATORS:
            warnings.append(
                _(
                    "The KF goal “%(goal)s” has %(count)s indicators; 5 to 10 are recommended "
                    "(the governance model, section 4.3.1)."
                )
                % {"goal": goal, "count": len(links)}
            )
        version = goal.version_for(year)
        focus_warning = focus_area_warning(goal, version)
        if focus_warning:
            warnings.append(focus_warning)
        if version and version.criterion == "minst" and (version.criterion_count or 0) > len(links):
            warnings.append(
                _("“%(goal)s” asks that %(count)s indicators reach their target but has %(total)s.")
                % {"goal": goal, "count": version.criterion_count, "total": len(links)}
            )
        warnings.extend(_missing_targets(goal, links, year))
    for goal in annual_goals:
        if not any(mandate.pk in applicable for mandate in goal.mandate_goals.all()):
            warnings.append(
                _(
                    "The KS goal “%(goal)s” serves no KF goal that applies in %(year)s "
                    "(the governance model, section 4.3.2)."
                )
                % {"goal": goal.title, "year": year}
            )
        warnings.extend(_missing_targets(goal, list(goal.goal_indicators.all()), year))
    return warnings


def focus_area_warning(goal, version) -> str | None:
    """KF's goals derive from the vision and its focus areas (R7): name a goal whose wording names none.

    Reads `version.focus_areas.all()`, so callers prefetch the versions' focus areas.
    """
    if version is None or version.focus_areas.all():
        return None
    return _(
        "The KF goal “%(goal)s” names no focus area: KF's goals are to derive from the vision and its "
        "focus areas."
    ) % {"goal": version.title}


def plan_activity_warnings(annual_goals: list, year: int) -> list[str]:
    """KS goals no activity of the year's plan serves (R11: an activity plan per goal); a warning, not a
    block. Expects `has_plan_activity` annotated on the goals."""
    return [
        _("The KS goal “%(goal)s” has no activity in the operational plan for %(year)s.")
        % {"goal": goal.title, "year": year}
        for goal in annual_goals
        if not goal.has_plan_activity
    ]


def _missing_targets(goal, links: list, year: int) -> list[str]:
    return [
        _("The indicator “%(indicator)s” of “%(goal)s” has no target for %(year)s.")
        % {"indicator": link.indicator.title, "goal": goal, "year": year}
        for link in links
        if not any(target.year == year for target in link.targets.all())
    ]
