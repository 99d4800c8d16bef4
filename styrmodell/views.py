"""Site-wide pages: the start page, the health check, the accessibility statement, areas to come."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from budget.selectors import distributions_over_frame
from calendar_wheel import audience
from calendar_wheel import services as wheel_services
from organisation.context_processors import NAVIGATION
from organisation.models import Assignment, Meeting, OrgUnit, Role
from styrmodell import health

UPCOMING_DAYS = 60

# What each role finds on its start page until the areas above fill it.
ROLE_DUTIES = {
    Role.POLITICIAN: _("Review goals, plans, follow-up and reports, and see the meetings of your bodies."),
    Role.ADMINISTRATOR: _("Update the activities of your units: status, comments and completion dates."),
    Role.PLANNER: _("Keep goals, plans and the annual wheel, and record the decisions of KF and KS."),
    Role.FINANCE: _("Enter budget, outcomes and forecasts, and produce the reports."),
    Role.SYSADMIN: _("Keep the organisation, the users and the reference data."),
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


@require_GET
@login_required
def area(request: HttpRequest, slug: str) -> HttpResponse:
    """An area the navigation names that is not built yet: says so instead of a dead link."""
    titles = dict(NAVIGATION)
    if slug not in titles:
        raise Http404
    return render(request, "area.html", {"title": titles[slug]})


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
