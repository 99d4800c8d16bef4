"""The form a unit reports an activity with in a round (R24), and the version it was read at."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.activity_reports import as_of_cut_off
from followup.models import ActivityReport
from planning.models import Activity
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form


class ActivityReportForm(Form):
    """Status, completion date and comment as of the cut-off date; `version` is empty for a first report."""

    status = ActivityReport._meta.get_field("status").formfield(
        widget=forms.Select(attrs={"autofocus": True})
    )
    completed_on = ActivityReport._meta.get_field("completed_on").formfield(
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Only when the activity was done by the cut-off date."),
    )
    comment = ActivityReport._meta.get_field("comment").formfield(widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField(required=False)


def initial_data(activity: Activity, entry: ActivityReport | None, cut_off: datetime.date) -> dict:
    """The round's entry as saved, or else the live activity as it stood on the cut-off date, so that
    a unit can confirm it quickly."""
    if entry is not None:
        return {
            "status": entry.status,
            "completed_on": entry.completed_on,
            "comment": entry.comment,
            "version": entry.version,
        }
    status, comment, completed_on = as_of_cut_off(activity, cut_off)
    return {"status": status, "completed_on": completed_on, "comment": comment, "version": None}
