"""A round's economy per activity area (R25): the page (deviations first, finance's summary, the table,
the chart), finance's forecast per area as an htmx row, the summary's form and the Excel export.

Every figure comes from `economy.figures.round_economy`; the writes go through `economy.forecasts`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from economy import figures as economy_figures
from economy import forecasts
from economy.charts import economy_chart
from economy.companies import is_company_round, round_companies
from economy.figures import AreaRow, Economy, Figures
from economy.forms_areas import ForecastForm, SummaryForm
from economy.investments import round_investments
from economy.models import EconomySummary
from followup.models import ReportKind
from followup.pages import Round, get_round
from followup.rounds import why_no_input
from followup.rows import row_editor
from organisation.roles import is_finance
from styrmodell.concurrency import save_or_show
from styrmodell.htmx import form_page, htmx_redirect
from styrmodell.spreadsheets import Column, download, workbook, yes_no

PAGE_TEMPLATE = "economy/round.html"
ROW_TEMPLATE = "economy/round_row.html"
FORM_TEMPLATE = "economy/forecast_form.html"
SUMMARY_TEMPLATE = "economy/summary_edit.html"
# Area, budget ×3, outcome ×3, forecast ×3, deviation ×2, comment.
TABLE_COLUMNS = 13


def _page_url(rnd: Round, unit_id: int | None = None) -> str:
    url = reverse("economy:round", args=[rnd.report.year, rnd.report.slug])
    return url + (f"#omrade-{unit_id}" if unit_id else "")


def _economy(rnd: Round) -> Economy:
    return economy_figures.round_economy(rnd.report, cut_off=rnd.dates.cut_off)


def _context(request: HttpRequest, rnd: Round, economy: Economy) -> dict:
    finance = is_finance(request.user)
    return {
        "round": rnd,
        "report": rnd.report,
        "dates": rnd.dates,
        "state": rnd.state,
        "economy": economy,
        "is_finance": finance,
        "editing": finance and rnd.state.takes_input,
        "why_no_input": why_no_input(rnd.state),
        "is_economy": rnd.report.kind == ReportKind.ECONOMY,
        "colspan": TABLE_COLUMNS,
        "deficit_limit": economy_figures.deficit_limit(),
        "outside_shown": economy.outside_shown,
    }


@require_GET
@login_required
def round_economy(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """The round's economy: where the outcome comes from, the deviations, finance's summary, the table
    per activity area with department and KS totals, a chart, and the links to the rest."""
    rnd = get_round(request, year, round)
    economy = _economy(rnd)
    context = _context(request, rnd, economy) | {
        "chart": economy_chart(economy),
        # The round's investments and, in the reports, the companies beside KS's areas (R25, R29).
        "investments": round_investments(rnd.report),
        "companies": round_companies(request.user, rnd.report, cut_off=rnd.dates.cut_off)
        if is_company_round(rnd.report)
        else None,
    }
    return render(request, PAGE_TEMPLATE, context)


def _area_row(request: HttpRequest, rnd: Round, unit: int) -> tuple[Economy, AreaRow]:
    """The economy and the area's row, for finance only (403 for the other roles, 404 for a unit that
    is not one of the year's activity areas)."""
    if not forecasts.may_enter(request.user):
        raise PermissionDenied
    economy = _economy(rnd)
    row = next((r for r in economy.areas if r.unit.pk == unit), None)
    if row is None:
        raise Http404
    return economy, row


