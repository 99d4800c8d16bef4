"""The operational plan as a readable document (R11), the planners' actions on it, and one activity's page."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from budget.selectors import plan_budget_section
from goals.models import AnnualGoal
from organisation import lifecycle
from organisation.decision_timing import PLAN, month_warning
from organisation.forms import DecisionInputForm
from organisation.models import Body, Decision, OrgUnit, Role, User
from planning import services
from planning.forms import ActivityEditForm, PlanActivityForm, PlanTextsForm, UnitActivityForm
from planning.models import Activity, OperationalPlan
from planning.selectors import plan_page
from styrmodell.concurrency import initial_version, run_or_tell, save_or_show
from styrmodell.db import SwedishCollate
from styrmodell.htmx import htmx_redirect

MIN_YEAR, MAX_YEAR = 2000, 2100
PLAN_TEMPLATE = "planning/plan.html"
GOAL_SECTIONS = "goal-sections"  # the partial (and its element's id) an htmx page of goals swaps
DECISION_STEPS = "components/decision_steps.html"  # the adoption and send-back forms


# Helpers


def _ks() -> Body:
    """The executive board (KS), whose plan the pages show."""
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        raise Http404
    return body


def _active_units():
    return OrgUnit.objects.active_on(timezone.localdate()).order_by(SwedishCollate("name"))


def _unit_choices(user: User):
    """Planners choose any unit in force; administrators only their own units and those below them."""
    if user.has_role(Role.PLANNER):
        return _active_units()
    return (
        OrgUnit.objects.writable_for_administrator(user)
        .active_on(timezone.localdate())
        .order_by(SwedishCollate("name"))
    )


def _plan_goals(plan: OperationalPlan):
    return AnnualGoal.objects.filter(year=plan.year, body=plan.body).order_by("position", "pk")


def _may_post(user: User, action: str) -> bool:
    """Planners take every step; administrators only add their units' own activities (R14)."""
    if user.has_role(Role.PLANNER):
        return True
    return action == "unit_activity" and user.has_role(Role.ADMINISTRATOR)


def _default_texts(body: Body) -> dict[str, str]:
    return {
        "mission": _(
            "%(body)s leads and coordinates the municipality's administration and oversees the other "
            "boards and the wholly-owned companies. Describe the body's mission for the year here."
        )
        % {"body": body.name},
        "model_summary": _(
            "The governance model leads from the vision through the assembly's goals for the mandate "
            "period to the executive board's goals for the year. This plan breaks the board's goals down "
            "into activities with a time plan. A goal without a measure of its own counts as achieved "
            "when more than half of the plan's activities for it were carried out as planned."
        ),
    }


# The plan


@require_GET
@login_required
def plan_index(request: HttpRequest) -> HttpResponse:
    """The current year's plan (or the year asked for with ?ar=); otherwise the plans the user may read."""
    raw = request.GET.get("ar", "")
    if raw.isascii() and raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return redirect("planning:plan", int(raw))
    year = timezone.localdate().year
    plans = OperationalPlan.objects.for_user(request.user).select_related("body", "decision__meeting__body")
    plans = list(plans.filter(body__kind=Body.Kind.EXECUTIVE_BOARD).order_by("-year"))
    if request.user.has_role(Role.PLANNER) or any(p.year == year for p in plans):
        return redirect("planning:plan", year)
    return render(request, "planning/plan_index.html", {"plans": plans, "year": year})


