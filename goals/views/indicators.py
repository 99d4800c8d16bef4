"""Indicators: the register, one indicator's values and chart, and an indicator with targets on a goal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from goals import services
from goals.charts import indicator_chart
from goals.forms import GoalIndicatorForm, IndicatorEditForm, IndicatorForm, IndicatorValueForm
from goals.models import AnnualGoal, GoalIndicator, Indicator, IndicatorValue, MandateGoal
from goals.selectors import kolada_panel_context, municipality_code
from organisation.access import planner_required
from organisation.models import Role
from styrmodell.concurrency import initial_version, save_or_show
from styrmodell.db import SwedishCollate
from styrmodell.htmx import form_page, htmx_redirect


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def goal_indicator_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Choose an indicator for a goal, with its baseline and targets."""
    if kind not in {"kf", "ks"}:
        raise Http404
    if kind == "kf":
        goal = get_object_or_404(
            MandateGoal.objects.editable_by(request.user).select_related("period"), pk=pk
        )
        years = list(goal.period.period.goal_years)
    else:
        goal = get_object_or_404(AnnualGoal.objects.editable_by(request.user), pk=pk)
        years = [goal.year]
    form = GoalIndicatorForm(request.POST or None, years=years)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Choosing an indicator the goal already has updates its baseline and targets.
        existing = goal.goal_indicators.filter(indicator=data["indicator"]).first()
        if save_or_show(
            form,
            lambda: services.goal_indicator_save(
                goal=goal,
                link=existing,
                indicator=data["indicator"],
                baseline_year=data["baseline_year"],
                baseline_value=data["baseline_value"],
                targets=form.targets(),
                actor=request.user,
            ),
        ):
            messages.success(request, _("The indicator was added to the goal."))
            return htmx_redirect(request, goal.get_absolute_url())
    return form_page(request, "goals/goal_indicator_form.html", {"form": form, "goal": goal})


@require_POST
@login_required
@planner_required
def goal_indicator_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an indicator off a goal that is not adopted."""
    link = get_object_or_404(
        GoalIndicator.objects.select_related("mandate_goal__period", "annual_goal"), pk=pk
    )
    goal = link.mandate_goal or link.annual_goal
    try:
        services.goal_indicator_remove(link=link, actor=request.user)
        messages.success(request, _("The indicator was removed from the goal."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(goal.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    """The register of indicators; planners add indicators, planners and finance fetch from Kolada."""
    is_planner = request.user.has_role(Role.PLANNER)
    if request.method == "POST" and not is_planner:
        raise PermissionDenied
    form = IndicatorForm(request.POST or None) if is_planner else None
    if request.method == "POST" and form.is_valid():
        created = {}
        if save_or_show(
            form,
            lambda: created.update(
                indicator=services.indicator_save(data=form.cleaned_data, actor=request.user)
            ),
        ):
            messages.success(request, _("The indicator was added."))
            return htmx_redirect(request, created["indicator"].get_absolute_url())
        if request.htmx:
            return render(request, "goals/indicators.html#form", {"form": form})
    indicators = Indicator.objects.for_user(request.user).order_by(SwedishCollate("title"))
    context = {"indicators": indicators, "form": form, **kolada_panel_context(request.user)}
    return render(request, "goals/indicators.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator: its values, chart, the goals using it; planners set unit, direction and own values."""
    indicator = get_object_or_404(
        Indicator.objects.for_user(request.user).prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("year", "municipality", "gender")),
            Prefetch(
                "goal_links", queryset=GoalIndicator.objects.select_related("mandate_goal", "annual_goal")
            ),
        ),
        pk=pk,
    )
    is_planner = request.user.has_role(Role.PLANNER)
    if request.method == "POST" and not is_planner:
        raise PermissionDenied
    action = request.POST.get("action")
    form = (
        IndicatorEditForm(
            request.POST if action == "edit" else None, instance=indicator, initial=initial_version(indicator)
        )
        if is_planner
        else None
    )
    value_form = (
        IndicatorValueForm(request.POST if action == "value" else None, prefix="value")
        if is_planner
        else None
    )
    code = municipality_code()
    if action == "edit" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.indicator_save(
                data=form.cleaned_data,
                indicator=indicator,
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The indicator was saved."))
            return redirect(indicator.get_absolute_url())
        # The form wrote the user's values onto the indicator in memory: show it as saved.
        indicator.refresh_from_db(fields=[*IndicatorEditForm.Meta.fields, "version"])
    elif action == "value" and value_form.is_valid():
        data = value_form.cleaned_data
        if save_or_show(
            value_form,
            lambda: services.indicator_value_set(
                indicator=indicator,
                municipality=code,
                year=data["year"],
                value=data["value"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The value was saved."))
            return redirect(indicator.get_absolute_url())
    own = {v.year: v.value for v in indicator.values.all() if v.municipality == code and v.gender == "T"}
    country = {
        v.year: v.value
        for v in indicator.values.all()
        if v.municipality == IndicatorValue.COUNTRY and v.gender == "T"
    }
    fetched = max((v.fetched_at for v in indicator.values.all() if v.fetched_at), default=None)
    chart = indicator_chart(
        title=indicator.title,
        unit=indicator.unit,
        years=sorted({*own, *country})[-10:],
        own=own,
        country=country,
        targets={},
        higher_is_better=indicator.higher_is_better,
        own_label=_("The municipality"),
        chart_id=f"indicator-{indicator.pk}",
        source_note=indicator.source == Indicator.Source.KOLADA,
        fetched_at=timezone.localtime(fetched).date() if fetched else "",
    )
    years = sorted({v.year for v in indicator.values.all()}, reverse=True)
    table = [
        {
            "year": year,
            "own": {
                v.gender: v.value for v in indicator.values.all() if v.year == year and v.municipality == code
            },
            "country": own and country.get(year),
        }
        for year in years
    ]
    context = {
        "indicator": indicator,
        "chart": chart,
        "table": table,
        "form": form,
        "value_form": value_form if indicator.source == Indicator.Source.INTERNAL else None,
        "fetched": fetched,
        "history": indicator.history.all(),
    }
    return render(request, "goals/indicator.html", context)
