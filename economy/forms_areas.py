"""Forms for finance's entries in a round's economy: an area's forecast and the summary for KS.
The services (`economy.forecasts`) decide what may be saved."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.forms import TkrField
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form


def _whole(kronor: Decimal) -> Decimal:
    return kronor.quantize(Decimal(1), rounding=ROUND_HALF_UP)


class ForecastForm(Form):
    """An activity area's full-year forecast in tkr, and the version it was read at (empty: first entry)."""

    revenue = TkrField(
        label=_("Revenue, full year (tkr)"),
        required=True,
        negative=False,
        error_messages={"required": _("Give the forecast revenue in thousands of kronor (0 if none).")},
    )
    costs = TkrField(
        label=_("Costs, full year (tkr)"),
        required=True,
        negative=False,
        error_messages={"required": _("Give the forecast costs in thousands of kronor.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        help_text=_("Why the forecast deviates from the budget, and what is being done about it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField(required=False)

    @staticmethod
    def initial_for(row) -> dict:
        """From finance's entry, or prefilled with the proposal until there is one."""
        if row.entry is not None:
            return {
                "revenue": row.entry.revenue,
                "costs": row.entry.costs,
                "comment": row.entry.comment,
                "version": row.entry.version,
            }
        # The form takes whole kronor (three decimals in tkr): the proposal is rounded to them.
        return {"revenue": _whole(row.proposal.revenue), "costs": _whole(row.proposal.costs)}


class SummaryForm(Form):
    """Finance's summary of the round's economy for KS, and the version it was read at."""

    text = forms.CharField(
        label=_("Summary for KS"),
        max_length=20000,
        help_text=_("The economy in brief: the outcome, the forecast for the year and the main deviations."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the summary for KS.")},
    )
    version = VersionField(required=False)

    @staticmethod
    def initial_for(summary) -> dict:
        return {"text": summary.text, "version": summary.version} if summary else {}
