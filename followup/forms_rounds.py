"""The forms of a round's page: reopening and closing its input (the reason is kept in its history)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrmodell.concurrency import VersionField
from styrmodell.forms import Form


class ReopenForm(Form):
    """Reopen a locked round: the reason is required and shown in the round's history."""

    override_reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the round's history, with who reopened it and when."),
    )
    version = VersionField()


class CloseForm(Form):
    """Close a round's input by hand; a reason may be given."""

    override_reason = forms.CharField(
        label=_("Reason for closing (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    version = VersionField()
