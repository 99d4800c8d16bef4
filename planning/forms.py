"""Forms for the operational plan and its activities; the services decide what may be saved."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from budget.services import geh_code_refused, geh_goals_for_year
from organisation.models import Person
from planning.models import Activity, OperationalPlan
from styrmodell.concurrency import VersionField, initial_version
from styrmodell.db import SwedishCollate
from styrmodell.forms import Form, ModelForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_ROWS = 6


class PlanTextsForm(Form):
    """The plan's texts (R11 sections 1, 2 and 5); a plain form, so a refusal leaves the plan as it was."""

    mission = forms.CharField(
        label=OperationalPlan._meta.get_field("mission").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
    )
    model_summary = forms.CharField(
        label=OperationalPlan._meta.get_field("model_summary").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
    )
    budget_text = forms.CharField(
        label=OperationalPlan._meta.get_field("budget_text").verbose_name,
        help_text=OperationalPlan._meta.get_field("budget_text").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
    )
    version = VersionField()

    @classmethod
    def for_plan(cls, plan: OperationalPlan, data=None, **kwargs) -> PlanTextsForm:
        initial = {
            "mission": plan.mission,
            "model_summary": plan.model_summary,
            "budget_text": plan.budget_text,
        } | initial_version(plan)
        return cls(data, initial=initial, **kwargs)


class _ActivityForm(ModelForm):
    """An activity's content; never bound to a saved activity, so a refusal changes nothing in memory."""

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "kind",
            "annual_goal",
            "responsible_unit",
            "responsible",
            "start",
            "planned_end",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start": DATE_WIDGET,
            "planned_end": DATE_WIDGET,
        }

    def __init__(self, *args, goals: QuerySet, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annual_goal"].queryset = goals
        self.fields["annual_goal"].label_from_instance = lambda goal: f"{goal.position}. {goal.title}"
        self.fields["responsible_unit"].queryset = units
        # Chosen among the organisation's people, never typed, so that the round's reminders reach them.
        self.fields["responsible"].queryset = Person.objects.order_by(SwedishCollate("name"), "pk")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot come before the start."))
        return cleaned

    def validate_constraints(self, exclude=None):
        # The plan and the kind of activity are set by the service, which checks every constraint.
        return None


class PlanActivityForm(_ActivityForm):
    """An activity of the plan's activity plan: it always serves one of the plan's KS goals (R12)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annual_goal"].required = True


class ActivityEditForm(PlanActivityForm):
    """An activity of the plan edited on its page, with the version the form was read at."""

    version = VersionField()


class UnitActivityForm(_ActivityForm):
    """A unit's own activity (R14): toward a KS goal or a goal for good financial management."""

    class Meta(_ActivityForm.Meta):
        fields = [*_ActivityForm.Meta.fields[:4], "geh_code", *_ActivityForm.Meta.fields[4:]]

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annual_goal"].required = False
        self.fields["annual_goal"].help_text = _(
            "Leave empty for an activity toward a goal for good financial management."
        )
        # The code is chosen among the GEH goals of the year's budget, never typed (R14, R16): a year
        # without them offers none.
        goals = geh_goals_for_year(year)
        model_field = self.fields["geh_code"]
        field = forms.ChoiceField(
            label=model_field.label,
            help_text=model_field.help_text,
            required=False,
            choices=[("", "–"), *((code, f"{code} {goal.title}") for code, goal in goals.items())],
            error_messages={"invalid_choice": geh_code_refused(year, "%(value)s")},
        )
        if not goals:
            field.help_text = _(
                "The year's budget has no goals for good financial management to choose from."
            )
            field.widget.attrs["disabled"] = True
        self.fields["geh_code"] = field

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("annual_goal") and not cleaned.get("geh_code", "").strip():
            self.add_error(
                "annual_goal", _("Choose the KS goal or the goal for good financial management it serves.")
            )
        return cleaned
