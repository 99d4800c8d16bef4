from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Body, Decision, Meeting
from styrmodell.forms import Form, ModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeetingForm(ModelForm):
    class Meta:
        model = Meeting
        fields = ["body", "date", "extraordinary", "note"]
        widgets = {"date": DateInput()}


class DecisionForm(ModelForm):
    class Meta:
        model = Decision
        fields = ["meeting", "paragraph", "case_number", "title", "outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.select_related("body").order_by("-date")


class PresidiumDateForm(Form):
    date = forms.DateField(widget=DateInput(), required=False)


class DecisionFilterForm(Form):
    q = forms.CharField(label=_("Search decisions"), required=False, max_length=100)
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.all(), required=False, empty_label=_("All bodies")
    )
