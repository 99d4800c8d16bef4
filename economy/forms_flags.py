"""The form that marks a deviation handled or reported to KF; the service decides what may be saved."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from economy.flags import kf_decisions
from economy.models import DeviationFlag, FlagState
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form


class FlagForm(Form):
    """Handled with a comment, or reported to KF with the decision; the version the flag was read at."""

    state = forms.ChoiceField(
        label=_("What was done"),
        choices=[(FlagState.HANDLED, _("Handled")), (FlagState.REPORTED, _("Reported to KF"))],
        widget=forms.RadioSelect,
    )
    decision = forms.ModelChoiceField(
        label=_("KF decision"),
        queryset=None,
        required=False,
        help_text=_("Needed when the deviation was reported to KF."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the deviation was handled: say how."),
    )
    version = VersionField()

    def __init__(self, *args, flag: DeviationFlag, **kwargs):
        kwargs.setdefault("auto_id", f"avvikelse-{flag.pk}-%s")
        kwargs.setdefault("initial", {"version": flag.version})
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = kf_decisions(flag.year)
