"""Site-wide pages: the start page, the health check, the accessibility statement, areas to come."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from budget.selectors import distributions_over_frame
from calendar_wheel import audience
from calendar_wheel import services as wheel_services
from calendar_wheel.models import Deadline
from economy import companies as economy_companies
from economy import summaries as economy_summaries
from followup import summaries
from goals.health import chain_warnings
from goals.models import AnnualGoal, GoalIndicator, MandateGoal, MandatePeriod
from goals.periods import Period
from goals.selectors import versions_prefetch
from organisation.models import Assignment, Body, Meeting, OrgUnit, Role
from planning.models import Activity
from styrmodell import health

UPCOMING_DAYS = 60
# A handläggare's activities on the start page: late, or ending within this many days.
DUE_DAYS = 30
DUE_SHOWN = 15

# What each role finds on its start page until the areas above fill it.
ROLE_DUTIES = {
    Role.POLITICIAN: _("Review goals, plans, follow-up and reports, and see the meetings of your bodies."),
    Role.ADMINISTRATOR: _("Update the activities of your units: status, comments and completion dates."),
    Role.PLANNER: _("Keep goals, plans and the annual wheel, and record the decisions of KF and KS."),
    Role.FINANCE: _("Enter budget, outcomes and forecasts, and produce the reports."),
    Role.SYSADMIN: _("Keep the organisation, the users and the reference data."),
    Role.COMPANY_REPORTER: _("Report your company's result, forecast, key figures and owner goals."),
}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: a greeting by role and what is the user's to do; without a role, whom to ask."""
    user = request.user
    roles = [role for role in Role if role in user.roles]
    if not roles:
        # Someone without a role reads nothing else (styrmodell.middleware.RoleRequiredMiddleware).
        return render(request, "home.html", {"roles": roles})
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.active_on(today).filter(person__user=user).select_related("body", "party")
    )
    body_ids = {a.body_id for a in assignments}
    meetings = Meeting.objects.filter(date__range=(today, today + datetime.timedelta(days=UPCOMING_DAYS)))
    if not user.has_role(Role.PLANNER, Role.SYSADMIN):
        meetings = meetings.filter(body_id__in=body_ids)
    units = (
        OrgUnit.objects.writable_for_administrator(user).filter(pk__in=user.units.values("pk"))
        if user.has_role(Role.ADMINISTRATOR)
        else OrgUnit.objects.none()
    )
    deadlines = audience.deadlines_concerning(user, today, today + datetime.timedelta(days=UPCOMING_DAYS))
    states = wheel_services.deadline_states(deadlines, today)
    for deadline in deadlines:
        deadline.state = states[deadline.pk]
    # KS's distribution above the frame in force (R5), e.g. after November's recalculation of next
    # year's budget, stays on the start page of those who redistribute until KS has done so.
    over_frame = (
        distributions_over_frame(user, years=[today.year, today.year + 1])
        if user.has_role(Role.FINANCE, Role.PLANNER)
        else []
    )
    context = {
        **_follow_up_cards(user, today),
        # Finance: the next KS meeting's economy round, its import and the open deviations (R25, R30).
        "economy": economy_summaries.finance_home(user, today),
        # Company reporters: their companies' reports in the round to report in (R29).
        "company_summary": economy_companies.home_summary(user, today),
        "over_frame": over_frame,
        "over_frame_links": {"finance": user.has_role(Role.FINANCE), "planner": user.has_role(Role.PLANNER)},
        "deadlines": deadlines,
        "roles": roles,
        "duties": [ROLE_DUTIES[role] for role in roles],
        "assignments": assignments,
        "meetings": meetings.select_related("body").order_by("date")[:10],
        "units": units,
        "upcoming_days": UPCOMING_DAYS,
    }
    return render(request, "home.html", context)


