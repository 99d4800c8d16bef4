"""The reports' pages (/rapporter/): what each kind can report for a year and its versions, asking for a
build, its progress while the worker builds it (htmx polling), a version's page, and the download.

Everyone with a role reads the page; each sees the versions of what they may read (the subject's
`for_user`). The roles of a kind's `ReportType.built_by` (planners and finance) ask for builds, retry
failed ones, mark a version final and delete versions that are not. A PDF is only ever streamed by
`download`, after the same check: a page never holds a storage address.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from budget.models import Budget
from followup.models import PlanningPremises, Report
from organisation.access import role_required
from organisation.roles import Role, has_role
from planning.models import OperationalPlan
from reports import services
from reports.forms import BuildForm
from reports.kinds import ReportType, Subject, readable_keys, report_type
from reports.models import BuildStatus, Kind, ReportVersion
from styrmodell.files import PDF_CSP, pdf_response

# The versions listed per subject on the index; the final ones are listed whatever their age.
SHOWN_VERSIONS = 5
# How the data a version was built from is named on its page, in this order (the kinds' `sources`
# keys); a key not named here (a department's part of the planning premises) is shown as it is.
SOURCE_LABELS = {
    "plan": gettext_lazy("Version of the operational plan"),
    "budget_version": gettext_lazy("Budget version"),
    "budget_revision": gettext_lazy("Revision of the budget version"),
    "round": gettext_lazy("Version of the follow-up round"),
    "economy_round": gettext_lazy("Version of the follow-up round"),
    "economy_outcome_import": gettext_lazy("Outcome import"),
    "economy_budget_version": gettext_lazy("Budget version followed"),
    "economy_budget_revision": gettext_lazy("Revision of the budget version followed"),
    "economy_summary": gettext_lazy("Version of finance's summary"),
    "economy_forecasts": gettext_lazy("Forecasts (sum of versions)"),
    "economy_investment_followups": gettext_lazy("Investment follow-ups (sum of versions)"),
    "economy_company_reports": gettext_lazy("Company reports (sum of versions)"),
    "premises": gettext_lazy("Version of the planning premises"),
}


@dataclass
class SubjectRow:
    """One thing a kind can report for the year, with its versions as the user sees them."""

    kind: Kind
    year: int
    subject: Subject
    may_build: bool
    versions: list[ReportVersion] = field(default_factory=list)
    older: int = 0
    error: str = ""

    @property
    def dom_id(self) -> str:
        safe = "".join(ch for ch in self.subject.key if ch.isalnum())
        return f"subject-{self.kind.value}-{safe}"


def _may_build(user, report: ReportType) -> bool:
    return has_role(user, *report.built_by)


def _fill(row: SubjectRow, versions: list[ReportVersion]) -> SubjectRow:
    shown = versions[:SHOWN_VERSIONS] + [v for v in versions[SHOWN_VERSIONS:] if v.final]
    row.versions = shown
    row.older = len(versions) - len(shown)
    return row


def _years(chosen: int) -> list[int]:
    """The years the data has (plans, budgets, rounds, planning premises, versions), this year and the
    chosen one."""
    # One query: a UNION of the years (cleared of each model's default ordering, the union's too).
    # The planning premises count in the year they are written (their versions' years are theirs).
    written = F("year") - report_type(Kind.PLANNING_PREMISES).year_offset
    years = (
        OperationalPlan.objects.order_by()
        .values_list("year", flat=True)
        .union(
            Budget.objects.order_by().values_list("year"),
            Report.objects.order_by().values_list("year"),
            PlanningPremises.objects.order_by().annotate(written=written).values_list("written"),
            ReportVersion.objects.order_by().exclude(kind=Kind.PLANNING_PREMISES).values_list("year"),
        )
        .order_by()
    )
    return sorted(set(years) | {timezone.localdate().year, chosen}, reverse=True)


def _chosen_year(request: HttpRequest) -> int:
    text = request.GET.get("ar", "")
    if text.isascii() and text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


@require_GET
@login_required
@role_required(*Role.values)
def index(request: HttpRequest) -> HttpResponse:
    """The seven reports for a year: what each can report, its versions, and (for builders) "Create PDF"."""
    user = request.user
    year = _chosen_year(request)
    kinds = []
    for kind in Kind:
        report = report_type(kind)
        kinds.append((kind, report, report.subjects(year + report.year_offset)))
    readable = readable_keys([s for _kind, _report, subjects in kinds for s in subjects], user)
    # One query for the versions of every readable subject of the year, newest first.
    by_subject: dict[tuple[str, str], list[ReportVersion]] = defaultdict(list)
    for version in (
        ReportVersion.objects.filter(
            year__in={year + report.year_offset for _kind, report, _subjects in kinds},
            subject_key__in=readable,
        )
        .select_related("requested_by")
        .order_by("-number")
    ):
        by_subject[version.kind, version.subject_key].append(version)
    drafts_read = {s.key for _kind, _report, subjects in kinds for s in subjects if s.reads_drafts(user)}
    sections = []
    for kind, report, subjects in kinds:
        may_build = _may_build(user, report)
        rows = [
            _fill(
                SubjectRow(kind, year + report.year_offset, subject, may_build),
                [
                    version
                    for version in by_subject[kind, subject.key]
                    if not version.from_draft or subject.key in drafts_read
                ],
            )
            for subject in subjects
            if subject.key in readable
        ]
        sections.append({"kind": kind, "rows": rows, "may_build": may_build})
    context = {"year": year, "years": _years(year), "sections": sections}
    return render(request, "reports/index.html", context)


def _index_url(year: int) -> str:
    return f"{reverse('reports:index')}?ar={year}"


@require_POST
@login_required
def build(request: HttpRequest) -> HttpResponse:
    """Ask for a new version of a report (builders); the worker builds it, the page follows it."""
    form = BuildForm(request.POST)
    if not form.is_valid():
        raise Http404
    kind, year, key = form.cleaned_data["kind"], form.cleaned_data["year"], form.cleaned_data["subject"]
    report = report_type(kind)
    if not _may_build(request.user, report):
        raise PermissionDenied
    subject = report.subject(year, key)
    if subject is None:
        raise Http404
    if not subject.readable_by(request.user):
        raise PermissionDenied
    row = SubjectRow(report.kind, year, subject, may_build=True)
    try:
        version = services.request_build(kind=kind, year=year, subject_key=key, actor=request.user)
    except ValidationError as error:
        if not request.htmx:
            for message in error.messages:
                messages.error(request, message)
            return redirect(_index_url(year - report.year_offset))
        row.error = " ".join(error.messages)
    else:
        if not request.htmx:
            return redirect(version)
    versions = ReportVersion.objects.of_subject(kind, year, key).select_related("requested_by")
    return render(request, "reports/index.html#subject", {"row": _fill(row, list(versions))})


def _version_and_subject(request: HttpRequest, pk: int) -> tuple[ReportVersion, ReportType, Subject]:
    """The version, if the user may read what it reports: 404 unknown (or its subject gone), 403 not."""
    version = get_object_or_404(ReportVersion.objects.select_related("requested_by", "finalised_by"), pk=pk)
    report = report_type(version.kind)
    subject = report.subject(version.year, version.subject_key)
    if subject is None:
        raise Http404
    if not subject.readable_by(request.user) or not subject.version_readable_by(version, request.user):
        raise PermissionDenied
    return version, report, subject


def _builder_version(request: HttpRequest, pk: int) -> ReportVersion:
    version, report, _subject = _version_and_subject(request, pk)
    if not _may_build(request.user, report):
        raise PermissionDenied
    return version


def _status(
    request: HttpRequest, version: ReportVersion, *, may_build: bool, error: str = ""
) -> HttpResponse:
    context = {"version": version, "may_build": may_build, "status_error": error}
    return render(request, "reports/version.html#status", context)


def _sources(sources: dict) -> list[tuple[str, object]]:
    """The data a version was built from as (label, number), in SOURCE_LABELS' order, each once."""
    order = {key: position for position, key in enumerate(SOURCE_LABELS)}
    shown: list[tuple[str, object]] = []
    for key in sorted(sources, key=lambda key: (order.get(key, len(order)), key)):
        item = (str(SOURCE_LABELS.get(key, key)), sources[key])
        if item not in shown:
            shown.append(item)
    return shown