@require_http_methods(["GET", "POST"])
@login_required
def plan_detail(request: HttpRequest, year: int) -> HttpResponse:
    """KS's plan for a year as a document in R11's order; planners edit, propose, adopt and roll it over."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and not _may_post(user, action):
        raise PermissionDenied
    body = _ks()
    near = (
        OperationalPlan.objects.for_user(user)
        .filter(body=body, year__in=[year - 1, year, year + 1])
        .select_related("body", "decision__meeting__body", "rolled_over_from")
    )
    plans = {p.year: p for p in near}
    plan = plans.get(year)
    if plan is None:
        if not user.has_role(Role.PLANNER):
            raise Http404
        return _missing_plan(request, body=body, year=year, previous=plans.get(year - 1), action=action)
    return _plan_page(request, plan=plan, plans=plans, action=action)


def _missing_plan(
    request: HttpRequest, *, body: Body, year: int, previous: OperationalPlan | None, action: str
) -> HttpResponse:
    """No plan for the year yet: planners start one, empty or from the previous year's plan."""
    url = reverse("planning:plan", args=[year])
    if action == "create":
        run_or_tell(
            request,
            lambda: services.plan_create(body=body, year=year, **_default_texts(body), actor=request.user),
            _("The draft plan for %(year)s was started.") % {"year": year},
        )
        return redirect(url)
    if action == "roll_over" and previous is not None:
        run_or_tell(
            request,
            lambda: services.plan_roll_over(plan=previous, actor=request.user),
            _("The draft plan for %(year)s was started from the plan for %(previous)s.")
            % {"year": year, "previous": previous.year},
        )
        return redirect(url)
    if action:
        return redirect(url)
    return render(request, "planning/plan_missing.html", {"body": body, "year": year, "previous": previous})


def _plan_page(
    request: HttpRequest, *, plan: OperationalPlan, plans: dict[int, OperationalPlan], action: str
) -> HttpResponse:
    user = request.user
    url = plan.get_absolute_url()
    is_planner = user.has_role(Role.PLANNER)
    may_add_unit_activities = is_planner or user.has_role(Role.ADMINISTRATOR)
    open_for_planners = is_planner and not plan.is_adopted

    if action == "propose":
        run_or_tell(
            request,
            lambda: services.plan_propose(plan=plan, actor=user),
            _("The plan is now a proposal that every signed-in user can read."),
        )
        return redirect(url)
    if action == "roll_over":
        next_url = reverse("planning:plan", args=[plan.year + 1])
        done = run_or_tell(
            request,
            lambda: services.plan_roll_over(plan=plan, actor=user),
            _("The draft plan for %(year)s was started from this plan.") % {"year": plan.year + 1},
        )
        return redirect(next_url if done else url)

    def bound(name: str):
        return request.POST if action == name else None

    # A form is shown when its step is open, or when it was just posted (to show why it was refused).
    forms: dict[str, Form | None] = {
        "texts_form": PlanTextsForm.for_plan(plan, bound("texts"), prefix="texts")
        if open_for_planners or action == "texts"
        else None,
        "activity_form": PlanActivityForm(
            bound("activity"), prefix="activity", goals=_plan_goals(plan), units=_active_units()
        )
        if open_for_planners or action == "activity"
        else None,
        **lifecycle.decision_forms(plan, bound, show=lambda step: open_for_planners or action == step),
        "unit_form": UnitActivityForm(
            bound("unit_activity"),
            prefix="unit",
            goals=_plan_goals(plan),
            units=_unit_choices(user),
            year=plan.year,
        )
        if (plan.is_adopted and may_add_unit_activities) or action == "unit_activity"
        else None,
    }
    steps = {
        "texts": (
            "texts_form",
            "texts-form",
            lambda f: _update_texts(plan, f, user),
            _("The texts were saved."),
        ),
        "activity": (
            "activity_form",
            "activity-form",
            lambda f: services.activity_create(plan=plan, data=f.cleaned_data, actor=user),
            _("The activity was added to the activity plan."),
        ),
        "adopt": (
            "adopt_form",
            f"{DECISION_STEPS}#adopt-form",
            lambda f: _decide(plan, f, user, Decision.Outcome.DECIDED),
            _("The adoption is recorded: the plan's goals, activities and time plans are now frozen."),
        ),
        "send_back": (
            "send_back_form",
            f"{DECISION_STEPS}#send-back-form",
            lambda f: _decide(plan, f, user, Decision.Outcome.SENT_BACK),
            _("The plan is recorded as sent back; planners can rework it and propose it again."),
        ),
        "unit_activity": (
            "unit_form",
            "unit-form",
            lambda f: services.unit_activity_create(plan=plan, data=f.cleaned_data, actor=user),
            _("The unit's activity was added."),
        ),
    }
    if action in steps:
        key, partial, step, success = steps[action]
        form = forms[key]
        if form.is_valid():
            if save_or_show(form, lambda: step(form)):
                messages.success(request, success)
                return htmx_redirect(request, url)
            # A refused service may have changed the plan in memory before it stopped.
            plan.refresh_from_db()
        if request.htmx:
            template = partial if "#" in partial else f"{PLAN_TEMPLATE}#{partial}"
            return render(request, template, {"plan": plan, "thing": plan, "htmx": True, key: form})
    elif action:
        return redirect(url)

    budget_summary = plan_budget_section(body=plan.body, year=plan.year, user=user)
    document = plan_page(plan, user, page=request.GET.get("sida"), geh_titles=budget_summary["geh_titles"])
    context = {
        **document,
        **forms,
        "plan": plan,
        "year": plan.year,
        "previous_plan": plans.get(plan.year - 1),
        "next_plan": plans.get(plan.year + 1),
        "is_planner": is_planner,
        "may_roll_over": is_planner and plan.year + 1 not in plans,
        "may_propose": open_for_planners and not plan.is_proposal,
        "action": action,
        "budget_summary": budget_summary,
        "decision_warning": month_warning(PLAN, plan.year, plan.decision),
        "may_distribute": user.has_role(Role.FINANCE),
        "history": plan.history.all(),
    }
    if request.htmx and request.htmx.target == GOAL_SECTIONS:
        response = render(request, f"{PLAN_TEMPLATE}#{GOAL_SECTIONS}", context)
    else:
        response = render(request, PLAN_TEMPLATE, context)
    # The same address answers with the page or, for htmx, one page of its goals; caches keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _update_texts(plan: OperationalPlan, form: PlanTextsForm, user: User) -> None:
    services.plan_update(
        plan=plan, data=form.cleaned_data, expected_version=form.cleaned_data["version"], actor=user
    )