def _follow_up_cards(user, today: datetime.date) -> dict:
    """Each role's cards from follow-up, the annual wheel and the goal chain; a user with several roles
    gets each role's cards."""
    is_administrator = user.has_role(Role.ADMINISTRATOR)
    is_planner = user.has_role(Role.PLANNER)
    is_politician = user.has_role(Role.POLITICIAN)
    cards: dict = {"due_days": DUE_DAYS, "planner_year": today.year}
    # The handläggare's activities: their units and the units below, worked out once (two queries).
    editable = Activity.objects.follow_up_editable_by(user) if is_administrator else Activity.objects.none()
    if is_administrator:
        cards["my_activities"], cards["more_activities"] = _my_activities(editable, today)
    if is_planner:
        cards["wheel_alerts"] = _wheel_alerts(today)
        cards["chain_warnings"] = _chain_warning_count(user, today.year)
    if not (is_administrator or is_planner or is_politician):
        return cards
    ks = Body.objects.of_kind(Body.Kind.EXECUTIVE_BOARD)
    if ks is None:
        return cards
    states = summaries.year_reports(ks, today.year, user, today) if is_administrator or is_planner else []
    if is_administrator:
        cards["missing_reports"] = summaries.missing_reports(editable, states)
    if is_planner:
        under_way = [s for s in states if s.under_way]
        found = summaries.rounds_progress(under_way)
        cards["rounds_under_way"] = [(s, found[s.report.pk]) for s in under_way]
    if is_politician:
        cards["goal_status"] = summaries.latest_goal_status(user, ks, today)
    return cards


def _my_activities(editable, today: datetime.date) -> tuple[list[Activity], bool]:
    """The activities of the user's units, not done or cancelled, late or ending within DUE_DAYS (one
    query); whether there are more than those shown."""
    activities = list(
        editable.exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])
        .filter(planned_end__lte=today + datetime.timedelta(days=DUE_DAYS))
        .select_related("responsible_unit")
        .order_by("planned_end", "pk")[: DUE_SHOWN + 1]
    )
    for activity in activities:
        activity.late = activity.is_late(today)
    return activities[:DUE_SHOWN], len(activities) > DUE_SHOWN


def _wheel_alerts(today: datetime.date) -> list[Deadline]:
    """This year's deadlines of the wheel that are missed or at risk (one query, and one per tracked
    concern for their states)."""
    deadlines = list(
        Deadline.objects.in_year(today.year)
        .real()
        .filter(event__retired=False)
        .select_related("event", "event__body")
        .order_by("date", "event__title")
    )
    states = wheel_services.deadline_states(deadlines, today)
    alerts = []
    for deadline in deadlines:
        deadline.state = states[deadline.pk]
        if deadline.state in (wheel_services.State.MISSED, wheel_services.State.AT_RISK):
            alerts.append(deadline)
    return alerts


def _chain_warning_count(user, year: int) -> int:
    """How many health warnings the goal chain of the year has (goals.health.chain_warnings); the
    goals page lists them. Ten queries: the period, the KF goals with their versions, focus areas,
    indicators and targets, the KS goals with their KF goals, indicators and targets."""
    indicators = [
        Prefetch("goal_indicators", queryset=GoalIndicator.objects.select_related("indicator")),
        "goal_indicators__targets",
    ]
    period = (
        MandatePeriod.objects.for_user(user)
        .filter(election_year=Period.whose_goals_apply_in(year).election_year)
        .first()
    )
    mandate_goals = list(
        MandateGoal.objects.for_user(user)
        .applying_in(year)
        .prefetch_related(versions_prefetch(), *indicators)
    )
    annual_goals = list(
        AnnualGoal.objects.for_user(user).filter(year=year).prefetch_related("mandate_goals", *indicators)
    )
    return len(
        chain_warnings(year=year, period=period, mandate_goals=mandate_goals, annual_goals=annual_goals)
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse, as the Swedish law on accessible public-sector websites asks."""
    return render(request, "accessibility.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database and, when configured, Redis; 503 within HEALTHZ_TIMEOUT."""
    checks = health.check()
    healthy = all(value in {"ok", "not configured"} for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
