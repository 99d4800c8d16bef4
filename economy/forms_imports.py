"""Forms of the outcome import and of the mapping tables; the services decide what may be saved."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from economy.models import Category
from organisation.models import OrgUnit
from styrmodell.concurrency import VersionField
from styrmodell.forms import Form


class UploadForm(Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A SIE file (type 3 or 4) exported from the accounting system, or an Excel workbook (xlsx) or "
            "CSV file in the layout of the template."
        ),
    )
    through = forms.TypedChoiceField(
        label=_("Outcome through (spreadsheets only)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The last month the spreadsheet's outcome covers. A SIE file says it itself."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["through"].choices = [("", "---------")] + [
            (month, str(name).capitalize()) for month, name in dates.MONTHS.items()
        ]


class AccountClassForm(Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    prefix = forms.CharField(
        label=_("Accounts starting with"),
        max_length=6,
        required=False,
        validators=[RegexValidator(r"^[0-9]{1,6}$", _("Give one to six digits."))],
    )
    category = forms.ChoiceField(label=_("Counts as"), choices=Category.choices, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    delete = forms.BooleanField(label=_("Remove"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("prefix") and not data.get("category") and not data.get("delete"):
            self.add_error("category", _("Choose what the accounts count as."))
        return data


class AccountClassTableForm(Form):
    """The account classes' table as read: saved as one version, its latest history record (0 before any)."""

    version = VersionField(min_value=0)


class BaseAccountClassFormSet(forms.BaseFormSet):
    def clean(self):
        seen: dict[str, int] = {}
        for form in self.forms:
            prefix = getattr(form, "cleaned_data", {}).get("prefix")
            if not prefix or form.cleaned_data.get("delete"):
                continue
            if prefix in seen:
                form.add_error("prefix", _("The prefix %(prefix)s is given twice.") % {"prefix": prefix})
            seen[prefix] = 1


AccountClassFormSet = forms.formset_factory(
    AccountClassForm, formset=BaseAccountClassFormSet, extra=2, max_num=500, validate_max=True
)


class ObjectMappingForm(Form):
    dimension = forms.IntegerField(
        label=_("Dimension"), min_value=1, max_value=99, help_text=_("E.g. 1 for ansvar, 6 for projekt.")
    )
    code = forms.CharField(
        label=_("Object"),
        max_length=30,
        validators=[
            RegexValidator(r"^\S(.*\S)?$", _("Give the object's id as the accounting system writes it."))
        ],
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    project = forms.CharField(
        label=_("Investment project"),
        max_length=200,
        required=False,
        help_text=_("The project's name as the investment plan gives it."),
    )
    # A mapping's latest history record (0 for one without), which a change must carry; a new one has none.
    version = VersionField(min_value=0)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.swedish_order()
        self.fields["version"].required = editing

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("unit")) == bool(data.get("project")):
            self.add_error("unit", _("Map the object to a unit or to an investment project, not both."))
        return data
