"""The wholly-owned companies in a round (R29, R30): the table, a company's report, the export, and the
owner directive goals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from economy.companies import (
    TKR,
    companies,
    company_report_save,
    company_row,
    directive_goal_save,
    directives,
    goal_version,
    readable_companies,
    require_company_round,
    round_companies,
)
from economy.forms_companies import CompanyReportForm, DirectiveGoalForm
from economy.models import OwnerDirectiveGoal
from followup.pages import Round, get_round
from organisation.roles import is_planner
from styrmodell.concurrency import save_or_show
from styrmodell.htmx import form_page, htmx_redirect
from styrmodell.spreadsheets import DATE, Column, download, workbook, yes_no


def _index_url(rnd: Round, company_pk: int | None = None) -> str:
    url = reverse("economy:companies", args=[rnd.report.year, rnd.report.slug])
    return url + (f"#bolag-{company_pk}" if company_pk else "")


def _company_round(request: HttpRequest, year: int, slug: str) -> Round:
    rnd = get_round(request, year, slug)
    require_company_round(rnd.report)
    return rnd


@require_GET
@login_required
def index(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002 - the URL's name
    """The companies' reports in the round: result, forecast, key figures, owner directive goals."""
    rnd = _company_round(request, year, round)
    table = round_companies(request.user, rnd.report, cut_off=rnd.dates.cut_off)
    context = {"round": rnd, "report": rnd.report, "table": table, "takes_input": rnd.state.takes_input}
    return render(request, "economy/companies.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def report(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:  # noqa: A002
    """A company's report in the round: the form for its reporter, read-only for everyone else."""
    rnd = _company_round(request, year, round)
    user = request.user
    # Another company than a reporter's own is not found: its address reveals nothing.
    company = get_object_or_404(readable_companies(user, companies()), pk=pk)
    row = company_row(user, rnd.report, company)
    if request.method == "POST" and not row.may_report:
        raise PermissionDenied
    goals = [goal for goal, _assessment in row.assessments if goal.active]
    form_kwargs = {"key_figures": [kf for kf, _value in row.figures if kf.active], "goals": goals}
    if request.method == "POST":
        form = CompanyReportForm(request.POST, auto_id="bolag-%s", **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data

            def save() -> None:
                company_report_save(
                    report=rnd.report,
                    company=company,
                    result_to_date=data["result_to_date"],
                    forecast=data["forecast"],
                    comment=data["comment"],
                    figures=form.figures(),
                    assessments=form.assessments(),
                    expected_version=data["version"],
                    actor=user,
                )

            if save_or_show(form, save):
                messages.success(
                    request, _("The report of %(company)s was saved.") % {"company": company.name}
                )
                return htmx_redirect(request, _index_url(rnd, company.pk))
    elif row.may_report:
        form = CompanyReportForm(
            initial=CompanyReportForm.initial_for(row), auto_id="bolag-%s", **form_kwargs
        )
    else:
        form = None
    context = {
        "round": rnd,
        "report": rnd.report,
        "company": company,
        "row": row,
        "form": form,
        "takes_input": rnd.state.takes_input,
        "back": _index_url(rnd, company.pk),
        "history": row.entry.history.all() if row.entry else None,
    }
    return form_page(request, "economy/company_report.html", context)


@require_GET
@login_required
def export(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """The companies' reports in the round as an Excel workbook: one row per company, amounts in kronor."""
    rnd = _company_round(request, year, round)
    table = round_companies(request.user, rnd.report, cut_off=rnd.dates.cut_off)
    columns = [
        Column(_("Company"), 30),
        Column(_("Reported"), 10),
        Column(_("Result to date (kronor)"), 18, "#,##0"),
        Column(_("Result, full-year forecast (kronor)"), 18, "#,##0"),
        Column(_("Forecast: loss"), 12),
        *[
            Column(
                f"{kf.name} ({_('kronor') if kf.unit_label == TKR else kf.unit_label})",
                18,
                "#,##0" if kf.unit_label == TKR else "0.00",
            )
            for kf in table.key_figures
        ],
        Column(_("Owner directive goals not achieved"), 14, "0"),
        Column(_("Owner directive goals"), 60, wrap=True),
        Column(_("Comment"), 50, wrap=True),
        Column(_("Entered by"), 22),
        Column(_("Entered on"), 12, DATE),
    ]

    def row(item) -> list:
        entry = item.entry
        values = dict((kf.pk, value) for kf, value in item.figures)
        goals = "\n".join(
            f"{goal.position}. {goal.text}: {a.get_verdict_display() if a else _('Not assessed')}"
            + (f" ({a.comment})" if a and a.comment else "")
            for goal, a in item.assessments
        )
        return [
            item.company.name,
            yes_no(entry is not None),
            entry.result_to_date if entry else None,
            entry.forecast if entry else None,
            yes_no(item.loss) if entry else "",
            *[values.get(kf.pk) for kf in table.key_figures],
            item.goals_missed,
            goals,
            entry.comment if entry else "",
            str(entry.entered_by) if entry and entry.entered_by else "",
            timezone.localdate(entry.entered_at) if entry else None,
        ]

    content = workbook(_("Companies"), columns, (row(item) for item in table.rows))
    return download(content, f"bolag-{rnd.report.year}-{rnd.report.slug}.xlsx")


@require_http_methods(["GET", "POST"])
@login_required
def directive_goals(request: HttpRequest) -> HttpResponse:
    """The companies' owner directive goals; planners add, change and retire them."""
    user = request.user
    may_edit = is_planner(user)
    goals = list(
        OwnerDirectiveGoal.objects.filter(company__in=readable_companies(user, companies()))
        .select_related("company", "directive")
        .order_by("company__name", "position", "pk")
    )
    form = None
    editing = None
    if may_edit:
        form_kwargs = {
            "companies": companies().swedish_order(),
            "directives": directives(),
            "auto_id": "agardirektiv-%s",
        }
        if request.method == "POST":
            form = DirectiveGoalForm(request.POST, **form_kwargs)
            if form.is_valid():
                data = form.cleaned_data
                editing = data["goal"]

                def save() -> None:
                    directive_goal_save(
                        goal_id=data["goal"],
                        company=data["company"],
                        directive=data["directive"],
                        position=data["position"],
                        text=data["text"],
                        active=data["active"],
                        expected_version=data["version"],
                        actor=user,
                    )

                if save_or_show(form, save):
                    messages.success(request, _("The owner directive goal was saved."))
                    return redirect("economy:directive_goals")
        else:
            chosen = request.GET.get("andra", "")
            goal = None
            if chosen.isascii() and chosen.isdigit() and len(chosen) < 10:
                goal = next((g for g in goals if g.pk == int(chosen)), None)
            if goal is not None:
                editing = goal.pk
                form = DirectiveGoalForm(
                    initial=DirectiveGoalForm.initial_for(goal, goal_version(goal)), **form_kwargs
                )
            else:
                form = DirectiveGoalForm(**form_kwargs)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "goals": goals,
        "form": form,
        "editing": editing,
        "may_edit": may_edit,
        "history": OwnerDirectiveGoal.history.filter(company__in=readable_companies(user, companies())),
    }
    return render(request, "economy/directive_goals.html", context)
