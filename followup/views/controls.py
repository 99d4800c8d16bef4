"""The internal control plan (R31) as a readable page with its risk matrix, and the planners' work on it."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from documents.models import GoverningDocument
from followup import services
from followup.control_results import attach_latest_results
from followup.forms import ControlEditForm, ControlForm, RoutinesForm
from followup.matrix import consequence_columns, risk_matrix
from followup.models import Control, InternalControlPlan, RiskLevel
from organisation import lifecycle
from organisation.forms import DecisionInputForm
from organisation.models import Body, Decision, OrgUnit, Role, User
from styrmodell.concurrency import initial_version, run_or_tell, save_or_show
from styrmodell.db import SwedishCollate

MIN_YEAR, MAX_YEAR = 2000, 2100
PLAN_TEMPLATE = "followup/plan.html"


# Helpers


def _ks() -> Body:
    """The executive board (KS), whose plan for internal control the pages show (R31)."""
    body = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if body is None:
        raise Http404
    return body


def _refuse_writes_unless_planner(request: HttpRequest) -> None:
    """Only planners change internal control plans: every other role's POST is refused (403)."""
    if request.method == "POST" and not request.user.has_role(Role.PLANNER):
        raise PermissionDenied


def _units():
    return OrgUnit.objects.active_on(timezone.localdate()).order_by(SwedishCollate("name"))


# The plan


@require_GET
@login_required
def plan_index(request: HttpRequest) -> HttpResponse:
    """The current year's plan (or the year asked for with ?ar=); otherwise the plans the user may read."""
    raw = request.GET.get("ar", "")
    if raw.isascii() and raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return redirect("followup:plan", int(raw))
    year = timezone.localdate().year
    plans = list(
        InternalControlPlan.objects.for_user(request.user)
        .filter(body__kind=Body.Kind.EXECUTIVE_BOARD)
        .select_related("body")
        .order_by("-year")
    )
    if request.user.has_role(Role.PLANNER) or any(p.year == year for p in plans):
        return redirect("followup:plan", year)
    return render(request, "followup/plan_index.html", {"plans": plans, "year": year})


@require_http_methods(["GET", "POST"])
@login_required
def plan_detail(request: HttpRequest, year: int) -> HttpResponse:
    """KS's internal control plan for a year: its controls and risk matrix; planners draft and adopt it."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    _refuse_writes_unless_planner(request)
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    body = _ks()
    near = (
        InternalControlPlan.objects.for_user(user)
        .filter(body=body, year__in=[year - 1, year, year + 1])
        .select_related("body", "decision__meeting__body", "started_from", "routines")
    )
    plans = {p.year: p for p in near}
    plan = plans.get(year)
    if plan is None:
        if not user.has_role(Role.PLANNER):
            raise Http404
        return _missing_plan(request, body=body, year=year, previous=plans.get(year - 1), action=action)
    return _plan_page(request, plan=plan, plans=plans, action=action)


def _missing_plan(
    request: HttpRequest, *, body: Body, year: int, previous: InternalControlPlan | None, action: str
) -> HttpResponse:
    """No plan for the year yet: planners start one, empty or from the previous year's controls."""
    url = reverse("followup:plan", args=[year])
    if action == "create":
        run_or_tell(
            request,
            lambda: services.plan_create(body=body, year=year, actor=request.user),
            _("The draft internal control plan for %(year)s was started.") % {"year": year},
        )
        return redirect(url)
    if action == "start_from" and previous is not None:
        run_or_tell(
            request,
            lambda: services.plan_start_from(plan=previous, actor=request.user),
            _("The draft for %(year)s was started with the controls of %(previous)s.")
            % {"year": year, "previous": previous.year},
        )
        return redirect(url)
    if action:
        return redirect(url)
    return render(request, "followup/plan_missing.html", {"body": body, "year": year, "previous": previous})


