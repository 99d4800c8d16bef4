"""Forms of the annual wheel: the body filter and a step's form."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from calendar_wheel.models import Timing, WheelEvent, latest_record
from calendar_wheel.services import STEP_FIELDS
from organisation.models import Body
from organisation.roles import Role
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form, ModelForm

MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]


class WheelFilterForm(Form):
    organ = forms.TypedChoiceField(label=_("Body"), coerce=int, empty_value=None, required=False)

    def __init__(self, data, *, bodies: list[Body]) -> None:
        super().__init__(data)
        self.bodies = {body.pk: body for body in bodies}
        self.fields["organ"].choices = [("", _("All bodies")), *((b.pk, b.name) for b in bodies)]

    def chosen_body(self) -> Body | None:
        if not self.is_valid():
            return None
        return self.bodies.get(self.cleaned_data["organ"])


class WheelEventForm(ModelForm):
    """A step of the wheel. A hidden field holds the version the planner saw (the step's latest history
    record), so that a save over somebody else's newer change is refused instead of overwriting it."""

    seen = VersionField(min_value=0)

    class Meta:
        model = WheelEvent
        fields = list(STEP_FIELDS)
        widgets = {
            "month": forms.Select(choices=MONTH_CHOICES),
            "end_month": forms.Select(choices=[("", "–"), *MONTH_CHOICES]),
            "description": forms.Textarea(attrs={"rows": 3}),
            "information": forms.Textarea(attrs={"rows": 2}),
            "remind_role": forms.Select(choices=[("", "–"), *Role.choices]),
        }

    # Days and months out of range, and the model's rules on which timing needs which field, are shown
    # next to the field concerned (the model's constraints alone would only give a message at the top).
    RANGES = {"month": 12, "end_month": 12, "day": 31, "end_day": 31}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, highest in self.RANGES.items():
            self.fields[name].validators += [MinValueValidator(1), MaxValueValidator(highest)]
        if not self.instance.pk:
            del self.fields["seen"]  # a new step has no version to be stale against
        elif not self.is_bound:
            self.fields["seen"].initial = latest_record(self.instance)

    def clean(self) -> dict:
        cleaned = super().clean()
        timing = cleaned.get("timing")
        messages = {c.name: c.violation_error_message for c in WheelEvent._meta.constraints}
        needs = [
            (timing in (Timing.FIXED_DAY, Timing.CUT_OFF), "day", "fixed_day_has_day"),
            (timing == Timing.WINDOW, "end_month", "window_has_end"),
            (timing == Timing.MEETING, "body", "meeting_has_body"),
        ]
        for applies, field, rule in needs:
            if applies and cleaned.get(field) in (None, "") and field not in self.errors:
                self.add_error(field, messages[f"calendar_wheel_wheelevent_{rule}"])
        return cleaned
