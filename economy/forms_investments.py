"""The form finance follows an investment project up with in a round (R25), and the version it was read at."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.forms import TkrField
from economy.investments import ProjectRow
from economy.models import InvestmentFollowup, InvestmentStatus
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form


class InvestmentForm(Form):
    """The full-year forecast in tkr (not negative), the status and a comment; `version` is empty
    for the round's first entry of the project."""

    forecast = TkrField(
        label=_("Forecast, full year (tkr)"),
        negative=False,
        required=True,
        help_text=_("In thousands of kronor, like 1 234,5."),
        error_messages={"required": _("Give the forecast for the full year in tkr.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=InvestmentStatus.choices,
        error_messages={
            "invalid_choice": _("Choose one of the statuses."),
            "required": _("Choose a status."),
        },
    )
    comment = InvestmentFollowup._meta.get_field("comment").formfield(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forecast"].widget.attrs["autofocus"] = True


def initial_data(row: ProjectRow) -> dict:
    """The round's entry as saved, or else the proposal (the previous round's forecast and status, or
    the budget), so that finance can confirm it quickly."""
    if row.entry is not None:
        entry = row.entry
        return {
            "forecast": entry.forecast,
            "status": entry.status,
            "comment": entry.comment,
            "version": entry.version,
        }
    return {"forecast": row.proposal, "status": row.proposed_status, "comment": "", "version": None}
