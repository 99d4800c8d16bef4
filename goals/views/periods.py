"""Mandate periods and their KF goals: drafting, adoption (R7), a KF goal's page, edits, revisions (R21)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals import services
from goals.forms import MandateGoalEditForm, MandateGoalForm
from goals.health import focus_area_warning
from goals.models import AnnualGoal, FocusArea, MandateGoal, MandateGoalVersion, MandatePeriod, Vision
from goals.periods import Period, is_election_year
from goals.selectors import (
    all_indicator_values,
    indicator_prefetches,
    indicator_rows,
    municipality_code,
    versions_prefetch,
)
from goals.status import assess_mandate_goal
from organisation.access import planner_required
from organisation.decision_timing import MANDATE_GOALS, month_warning, version_month_warning
from organisation.forms import DecisionInputForm
from organisation.lifecycle import AdoptionStatus
from organisation.models import Body, Role
from organisation.services import decision_record
from styrmodell.concurrency import initial_version, save_or_show
from styrmodell.htmx import form_page, htmx_redirect


@require_GET
@login_required
def mandate_goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A KF goal: its text, focus areas, decision, versions, indicators with a chart each, and KS goals."""
    goal = get_object_or_404(
        MandateGoal.objects.for_user(request.user)
        .select_related("period__decision__meeting__body")
        .prefetch_related(
            versions_prefetch(),
            *indicator_prefetches("", all_indicator_values()),
            Prefetch(
                "annual_goals",
                queryset=AnnualGoal.objects.for_user(request.user).order_by("-year", "position"),
            ),
        ),
        pk=pk,
    )
    code = municipality_code()
    years = list(goal.period.period.goal_years)
    year = _chosen_year(request, years)
    version = goal.version_for(year) or goal.current_version
    is_planner = request.user.has_role(Role.PLANNER)
    context = {
        "goal": goal,
        "version": version,
        "versions": _version_rows(goal),
        "year": year,
        "years": years,
        "assessment": assess_mandate_goal(goal, year, code),
        "rows": indicator_rows(list(goal.goal_indicators.all()), years, code, year),
        "is_planner": is_planner,
        "editable": goal.period.status != AdoptionStatus.ADOPTED,
        "focus_warning": focus_area_warning(goal, version) if is_planner else None,
        "decision_warning": version_month_warning(goal.period, version),
        "history": MandateGoalVersion.history.filter(goal_id=goal.pk),
    }
    return render(request, "goals/mandate_goal.html", context)


def _version_rows(goal: MandateGoal) -> list[dict]:
    """A KF goal's versions in order, each with the years it applies (R8, R21); versions prefetched.

    A wording revised before its first year never applied: it is shown with its decision all the same.
    """
    period = goal.period
    last = period.period.last_goal_year
    rows = []
    for version in sorted(goal.versions.all(), key=lambda v: (v.valid_from or 9999, v.pk)):
        until = version.valid_until or last
        rows.append(
            {
                "version": version,
                "first": version.valid_from,
                "last": until,
                "never_applied": version.valid_from is not None
                and until < max(version.valid_from, period.period.first_goal_year),
                "is_revision": version.decision_id is not None and version.decision_id != period.decision_id,
            }
        )
    return rows


def _chosen_year(request: HttpRequest, years: list[int]) -> int:
    raw = request.GET.get("ar", "")
    if raw.isascii() and raw.isdigit() and int(raw) in years:
        return int(raw)
    today = timezone.localdate().year
    return today if today in years else years[0]


@require_http_methods(["GET", "POST"])
@login_required
def period_page(request: HttpRequest, election_year: int) -> HttpResponse:
    """A mandate period: its dates, its KF goals, and for planners the drafting and adoption (R7)."""
    if not is_election_year(election_year):
        raise Http404
    is_planner = request.user.has_role(Role.PLANNER)
    if request.method == "POST" and not is_planner:
        raise PermissionDenied
    period = MandatePeriod.objects.for_user(request.user).filter(election_year=election_year).first()
    if period is None and not is_planner:
        raise Http404
    vision = Vision.objects.in_force().first()
    areas = FocusArea.objects.filter(vision=vision) if vision else FocusArea.objects.none()
    goal_form = MandateGoalForm(request.POST or None, focus_areas=areas)
    if request.method == "POST" and goal_form.is_valid():
        data = goal_form.cleaned_data

        def create() -> None:
            target = services.mandate_period_get_or_create(election_year=election_year, actor=request.user)
            services.mandate_goal_create(
                period=target, data=data, focus_areas=data["focus_areas"], actor=request.user
            )

        if save_or_show(goal_form, create):
            messages.success(request, _("The KF goal was added to the draft."))
            return htmx_redirect(request, reverse("goals:period", args=[election_year]))
    goals = _period_goals(period) if period else []
    context = {
        "election_year": election_year,
        "info": Period(election_year),
        "period": period,
        "goals": goals,
        "goal_form": goal_form
        if is_planner and (period is None or period.status != AdoptionStatus.ADOPTED)
        else None,
        "decision_form": DecisionInputForm(body=Body.Kind.ASSEMBLY) if is_planner else None,
        "problems": services.mandate_period_problems(period) if period and is_planner else [],
        "focus_warnings": _focus_warnings(goals) if is_planner else [],
        "decision_warning": month_warning(MANDATE_GOALS, election_year, period.decision) if period else None,
        "is_planner": is_planner,
    }
    return form_page(request, "goals/period.html", context)


