"""KS goals for a year: a goal's page with its activities, drafting, editing and KS's adoption."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from goals import services
from goals.forms import AnnualGoalEditForm, AnnualGoalForm
from goals.models import AnnualGoal, MandateGoal
from goals.selectors import (
    all_indicator_values,
    goal_activities,
    indicator_prefetches,
    indicator_rows,
    municipality_code,
    versions_prefetch,
)
from goals.status import assess_annual_goal
from organisation.access import planner_required
from organisation.decision_timing import ANNUAL_GOALS, month_warning
from organisation.forms import DecisionInputForm
from organisation.lifecycle import AdoptionStatus
from organisation.models import Body, OrgUnit, Role
from organisation.services import decision_record
from styrmodell.concurrency import initial_version, save_or_show
from styrmodell.db import SwedishCollate
from styrmodell.htmx import form_page, htmx_redirect


@require_GET
@login_required
def annual_goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A KS goal: its KF goals, departments, decision, own measure with charts, and status."""
    goal = get_object_or_404(
        AnnualGoal.objects.for_user(request.user)
        .with_plan_counts(timezone.localdate())
        .select_related("body", "decision__meeting__body")
        .prefetch_related(
            Prefetch("mandate_goals", queryset=MandateGoal.objects.prefetch_related(versions_prefetch())),
            Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
            *indicator_prefetches("", all_indicator_values()),
        ),
        pk=pk,
    )
    code = municipality_code()
    context = {
        "goal": goal,
        "assessment": assess_annual_goal(goal, code),
        **goal_activities(goal, request.user),
        "rows": indicator_rows(list(goal.goal_indicators.all()), [goal.year], code, goal.year),
        "mandate_goals": [(m, m.version_for(goal.year)) for m in goal.mandate_goals.all()],
        "annual_years": [goal.year],
        "is_planner": request.user.has_role(Role.PLANNER),
        "editable": goal.status != AdoptionStatus.ADOPTED,
        "decision_warning": month_warning(ANNUAL_GOALS, goal.year, goal.decision),
        "history": goal.history.all(),
    }
    return render(request, "goals/annual_goal.html", context)


def _annual_goal_form(request, year: int, goal: AnnualGoal | None = None) -> AnnualGoalForm:
    """The form for a new KS goal, or for a goal being edited with the version it was read at."""
    applicable = (
        MandateGoal.objects.applying_in(year).select_related("period").prefetch_related(versions_prefetch())
    )
    departments = OrgUnit.objects.active_on(timezone.localdate()).filter(kind=OrgUnit.Kind.DEPARTMENT)
    form_class, initial = (
        (AnnualGoalForm, {"position": _next_annual_goal_number(year)})
        if goal is None
        else (AnnualGoalEditForm, initial_version(goal))
    )
    return form_class(
        request.POST or None,
        instance=goal,
        initial=initial,
        mandate_goals=applicable,
        departments=departments.order_by(SwedishCollate("name")),
    )


def _next_annual_goal_number(year: int) -> int:
    """The number a new KS goal gets by default: one past the highest of KS's goals for the year."""
    highest = AnnualGoal.objects.filter(year=year, body__kind=Body.Kind.EXECUTIVE_BOARD).aggregate(
        highest=Max("position")
    )["highest"]
    return (highest or 0) + 1


def _ks() -> Body:
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        raise Http404
    return body


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def annual_goal_create(request: HttpRequest, year: int) -> HttpResponse:
    """Draft a KS goal for a year."""
    form = _annual_goal_form(request, year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = {}

        def create() -> None:
            created["goal"] = services.annual_goal_save(
                year=year,
                body=_ks(),
                data=data,
                mandate_goals=data["mandate_goals"],
                departments=data["departments"],
                actor=request.user,
            )

        if save_or_show(form, create):
            messages.success(request, _("The KS goal was saved as a draft."))
            return htmx_redirect(request, created["goal"].get_absolute_url())
    return form_page(request, "goals/annual_goal_form.html", {"form": form, "year": year, "goal": None})


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def annual_goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a KS goal that is not adopted yet."""
    goal = get_object_or_404(AnnualGoal.objects.editable_by(request.user), pk=pk)
    form = _annual_goal_form(request, goal.year, goal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_show(
            form,
            lambda: services.annual_goal_save(
                year=goal.year,
                body=goal.body,
                data=data,
                mandate_goals=data["mandate_goals"],
                departments=data["departments"],
                goal=goal,
                expected_version=data["version"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The KS goal was saved."))
            return htmx_redirect(request, goal.get_absolute_url())
    return form_page(request, "goals/annual_goal_form.html", {"form": form, "year": goal.year, "goal": goal})


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def annual_goals_adopt(request: HttpRequest, year: int) -> HttpResponse:
    """Record KS's adoption of its goals for a year (in May)."""
    body = _ks()
    form = DecisionInputForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():

        def adopt() -> None:
            title = _("KS's goals for %(year)s") % {"year": year}
            decision = decision_record(**form.cleaned_data, title=title, actor=request.user)
            services.annual_goals_adopt(year=year, body=body, decision=decision, actor=request.user)

        if save_or_show(form, adopt):
            messages.success(request, _("KS's goals for %(year)s are adopted.") % {"year": year})
            return redirect("goals:year", year)
    drafts = AnnualGoal.objects.filter(year=year, body=body).exclude(status=AdoptionStatus.ADOPTED)
    return render(request, "goals/annual_goals_adopt.html", {"form": form, "year": year, "drafts": drafts})
