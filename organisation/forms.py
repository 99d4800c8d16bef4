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


class DecisionInputForm(Form):
    """The decision that adopts something (or sends it back): the meeting, the paragraph and the case number.

    Only the deciding body's meetings are offered (`Adoptable.deciding_body`).
    """

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    paragraph = forms.IntegerField(label=_("Paragraph (§)"), min_value=1)
    case_number = forms.CharField(label=_("Case number"), max_length=40, help_text=_("E.g. KS 22/327."))

    def __init__(self, *args, body: Body | str | None, **kwargs):
        """`body` is the deciding body, or its kind (`Body.Kind.ASSEMBLY` for KF) as `DECIDED_BY` names it."""
        super().__init__(*args, **kwargs)
        if body is not None:
            meetings = Meeting.objects.filter(**{"body__kind" if isinstance(body, str) else "body": body})
            self.fields["meeting"].queryset = meetings.select_related("body").order_by("-date")

    def clean(self):
        cleaned = super().clean()
        meeting, paragraph = cleaned.get("meeting"), cleaned.get("paragraph")
        if meeting and paragraph and meeting.decisions.filter(paragraph=paragraph).exists():
            self.add_error("paragraph", _("This meeting already has a decision with that paragraph."))
        return cleaned


class PresidiumDateForm(Form):
    date = forms.DateField(widget=DateInput(), required=False)


class DecisionFilterForm(Form):
    q = forms.CharField(label=_("Search decisions"), required=False, max_length=100)
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.all(), required=False, empty_label=_("All bodies")
    )
