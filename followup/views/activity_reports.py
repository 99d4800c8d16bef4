"""The units' activity reports in a round (R24): the table, its inline row editing, and its Excel export."""

from __future__ import annotations

from functools import cache

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from followup import activity_reports as reports
from followup.forms_activity_reports import ActivityReportForm, initial_data
from followup.models import ActivityReport
from followup.pages import Round, get_round
from followup.progress import round_activities
from followup.rounds import why_no_input
from followup.rows import row_editor
from planning.models import Activity
from styrmodell.spreadsheets import download, workbook

TEMPLATE = "followup/activity_reports.html"
FORM_TEMPLATE = "followup/activity_report_form.html"
ROW_TEMPLATE = "followup/activity_report_row.html"
# Activity, KS goal, planned end, live status, the round's report (with the edit control), late at cut-off.
TABLE_COLUMNS = 6


def _table_url(rnd: Round, unit: str = "") -> str:
    url = reverse("followup:activity_reports", args=[rnd.report.year, rnd.report.slug])
    return f"{url}?{urlencode({'enhet': unit})}" if unit else url


def _unit_param(request: HttpRequest) -> str:
    raw = request.POST.get("enhet") or request.GET.get("enhet") or ""
    return raw if raw.isascii() and raw.isdigit() and len(raw) < 19 else ""


def _context(rnd: Round) -> dict:
    return {
        "round": rnd,
        "report": rnd.report,
        "dates": rnd.dates,
        "state": rnd.state,
        "why_no_input": why_no_input(rnd.state),
        "colspan": TABLE_COLUMNS,
    }


@require_GET
@login_required
def entry(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002 - the URL's name
    """The round's activities of the user's units (every unit for the other roles), each with what the
    round has of it; administrators report theirs inline while the round takes input."""
    rnd = get_round(request, year, round)
    unit = _unit_param(request)
    table = reports.round_table(rnd.report, request.user, cut_off=rnd.dates.cut_off, unit=unit)
    context = _context(rnd) | {
        "table": table,
        "unit": str(table.chosen_unit.pk) if table.chosen_unit else "",
        "editing": table.can_report and rnd.state.takes_input,
        "may_report": reports.may_report(request.user),
    }
    return render(request, TEMPLATE, context)


def _editable_activity(request: HttpRequest, rnd: Round, pk: int) -> Activity:
    """The activity, if the round asks for it and the user reports it: otherwise 403 for a role that
    reports nothing, 404 for an activity outside the administrator's units (no hint it exists)."""
    if not reports.may_report(request.user):
        raise PermissionDenied
    activity = (
        round_activities(rnd.report)
        .filter(pk__in=Activity.objects.follow_up_editable_by(request.user).values("pk"))
        .select_related("annual_goal", "responsible_unit")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def _row_response(request: HttpRequest, rnd: Round, pk: int, **extra) -> HttpResponse:
    row = reports.table_row(rnd.report, request.user, pk, cut_off=rnd.dates.cut_off)
    context = _context(rnd) | {"row": row, "editing": rnd.state.takes_input, "unit": _unit_param(request)}
    return render(request, ROW_TEMPLATE, context | extra)


@require_http_methods(["GET", "POST"])
@login_required
def row(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:  # noqa: A002
    """One activity's report in the round: htmx swaps the table's row for the form and back; without
    JavaScript the form is a page of its own and a save goes back to the table."""
    rnd = get_round(request, year, round)
    activity = _editable_activity(request, rnd, pk)
    unit = _unit_param(request)

    @cache
    def entry() -> ActivityReport | None:
        """The round's entry, read once, for the form only."""
        return rnd.report.activity_reports.filter(activity=activity).first()

    def save(data: dict) -> None:
        reports.activity_report_save(
            report=rnd.report,
            activity_id=activity.pk,
            expected_version=data["version"],
            status=data["status"],
            comment=data["comment"],
            completed_on=data["completed_on"],
            actor=request.user,
        )

    def saved_row(**extra) -> HttpResponse:
        table = reports.round_table(rnd.report, request.user, cut_off=rnd.dates.cut_off)
        return _row_response(request, rnd, activity.pk, table=table, **extra)

    return row_editor(
        request,
        state=rnd.state,
        row=lambda **extra: _row_response(request, rnd, activity.pk, **extra),
        saved_row=saved_row,
        form_class=ActivityReportForm,
        initial=lambda: initial_data(activity, entry(), rnd.dates.cut_off),
        auto_id=f"rapport-{activity.pk}-%s",
        save=save,
        saved_message=_("The report of “%(title)s” in the round was saved.") % {"title": activity.title},
        back=_table_url(rnd, unit),
        row_id=f"aktivitet-{activity.pk}",
        template=FORM_TEMPLATE,
        context=lambda: _context(rnd) | {"activity": activity, "entry": entry(), "unit": unit},
        keep={"enhet": unit},
    )


@require_GET
@login_required
def export(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """The table the user sees (with the unit filter) as an Excel workbook with Swedish headers."""
    rnd = get_round(request, year, round)
    table = reports.round_table(
        rnd.report, request.user, cut_off=rnd.dates.cut_off, unit=_unit_param(request)
    )
    content = workbook(_("Activities"), reports.export_columns(), reports.export_rows(table))
    return download(content, reports.export_filename(rnd.report))
