"""The annual wheel's pages: the wheel for a year with its month-by-month list, and the steps."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from calendar_wheel import drawing, services
from calendar_wheel.forms import WheelEventForm, WheelFilterForm
from calendar_wheel.models import Deadline, WheelEvent
from goals.periods import election_day, is_election_year
from organisation.access import role_required
from organisation.models import Body
from organisation.roles import Role
from styrmodell.concurrency import save_or_show

FIRST_YEAR, LAST_YEAR = 2000, 2100


@require_GET
@login_required
def wheel_index(request: HttpRequest) -> HttpResponse:
    return redirect("calendar_wheel:wheel", timezone.localdate().year)


@require_GET
@login_required
def wheel(request: HttpRequest, year: int) -> HttpResponse:
    """The wheel as a circle and, beside it, the same deadlines month by month; filterable by body."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    today = timezone.localdate()
    bodies = list(Body.objects.filter(wheel_events__isnull=False).distinct().order_by("name"))
    form = WheelFilterForm(request.GET, bodies=bodies)
    deadlines = Deadline.objects.in_year(year).select_related(
        "event", "event__body", "meeting", "meeting__body"
    )
    body = form.chosen_body()
    if body is not None:
        deadlines = deadlines.filter(event__body=body)
    deadlines = list(deadlines.order_by("date", "event__month", "event__title"))
    states = services.deadline_states(deadlines, today)
    for deadline in deadlines:
        deadline.state = states[deadline.pk]
    months = [
        (month, MONTHS[month], list(items)) for month, items in groupby(deadlines, key=lambda d: d.date.month)
    ]
    context = {
        "year": year,
        "form": form,
        "body": body,
        "wheel": drawing.draw(year, deadlines, states, today),
        "months": months,
        "deadline_count": len(deadlines),
        "election": election_day(year) if is_election_year(year) else None,
        "today": today,
        "is_planner": request.user.has_role(Role.PLANNER),
        "generated": bool(deadlines) or Deadline.objects.in_year(year).exists(),
    }
    return render(request, "calendar_wheel/wheel.html", context)


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Every step of the wheel, active and retired; planners add, edit and retire them."""
    events = WheelEvent.objects.select_related("body").order_by("retired", "month", "day", "title")
    return render(
        request,
        "calendar_wheel/events.html",
        {"events": events, "is_planner": request.user.has_role(Role.PLANNER), "months": MONTHS},
    )


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.PLANNER)
def event_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or edit a step; the wheel for this year and the next follows at once.

    An edit over somebody else's newer change is refused and shows both values (styrmodell.concurrency).
    """
    event = get_object_or_404(WheelEvent, pk=pk) if pk else None
    form = WheelEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():

        def save() -> None:
            if event is None:
                services.wheel_event_create(data=form.cleaned_data, actor=request.user)
            else:
                services.wheel_event_update(
                    event=event,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data["seen"],
                    actor=request.user,
                )

        if save_or_show(form, save, field="seen"):
            title = form.cleaned_data["title"]
            messages.success(request, _("The step “%(title)s” was saved.") % {"title": title})
            return redirect("calendar_wheel:events")
        if event is not None:
            event.refresh_from_db()
    history = event.history.select_related("history_user") if event else []
    return render(
        request, "calendar_wheel/event_form.html", {"form": form, "event": event, "history": history}
    )


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.PLANNER)
def event_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire a step (or bring it back): it stays readable, and leaves the wheel from now on.

    GET asks for confirmation (what retiring does, which deadlines go); the POST does it."""
    event = get_object_or_404(WheelEvent, pk=pk)
    if request.method == "GET":
        year = timezone.localdate().year
        deadlines = event.deadlines.filter(year__gte=year).order_by("date")
        return render(request, "calendar_wheel/event_retire.html", {"event": event, "deadlines": deadlines})
    if request.POST.get("retire") != "0":
        event = services.wheel_event_retire(event=event, actor=request.user)
        text = _("The step “%(title)s” was retired.")
    else:
        event = services.wheel_event_reinstate(event=event, actor=request.user)
        text = _("The step “%(title)s” is back.")
    messages.success(request, text % {"title": event.title})
    return redirect("calendar_wheel:events")
