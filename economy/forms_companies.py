"""Forms for the wholly-owned companies: a company's report in a round, and the owner directive goals.

The services decide what may be saved; the forms bound the input and put each error next to its field.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.forms import TkrField
from economy.companies import TKR, assessment_errors, goal_comment_field, goal_field
from economy.models import KeyFigure, OwnerDirectiveGoal
from followup.models import Verdict
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form


class CompanyReportForm(Form):
    """A company's result to date and forecast (tkr), its key figures and its goals' assessments."""

    result_to_date = TkrField(label=_("Result to date (tkr)"), required=True)
    forecast = TkrField(
        label=_("Result, full-year forecast (tkr)"),
        required=True,
        help_text=_("A loss is written with a minus sign, like −1 200."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = VersionField(required=False)

    def __init__(
        self, *args, key_figures: list[KeyFigure], goals: list[OwnerDirectiveGoal], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.key_figures = key_figures
        self.goals = goals
        for key_figure in key_figures:
            label = f"{key_figure.name} ({key_figure.unit_label})"
            if key_figure.unit_label == TKR:
                self.fields[f"figure_{key_figure.pk}"] = TkrField(label=label)
            else:
                self.fields[f"figure_{key_figure.pk}"] = forms.DecimalField(
                    label=label,
                    required=False,
                    max_digits=15,
                    decimal_places=2,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
        choices = [("", "---------"), *Verdict.choices]
        for goal in goals:
            self.fields[goal_field(goal.pk)] = forms.ChoiceField(
                label=_("Assessment: %(goal)s") % {"goal": goal.text}, choices=choices
            )
            self.fields[goal_comment_field(goal.pk)] = forms.CharField(
                label=_("Comment on the goal: %(goal)s") % {"goal": goal.text},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_for(row) -> dict:
        """The form's initial data from the company's saved report, or empty for a first entry."""
        entry = row.entry
        if entry is None:
            return {}
        initial: dict = {
            "result_to_date": entry.result_to_date,
            "forecast": entry.forecast,
            "comment": entry.comment,
            "version": entry.version,
        }
        for key_figure, value in row.figures:
            initial[f"figure_{key_figure.pk}"] = value
        for goal, assessment in row.assessments:
            if assessment is not None:
                initial[goal_field(goal.pk)] = assessment.verdict
                initial[goal_comment_field(goal.pk)] = assessment.comment
        return initial

    def clean(self):
        cleaned = super().clean()
        assessments = self.assessments(cleaned)
        for name, message in assessment_errors(self.goals, assessments).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def figures(self) -> dict[int, Decimal | None]:
        return {kf.pk: self.cleaned_data.get(f"figure_{kf.pk}") for kf in self.key_figures}

    def assessments(self, cleaned: dict | None = None) -> dict[int, tuple[str, str]]:
        cleaned = self.cleaned_data if cleaned is None else cleaned
        return {
            goal.pk: (cleaned.get(goal_field(goal.pk)) or "", cleaned.get(goal_comment_field(goal.pk)) or "")
            for goal in self.goals
        }

    def figure_fields(self):
        return [self[f"figure_{kf.pk}"] for kf in self.key_figures]

    def goal_fields(self):
        return [(goal, self[goal_field(goal.pk)], self[goal_comment_field(goal.pk)]) for goal in self.goals]


class DirectiveGoalForm(Form):
    """An owner directive goal: the company, the directive of the register, its number and text, in force."""

    company = forms.ModelChoiceField(label=_("Company"), queryset=None)
    directive = forms.ModelChoiceField(
        label=_("Owner directive"),
        queryset=None,
        required=False,
        empty_label=_("None chosen"),
        help_text=_("An owner directive (ägardirektiv) in the register of governing documents."),
    )
    position = forms.IntegerField(label=_("Number"), min_value=1, max_value=999, initial=1)
    text = forms.CharField(label=_("Goal"), max_length=300)
    active = forms.BooleanField(
        label=_("In force"), required=False, initial=True, help_text=_("Untick to retire the goal.")
    )
    goal = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    version = VersionField(required=False)

    def __init__(self, *args, companies, directives, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["directive"].queryset = directives

    @staticmethod
    def initial_for(goal: OwnerDirectiveGoal, version: int) -> dict:
        return {
            "company": goal.company_id,
            "directive": goal.directive_id,
            "position": goal.position,
            "text": goal.text,
            "active": goal.active,
            "goal": goal.pk,
            "version": version,
        }
