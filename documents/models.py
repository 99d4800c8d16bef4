"""The register of governing documents (styrdokument, R3): kinds as reference data, and the documents.

The tables keep the names they had when the register lived in the organisation app.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.querysets import REVISION_WARNING_DAYS, DocumentKindQuerySet, GoverningDocumentQuerySet
from documents.storage import private_storage
from styrmodell.fields import LineField


class DocumentKind(models.Model):
    """A kind of governing document (R3): Mål, Plan, Riktlinje, Policy, Regel, and the like."""

    code = models.SlugField(
        _("code"), max_length=30, unique=True, help_text=_("A fixed name the program uses, e.g. plan.")
    )
    name = LineField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    objects = DocumentKindQuerySet.as_manager()
    history = HistoricalRecords(table_name="organisation_historicaldocumentkind")

    class Meta:
        db_table = "organisation_documentkind"
        verbose_name = _("kind of governing document")
        verbose_name_plural = _("kinds of governing documents")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


def document_upload_to(instance: GoverningDocument, filename: str) -> str:
    """A random name: the stored path says nothing about the document and cannot be guessed."""
    return f"styrdokument/{uuid.uuid4().hex}.pdf"


class DocumentStatus(models.TextChoices):
    """Where a governing document stands; defined outside the model so its constraints can name it."""

    IN_FORCE = "gallande", _("In force")
    REPLACED = "ersatt", _("Replaced")
    REPEALED = "upphavt", _("Repealed")


class GoverningDocument(models.Model):
    """A styrdokument in the register: what kind, who adopted it when, when it is revised, the PDF."""

    Status = DocumentStatus

    kind = models.ForeignKey(
        DocumentKind, verbose_name=_("kind of document"), on_delete=models.PROTECT, related_name="documents"
    )
    title = LineField(_("title"), max_length=300)
    case_number = LineField(
        _("case number"), max_length=40, help_text=_("The registry's case number, e.g. KS 22/327.")
    )
    adopting_body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        related_name="governing_documents",
    )
    decision = models.ForeignKey(
        "organisation.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The decision that adopted the document, if it is recorded here."),
    )
    decided_on = models.DateField(
        _("decision date"), help_text=_("Taken from the decision when one is chosen.")
    )
    next_revision = models.DateField(
        _("next revision"), null=True, blank=True, help_text=_("When the document is to be revised.")
    )
    responsible_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governing_documents",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )
    file = models.FileField(
        _("document (PDF)"), storage=private_storage, upload_to=document_upload_to, max_length=200, blank=True
    )
    file_name = LineField(_("file name"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("publish the PDF in Insyn"),
        default=False,
        help_text=_(
            "The document's entry is public once it is in force; its PDF is shown to the public only "
            "when this is ticked (check it holds nothing that is confidential or personal)."
        ),
    )
    file_size = models.PositiveIntegerField(_("file size"), null=True, blank=True)
    # Plans and budgets adopted in the app register themselves (services.register_adopted): the key
    # names the source ("planning.operationalplan:12") and the URL is its page in the app.
    source_key = LineField(_("source"), max_length=100, blank=True, editable=False)
    source_url = LineField(_("page in the app"), max_length=300, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = GoverningDocumentQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["version"], table_name="organisation_historicalgoverningdocument"
    )

    class Meta:
        db_table = "organisation_governingdocument"
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~Q(source_key=""),
                name="%(app_label)s_%(class)s_one_entry_per_source",
                violation_error_message=_("This plan or budget is already in the register."),
            ),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(source_key=""),
                name="%(app_label)s_%(class)s_has_document_or_source",
                violation_error_message=_("A governing document needs its PDF."),
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True) | Q(status=DocumentStatus.REPLACED),
                name="%(app_label)s_%(class)s_only_replaced_has_successor",
                violation_error_message=_("Only a replaced document names the document that replaced it."),
            ),
        ]
        indexes = [
            # The "due for revision" list: documents in force by revision date.
            models.Index(fields=["status", "next_revision"], name="documents_gd_revision_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.case_number})"

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    def get_file_url(self) -> str:
        """The access-checked address of the PDF (never the storage's own)."""
        return reverse("documents:file", args=[self.pk])

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.IN_FORCE

    def revision_state(self, today: datetime.date) -> str:
        """ "overdue", "soon" (within REVISION_WARNING_DAYS) or "" for a document in force."""
        if not self.is_in_force or self.next_revision is None:
            return ""
        if self.next_revision < today:
            return "overdue"
        if self.next_revision <= today + datetime.timedelta(days=REVISION_WARNING_DAYS):
            return "soon"
        return ""