@require_GET
@login_required
def version(request: HttpRequest, pk: int) -> HttpResponse:
    """A version: who asked for it and when, from which data, its state; htmx polls its status."""
    version, report, subject = _version_and_subject(request, pk)
    may_build = _may_build(request.user, report)
    if request.htmx:
        return _status(request, version, may_build=may_build)
    sources = _sources(version.sources)
    done = version.status == BuildStatus.DONE
    context = {
        "version": version,
        "subject": subject,
        "sources": sources,
        "may_build": may_build,
        "may_mark_final": may_build and done and version.adopted and not version.final,
        "may_delete": may_build and not version.final and not version.is_unfinished,
        "index_url": _index_url(version.year - report.year_offset),
    }
    return render(request, "reports/version.html", context)


@require_POST
@login_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or stalled version again (builders); htmx gets the polling status back."""
    version = _builder_version(request, pk)
    error = ""
    try:
        version = services.retry(version, actor=request.user)
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
        if not request.htmx:
            messages.error(request, error)
    if request.htmx:
        version.refresh_from_db()
        return _status(request, version, may_build=True, error=error)
    return redirect(version)


@require_POST
@login_required
def mark_final(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a built version of an adopted document final (builders): from then on it is kept as it is."""
    version = _builder_version(request, pk)
    try:
        services.mark_final(version, actor=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The version is marked final."))
    return redirect(version)


@require_POST
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a version that is not final (builders), with its PDF."""
    version = _builder_version(request, pk)
    try:
        services.delete_version(version, actor=request.user)
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
        return redirect(version)
    messages.success(request, _("Version %(number)s was deleted.") % {"number": version.number})
    url = _index_url(version.year - report_type(version.kind).year_offset)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@login_required
@cache_control(private=True, no_store=True)
@csp_override(PDF_CSP)
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The version's PDF, streamed from the reports' storage to a user who may read what it reports."""
    version, _report, _subject = _version_and_subject(request, pk)
    if version.status != BuildStatus.DONE or not version.file:
        raise Http404
    return pdf_response(version.file, version.file_name, as_attachment=True)
