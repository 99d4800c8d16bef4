"""Forms for the goal chain; their field errors are Swedish through the translation catalogue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import AnnualGoal, Criterion, FocusArea, Indicator, MandateGoal, MandateGoalVersion, Vision
from organisation.models import OrgUnit
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form, ModelForm
from styrmodell.validation import SMALLINT_MAX


class VisionForm(ModelForm):
    class Meta:
        model = Vision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class VisionEditForm(VisionForm):
    """A draft vision's text, with the version the form was read at."""

    version = VersionField()


class FocusAreaForm(ModelForm):
    class Meta:
        model = FocusArea
        fields = ["title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CriterionMixin:
    """The criterion must be complete: “at least N” needs its N."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("criterion") == Criterion.AT_LEAST and not cleaned.get("criterion_count"):
            self.add_error("criterion_count", _("Say how many indicators must reach their target."))
        return cleaned


class MandateGoalForm(CriterionMixin, ModelForm):
    # Not required: a goal naming none is a warning (R7), not a refusal.
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("KF's goals are to derive from the vision and its focus areas."),
    )
    # The goal's number, stored on the goal (a small integer column).
    position = forms.IntegerField(label=_("Number"), min_value=1, max_value=SMALLINT_MAX, required=False)

    class Meta:
        model = MandateGoalVersion
        fields = ["title", "description", "criterion", "criterion_count", "criterion_text"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "criterion_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, focus_areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = (
            focus_areas if focus_areas is not None else FocusArea.objects.none()
        )
        if self.instance.pk:
            self.fields["focus_areas"].initial = list(self.instance.focus_areas.all())
            self.fields["position"].initial = self.instance.goal.position

    def validate_constraints(self, exclude=None):
        # The version's goal is set by the service; the one-draft rule is the service's to keep.
        return None


class MandateGoalEditForm(MandateGoalForm):
    """A draft KF goal, with the version of its draft the form was read at."""

    version = VersionField()


class AnnualGoalForm(CriterionMixin, ModelForm):
    mandate_goals = forms.ModelMultipleChoiceField(
        label=_("KF goals it serves"),
        queryset=MandateGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"), queryset=OrgUnit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = AnnualGoal
        fields = ["title", "description", "position", "criterion", "criterion_count", "criterion_text"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "criterion_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, mandate_goals, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandate_goals"].queryset = mandate_goals
        self.fields["mandate_goals"].label_from_instance = lambda goal: str(goal)
        self.fields["departments"].queryset = departments
        self.fields["criterion"].help_text = _(
            "Only for a goal with indicators. Without a criterion the goal counts as achieved if most of "
            "its activities were carried out as planned."
        )
        if self.instance.pk:
            self.fields["mandate_goals"].initial = list(self.instance.mandate_goals.all())
            self.fields["departments"].initial = list(self.instance.departments.all())

    def validate_constraints(self, exclude=None):
        return None


class AnnualGoalEditForm(AnnualGoalForm):
    """A KS goal not yet adopted, with the version the form was read at."""

    version = VersionField()


class IndicatorForm(ModelForm):
    class Meta:
        model = Indicator
        fields = ["source", "kolada_id", "title", "description", "unit", "higher_is_better"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_kolada_id(self):
        return self.cleaned_data["kolada_id"].strip().upper()


class IndicatorEditForm(ModelForm):
    """For an indicator already registered: the planner sets unit and direction (Kolada has neither)."""

    version = VersionField()

    class Meta:
        model = Indicator
        fields = ["title", "description", "unit", "higher_is_better"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorValueForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(
        label=_("Value"), max_digits=16, decimal_places=4, required=False, localize=True
    )


class GoalIndicatorForm(Form):
    """An indicator chosen for a goal with its baseline and a target for each of the goal's years."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.order_by("title"))
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=1990, max_value=2100, required=False
    )
    baseline_value = forms.DecimalField(
        label=_("Baseline"), max_digits=16, decimal_places=4, required=False, localize=True
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("Target %(year)s") % {"year": year},
                max_digits=16,
                decimal_places=4,
                required=False,
                localize=True,
            )

    def targets(self) -> dict:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}

    def target_fields(self):
        return [self[f"target_{year}"] for year in self.years]
