"""The goals' assessments in a round (R13, R28): the table of proposals and assessments, the form that
sets one, and its Excel export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from followup import assessments
from followup.assessments import NOT_YET_ASSESSED, GoalRow, RoundGoals
from followup.models import ActivityReport, GoalAssessment, ReportKind, Verdict
from followup.pages import Round, get_round
from followup.proposals import AsReported, as_reported
from goals import status
from planning.models import Activity, ActivityStatus
from styrmodell.concurrency import VersionField, save_or_show
from styrmodell.forms import Form
from styrmodell.htmx import form_page, htmx_redirect
from styrmodell.spreadsheets import Column, download, workbook


class AssessmentForm(Form):
    """A goal's assessment: one of four values, the analysis, and the reason for a deviation."""

    verdict = forms.ChoiceField(
        label=gettext_lazy("Assessment"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    analysis = forms.CharField(label=gettext_lazy("Analysis"), widget=forms.Textarea(attrs={"rows": 6}))
    deviation_reason = forms.CharField(
        label=gettext_lazy("Reason for deviating from the proposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed when the assessment is not the one the model's rule proposes."),
    )
    version = VersionField()

    def __init__(self, *args, annual_report: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if annual_report:
            # R29: in the årsredovisning the goal follow-up gives results and analysis.
            self.fields["analysis"].label = gettext_lazy("Results and analysis")


def analysis_label(current: Round) -> str:
    return _("Results and analysis") if current.report.kind == ReportKind.ANNUAL else _("Analysis")


def _round_goals(request: HttpRequest, current: Round, **narrow: int) -> RoundGoals:
    return assessments.round_goals_for(current.report, request.user, cut_off=current.dates.cut_off, **narrow)


@require_GET
@login_required
def index(request: HttpRequest, year: int, round: str) -> HttpResponse:
    """The round's KF goals and KS goals: each one's proposal and why, its assessment, and who may assess."""
    current = get_round(request, year, round)
    goals = _round_goals(request, current)
    context = {
        "round": current,
        "report": current.report,
        "goals": goals,
        "analysis_label": analysis_label(current),
        "assesses_goals": current.report.kind != ReportKind.ECONOMY,
    }
    return render(request, "followup/assessments.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def annual_goal(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:
    """A KS goal's assessment in the round: the proposal and its basis, and the form for its assessors."""
    current = get_round(request, year, round)
    goals = _round_goals(request, current, annual_pk=pk)
    row = next((row for row in goals.annual if row.goal.pk == pk), None)
    if row is None:
        raise Http404
    return _assess(request, current, row, goals)


@require_http_methods(["GET", "POST"])
@login_required
def mandate_goal(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:
    """A KF goal's assessment in the round: the proposal from its indicators, and the planners' form."""
    current = get_round(request, year, round)
    goals = _round_goals(request, current, mandate_pk=pk)
    row = next((row for row in goals.mandate if row.goal.pk == pk), None)
    if row is None:
        raise Http404
    return _assess(request, current, row, goals)


def _assess(request: HttpRequest, current: Round, row: GoalRow, goals: RoundGoals) -> HttpResponse:
    report = current.report
    annual_report = report.kind == ReportKind.ANNUAL
    form = None
    if request.method == "POST":
        if not row.may_assess:
            raise PermissionDenied
        form = AssessmentForm(request.POST, annual_report=annual_report)
        if form.is_valid() and save_or_show(form, lambda: _save(request, current, row, form.cleaned_data)):
            messages.success(request, _("The assessment of “%(goal)s” was saved.") % {"goal": row.title})
            return htmx_redirect(request, reverse("followup:assessments", args=[report.year, report.slug]))
    elif row.may_assess and current.state.takes_input:
        form = AssessmentForm(initial=_initial(row), annual_report=annual_report)
    context = {
        "round": current,
        "report": report,
        "row": row,
        "form": form,
        "analysis_label": analysis_label(current),
        "activities": _basis_activities(row, goals.activity_reports),
        "indicators": assessments.goal_indicators(row, goals.code),
        "action": request.path,
        "history": row.assessment.history.all() if row.assessment else None,
    }
    return form_page(request, "followup/assessment.html", context)


def _save(request: HttpRequest, current: Round, row: GoalRow, data: dict) -> GoalAssessment:
    goal = {"annual_goal" if row.is_annual else "mandate_goal": row.goal}
    return assessments.goal_assess(
        report=current.report,
        **goal,
        expected_version=data["version"],
        verdict=data["verdict"],
        analysis=data["analysis"],
        deviation_reason=data["deviation_reason"],
        actor=request.user,
        today=current.today,
    )


def _initial(row: GoalRow) -> dict:
    entry = row.assessment
    if entry is None:
        return {"verdict": row.proposal.verdict, "version": NOT_YET_ASSESSED}
    return {
        "verdict": entry.verdict,
        "analysis": entry.analysis,
        "deviation_reason": entry.deviation_reason,
        "version": entry.version,
    }


# What the proposal rests on, shown above the form


@dataclass(frozen=True)
class BasisActivity:
    activity: Activity
    reported: ActivityReport | None
    state: AsReported

    @property
    def status_label(self) -> str:
        return ActivityStatus(self.state.status).label


def _basis_activities(row: GoalRow, reports: dict[int, ActivityReport]) -> list[BasisActivity] | None:
    """A KS goal's plan activities as the round reports them (R13); None without an adopted plan."""
    if not row.is_annual:
        return None
    activities = status.plan_activities(row.goal)
    if activities is None:
        return None
    return [BasisActivity(a, reports.get(a.pk), as_reported(a, reports)) for a in activities]


# Export


@require_GET
@login_required
def export(request: HttpRequest, year: int, round: str) -> HttpResponse:
    """The round's assessments table as an Excel workbook."""
    current = get_round(request, year, round)
    goals = _round_goals(request, current)
    report = current.report
    columns = [
        Column(_("Number"), 12),
        Column(_("Goal"), 40, wrap=True),
        Column(_("KF goal"), 30, wrap=True),
        Column(_("Proposal"), 18),
        Column(_("Basis of the proposal"), 50, wrap=True),
        Column(_("Assessment"), 18),
        Column(_("Reason for deviating from the proposal"), 40, wrap=True),
        Column(analysis_label(current), 60, wrap=True),
        Column(_("Assessed by"), 24),
        Column(_("Assessed at"), 18, number_format="yyyy-mm-dd hh:mm"),
    ]
    rows = [_export_row(row) for row in goals.mandate] + [_export_row(row) for row in goals.annual]
    content = workbook(_("Goal assessments"), columns, rows)
    return download(content, f"{report.slug}-{report.year}-bedomningar.xlsx")


def _export_row(row: GoalRow) -> list:
    entry = row.assessment
    number = (_("KS goal") if row.is_annual else _("KF goal")) + f" {row.goal.position}"
    parents = ", ".join(parent.title for parent in row.related) if row.is_annual else ""
    return [
        number,
        row.title,
        parents,
        str(row.proposal.verdict.label),
        row.proposal.basis,
        str(Verdict(entry.verdict).label) if entry else "",
        entry.deviation_reason if entry else "",
        entry.analysis if entry else "",
        str(entry.entered_by or "") if entry else "",
        _naive_local(entry.entered_at) if entry else None,
    ]


def _naive_local(moment: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: the local time, without its zone."""
    return timezone.localtime(moment).replace(tzinfo=None)
