"""The investment report of a round (R25): the table, finance's inline row editing, and its Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from economy import investments as service
from economy.forms_investments import InvestmentForm, initial_data
from followup.pages import Round, get_round
from followup.rounds import why_no_input
from followup.rows import row_editor
from organisation.roles import is_finance
from styrmodell.spreadsheets import download, workbook

TEMPLATE = "economy/investments.html"
FORM_TEMPLATE = "economy/investment_form.html"
ROW_TEMPLATE = "economy/investment_row.html"
# Project, budget, outcome, forecast, deviation, status, comment (with the edit control).
TABLE_COLUMNS = 7


def _table_url(rnd: Round) -> str:
    return reverse("economy:investments", args=[rnd.report.year, rnd.report.slug])


def _context(request: HttpRequest, rnd: Round, investments: service.Investments) -> dict:
    return {
        "round": rnd,
        "report": rnd.report,
        "dates": rnd.dates,
        "state": rnd.state,
        "investments": investments,
        "why_no_input": why_no_input(rnd.state),
        "may_edit": is_finance(request.user),
        "editing": is_finance(request.user) and rnd.state.takes_input,
        "colspan": TABLE_COLUMNS,
    }


@require_GET
@login_required
def index(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002 - the URL's name
    """Every project of the year's investment plan with its budget, outcome, forecast and deviation in
    the round; finance enters the forecasts inline while the round takes input."""
    rnd = get_round(request, year, round)
    investments = service.round_investments(rnd.report)
    return render(request, TEMPLATE, _context(request, rnd, investments))


def _row_response(
    request: HttpRequest, rnd: Round, investments: service.Investments, pk: int, **extra
) -> HttpResponse:
    row = next(r for r in investments.rows if r.project.pk == pk)
    context = _context(request, rnd, investments) | {"row": row}
    return render(request, ROW_TEMPLATE, context | extra)


@require_http_methods(["GET", "POST"])
@login_required
def row(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:  # noqa: A002
    """One project in the round: htmx swaps the table's row for the form and back; without
    JavaScript the form is a page of its own and a save goes back to the table. Finance only."""
    rnd = get_round(request, year, round)
    if not is_finance(request.user):
        raise PermissionDenied
    investments = service.round_investments(rnd.report)
    current = next((r for r in investments.rows if r.project.pk == pk), None)
    if current is None:
        raise Http404
    project = current.project

    def save(data: dict) -> None:
        service.investment_save(
            report=rnd.report,
            project=project,
            forecast=data["forecast"],
            status=data["status"],
            comment=data["comment"],
            expected_version=data["version"],
            actor=request.user,
            today=rnd.today,
        )

    return row_editor(
        request,
        state=rnd.state,
        row=lambda **extra: _row_response(request, rnd, investments, project.pk, **extra),
        saved_row=lambda **extra: _row_response(
            request, rnd, service.round_investments(rnd.report), project.pk, **extra
        ),
        form_class=InvestmentForm,
        initial=lambda: initial_data(current),
        auto_id=f"investering-{project.pk}-%s",
        save=save,
        saved_message=_("The follow-up of “%(name)s” in the round was saved.") % {"name": project.name},
        back=_table_url(rnd),
        row_id=f"investering-{project.pk}",
        template=FORM_TEMPLATE,
        context=lambda: _context(request, rnd, investments) | {"row": current, "project": project},
    )


@require_GET
@login_required
def export(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """The round's investment report as an Excel workbook: Swedish headers, amounts in kronor."""
    rnd = get_round(request, year, round)
    investments = service.round_investments(rnd.report)
    content = workbook(
        _("Investments"), service.export_columns(rnd.report.year), service.export_rows(investments)
    )
    return download(content, service.export_filename(rnd.report))