def _row_response(request: HttpRequest, rnd: Round, economy: Economy, row: AreaRow, **extra) -> HttpResponse:
    context = _context(request, rnd, economy) | {"row": row} | extra
    return render(request, ROW_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@login_required
def forecast_row(request: HttpRequest, year: int, round: str, unit: int) -> HttpResponse:  # noqa: A002
    """An area's full-year forecast: htmx swaps the table's row for the form and back; without
    JavaScript the form is a page of its own and a save goes back to the table."""
    rnd = get_round(request, year, round)
    economy, row = _area_row(request, rnd, unit)

    def save(data: dict) -> None:
        forecasts.forecast_save(
            report=rnd.report,
            unit=row.unit,
            revenue=data["revenue"],
            costs=data["costs"],
            comment=data["comment"],
            expected_version=data["version"],
            actor=request.user,
        )

    def saved_row(**extra) -> HttpResponse:
        after = _economy(rnd)
        return _row_response(request, rnd, after, next(r for r in after.areas if r.unit.pk == unit), **extra)

    return row_editor(
        request,
        state=rnd.state,
        row=lambda **extra: _row_response(request, rnd, economy, row, **extra),
        saved_row=saved_row,
        form_class=ForecastForm,
        initial=lambda: ForecastForm.initial_for(row),
        auto_id=f"prognos-{unit}-%s",
        save=save,
        saved_message=_("The forecast of “%(area)s” was saved.") % {"area": row.unit.name},
        back=_page_url(rnd),
        row_id=f"omrade-{unit}",
        refused_url=_page_url(rnd, unit),
        template=FORM_TEMPLATE,
        context=lambda: _context(request, rnd, economy) | {"row": row},
    )


@require_http_methods(["GET", "POST"])
@login_required
def summary_edit(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """Finance's summary of the round's economy for KS, a form page; a save over another's is refused."""
    rnd = get_round(request, year, round)
    if not forecasts.may_enter(request.user):
        raise PermissionDenied
    summary = EconomySummary.objects.filter(report=rnd.report).select_related("entered_by").first()
    if not rnd.state.takes_input and request.method == "GET":
        messages.error(request, why_no_input(rnd.state))
        return redirect(_page_url(rnd) + "#sammanfattning")
    if request.method == "POST":
        form = SummaryForm(request.POST, auto_id="sammanfattning-%s")
        if form.is_valid():
            data = form.cleaned_data
            saved = save_or_show(
                form,
                lambda: forecasts.summary_save(
                    report=rnd.report, text=data["text"], expected_version=data["version"], actor=request.user
                ),
            )
            if saved:
                messages.success(request, _("The summary for KS was saved."))
                return htmx_redirect(request, _page_url(rnd) + "#sammanfattning")
    else:
        form = SummaryForm(initial=SummaryForm.initial_for(summary), auto_id="sammanfattning-%s")
    context = {
        "round": rnd,
        "report": rnd.report,
        "state": rnd.state,
        "summary": summary,
        "form": form,
        "back": _page_url(rnd) + "#sammanfattning",
        "history": summary.history.all() if summary else None,
    }
    return form_page(request, SUMMARY_TEMPLATE, context)


# The export


def _figures(figures: Figures | None) -> list:
    if figures is None:
        return [None, None, None]
    return [figures.revenue, figures.costs, figures.net]


def export_rows(economy: Economy) -> list[list]:
    """The page's table: each area, a subtotal per department with more than one area, KS's total."""
    has_outcome = economy.outcome_import is not None
    rows = []

    def line(name: str, department: str, item, *, forecast_kind: str, comment: str = "") -> list:
        return [
            name,
            department,
            *_figures(item.budget),
            *_figures(item.outcome if has_outcome else None),
            *_figures(item.forecast),
            forecast_kind,
            item.deviation,
            item.deviation_percent,
            yes_no(item.flagged),
            comment,
        ]

    for department in economy.departments:
        for row in department.rows:
            kind = _("Proposed") if row.forecast_is_proposed else _("Entered")
            rows.append(line(row.unit.name, department.label, row, forecast_kind=kind, comment=row.comment))
        if len(department.rows) > 1:
            name = _("Total %(department)s") % {"department": department.label}
            rows.append(line(name, department.label, department, forecast_kind=""))
    total = _("Total %(body)s") % {"body": economy.total.label}
    rows.append(line(total, "", economy.total, forecast_kind=""))
    if economy.outside_shown:
        rows.append(
            [_("Outcome on units outside every activity area"), "", None, None, None]
            + _figures(economy.outside)
            + [None, None, None, "", None, None, "", ""]
        )
    return rows


def export_columns() -> list[Column]:
    kronor = "#,##0.00"
    return [
        Column(_("Activity area"), 34),
        Column(_("Department"), 28),
        Column(_("Budget, revenue (kronor)"), 16, kronor),
        Column(_("Budget, costs (kronor)"), 16, kronor),
        Column(_("Budget, net cost (kronor)"), 16, kronor),
        Column(_("Outcome to date, revenue (kronor)"), 16, kronor),
        Column(_("Outcome to date, costs (kronor)"), 16, kronor),
        Column(_("Outcome to date, net cost (kronor)"), 16, kronor),
        Column(_("Forecast, revenue (kronor)"), 16, kronor),
        Column(_("Forecast, costs (kronor)"), 16, kronor),
        Column(_("Forecast, net cost (kronor)"), 16, kronor),
        Column(_("Forecast"), 12),
        Column(_("Deviation (kronor)"), 16, kronor),
        Column(_("Deviation (%)"), 10, "0.0"),
        Column(_("Deficit beyond the limit"), 12),
        Column(_("Comment"), 50, wrap=True),
    ]


@require_GET
@login_required
def export(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """The round's table as an Excel workbook, in exact kronor."""
    rnd = get_round(request, year, round)
    economy = _economy(rnd)
    content = workbook(_("Economy"), export_columns(), export_rows(economy))
    return download(content, f"ekonomi-{rnd.report.year}-{rnd.report.slug}.xlsx")
