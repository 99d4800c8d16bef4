"""Forms for the internal control plan and its results in a round; the services decide what may be saved."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from followup.control_results import DEVIATION_FIELDS, deviation_errors
from followup.models import Consequence, Control, Probability
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form, ModelForm


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


def _yes_no(label, help_text=""):
    """A required yes/no, asked as two radio buttons so that "no" is an answer, never an oversight."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("ja", _("Yes")), ("nej", _("No"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )


class ControlResultForm(Form):
    """A control's result in a round, and the version it was read at (empty for a first entry)."""

    performed = _yes_no(_("Was the control performed?"))
    result = forms.CharField(
        label=_("Result"),
        help_text=_("What the control found, or why it was not performed."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deviation_found = _yes_no(_("Were deviations found?"))
    deviations = forms.CharField(
        label=_("Deviations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions = forms.CharField(
        label=_("Actions decided"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    action_responsible = forms.CharField(
        label=_("Responsible for the actions"), max_length=200, required=False
    )
    version = VersionField(required=False)

    @staticmethod
    def initial_for(entry) -> dict:
        """The form's initial data from a saved result, or empty for a first entry."""
        if entry is None:
            return {}
        return {
            "performed": "ja" if entry.performed else "nej",
            "result": entry.result,
            "deviation_found": "ja" if entry.deviation_found else "nej",
            "deviations": entry.deviations,
            "actions": entry.actions,
            "action_responsible": entry.action_responsible,
            "version": entry.version,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deviation_found"):
            entered = {name: (cleaned.get(name) or "").strip() for name in DEVIATION_FIELDS}
            for name, message in deviation_errors({"deviation_found": True, **entered}).items():
                if name in cleaned:
                    self.add_error(name, message)
        return cleaned


class RoutinesForm(Form):
    """The plan's routines for internal control (4.7.2): a guideline (riktlinje) of the register."""

    routines = forms.ModelChoiceField(
        label=_("Routines for internal control"),
        queryset=None,
        required=False,
        empty_label=_("None chosen"),
        help_text=_("A guideline (riktlinje) in the register of governing documents, adopted by KS."),
    )

    def __init__(self, *args, documents: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["routines"].queryset = documents
