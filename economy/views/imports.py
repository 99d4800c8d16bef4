"""The outcome import of a round (R25): the upload form and the imports so far, the preview (progress
while the file is read, its problems when refused, its totals per activity area when previewed) with
confirm and discard, and the spreadsheet template."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from economy.figures import import_totals, outcome_in_force
from economy.forms_imports import UploadForm
from economy.imports import (
    LAYOUT,
    import_confirm,
    import_discard,
    import_upload,
    warning_text,
)
from economy.models import ImportStatus, OutcomeImport, ProjectOutcome
from economy.sie import last_day_of_month
from followup.pages import Round, get_round
from organisation.roles import Role, has_role, is_finance
from styrmodell.forms import add_service_error
from styrmodell.spreadsheets import Column, download, workbook
from styrmodell.validation import excerpt


def _may_read(user) -> bool:
    """Finance imports; planners follow the imports; the other roles see the outcome on the round's page."""
    return has_role(user, Role.FINANCE, Role.PLANNER)


def _import_url(rnd: Round) -> str:
    return reverse("economy:import", args=[rnd.report.year, rnd.report.slug])


def _preview_url(rnd: Round, outcome_import: OutcomeImport) -> str:
    return reverse("economy:import_preview", args=[rnd.report.year, rnd.report.slug, outcome_import.pk])


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002 - the URL's name
    """The round's imports (finance and planners) and the upload form (finance)."""
    rnd = get_round(request, year, round)
    user = request.user
    if not _may_read(user):
        raise PermissionDenied
    finance = is_finance(user)
    if request.method == "POST" and not finance:
        raise PermissionDenied
    form = None
    if finance:
        form = UploadForm(request.POST or None, request.FILES or None, auto_id="import-%s")
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        month = form.cleaned_data["through"]
        try:
            created = import_upload(
                report=rnd.report,
                data=upload_file.read(settings.ECONOMY_IMPORT_MAX_BYTES + 1),  # more is refused unread
                file_name=upload_file.name or "",
                actor=user,
                through=last_day_of_month(rnd.report.year, month) if month else None,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The file “%(name)s” was received.") % {"name": excerpt(created.file_name)}
            )
            return redirect(_preview_url(rnd, created))
    imports = list(
        OutcomeImport.objects.filter(report=rnd.report).select_related("imported_by", "confirmed_by")
    )
    context = {
        "round": rnd,
        "report": rnd.report,
        "form": form,
        "takes_input": rnd.state.takes_input,
        "in_force": next((i for i in imports if i.status == ImportStatus.CONFIRMED), None),
        "imports": imports,
        "layout": LAYOUT,
    }
    return render(request, "economy/import.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def preview(request: HttpRequest, year: int, round: str, pk: int) -> HttpResponse:  # noqa: A002
    """One import: its progress while read, its problems when refused, its totals to confirm or discard."""
    rnd = get_round(request, year, round)
    user = request.user
    if not _may_read(user):
        raise PermissionDenied
    outcome_import = get_object_or_404(
        OutcomeImport.objects.select_related("report", "imported_by", "confirmed_by"),
        pk=pk,
        report=rnd.report,
    )
    if request.method == "POST":
        if not is_finance(user):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "confirm":
                import_confirm(outcome_import=outcome_import, actor=user)
                messages.success(request, _("The outcome is imported and in force for the round."))
                return redirect("economy:round", rnd.report.year, rnd.report.slug)
            if action == "discard":
                import_discard(outcome_import=outcome_import, actor=user)
                messages.success(request, _("The import was discarded; nothing of it is used."))
                return redirect(_import_url(rnd))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(_preview_url(rnd, outcome_import))
    reading = outcome_import.status == ImportStatus.READING
    in_preview = outcome_import.status == ImportStatus.PREVIEW
    if request.htmx:
        if not reading:
            return HttpResponseClientRefresh()
        return render(request, "economy/import_preview.html#progress", {"outcome_import": outcome_import})
    context = {
        "round": rnd,
        "report": rnd.report,
        "outcome_import": outcome_import,
        "reading": reading,
        "may_decide": is_finance(user) and rnd.state.takes_input and in_preview,
        "in_preview": in_preview,
        "takes_input": rnd.state.takes_input,
        "back": _import_url(rnd),
        "preview_url": _preview_url(rnd, outcome_import),
    }
    if outcome_import.status in (
        ImportStatus.PREVIEW,
        ImportStatus.CONFIRMED,
        ImportStatus.REPLACED,
        ImportStatus.DISCARDED,
    ):
        areas, outside, total = import_totals(outcome_import)
        context |= {
            "areas": areas,
            "outside": outside,
            "total": total,
            "projects": list(
                ProjectOutcome.objects.filter(outcome_import=outcome_import).order_by("project")
            ),
            "warnings": [warning_text(w) for w in outcome_import.warnings if isinstance(w, dict)],
            "in_force": outcome_in_force(rnd.report)
            if outcome_import.status == ImportStatus.PREVIEW
            else None,
        }
    return render(request, "economy/import_preview.html", context)


@require_GET
@login_required
def template(request: HttpRequest, year: int, round: str) -> HttpResponse:  # noqa: A002
    """An empty workbook in the spreadsheet layout, for systems that cannot write SIE."""
    rnd = get_round(request, year, round)
    if not _may_read(request.user):
        raise PermissionDenied
    columns = [
        Column(LAYOUT[0], 12),
        Column(LAYOUT[1], 10),
        Column(LAYOUT[2], 14),
        Column(LAYOUT[3], 16, "0.00"),
    ]
    content = workbook(_("Outcome"), columns, [])
    return download(content, f"utfall-mall-{rnd.report.year}.xlsx")
