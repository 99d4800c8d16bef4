"""The page where finance moves money between KS's activity areas within its frame (R30)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budget.forms import RedistributionForm
from budget.models import FrameDistribution
from budget.redistribution import decisions_for, redistribute, year_redistributions
from budget.services import executive_board
from organisation.access import role_required
from organisation.models import OrgUnit
from organisation.roles import Role
from styrmodell.concurrency import save_or_show
from styrmodell.db import SwedishCollate


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.FINANCE)
def redistribution(request: HttpRequest, year: int) -> HttpResponse:
    """The year's redistributions between KS's activity areas, and the form for a new one."""
    if not 2000 <= year <= 2100:
        raise Http404
    ks = executive_board()
    if ks is None:
        raise Http404
    rows = list(
        FrameDistribution.objects.filter(body=ks, year=year)
        .select_related("unit")
        .order_by(SwedishCollate("unit__name"))
    )
    units = OrgUnit.objects.filter(pk__in=[row.unit_id for row in rows]).swedish_order()
    form = RedistributionForm(
        request.POST if request.method == "POST" else None,
        units=units,
        decisions=decisions_for(ks, year),
        auto_id="omfordelning-%s",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> None:
            redistribute(body=ks, year=year, actor=request.user, **data)

        if save_or_show(form, save):
            messages.success(request, _("The redistribution was saved."))
            return redirect("budget:redistribution", year)
    context = {
        "body": ks,
        "year": year,
        "rows": rows,
        "redistributions": year_redistributions(ks, year),
        "form": form,
    }
    return render(request, "budget/redistribution.html", context)
