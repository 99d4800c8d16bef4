"""The activity list (/aktiviteter/): filters, sorting, the units' inline follow-up, and Excel export."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from organisation.access import role_required
from organisation.models import Role, User
from planning import services
from planning.exports import activities_workbook
from planning.filters import ActivityFilterForm
from planning.models import Activity
from planning.querysets import ActivityQuerySet
from planning.services import FOLLOW_UP_FIELDS
from styrmodell.concurrency import EditConflict, VersionField, show_conflict
from styrmodell.forms import Form, add_service_error
from styrmodell.spreadsheets import download

PER_PAGE = 50
# Activity, KS goal, responsible unit, planned end, and status with the follow-up control.
TABLE_COLUMNS = 5
RESULTS_TARGET = "activity-results"
SORTABLE_COLUMNS = [
    ("titel", gettext_lazy("Activity")),
    ("enhet", gettext_lazy("Responsible unit")),
    ("slutdatum", gettext_lazy("Planned end")),
    ("status", gettext_lazy("Status")),
]


@dataclass
class Row:
    """An activity as the list shows it: lateness is derived for the day, never stored."""

    activity: Activity
    late: bool
    editable: bool


def _activities(request: HttpRequest, form: ActivityFilterForm) -> ActivityQuerySet:
    """The activities the user may see, filtered and sorted as the form says, with what a row shows."""
    return form.apply(
        Activity.objects.for_user(request.user)
        .select_related("annual_goal", "responsible_unit", "responsible")
        .fetch_mode(models.FETCH_PEERS)
    )


def _editable_ids(user: User, activity_ids: list[int]) -> set[int]:
    """Which of these activities the user may follow up, decided by the queryset in one query."""
    if not user.has_role(Role.ADMINISTRATOR) or not activity_ids:
        return set()
    editable = Activity.objects.follow_up_editable_by(user).filter(pk__in=activity_ids)
    return set(editable.values_list("pk", flat=True))


def _columns(sort: str) -> list[dict]:
    """The sortable headers: which one is active, and the ?sort= a click on each asks for."""
    active, descending = sort.removeprefix("-"), sort.startswith("-")
    columns = []
    for key, label in SORTABLE_COLUMNS:
        current = key == active
        columns.append(
            {
                "label": label,
                "aria_sort": ("descending" if descending else "ascending") if current else "",
                "next": f"-{key}" if current and not descending else key,
            }
        )
    return columns


@require_GET
@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    """All activities the user may see, filtered, sorted and paged; htmx gets only the results."""
    today = timezone.localdate()
    form = ActivityFilterForm(request.GET, user=request.user, today=today)
    page = Paginator(_activities(request, form), PER_PAGE).get_page(request.GET.get("sida"))
    activities = list(page.object_list)
    editable = _editable_ids(request.user, [a.pk for a in activities])
    context = {
        "form": form,
        "page": page,
        "rows": [Row(a, a.is_late(today), a.pk in editable) for a in activities],
        "columns": _columns(form.chosen_sort),
        "summary": ngettext("%(count)s activity", "%(count)s activities", page.paginator.count)
        % {"count": page.paginator.count},
        "can_follow_up": request.user.has_role(Role.ADMINISTRATOR),
        "next": request.get_full_path(),
    }
    if request.htmx and request.htmx.target == RESULTS_TARGET:
        # The KS-goal filter lists the chosen year's goals: it is swapped too when the year changes.
        form.fields["mal"].widget.attrs["data-hx-swap-oob"] = "true"
        response = render(request, "planning/activity_list.html#results", {**context, "oob": True})
    else:
        response = render(request, "planning/activity_list.html", context)
    # The same address answers with a page or a fragment; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


# Follow-up (R14): status, progress comment and completion date stay editable after adoption.


class FollowUpForm(Form):
    """What a unit records about an activity, and the version it was read at."""

    status = Activity._meta.get_field("status").formfield(widget=forms.Select(attrs={"autofocus": True}))
    completed_on = Activity._meta.get_field("completed_on").formfield(
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=gettext_lazy("Only when the activity is done."),
    )
    progress_comment = Activity._meta.get_field("progress_comment").formfield(
        widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()


def _next_url(request: HttpRequest) -> str:
    """Where to go back to: the list with its filters, if the address is ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site only: a bare word would be taken for a URL name by redirect().
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("planning:activities")


def _row(request: HttpRequest, pk: int, next_url: str, *, saved: bool = False) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.for_user(request.user).select_related(
            "annual_goal", "responsible_unit", "responsible"
        ),
        pk=pk,
    )
    row = Row(activity, activity.is_late(timezone.localdate()), editable=True)
    context = {"row": row, "next": next_url, "can_follow_up": True, "saved": saved, "focus": True}
    return render(request, "planning/_activity_row.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.ADMINISTRATOR)
def activity_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an activity's status, comment and completion date; a save over someone else's is refused."""
    activity = get_object_or_404(
        Activity.objects.for_user(request.user).follow_up_editable_by(request.user), pk=pk
    )
    next_url = _next_url(request)
    if request.method == "GET" and request.htmx and request.GET.get("visa") == "rad":
        return _row(request, activity.pk, next_url)
    auto_id = f"uppfoljning-{activity.pk}-%s"
    if request.method == "POST":
        form = FollowUpForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.activity_follow_up(
                    activity_id=activity.pk,
                    expected_version=data["version"],
                    status=data["status"],
                    progress_comment=data["progress_comment"],
                    completed_on=data["completed_on"],
                    actor=request.user,
                )
            except EditConflict as error:
                activity = error.current
                show_conflict(form, error)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if request.htmx:
                    return _row(request, activity.pk, next_url, saved=True)
                messages.success(
                    request, _("The follow-up of “%(title)s” was saved.") % {"title": activity.title}
                )
                return redirect(next_url)
    else:
        form = FollowUpForm(
            initial={f: getattr(activity, f) for f in (*FOLLOW_UP_FIELDS, "version")}, auto_id=auto_id
        )
    context = {
        "activity": activity,
        "form": form,
        "next": next_url,
        "colspan": TABLE_COLUMNS,
    }
    template = "planning/_activity_follow_up.html" + ("#form-row" if request.htmx else "")
    return render(request, template, context)


# Excel export


@require_GET
@login_required
def activity_export(request: HttpRequest) -> HttpResponse:
    """The filtered, sorted list (every page) as an Excel workbook with Swedish headers and real dates."""
    today = timezone.localdate()
    form = ActivityFilterForm(request.GET, user=request.user, today=today)
    content = activities_workbook(_activities(request, form), today)
    year = form.chosen_year
    filename = f"aktiviteter-{year}.xlsx" if year else f"aktiviteter-{today.isoformat()}.xlsx"
    return download(content, filename)
