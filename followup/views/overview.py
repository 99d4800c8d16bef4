"""The year's follow-up at a glance (politicians' first stop): deviations first, then the goal chain,
and the drill-downs into a goal, a unit and an activity within a round."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from economy.companies import is_company_round, round_companies
from economy.figures import Economy, round_economy
from economy.models import ImportStatus, OutcomeImport
from followup import premises, rounds, selectors
from followup.models import REPORT_KINDS, Report
from followup.pages import Round, get_round, year_rounds
from followup.progress import round_activities, round_goals
from organisation.models import OrgUnit
from organisation.roles import Role, has_role
from styrmodell.spreadsheets import Column, download, workbook


def _overview_round(request: HttpRequest, year: int, slug: str) -> Round:
    """The round by address, if it is one of the reports the overview shows (else 404)."""
    current = get_round(request, year, slug)
    if current.report.kind not in REPORT_KINDS:
        raise Http404
    return current


def _entry_links(user) -> dict[str, bool]:
    """Which entry pages the user works in (the pages themselves decide what may be written)."""
    return {
        "may_report_activities": has_role(user, Role.ADMINISTRATOR),
        "may_assess": has_role(user, Role.PLANNER, Role.ADMINISTRATOR),
        "may_report_controls": has_role(user, Role.PLANNER, Role.ADMINISTRATOR),
    }


def _economy_glance(readable: list[Report], report: Report | None, year_dates) -> Economy | None:
    """The economy beside goal fulfilment (R25): KS's budget, forecast and deviation in the latest round
    the user reads that has an outcome in force, else in the round shown. A constant number of queries."""
    if not readable:
        return None
    with_outcome = set(
        OutcomeImport.objects.filter(
            report__in=[r.pk for r in readable], status=ImportStatus.CONFIRMED
        ).values_list("report_id", flat=True)
    )
    chosen = max((r for r in readable if r.pk in with_outcome), key=rounds.round_order, default=report)
    if chosen is None:
        return None
    return round_economy(chosen, cut_off=rounds.dates_of(chosen, year_dates).cut_off)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The current year's overview."""
    return redirect("followup:year", timezone.localdate().year)


@require_GET
@login_required
def year_overview(request: HttpRequest, year: int) -> HttpResponse:
    """A round of the year (?omgang=, else the latest the user should see): deviations, goal chain,
    change since the previous round, internal control."""
    every_round = year_rounds(request, year)
    readable = selectors.overview_rounds(every_round)
    year_dates = rounds.report_dates(year)
    today = timezone.localdate()
    slug = request.GET.get("omgang", "")
    if slug:
        report = next((r for r in readable if r.slug == slug), None)
        if report is None:
            raise Http404
    else:
        report = selectors.default_round(
            readable, year_dates, today, reads_drafts=has_role(request.user, *Report.drafts_read_by())
        )
    context = {"year": year, "rounds": readable, "year_dates": year_dates, "report": report}
    # The departments write the planning premises for the year after next in the autumn (R22).
    context["premises_year"] = year + 2 if premises.may_read(request.user) else None
    context["economy"] = _economy_glance(every_round, report, year_dates)
    if report is not None:
        previous = rounds.previous_round(report, readable)
        dates = year_dates[report.kind]
        overview = selectors.round_overview(
            report,
            previous,
            year_dates,
            request.user,
            # The late table lists its first rows; ?sena=alla lists every late activity.
            late_limit=None if request.GET.get("sena") == "alla" else selectors.LATE_SHOWN,
        )
        chain_page, chain = selectors.chain_page(overview.chain, request.GET.get("sida"))
        context |= {
            "overview": overview,
            "chain": chain,
            "chain_page": chain_page,
            "dates": dates,
            "state": rounds.input_state(report, dates, today),
            # The address of an activity in the round, but for its id: reversed once, not per activity.
            "activity_path": reverse("followup:activity", args=[report.year, report.slug, 0])[:-2],
            "unit_path": reverse("followup:unit", args=[report.year, report.slug, 0])[:-2],
            **_entry_links(request.user),
        }
        if is_company_round(report):
            # The wholly-owned companies beside KS's administration (R29): their reports in the round.
            context["companies"] = round_companies(request.user, report, cut_off=dates.cut_off)
    return render(request, "followup/overview.html", context)


