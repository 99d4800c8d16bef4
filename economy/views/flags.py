"""The deviations KS alerts KF to (R30): the year's list, one deviation handled, the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from economy import flags
from economy.forms_flags import FlagForm
from economy.models import FlagState
from styrmodell.concurrency import save_or_show
from styrmodell.htmx import htmx_redirect
from styrmodell.spreadsheets import DATE, Column, download, workbook


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _flags_url(year: int, pk: int | None = None) -> str:
    return reverse("economy:flags", args=[year]) + (f"#avvikelse-{pk}" if pk else "")


@require_GET
@login_required
def index(request: HttpRequest, year: int) -> HttpResponse:
    """The year's deviations: open and current first by kind, then handled, reported and gone."""
    year = _year(year)
    context = {
        "year": year,
        "groups": flags.year_flags(request.user, year),
        "may_handle": flags.may_handle(request.user),
    }
    return render(request, "economy/flags.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def handle(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """One deviation with its history; finance and planners mark it handled or reported to KF.
    htmx gets the deviation's card (with the form while it is open)."""
    year = _year(year)
    user = request.user
    may_handle = flags.may_handle(user)
    if request.method == "POST" and not may_handle:
        raise PermissionDenied
    flag = get_object_or_404(flags.with_relations(flags.for_user(user, year)), pk=pk)
    form = None
    if may_handle and flag.state == FlagState.OPEN:
        form = FlagForm(request.POST if request.method == "POST" else None, flag=flag)
    if request.method == "POST" and form is None:
        messages.error(request, _("The deviation is already handled."))
        return htmx_redirect(request, _flags_url(year, flag.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> None:
            flags.flag_handle(
                flag_id=flag.pk,
                year=year,
                expected_version=data["version"],
                state=data["state"],
                comment=data["comment"],
                decision=data["decision"],
                actor=user,
            )

        if save_or_show(form, save):
            if not request.htmx:
                messages.success(request, _("The deviation “%(title)s” was saved.") % {"title": flag.title})
                return htmx_redirect(request, _flags_url(year, flag.pk))
            flag = flags.with_relations(flags.for_user(user, year)).get(pk=flag.pk)
            form = None
    flag.source_url = flags.source_url(flag)
    context = {
        "year": year,
        "flag": flag,
        "form": form,
        "may_handle": may_handle,
        # htmx asks from the list page: the card keeps the list's heading level and links.
        "list_page": bool(request.htmx),
        "history": flag.history.all(),
    }
    template = "economy/flag.html" + ("#card" if request.htmx else "")
    return render(request, template, context)


@require_GET
@login_required
def export(request: HttpRequest, year: int) -> HttpResponse:
    """The year's deviations the user reads as an Excel workbook (Swedish headers, real dates)."""
    year = _year(year)
    groups = flags.year_flags(request.user, year)
    columns = [
        Column(_("Kind"), 30),
        Column(_("Deviation"), 60, wrap=True),
        Column(_("Amount (kronor)"), 16, "#,##0"),
        Column(_("First seen in"), 28),
        Column(_("Latest seen in"), 28),
        Column(_("Current"), 10),
        Column(_("State"), 20),
        Column(_("Comment"), 50, wrap=True),
        Column(_("KF decision"), 36),
        Column(_("Handled by"), 22),
        Column(_("Handled on"), 12, DATE),
    ]
    ordered = [f for _kind, items in groups.open for f in items]
    ordered += groups.handled + groups.reported + groups.gone

    def row(flag) -> list:
        return [
            flag.get_kind_display(),
            flag.title,
            flag.amount,
            str(flag.first_report),
            str(flag.latest_report),
            _("Yes") if flag.current else _("No"),
            flag.get_state_display(),
            flag.comment,
            str(flag.decision) if flag.decision else "",
            str(flag.handled_by) if flag.handled_by else "",
            timezone.localdate(flag.handled_at) if flag.handled_at else None,
        ]

    content = workbook(_("Deviations"), columns, (row(flag) for flag in ordered))
    return download(content, f"avvikelser-{year}.xlsx")
