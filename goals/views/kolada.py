"""The Kolada panel of the indicators page: start an import, and follow it until it finishes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goals.kolada_import import active_kolada_import, start_kolada_import
from goals.models import KoladaImport
from goals.selectors import kolada_panel_context
from organisation.access import role_required
from organisation.models import Role

PANEL_TEMPLATE = "goals/_kolada_panel.html"


def _panel(request: HttpRequest) -> HttpResponse:
    return render(request, PANEL_TEMPLATE, kolada_panel_context(request.user))


@require_POST
@login_required
@role_required(Role.PLANNER, Role.FINANCE)
def kolada_import_start(request: HttpRequest) -> HttpResponse:
    """Start an import of every Kolada indicator in use; htmx gets the panel, a plain form a redirect."""
    refused = ""
    if active_kolada_import() is not None:
        note = _("An import from Kolada is already under way.")
    else:
        run = start_kolada_import(kpi_ids=None, year_from=None, actor=request.user)
        note = _("The import from Kolada has started.")
        # Failed before it started: the background service did not take it, and the run says why.
        if run.state == KoladaImport.State.FAILED and run.started_at is None:
            refused = run.message
    if request.htmx:
        context = {**kolada_panel_context(request.user), "kolada_refused": refused}
        return render(request, PANEL_TEMPLATE, context)
    if refused:
        messages.error(request, refused)
    else:
        messages.info(request, note)
    return redirect(reverse("goals:indicators") + "#kolada")


@require_GET
@login_required
def kolada_import_status(request: HttpRequest) -> HttpResponse:
    """The Kolada panel on its own; it polls this view while an import is queued or under way."""
    return _panel(request)
