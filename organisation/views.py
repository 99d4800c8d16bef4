"""Pages for the organisation: the unit tree, bodies with their presidium, meetings and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organisation import services
from organisation.forms import DecisionFilterForm, DecisionForm, MeetingForm, PresidiumDateForm
from organisation.models import Assignment, Body, Decision, Meeting, OrgUnit, Role
from planning.selectors import unit_contributions
from styrmodell.db import SwedishCollate
from styrmodell.htmx import htmx_redirect


def _tree(units: list[OrgUnit]) -> list[dict]:
    """Nest units under their parents; a unit whose parent is not in the list becomes a root."""
    nodes = {unit.pk: {"unit": unit, "children": []} for unit in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent["children"] if parent else roots).append(nodes[unit.pk])
    return roots


def _after_save(request: HttpRequest, url_name: str) -> HttpResponse:
    """Redirect after a save; htmx gets a client-side redirect, since a swap would nest the page."""
    return htmx_redirect(request, reverse(url_name))


@require_GET
@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The organisation as a tree, with the units in force today (or every unit, closed ones too)."""
    show_closed = request.GET.get("stangda") == "1"
    units = OrgUnit.objects.for_user(request.user)
    if not show_closed:
        units = units.active_on(timezone.localdate())
    units = list(units.order_by(SwedishCollate("name")))
    return render(request, "organisation/unit_tree.html", {"roots": _tree(units), "show_closed": show_closed})


@require_GET
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: where it sits, what is below it, the bodies responsible for it, its goals and activities."""
    unit = get_object_or_404(OrgUnit.objects.for_user(request.user).select_related("parent"), pk=pk)
    children = unit.children.order_by(SwedishCollate("name"))
    bodies = unit.bodies.order_by(SwedishCollate("name"))
    history = unit.history.select_related("history_user")
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "bodies": bodies,
            "history": history,
            "today": timezone.localdate(),
            **unit_contributions(unit, request.user),
        },
    )


@require_GET
@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    """The political bodies with their committees."""
    bodies = Body.objects.for_user(request.user).select_related("parent").order_by(SwedishCollate("name"))
    return render(request, "organisation/body_list.html", {"bodies": bodies})


@require_GET
@login_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A body: its presidium and members on a chosen day, its units and meetings."""
    body = get_object_or_404(Body.objects.for_user(request.user).select_related("parent"), pk=pk)
    form = PresidiumDateForm(request.GET or None)
    day = (form.is_valid() and form.cleaned_data["date"]) or timezone.localdate()
    assignments = (
        Assignment.objects.for_user(request.user)
        .active_on(day)
        .filter(body=body)
        .select_related("person", "party")
        .order_by(SwedishCollate("person__name"))
    )
    context = {
        "body": body,
        "form": form,
        "day": day,
        "presidium": Assignment.objects.presidium(body.pk, day),
        "members": [a for a in assignments if a.role == Assignment.Role.MEMBER],
        "substitutes": [a for a in assignments if a.role == Assignment.Role.SUBSTITUTE],
        "group_leaders": [a for a in assignments if a.role == Assignment.Role.GROUP_LEADER],
        "units": body.units.order_by(SwedishCollate("name")),
        "committees": body.committees.order_by(SwedishCollate("name")),
        "meetings": body.meetings.filter(date__gte=timezone.localdate()).order_by("date")[:6],
    }
    return render(request, "organisation/body_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The bodies' meeting calendar; planners enter meetings here."""
    may_edit = request.user.has_role(Role.PLANNER)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = MeetingForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if form.is_valid():
            meeting = services.meeting_create(**form.cleaned_data, actor=request.user)
            messages.success(request, _("The meeting %(meeting)s was added.") % {"meeting": meeting})
            return _after_save(request, "organisation:meetings")
        if request.htmx:
            return render(request, "organisation/meeting_list.html#meeting-form", {"form": form})
    meetings = (
        Meeting.objects.for_user(request.user)
        .filter(date__gte=timezone.localdate())
        .select_related("body")
        .order_by("date", SwedishCollate("body__name"))
    )
    return render(request, "organisation/meeting_list.html", {"meetings": meetings, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    """Decision records, searchable; planners record new decisions here."""
    may_edit = request.user.has_role(Role.PLANNER)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = DecisionForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if form.is_valid():
            decision = services.decision_record(**form.cleaned_data, actor=request.user)
            messages.success(request, _("The decision %(decision)s was recorded.") % {"decision": decision})
            return _after_save(request, "organisation:decisions")
        if request.htmx:
            return render(request, "organisation/decision_list.html#decision-form", {"form": form})
    filters = DecisionFilterForm(request.GET or None)
    decisions = Decision.objects.for_user(request.user).select_related("meeting__body")
    if filters.is_valid():
        decisions = decisions.search(filters.cleaned_data["q"] or "")
        if filters.cleaned_data["body"]:
            decisions = decisions.filter(meeting__body=filters.cleaned_data["body"])
    page = Paginator(decisions.order_by("-meeting__date", "paragraph"), 25).get_page(request.GET.get("sida"))
    template = "organisation/decision_list.html" + (
        "#results" if request.htmx and request.method == "GET" else ""
    )
    return render(request, template, {"page": page, "filters": filters, "form": form})
