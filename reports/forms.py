"""The one form of the reports' pages: which report to build (its fields are hidden on the page)."""

from __future__ import annotations

from django import forms

from reports.models import Kind
from styrmodell.forms import Form


class BuildForm(Form):
    """A kind, a year and what the report is of (a subject's key, "app.model:pk")."""

    kind = forms.ChoiceField(choices=Kind.choices)
    year = forms.IntegerField(min_value=2000, max_value=2100)
    subject = forms.CharField(max_length=100)