@require_GET
@login_required
def goal_detail(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:
    """A KS goal in a round: proposal and basis, assessment and analysis, its activities, its history."""
    current = _overview_round(request, year, round)
    goal = get_object_or_404(round_goals(current.report).for_user(request.user), pk=pk)
    year_dates = rounds.report_dates(year)
    detail = selectors.goal_detail(
        current.report,
        current.previous,
        year_dates,
        goal,
        selectors.overview_rounds(current.rounds),
        request.user,
    )
    return render(
        request,
        "followup/drill_goal.html",
        {"round": current, "goal": detail.row.goal, "detail": detail, "row": detail.row},
    )


@require_GET
@login_required
def unit_detail(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:
    """A unit in a round: its activities with their reported status and comment, and the missing ones."""
    current = _overview_round(request, year, round)
    unit = get_object_or_404(OrgUnit, pk=pk)
    rows = selectors.unit_activities(current.report, current.previous, rounds.report_dates(year), unit.pk)
    return render(
        request,
        "followup/drill_unit.html",
        {
            "round": current,
            "unit": unit,
            "rows": rows,
            "missing": [row for row in rows if not row.reported],
            **_entry_links(request.user),
        },
    )


@require_GET
@login_required
def activity_detail(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:
    """An activity: its reports across the year's rounds and its live status."""
    current = _overview_round(request, year, round)
    activity = get_object_or_404(
        round_activities(current.report)
        .for_user(request.user)
        .select_related("responsible_unit", "annual_goal"),
        pk=pk,
    )
    entries = selectors.activity_entries(activity, current.rounds, rounds.report_dates(year))
    return render(
        request,
        "followup/drill_activity.html",
        {
            "round": current,
            "activity": activity,
            "entries": entries,
            "live_late": activity.is_late(current.today),
        },
    )


def _verdict_text(verdict) -> str:
    return f"{verdict.symbol} {verdict.label}" if verdict else _("Not assessed")


def change_text(row: selectors.GoalRow) -> str:
    """What changed since the previous round, in words (the export's last column)."""
    parts = []
    if row.assessment_changed:
        parts.append(
            _("Assessment: %(from)s → %(to)s") % {"from": row.previous_verdict.label, "to": row.verdict.label}
        )
    if row.became_late:
        titles = ", ".join(r.activity.title for r in row.became_late)
        parts.append(_("Became late: %(title)s") % {"title": titles})
    if row.became_done:
        titles = ", ".join(r.activity.title for r in row.became_done)
        parts.append(_("Became done: %(title)s") % {"title": titles})
    return "; ".join(parts)


@require_GET
@login_required
def export(request: HttpRequest, year: int, round: str) -> HttpResponse:
    """The overview's chain table as Excel: KF goal, KS goal, proposal, assessment, progress, change."""
    current = _overview_round(request, year, round)
    overview = selectors.round_overview(
        current.report, current.previous, rounds.report_dates(year), request.user, late_limit=0
    )
    columns = [
        Column(_("KF goal"), 40, wrap=True),
        Column(_("KS goal"), 40, wrap=True),
        Column(_("Proposed assessment"), 22),
        Column(_("Assessment"), 22),
        Column(_("Activities done"), 12),
        Column(_("Activities in total"), 12),
        Column(_("Late"), 10),
        Column(_("Change since the previous round"), 60, wrap=True),
    ]
    no_kf_goal = _("Not linked to a KF goal")
    rows = [
        (
            kf.title or no_kf_goal,
            row.goal.title,
            _verdict_text(row.proposal),
            _verdict_text(row.verdict),
            row.done,
            row.total,
            row.late,
            change_text(row),
        )
        for kf in overview.chain
        for row in kf.goals
    ]
    content = workbook(str(current.report), columns, rows)
    return download(content, f"uppfoljning-{year}-{current.report.slug}-oversikt.xlsx")
