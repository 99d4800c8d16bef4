"""Forms for the internal control plan; the services decide what may be saved."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from followup.models import Consequence, Control, Probability
from styrmodell.concurrency import VersionField
from styrmodell.forms import ModelForm


def _scale_choices(choices: type[Probability] | type[Consequence]) -> list[tuple[str, str]]:
    """'1 – Osannolik' and so on: the step's number and its word, both read by the user."""
    return [("", "---------")] + [(str(value), f"{value} – {label}") for value, label in choices.choices]


class ControlForm(ModelForm):
    """A control's content; never bound to a saved control, so a refusal changes nothing in memory."""

    class Meta:
        model = Control
        fields = [
            "process",
            "risk",
            "probability",
            "consequence",
            "control_method",
            "responsible_unit",
            "responsible_person",
            "frequency",
        ]
        widgets = {
            "risk": forms.Textarea(attrs={"rows": 3}),
            "control_method": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units
        self.fields["probability"].choices = _scale_choices(Probability)
        self.fields["consequence"].choices = _scale_choices(Consequence)

    @staticmethod
    def initial_for(control: Control) -> dict:
        initial = {field: getattr(control, field) for field in ControlForm.Meta.fields}
        initial["responsible_unit"] = control.responsible_unit_id
        return initial

    def clean(self):
        cleaned = super().clean()
        if (
            "responsible_unit" in cleaned
            and not cleaned.get("responsible_unit")
            and not (cleaned.get("responsible_person") or "").strip()
        ):
            self.add_error(
                "responsible_unit", _("Name the responsible unit, the responsible person, or both.")
            )
        return cleaned

    def validate_constraints(self, exclude=None):
        # The plan is set by the service, which checks every constraint.
        return None


class ControlEditForm(ControlForm):
    """The same fields, and the version the control was read at (a save over somebody else's is refused)."""

    version = VersionField()
