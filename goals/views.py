"""Pages of the goal chain: the röd tråd per year, goal pages with charts, and the planners' forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from goals import services
from goals.charts import indicator_chart
from goals.forms import (
    AnnualGoalEditForm,
    AnnualGoalForm,
    DecisionInputForm,
    FocusAreaForm,
    GoalIndicatorForm,
    IndicatorEditForm,
    IndicatorForm,
    IndicatorValueForm,
    MandateGoalEditForm,
    MandateGoalForm,
    VisionEditForm,
    VisionForm,
)
from goals.health import chain_warnings, focus_area_warning, plan_activity_warnings
from goals.kolada_import import municipality_kolada_code
from goals.models import (
    AnnualGoal,
    FocusArea,
    GoalIndicator,
    Indicator,
    IndicatorValue,
    MandateGoal,
    MandateGoalVersion,
    MandatePeriod,
    Vision,
)
from goals.periods import Period, is_election_year
from goals.status import assess_annual_goal, assess_mandate_goal, plan_activities
from goals.views_kolada import kolada_panel_context
from organisation.access import role_required
from organisation.decision_timing import (
    ANNUAL_GOALS,
    MANDATE_GOALS,
    month_warning,
    version_month_warning,
    year_warnings,
)
from organisation.models import Body, OrgUnit, Role
from organisation.services import decision_record
from styrmodell.concurrency import initial_version, save_or_show
from styrmodell.db import SwedishCollate
from styrmodell.publishing import PublicationStatus

planner_required = role_required(Role.PLANNER)
MIN_YEAR, MAX_YEAR = 2000, 2100


def _code() -> str:
    try:
        return municipality_kolada_code()
    except Exception:  # noqa: BLE001 - no municipality entered yet: statuses simply lack values
        return ""


def _indicator_prefetches(prefix: str, values_queryset) -> list:
    return [
        Prefetch(f"{prefix}goal_indicators", queryset=GoalIndicator.objects.select_related("indicator")),
        f"{prefix}goal_indicators__targets",
        Prefetch(f"{prefix}goal_indicators__indicator__values", queryset=values_queryset),
    ]


def _versions_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}versions",
        queryset=MandateGoalVersion.objects.select_related("decision__meeting__body").prefetch_related(
            "focus_areas"
        ),
    )


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The goal chain of the current year, or of the year asked for (?ar=)."""
    year = request.GET.get("ar", "")
    if year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR:
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
    code = _code()
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
        .prefetch_related(_versions_prefetch(), *_indicator_prefetches("", values))
    )
    card_id = request.GET.get("kort", "") if request.htmx else ""
    card_id = int(card_id) if card_id.isdigit() else None
    if card_id:
        mandate_goals = mandate_goals.filter(pk=card_id)
    mandate_goals = list(mandate_goals)
    annual_goals = list(
        AnnualGoal.objects.for_user(user)
        .filter(year=year)
        .with_plan_activities()
        .annotate(has_plan_activity=_has_plan_activity())
        .select_related("decision__meeting")
        .prefetch_related(
            Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
            "mandate_goals",
            *_indicator_prefetches("", values),
        )
    )
    open_ids = {int(pk) for pk in request.GET.getlist("visa") if pk.isdigit()}
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
    from planning.budget_models import BudgetVersion
    from planning.models import OperationalPlan, PlanStatus

    warnings = chain_warnings(
        year=year, period=period, mandate_goals=mandate_goals, annual_goals=annual_goals
    )
    warnings += plan_activity_warnings(annual_goals, year)
    plans = OperationalPlan.objects.filter(year=year, status=PlanStatus.ADOPTED).select_related(
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


def _indicator_rows(links: list, years: list[int], code: str, status_year: int) -> list[dict]:
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
        trend = None
        if len(previous) >= 2:
            change = previous[-1] - previous[-2]
            better = change > 0 if indicator.higher_is_better else change < 0
            trend = "same" if change == 0 else ("better" if better else "worse")
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


def _all_values() -> object:
    return IndicatorValue.objects.filter(gender="T").order_by("year")


@require_GET
@login_required
def mandate_goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A KF goal: its text, focus areas, decision, versions, indicators with a chart each, and KS goals."""
    goal = get_object_or_404(
        MandateGoal.objects.for_user(request.user)
        .select_related("period__decision__meeting__body")
        .prefetch_related(
            _versions_prefetch(),
            *_indicator_prefetches("", _all_values()),
            Prefetch(
                "annual_goals",
                queryset=AnnualGoal.objects.for_user(request.user).order_by("-year", "position"),
            ),
        ),
        pk=pk,
    )
    code = _code()
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
        "rows": _indicator_rows(list(goal.goal_indicators.all()), years, code, year),
        "is_planner": is_planner,
        "editable": goal.period.status != PublicationStatus.ADOPTED,
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
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    today = timezone.localdate().year
    return today if today in years else years[0]


@require_GET
@login_required
def annual_goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A KS goal: its KF goals, departments, decision, own measure with charts, and status."""
    goal = get_object_or_404(
        AnnualGoal.objects.for_user(request.user)
        .with_plan_activities()
        .select_related("body", "decision__meeting__body")
        .prefetch_related(
            Prefetch("mandate_goals", queryset=MandateGoal.objects.prefetch_related(_versions_prefetch())),
            Prefetch("departments", queryset=OrgUnit.objects.order_by(SwedishCollate("name"))),
            *_indicator_prefetches("", _all_values()),
        ),
        pk=pk,
    )
    code = _code()
    counted, unit_activities = _goal_activities(goal, request.user)
    context = {
        "goal": goal,
        "assessment": assess_annual_goal(goal, code),
        "counted_activities": counted,
        "unit_activities": unit_activities,
        "rows": _indicator_rows(list(goal.goal_indicators.all()), [goal.year], code, goal.year),
        "mandate_goals": [(m, m.version_for(goal.year)) for m in goal.mandate_goals.all()],
        "annual_years": [goal.year],
        "is_planner": request.user.has_role(Role.PLANNER),
        "editable": goal.status != PublicationStatus.ADOPTED,
        "decision_warning": month_warning(ANNUAL_GOALS, goal.year, goal.decision),
        "history": goal.history.all(),
    }
    return render(request, "goals/annual_goal.html", context)


def _goal_activities(goal: AnnualGoal, user) -> tuple[list | None, list]:
    """The activities toward a KS goal, in one query beyond the goal's prefetch, whatever their number.

    First the adopted plan's activities, exactly those R13 counts (None when the body has no adopted
    plan for the year), then apart the units' own activities toward the goal, which never count (R14).
    """
    from planning.models import Activity

    counted = plan_activities(goal)
    units = list(
        Activity.objects.for_user(user)
        .filter(annual_goal=goal, is_plan_activity=False)
        .select_related("responsible_unit")
        .order_by("planned_end", "pk")
    )
    today = timezone.localdate()
    for activity in [*(counted or []), *units]:
        activity.late = activity.is_late(today)
    return counted, units


# The planners' pages


def _form_page(request, template: str, context: dict) -> HttpResponse:
    """Render a form page; htmx gets only the form partial (status 200 so htmx swaps it)."""
    return render(request, template + ("#form" if request.htmx else ""), context)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_http_methods(["GET", "POST"])
@login_required
def vision_page(request: HttpRequest) -> HttpResponse:
    """The vision in force and earlier ones, for every role (R6); for planners the drafts and a form.

    Reading is everyone's; drafting a new vision (POST) stays the planners'.
    """
    is_planner = request.user.has_role(Role.PLANNER)
    if request.method == "POST" and not is_planner:
        raise PermissionDenied
    form = VisionForm(request.POST or None) if is_planner else None
    if request.method == "POST" and form.is_valid():
        vision = services.vision_create(text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("The draft vision was saved."))
        return _redirect(request, reverse("goals:vision_edit", args=[vision.pk]))
    visions = (
        Vision.objects.for_user(request.user)
        .select_related("decision__meeting__body")
        .prefetch_related("focus_areas")
    )
    context = {"form": form, "visions": visions.order_by("-pk"), "is_planner": is_planner}
    if not is_planner:
        return render(request, "goals/vision.html", context)
    return _form_page(request, "goals/vision.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft vision: its text, its focus areas, and adoption by a KF decision."""
    vision = get_object_or_404(Vision.objects.editable_by(request.user), pk=pk)
    action = request.POST.get("action")
    form = VisionEditForm(
        request.POST if action == "text" else None, instance=vision, initial=initial_version(vision)
    )
    area_form = FocusAreaForm(request.POST if action == "area" else None, prefix="area")
    decision_form = DecisionInputForm(request.POST if action == "adopt" else None, body_short_name="KF")
    if action == "text" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.vision_update(
                vision=vision,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The vision was saved."))
            return redirect("goals:vision_edit", vision.pk)
    elif action == "area" and area_form.is_valid():
        data = area_form.cleaned_data
        if save_or_show(
            area_form,
            lambda: services.focus_area_save(
                vision=vision,
                title=data["title"],
                description=data["description"],
                position=data["position"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The focus area was added."))
            return redirect("goals:vision_edit", vision.pk)
    elif action == "adopt" and decision_form.is_valid():
        data = decision_form.cleaned_data

        def adopt() -> None:
            decision = decision_record(**data, title=_("Vision"), actor=request.user)
            services.vision_adopt(vision=vision, decision=decision, actor=request.user)

        if save_or_show(decision_form, adopt):
            messages.success(request, _("The vision is adopted and in force."))
            return redirect("goals:vision")
    context = {"vision": vision, "form": form, "area_form": area_form, "decision_form": decision_form}
    return render(request, "goals/vision_edit.html", context)


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
            return _redirect(request, reverse("goals:period", args=[election_year]))
    goals = _period_goals(period) if period else []
    context = {
        "election_year": election_year,
        "info": Period(election_year),
        "period": period,
        "goals": goals,
        "goal_form": goal_form
        if is_planner and (period is None or period.status != PublicationStatus.ADOPTED)
        else None,
        "decision_form": DecisionInputForm(body_short_name="KF") if is_planner else None,
        "problems": services.mandate_period_problems(period) if period and is_planner else [],
        "focus_warnings": _focus_warnings(goals) if is_planner else [],
        "decision_warning": month_warning(MANDATE_GOALS, election_year, period.decision) if period else None,
        "is_planner": is_planner,
    }
    return _form_page(request, "goals/period.html", context)


def _period_goals(period: MandatePeriod) -> list[MandateGoal]:
    return list(period.goals.prefetch_related(_versions_prefetch(), "goal_indicators"))


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
    form = DecisionInputForm(request.POST, body_short_name="KF")
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
            return _redirect(request, goal.get_absolute_url())
    return _form_page(request, "goals/mandate_goal_form.html", {"goal": goal, "form": form})


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
    decision_form = DecisionInputForm(request.POST or None, body_short_name="KF")
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


def _annual_goal_form(request, year: int, goal: AnnualGoal | None = None) -> AnnualGoalForm:
    """The form for a new KS goal, or for a goal being edited with the version it was read at."""
    applicable = (
        MandateGoal.objects.applying_in(year).select_related("period").prefetch_related(_versions_prefetch())
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
    body = Body.objects.filter(kind=Body.Kind.EXECUTIVE_BOARD).first()
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
            return _redirect(request, created["goal"].get_absolute_url())
    return _form_page(request, "goals/annual_goal_form.html", {"form": form, "year": year, "goal": None})


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
            return _redirect(request, goal.get_absolute_url())
    return _form_page(request, "goals/annual_goal_form.html", {"form": form, "year": goal.year, "goal": goal})


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def annual_goals_adopt(request: HttpRequest, year: int) -> HttpResponse:
    """Record KS's adoption of its goals for a year (in May)."""
    body = _ks()
    form = DecisionInputForm(request.POST or None, body_short_name=body.short_name)
    if request.method == "POST" and form.is_valid():

        def adopt() -> None:
            title = _("KS's goals for %(year)s") % {"year": year}
            decision = decision_record(**form.cleaned_data, title=title, actor=request.user)
            services.annual_goals_adopt(year=year, body=body, decision=decision, actor=request.user)

        if save_or_show(form, adopt):
            messages.success(request, _("KS's goals for %(year)s are adopted.") % {"year": year})
            return redirect("goals:year", year)
    drafts = AnnualGoal.objects.filter(year=year, body=body).exclude(status=PublicationStatus.ADOPTED)
    return render(request, "goals/annual_goals_adopt.html", {"form": form, "year": year, "drafts": drafts})


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
            return _redirect(request, goal.get_absolute_url())
    return _form_page(request, "goals/goal_indicator_form.html", {"form": form, "goal": goal})


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
            return _redirect(request, created["indicator"].get_absolute_url())
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
    code = _code()
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