def _plan_page(
    request: HttpRequest, *, plan: InternalControlPlan, plans: dict[int, InternalControlPlan], action: str
) -> HttpResponse:
    user = request.user
    url = plan.get_absolute_url()
    is_planner = user.has_role(Role.PLANNER)
    open_for_planners = is_planner and not plan.is_adopted

    if action == "propose":
        run_or_tell(
            request,
            lambda: services.plan_propose(plan=plan, actor=user),
            _("The plan is now a proposal that every signed-in user can read."),
        )
        return redirect(url)
    if action == "start_next":
        done = run_or_tell(
            request,
            lambda: services.plan_start_from(plan=plan, actor=user),
            _("The draft for %(year)s was started with this plan's controls.") % {"year": plan.year + 1},
        )
        return redirect(reverse("followup:plan", args=[plan.year + 1]) if done else url)

    def bound(name: str):
        return request.POST if action == name else None

    # A form is shown while its step is open, or when it was just posted (to show why it was refused).
    forms: dict[str, Form | None] = {
        "control_form": ControlForm(bound("control"), prefix="control", units=_units())
        if open_for_planners or action == "control"
        else None,
        # The routines are a link, chosen also after the adoption (see services.plan_set_routines).
        "routines_form": RoutinesForm(
            bound("routines"),
            prefix="routines",
            initial={"routines": plan.routines_id},
            documents=_routine_documents(user, plan),
        )
        if is_planner
        else None,
        **lifecycle.decision_forms(plan, bound, show=lambda step: open_for_planners or action == step),
    }
    steps = {
        "routines": (
            "routines_form",
            lambda f: services.plan_set_routines(plan=plan, document=f.cleaned_data["routines"], actor=user),
            _("The plan's routines for internal control were saved."),
        ),
        "control": (
            "control_form",
            lambda f: services.control_create(plan=plan, data=f.cleaned_data, actor=user),
            _("The control was added to the plan."),
        ),
        "adopt": (
            "adopt_form",
            lambda f: _decide(plan, f, user, Decision.Outcome.DECIDED),
            _("The adoption is recorded: the plan's controls are now frozen."),
        ),
        "send_back": (
            "send_back_form",
            lambda f: _decide(plan, f, user, Decision.Outcome.SENT_BACK),
            _("The plan is recorded as sent back; planners can rework it and propose it again."),
        ),
    }
    if action in steps:
        key, step, success = steps[action]
        form = forms[key]
        if form.is_valid() and save_or_show(form, lambda: step(form)):
            messages.success(request, success)
            return redirect(url)
        # A refused service may have changed the plan in memory before it stopped.
        plan.refresh_from_db()
    elif action:
        return redirect(url)

    controls = list(
        Control.objects.for_user(user).filter(plan=plan).select_related("responsible_unit").order_by("pk")
    )
    for number, control in enumerate(controls, start=1):
        control.number = number
    attach_latest_results(user, controls)
    context = {
        **forms,
        "plan": plan,
        "year": plan.year,
        "controls": controls,
        "matrix": risk_matrix(controls),
        "consequences": consequence_columns(),
        "levels": _levels(),
        "previous_plan": plans.get(plan.year - 1),
        "next_plan": plans.get(plan.year + 1),
        "is_planner": is_planner,
        "may_edit": open_for_planners,
        "may_propose": open_for_planners and not plan.is_proposal,
        "may_start_next": is_planner and plan.year + 1 not in plans,
        "action": action,
        "history": plan.history.all(),
    }
    return render(request, PLAN_TEMPLATE, context)


def _routine_documents(user: User, plan: InternalControlPlan):
    """The register's guidelines in force the plan may link to as its routines, and the one it links."""
    return (
        GoverningDocument.objects.for_user(user)
        .filter(kind__code=services.ROUTINES_KIND)
        .filter(Q(status=GoverningDocument.Status.IN_FORCE) | Q(pk=plan.routines_id))
        .order_by(SwedishCollate("title"))
    )


def _levels() -> list[tuple[RiskLevel, str]]:
    ranges = {
        RiskLevel.LOW: "1–3",
        RiskLevel.MEDIUM: "4–6",
        RiskLevel.HIGH: "8–9",
        RiskLevel.VERY_HIGH: "12–16",
    }
    return list(ranges.items())


def _decide(plan: InternalControlPlan, form: DecisionInputForm, user: User, outcome: str) -> None:
    """Record KS's decision on the plan and apply it: adoption, or sending it back (återremiss)."""
    lifecycle.decide_by_form(
        plan,
        form,
        title=_("Internal control plan %(year)s for %(body)s") % {"year": plan.year, "body": plan.body.name},
        outcome=outcome,
        actor=user,
        adopt=partial(services.plan_adopt, plan=plan),
        send_back=partial(services.plan_send_back, plan=plan),
    )


# One control


@require_http_methods(["GET", "POST"])
@login_required
def control_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A control with its assessment and history; planners edit it while the plan is not adopted."""
    _refuse_writes_unless_planner(request)
    user = request.user
    control = get_object_or_404(
        Control.objects.for_user(user).select_related("plan__body", "responsible_unit"), pk=pk
    )
    editable = user.has_role(Role.PLANNER) and not control.plan.is_adopted
    form = None
    units = (_units() | OrgUnit.objects.filter(pk=control.responsible_unit_id)).order_by(
        SwedishCollate("name")
    )
    if request.method == "POST":
        form = ControlEditForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data

            def update() -> None:
                services.control_update(
                    control_id=control.pk, expected_version=data["version"], data=data, actor=user
                )

            if save_or_show(form, update):
                messages.success(request, _("The control was saved."))
                return redirect(control.plan.get_absolute_url() + f"#kontroll-{control.pk}")
            control.refresh_from_db()
    elif editable:
        form = ControlEditForm(
            initial=ControlForm.initial_for(control) | initial_version(control), units=units
        )
    context = {"control": control, "plan": control.plan, "form": form, "history": control.history.all()}
    return render(request, "followup/control.html", context)