def _period_goals(period: MandatePeriod) -> list[MandateGoal]:
    return list(period.goals.prefetch_related(versions_prefetch(), "goal_indicators"))


def _focus_warnings(goals: list[MandateGoal]) -> list[str]:
    """The goals whose newest wording names no focus area of the vision (R7); versions prefetched."""
    return [w for goal in goals if (w := focus_area_warning(goal, goal.current_version))]


@require_POST
@login_required
@planner_required
def period_propose(request: HttpRequest, election_year: int) -> HttpResponse:
    """Make the draft goals a proposal that every signed-in user reads."""
    period = get_object_or_404(MandatePeriod.objects.editable_by(request.user), election_year=election_year)
    try:
        services.mandate_period_propose(period=period, actor=request.user)
        messages.success(request, _("The goals are now a proposal that everyone can read."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("goals:period", election_year)


@require_POST
@login_required
@planner_required
def period_adopt(request: HttpRequest, election_year: int) -> HttpResponse:
    """Record KF's adoption of the period's goals; refused unless 3–5 goals each with a criterion."""
    period = get_object_or_404(MandatePeriod.objects.editable_by(request.user), election_year=election_year)
    form = DecisionInputForm(request.POST, body=Body.Kind.ASSEMBLY)
    if form.is_valid():
        data = form.cleaned_data

        def adopt() -> None:
            title = _("KF's goals for the mandate period %(period)s") % {"period": period}
            decision = decision_record(**data, title=title, actor=request.user)
            services.mandate_period_adopt(period=period, decision=decision, actor=request.user)

        if save_or_show(form, adopt):
            messages.success(request, _("KF's goals for the period are adopted."))
            return redirect("goals:period", election_year)
    goals = _period_goals(period)
    context = {
        "election_year": election_year,
        "info": period.period,
        "period": period,
        "goals": goals,
        "goal_form": None,
        "decision_form": form,
        "problems": services.mandate_period_problems(period),
        "focus_warnings": _focus_warnings(goals),
        "is_planner": True,
    }
    return render(request, "goals/period.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def mandate_goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft KF goal."""
    goal = get_object_or_404(MandateGoal.objects.editable_by(request.user).select_related("period"), pk=pk)
    version = goal.versions.filter(valid_from__isnull=True).first()
    if version is None:
        messages.info(request, _("The goal is adopted: change it by a revision."))
        return redirect("goals:mandate_goal_revise", goal.pk)
    vision = Vision.objects.in_force().first()
    areas = FocusArea.objects.filter(vision=vision) if vision else FocusArea.objects.none()
    form = MandateGoalEditForm(
        request.POST or None, instance=version, initial=initial_version(version), focus_areas=areas
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_or_show(
            form,
            lambda: services.mandate_goal_update(
                goal=goal,
                data=data,
                focus_areas=data["focus_areas"],
                expected_version=data["version"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The KF goal was saved."))
            return htmx_redirect(request, goal.get_absolute_url())
    return form_page(request, "goals/mandate_goal_form.html", {"goal": goal, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def mandate_goal_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Revise an adopted KF goal by a KF decision (R21); it applies from the next budget year."""
    goal = get_object_or_404(MandateGoal.objects.editable_by(request.user).select_related("period"), pk=pk)
    current = goal.current_version
    vision = Vision.objects.in_force().first()
    areas = FocusArea.objects.filter(vision=vision) if vision else FocusArea.objects.none()
    initial = {
        "title": current.title,
        "description": current.description,
        "criterion": current.criterion,
        "criterion_count": current.criterion_count,
        "criterion_text": current.criterion_text,
    }
    form = MandateGoalForm(request.POST or None, initial=initial, focus_areas=areas)
    if not request.POST:
        form.fields["focus_areas"].initial = list(current.focus_areas.all())
    decision_form = DecisionInputForm(request.POST or None, body=Body.Kind.ASSEMBLY)
    if request.method == "POST" and form.is_valid() and decision_form.is_valid():
        data = form.cleaned_data

        def revise() -> None:
            title = _("Revision of KF goal: %(goal)s") % {"goal": data["title"]}
            decision = decision_record(**decision_form.cleaned_data, title=title, actor=request.user)
            services.mandate_goal_revise(
                goal=goal, data=data, focus_areas=data["focus_areas"], decision=decision, actor=request.user
            )

        if save_or_show(decision_form, revise):
            messages.success(request, _("The revision is recorded; the earlier wording is kept."))
            return redirect(goal.get_absolute_url())
    context = {"goal": goal, "form": form, "decision_form": decision_form, "current": current}
    return render(request, "goals/mandate_goal_revise.html", context)
