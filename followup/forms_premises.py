"""The form a department writes its part of the planning premises with (R22), and the version it was
read at."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import DepartmentPremises
from goals.models import Indicator
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form

# A part is read aloud at a politikerdag: a few paragraphs, not a report of its own.
MAX_TEXT = 6000


def _text(name: str, rows: int, **kwargs) -> forms.CharField:
    return DepartmentPremises._meta.get_field(name).formfield(
        widget=forms.Textarea(attrs={"rows": rows}), max_length=MAX_TEXT, **kwargs
    )


class DepartmentPremisesForm(Form):
    """Challenges, strengths, other remarks and the indicators; `version` is empty for a first save."""

    challenges = _text("challenges", 8)
    strengths = _text("strengths", 6)
    remarks = _text("remarks", 3)
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.order_by("title", "pk"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The indicators that show the challenges and strengths. The report shows their last "
            "years' values, the trend and the country's value."
        ),
    )
    version = VersionField(required=False)

    @staticmethod
    def initial_for(entry: DepartmentPremises | None) -> dict:
        if entry is None:
            return {"version": None}
        return {
            "challenges": entry.challenges,
            "strengths": entry.strengths,
            "remarks": entry.remarks,
            "indicators": [indicator.pk for indicator in entry.indicators.all()],
            "version": entry.version,
        }
