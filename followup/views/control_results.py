"""The internal control's results in a round (R28, R31): the table, one control's entry, the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from followup.control_results import (
    ENTRY_FIELDS,
    control_result_save,
    may_report_any,
    reportable_controls,
    round_results,
)
from followup.forms import ControlResultForm
from followup.models import ControlResult, InternalControlPlan, ReportKind
from followup.pages import Round, get_round
from styrmodell.concurrency import save_or_show
from styrmodell.htmx import form_page, htmx_redirect
from styrmodell.spreadsheets import DATE, Column, download, workbook, yes_no


def _results_url(rnd: Round, control_pk: int | None = None) -> str:
    url = reverse("followup:control_results", args=[rnd.report.year, rnd.report.slug])
    return url + (f"#kontroll-{control_pk}" if control_pk else "")


def _plan_of_year(request: HttpRequest, rnd: Round) -> InternalControlPlan | None:
    """The year's plan the user may read, for a round that asks for no control (no adopted plan)."""
    return (
        InternalControlPlan.objects.for_user(request.user)
        .filter(body_id=rnd.report.body_id, year=rnd.report.year)
        .first()
    )


@require_GET
@login_required
def index(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002 - the URL's name
    """Every control of the year's adopted plan with its result in the round, and who may report it."""
    rnd = get_round(request, year, round)
    results = round_results(request.user, rnd.report)
    context = {
        "round": rnd,
        "report": rnd.report,
        "results": results,
        "takes_input": rnd.state.takes_input,
        "is_economy": rnd.report.kind == ReportKind.ECONOMY,
        # Only when there is nothing to list: is there a plan at all (a draft, a proposal)?
        "plan": None
        if results.rows or rnd.report.kind == ReportKind.ECONOMY
        else _plan_of_year(request, rnd),
    }
    return render(request, "followup/control_results.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:  # noqa: A002
    """Report a control's result in the round, or change it; a save over somebody else's is refused."""
    rnd = get_round(request, year, round)
    user = request.user
    if not may_report_any(user):
        raise PermissionDenied
    control = get_object_or_404(
        reportable_controls(user, rnd.report).select_related("responsible_unit", "plan"), pk=pk
    )
    entry = (
        ControlResult.objects.for_user(user)
        .filter(report=rnd.report, control=control)
        .select_related("entered_by")
        .first()
    )
    if request.method == "POST":
        form = ControlResultForm(request.POST, auto_id="resultat-%s")
        if form.is_valid():
            data = form.cleaned_data

            def save() -> None:
                control_result_save(
                    report=rnd.report,
                    control_id=control.pk,
                    expected_version=data["version"],
                    actor=user,
                    **{name: data[name] for name in ENTRY_FIELDS},
                )

            if save_or_show(form, save):
                messages.success(
                    request, _("The result of “%(control)s” was saved.") % {"control": control.process}
                )
                return htmx_redirect(request, _results_url(rnd, control.pk))
    else:
        form = ControlResultForm(initial=ControlResultForm.initial_for(entry), auto_id="resultat-%s")
    context = {
        "round": rnd,
        "report": rnd.report,
        "control": control,
        "entry": entry,
        "form": form,
        "takes_input": rnd.state.takes_input,
        "back": _results_url(rnd, control.pk),
        "history": entry.history.all() if entry else None,
    }
    return form_page(request, "followup/control_result_edit.html", context)


@require_GET
@login_required
def export(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """The round's table of control results as an Excel workbook (Swedish headers, real dates)."""
    rnd = get_round(request, year, round)
    results = round_results(request.user, rnd.report)
    columns = [
        Column(_("No."), 6, "0"),
        Column(_("Process or routine"), 36),
        Column(_("Risk value"), 10, "0"),
        Column(_("Risk level"), 14),
        Column(_("Responsible unit"), 28),
        Column(_("Responsible person"), 22),
        Column(_("Reported"), 12),
        Column(_("Performed"), 12),
        Column(_("Deviations found"), 14),
        Column(_("Result"), 50, wrap=True),
        Column(_("Deviations"), 50, wrap=True),
        Column(_("Actions decided"), 50, wrap=True),
        Column(_("Responsible for the actions"), 26),
        Column(_("Entered by"), 22),
        Column(_("Entered on"), 12, DATE),
    ]

    def row(item) -> list:
        control, entry = item.control, item.result
        shown = [
            item.number,
            control.process,
            control.risk_value,
            str(control.risk_level.label),
            control.responsible_unit.name if control.responsible_unit else "",
            control.responsible_person,
            yes_no(entry is not None),
        ]
        if entry is None:
            return [*shown, "", "", "", "", "", "", "", None]
        return [
            *shown,
            yes_no(entry.performed),
            yes_no(entry.deviation_found),
            entry.result,
            entry.deviations,
            entry.actions,
            entry.action_responsible,
            str(entry.entered_by) if entry.entered_by else "",
            timezone.localdate(entry.entered_at),
        ]

    content = workbook(_("Internal control"), columns, (row(item) for item in results.rows))
    return download(content, f"internkontroll-{rnd.report.year}-{rnd.report.slug}.xlsx")
