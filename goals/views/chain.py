"""The goal chain (röd tråd) for a year: vision, focus areas, KF goals and the KS goals below each."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from goals.health import chain_warnings, plan_activity_warnings
from goals.models import AnnualGoal, IndicatorValue, MandateGoal, MandatePeriod, Vision
from goals.periods import Period
from goals.selectors import indicator_prefetches, municipality_code, versions_prefetch
from goals.status import assess_annual_goal, assess_mandate_goal
from organisation.decision_timing import year_warnings
from organisation.lifecycle import AdoptionStatus
from organisation.models import OrgUnit, Role
from styrmodell.db import SwedishCollate

MIN_YEAR, MAX_YEAR = 2000, 2100


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The goal chain of the current year, or of the year asked for (?ar=)."""
    year = request.GET.get("ar", "")
    if year.isascii() and year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR:
        return redirect("goals:year", int(year))
    return redirect("goals:year", timezone.localdate().year)


@require_GET
@login_required
def year_tree(request: HttpRequest, year: int) -> HttpResponse:
    """The röd tråd for a year: vision, focus areas, the KF goals that apply and the KS goals below each.

    A KF goal's details open and close with ?visa=<id>; htmx fetches just that goal's card.
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    user = request.user
    code = municipality_code()
    values = IndicatorValue.objects.filter(year=year, municipality=code, gender="T")
    period_info = Period.whose_goals_apply_in(year)
    period = (
        MandatePeriod.objects.for_user(user)
        .filter(election_year=period_info.election_year)
        .select_related("decision__meeting")
        .first()
    )
    mandate_goals = (
        MandateGoal.objects.for_user(user)
        .applying_in(year)
        .select_related("period")
        .prefetch_related(versions_prefetch(), *indicator_prefetches("", values))
    )
    card_id = request.GET.get("kort", "") if request.htmx else ""
    card_id = int(card_id) if card_id.isascii() and card_id.isdigit() else None
    if card_id:
        mandate_goals = mandate_goals.filter(pk=card_id)
    mandate_goals = list(mandate_goals)
    annual_goals = list(
        AnnualGoal.objects.for_user(user)
        .filter(year=year)
        .with_plan_counts(timezone.localdate())
        .annotate(has_plan_activity=_has_plan_activity())
        .select_related("decision__meeting")
        .prefetch_related(
            Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
            "mandate_goals",
            *indicator_prefetches("", values),
        )
    )
    open_ids = {int(pk) for pk in request.GET.getlist("visa") if pk.isascii() and pk.isdigit()}
    cards = []
    for goal in mandate_goals:
        served = [g for g in annual_goals if any(m.pk == goal.pk for m in g.mandate_goals.all())]
        cards.append(
            {
                "goal": goal,
                "version": goal.version_for(year),
                "assessment": assess_mandate_goal(goal, year, code),
                "annual": [(g, assess_annual_goal(g, code)) for g in served],
                "open": goal.pk in open_ids,
            }
        )
    context = {"year": year, "cards": cards, "open_ids": open_ids}
    if card_id:
        if not cards:
            raise Http404
        return render(request, "goals/year.html#kf-card", {**context, "card": cards[0]})
    vision = Vision.objects.for_user(user).in_force().prefetch_related("focus_areas").first()
    is_planner = user.has_role(Role.PLANNER)
    context |= {
        "vision": vision,
        "period": period,
        "period_info": period_info,
        "years": [year - 1, year, year + 1],
        "orphans": [g for g in annual_goals if not any(c["goal"] in g.mandate_goals.all() for c in cards)],
        "warnings": _planner_warnings(year, period, mandate_goals, annual_goals) if is_planner else [],
        "plan_adopted": any(goal.plan_adopted for goal in annual_goals),
        "is_planner": is_planner,
    }
    return render(request, "goals/year.html", context)


def _has_plan_activity() -> Exists:
    """Whether any plan of the goal's year, adopted or not, has an activity for the KS goal."""
    from planning.models import Activity

    return Exists(
        Activity.objects.filter(
            annual_goal=OuterRef("pk"), is_plan_activity=True, plan__year=OuterRef("year")
        )
    )


def _planner_warnings(year: int, period, mandate_goals: list, annual_goals: list) -> list[str]:
    """The planner's health list for a year: the chain's gaps, and decisions taken outside their month."""
    from budget.models import BudgetVersion
    from planning.models import OperationalPlan

    warnings = chain_warnings(
        year=year, period=period, mandate_goals=mandate_goals, annual_goals=annual_goals
    )
    warnings += plan_activity_warnings(annual_goals, year)
    plans = OperationalPlan.objects.filter(year=year, status=AdoptionStatus.ADOPTED).select_related(
        "decision__meeting"
    )
    versions = BudgetVersion.objects.filter(budget__year=year, decision__isnull=False).select_related(
        "budget", "decision__meeting"
    )
    return warnings + year_warnings(
        year=year,
        period=period,
        mandate_goals=mandate_goals,
        annual_goals=annual_goals,
        plans=plans,
        budget_versions=versions,
    )
