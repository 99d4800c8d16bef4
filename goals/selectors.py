"""Composed reads for the goals pages: prefetches, the indicator rows with charts, the Kolada panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.charts import indicator_chart
from goals.kolada_import import ABANDONED_AFTER, ACTIVE_STATES, municipality_kolada_code
from goals.models import GoalIndicator, Indicator, IndicatorValue, KoladaImport, MandateGoalVersion
from organisation.lifecycle import AdoptionStatus
from organisation.models import Role

if TYPE_CHECKING:
    from organisation.models import User

RECENT_RUNS = 5


def municipality_code() -> str:
    try:
        return municipality_kolada_code()
    except Exception:  # noqa: BLE001 - no municipality entered yet: statuses simply lack values
        return ""


def versions_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}versions",
        queryset=MandateGoalVersion.objects.select_related("decision__meeting__body").prefetch_related(
            "focus_areas"
        ),
    )


def indicator_prefetches(prefix: str, values_queryset) -> list:
    return [
        Prefetch(f"{prefix}goal_indicators", queryset=GoalIndicator.objects.select_related("indicator")),
        f"{prefix}goal_indicators__targets",
        Prefetch(f"{prefix}goal_indicators__indicator__values", queryset=values_queryset),
    ]


def all_indicator_values() -> object:
    return IndicatorValue.objects.filter(gender="T").order_by("year")


def value_trend(values: list, *, higher_is_better: bool) -> str | None:
    """An indicator's trend: the latest value against the one before, "better", "worse" or "same" by
    whether a higher value is better; None with fewer than two values."""
    if len(values) < 2:
        return None
    change = values[-1] - values[-2]
    if change == 0:
        return "same"
    better = change > 0 if higher_is_better else change < 0
    return "better" if better else "worse"


def indicator_rows(links: list, years: list[int], code: str, status_year: int) -> list[dict]:
    """Table rows and a chart for each of a goal's indicators; values for all years are prefetched."""
    rows = []
    for link in links:
        indicator = link.indicator
        own = {v.year: v.value for v in indicator.values.all() if v.municipality == code and v.gender == "T"}
        country = {
            v.year: v.value
            for v in indicator.values.all()
            if v.municipality == IndicatorValue.COUNTRY and v.gender == "T"
        }
        targets = {t.year: t.value for t in link.targets.all()}
        chart_years = sorted({*years, *own.keys(), *country.keys()})
        fetched = max((v.fetched_at for v in indicator.values.all() if v.fetched_at), default=None)
        latest_year = max((y for y, v in own.items() if v is not None), default=None)
        previous = [own[y] for y in sorted(own) if own[y] is not None]
        trend = value_trend(previous, higher_is_better=indicator.higher_is_better)
        rows.append(
            {
                "link": link,
                "indicator": indicator,
                "targets": [(y, targets.get(y)) for y in years],
                "latest_year": latest_year,
                "latest": own.get(latest_year) if latest_year else None,
                "trend": trend,
                "chart": indicator_chart(
                    title=indicator.title,
                    unit=indicator.unit,
                    years=chart_years[-10:],
                    own=own,
                    country=country,
                    targets=targets,
                    higher_is_better=indicator.higher_is_better,
                    own_label=_("The municipality"),
                    chart_id=f"chart-{link.pk}",
                    source_note=indicator.source == Indicator.Source.KOLADA,
                    fetched_at=timezone.localtime(fetched).date() if fetched else "",
                ),
            }
        )
    return rows


def goal_activities(goal, user: User) -> dict[str, Any]:
    """A KS goal's page's activities, in three queries however many there are: the first of the adopted
    plan's activities for the goal, exactly those R13 counts (None when the body has no adopted plan for
    the year), and apart the first of the units' own activities toward it, which never count (R14),
    with how many there are of each; the rest are in the activity list. Expects the goal loaded
    `with_plan_counts`.
    """
    from planning.models import Activity
    from planning.selectors import ACTIVITIES_SHOWN, activity_rows

    order = ("planned_end", "start", "pk")
    related = ("responsible_unit", "responsible", "annual_goal")
    counted = None
    if goal.plan_adopted:
        plan_activities = Activity.objects.filter(
            annual_goal=goal, is_plan_activity=True, plan__status=AdoptionStatus.ADOPTED
        )
        first = plan_activities.select_related(*related).order_by(*order)[:ACTIVITIES_SHOWN]
        counted = activity_rows(first, year=goal.year)
    units = Activity.objects.for_user(user).filter(annual_goal=goal, is_plan_activity=False)
    first_units = units.select_related(*related).order_by(*order)[:ACTIVITIES_SHOWN]
    return {
        "counted_activities": counted,
        "counted_count": goal.plan_total,
        "unit_activities": activity_rows(first_units, year=goal.year),
        "unit_activities_count": units.count(),
    }


def kolada_panel_context(user: User) -> dict[str, Any]:
    """The context goals/_kolada_panel.html needs: recent runs, the one under way, who may start one."""
    runs = list(
        KoladaImport.objects.select_related("requested_by").order_by("-created_at", "-pk")[:RECENT_RUNS]
    )
    since = timezone.now() - ABANDONED_AFTER
    active = next((run for run in runs if run.state in ACTIVE_STATES and run.created_at >= since), None)
    last_fetch = (
        KoladaImport.objects.filter(state=KoladaImport.State.DONE, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {
        "kolada_runs": runs,
        "kolada_active": active,
        "kolada_last_fetch": last_fetch,
        "kolada_may_start": user.has_role(Role.PLANNER, Role.FINANCE),
    }
