"""Planeringsförutsättningar (R22): the year's page with every department's part, a department's part
to write, and the planners' hand on the round's input."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from followup import premises as service
from followup.forms_premises import DepartmentPremisesForm
from followup.forms_rounds import CloseForm, ReopenForm
from followup.models import DepartmentPremises, PlanningPremises
from followup.rounds import InputState
from styrmodell.concurrency import initial_version, save_or_show
from styrmodell.htmx import form_page, htmx_redirect

PAGE = "followup/premises/index.html"
PART = "followup/premises/part.html"


def _round(request: HttpRequest, year: int) -> PlanningPremises:
    """The year's round for a reader: 403 for the roles that do not read it, 404 for a year out of range."""
    if not service.may_read(request.user):
        raise PermissionDenied
    if not service.FIRST_YEAR <= year <= service.LAST_YEAR:
        raise Http404
    try:
        return service.round_of(year, request.user)
    except ValidationError as error:
        raise Http404 from error


@require_GET
@login_required
def latest(request: HttpRequest) -> HttpResponse:
    """The planning premises being written this year (for the year after next)."""
    if not service.may_read(request.user):
        raise PermissionDenied
    return redirect("followup:premises", timezone.localdate().year + 2)


@require_GET
@login_required
def page(request: HttpRequest, year: int) -> HttpResponse:
    """Every department's part of the year's planning premises, with its indicators; the departments
    write theirs while the round takes input."""
    return _page(request, _round(request, year))


def _page(request: HttpRequest, premises: PlanningPremises, **forms: Form | None) -> HttpResponse:
    report = service.report_of(premises, user=request.user)
    steers = service.may_steer(request.user)
    context = {
        "premises": premises,
        "year": premises.year,
        "report": report,
        "dates": report.dates,
        "state": report.state,
        "why_no_input": service.why_no_input(report.state, report.dates),
        "may_write": service.may_write(request.user),
        "steers": steers,
        "closes_working_days": settings.FOLLOWUP_INPUT_CLOSES_WORKING_DAYS,
    }
    if steers:
        locked = report.state is InputState.LOCKED
        context |= {
            "reopen_form": forms.get("reopen_form")
            or (ReopenForm(initial=initial_version(premises)) if locked else None),
            "close_form": forms.get("close_form")
            or (CloseForm(initial=initial_version(premises)) if report.state.takes_input else None),
            "history": premises.history.all() if premises.pk else None,
        }
    return render(request, PAGE, context)


def _page_url(year: int, department_pk: int | None = None) -> str:
    url = reverse("followup:premises", args=[year])
    return url + (f"#avdelning-{department_pk}" if department_pk else "")


@require_http_methods(["GET", "POST"])
@login_required
def part(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """A department's part: its challenges, strengths, other remarks and indicators. A save over
    somebody else's is refused and shows both; while the round takes no input the part is shown with
    the reason."""
    premises = _round(request, year)
    user = request.user
    if not service.may_write(user):
        raise PermissionDenied
    dates = service.premises_dates(premises)
    state = service.input_state(premises, dates, timezone.localdate())
    department = service.departments(premises, dates).filter(pk=pk).first()
    writable = service.writable_department_ids(user)
    if department is None or (writable is not None and department.pk not in writable):
        raise Http404
    entry = None
    if premises.pk:
        entry = (
            DepartmentPremises.objects.for_user(user)
            .filter(premises=premises, department=department)
            .select_related("entered_by")
            .prefetch_related("indicators")
            .first()
        )
    if request.method == "POST":
        form = DepartmentPremisesForm(request.POST, auto_id="forutsattningar-%s")
        if form.is_valid():
            data = form.cleaned_data

            def save() -> None:
                service.department_premises_save(
                    year=year,
                    department_id=department.pk,
                    expected_version=data["version"],
                    challenges=data["challenges"],
                    strengths=data["strengths"],
                    remarks=data["remarks"],
                    indicators=data["indicators"],
                    actor=user,
                )

            if save_or_show(form, save):
                messages.success(
                    request, _("The part of %(department)s was saved.") % {"department": department.name}
                )
                return htmx_redirect(request, _page_url(year, department.pk))
    else:
        initial = DepartmentPremisesForm.initial_for(entry)
        form = DepartmentPremisesForm(initial=initial, auto_id="forutsattningar-%s")
    context = {
        "premises": premises,
        "year": year,
        "department": department,
        "entry": entry,
        "form": form,
        "dates": dates,
        "state": state,
        "show_form": state.takes_input or form.is_bound,
        "why_no_input": service.why_no_input(state, dates),
        "back": _page_url(year, department.pk),
        "history": entry.history.all() if entry else None,
    }
    return form_page(request, PART, context)


def _steer(request: HttpRequest, year: int, form_class, action, success: str, key: str) -> HttpResponse:
    """Reopen or close the round's input by hand (planners): the reason is kept in the round's history;
    a refusal or a save over somebody else's is shown on the form."""
    _round(request, year)
    if not service.may_steer(request.user):
        raise PermissionDenied
    form = form_class(request.POST)

    def steer() -> None:
        action(
            year=year,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["override_reason"],
            actor=request.user,
        )

    if form.is_valid() and save_or_show(form, steer):
        messages.success(request, success)
        return redirect(_page_url(year))
    return _page(request, service.round_of(year, request.user), **{key: form})


@require_http_methods(["POST"])
@login_required
def reopen(request: HttpRequest, year: int) -> HttpResponse:
    """Reopen the round's input after it closed, with a reason kept in its history."""
    success = _("The planning premises are open for input again.")
    return _steer(request, year, ReopenForm, service.premises_reopen, success, "reopen_form")


@require_http_methods(["POST"])
@login_required
def close(request: HttpRequest, year: int) -> HttpResponse:
    """Close the round's input by hand; a reason, if given, is kept."""
    success = _("The planning premises' input is closed.")
    return _steer(request, year, CloseForm, service.premises_close, success, "close_form")