def _decide(plan: OperationalPlan, form: DecisionInputForm, user: User, outcome: str) -> None:
    """Record KS's decision on the plan and apply it: adoption, or sending it back (återremiss)."""
    lifecycle.decide_by_form(
        plan,
        form,
        title=_("Operational plan %(year)s for %(body)s") % {"year": plan.year, "body": plan.body.name},
        outcome=outcome,
        actor=user,
        adopt=partial(services.plan_adopt, plan=plan),
        send_back=partial(services.plan_send_back, plan=plan),
    )


# One activity


@require_http_methods(["GET", "POST"])
@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity: its goal, unit, time plan and follow-up; planners edit its content before adoption."""
    user = request.user
    activity = get_object_or_404(
        Activity.objects.for_user(user).select_related(
            "plan__body", "annual_goal", "responsible_unit", "responsible", "carried_over_from__plan"
        ),
        pk=pk,
    )
    editable = Activity.objects.content_editable_by(user).filter(pk=activity.pk).exists()
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = None
    if editable:
        plan = activity.plan
        units = _active_units() | OrgUnit.objects.filter(pk=activity.responsible_unit_id)
        form = ActivityEditForm(
            request.POST or None,
            initial=model_to_dict(activity, fields=ActivityEditForm.Meta.fields) | initial_version(activity),
            goals=_plan_goals(plan),
            units=units.order_by(SwedishCollate("name")),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data

            def update() -> None:
                services.activity_update(
                    activity=activity, data=data, expected_version=data["version"], actor=user
                )

            if save_or_show(form, update):
                messages.success(request, _("The activity was saved."))
                return htmx_redirect(request, activity.get_absolute_url())
            activity.refresh_from_db()
        if request.htmx and request.method == "POST":
            return render(request, "planning/activity_detail.html#form", {"activity": activity, "form": form})
    activity.late = activity.is_late(timezone.localdate())
    context = {
        "activity": activity,
        "form": form,
        "may_follow_up": Activity.objects.follow_up_editable_by(user).filter(pk=activity.pk).exists(),
    }
    return render(request, "planning/activity_detail.html", context)
