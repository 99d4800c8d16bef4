"""Forms for the register of governing documents: the entry with its PDF, and the list's filters."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind, GoverningDocument
from organisation.forms import DateInput
from organisation.models import Body, Decision, OrgUnit
from styrmodell.concurrency import VersionField
from styrmodell.db import SwedishCollate
from styrmodell.forms import Form, ModelForm

# A loose check of the registry's case numbers: a series of letters, a year (two or four digits), a
# slash and a number, e.g. "KS 22/327", "KF 2023/45", "BUN 2024/112-3". Registries differ in detail.
CASE_NUMBER = re.compile(
    r"^[A-ZÅÄÖ]{1,12}(?:[ -][A-ZÅÄÖ]{1,12})?[ -]?(?:\d{2}|\d{4})/\d{1,6}(?:[.:-]\d{1,4})?$"
)
PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")


def check_pdf(upload: UploadedFile) -> None:
    """Refuse anything but a PDF of allowed size, judged by its bytes: the name and the browser's
    content type are whatever the sender says they are.
    """
    limit = settings.GOVERNING_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s): at most %(limit)s is allowed."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    if not PDF_HEADER.match(head):
        raise ValidationError(
            _("The file is not a PDF. Save the document as PDF and upload that file."), code="not_pdf"
        )
    # A PDF ends with a cross-reference pointer and an end-of-file marker; a truncated or
    # disguised file does not.
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    if b"startxref" not in tail or b"%%EOF" not in tail:
        raise ValidationError(
            _("The PDF file is damaged or incomplete. Save it again as PDF and upload it."), code="broken_pdf"
        )


class DocumentForm(ModelForm):
    """A governing document's entry; the PDF is required when registering, optional when editing."""

    pdf = forms.FileField(
        label=_("Document (PDF)"),
        required=False,
        help_text=_("The adopted document as a PDF file."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    version = VersionField()

    class Meta:
        model = GoverningDocument
        fields = [
            "kind",
            "title",
            "case_number",
            "adopting_body",
            "decision",
            "decided_on",
            "next_revision",
            "responsible_unit",
            "status",
            "replaced_by",
            "is_public",
        ]
        widgets = {"decided_on": DateInput(), "next_revision": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["pdf"].required = creating
        if creating:
            del self.fields["version"]  # a new entry has no version to be stale against
        else:
            self.fields["pdf"].help_text = _("Upload a new PDF only to replace the current file.")
            self.fields["version"].initial = self.instance.version
        self.fields["kind"].queryset = DocumentKind.objects.order_by("position", SwedishCollate("name"))
        self.fields["adopting_body"].queryset = Body.objects.order_by(SwedishCollate("name"))
        self.fields["decision"].queryset = (
            Decision.objects.filter(outcome=Decision.Outcome.DECIDED)
            .select_related("meeting__body")
            .order_by("-meeting__date", "paragraph")
        )
        self.fields["responsible_unit"].queryset = OrgUnit.objects.active_on(timezone.localdate()).order_by(
            SwedishCollate("name")
        )
        self.fields["replaced_by"].queryset = GoverningDocument.objects.exclude(pk=self.instance.pk).order_by(
            SwedishCollate("title"), "pk"
        )
        self.fields["decided_on"].required = False

    def clean_case_number(self) -> str:
        value = " ".join(self.cleaned_data["case_number"].split())
        if not CASE_NUMBER.match(value.upper()):
            raise ValidationError(_("Write the case number as the registry does, e.g. KS 22/327."))
        return value

    def clean_pdf(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("pdf")
        if upload:
            check_pdf(upload)
        return upload or None

    def clean(self) -> dict:
        data = super().clean()
        decision, body = data.get("decision"), data.get("adopting_body")
        if decision is not None and body is not None and decision.meeting.body_id != body.pk:
            self.add_error("decision", _("The decision must be taken by the body that adopted the document."))
        if decision is None and not data.get("decided_on") and "decided_on" not in self.errors:
            self.add_error("decided_on", _("Give the decision date, or choose the decision."))
        if data.get("replaced_by") and data.get("status") != GoverningDocument.Status.REPLACED:
            self.add_error("replaced_by", _("Only a replaced document names the document that replaced it."))
        return data

    def _post_clean(self) -> None:
        # The services set the decision date from the decision and validate the whole row; the
        # model's own validation here would complain about a decision date the service fills in.
        pass


STATUS_ALL = "alla"


class DocumentFilterForm(Form):
    """The register's filters as a GET form; the field names are the query string's (Swedish) keys."""

    q = forms.CharField(label=_("Search title or case number"), required=False, max_length=100)
    slag = forms.ModelChoiceField(
        label=_("Kind of document"),
        queryset=DocumentKind.objects.none(),
        required=False,
        empty_label=_("All kinds of document"),
    )
    organ = forms.ModelChoiceField(
        label=_("Adopted by"), queryset=Body.objects.none(), required=False, empty_label=_("All bodies")
    )
    enhet = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("All units"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*GoverningDocument.Status.choices, (STATUS_ALL, _("All statuses"))],
        required=False,
    )
    revidering = forms.BooleanField(label=_("Due for revision only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slag"].queryset = DocumentKind.objects.order_by("position", SwedishCollate("name"))
        self.fields["organ"].queryset = Body.objects.order_by(SwedishCollate("name"))
        self.fields["enhet"].queryset = OrgUnit.objects.order_by(SwedishCollate("name"))
