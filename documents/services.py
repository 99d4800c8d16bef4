"""Writes for the register of governing documents. Each records who made the change."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import DocumentKind, GoverningDocument
from organisation.lifecycle import Adoptable
from organisation.models import Body, Decision, OrgUnit, User
from styrmodell.concurrency import EditConflict, bump, locked_for_edit

__all__ = ["EditConflict"]  # the shared conflict, importable from here as before

# Characters a file name in a Content-Disposition header or on a disk should not carry.
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"*:<>?|]')

# The fields a planner fills in; the PDF is handled on its own.
CONTENT_FIELDS = (
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
)


def _save(obj, actor: User | None) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()


def _apply(document: GoverningDocument, data: dict) -> None:
    for field in CONTENT_FIELDS:
        if field in data:
            value = data[field]
            setattr(document, field, value.strip() if isinstance(value, str) else value)
    if document.decision is not None:
        decision = document.decision
        if decision.meeting.body_id != document.adopting_body_id:
            raise ValidationError(
                {"decision": _("The decision must be taken by the body that adopted the document.")}
            )
        document.decided_on = decision.meeting.date
    if document.status != GoverningDocument.Status.REPLACED:
        document.replaced_by = None
    if document.replaced_by_id is not None and document.replaced_by_id == document.pk:
        raise ValidationError({"replaced_by": _("A document cannot replace itself.")})


def _store_pdf(document: GoverningDocument, upload: UploadedFile) -> None:
    """Save the (already checked) PDF through the storage API under a random name."""
    original = (
        UNSAFE_IN_NAME.sub("", upload.name.replace("\\", "/").rsplit("/", 1)[-1]).strip() or "dokument.pdf"
    )
    if not original.lower().endswith(".pdf"):
        original = f"{original}.pdf"
    upload.seek(0)
    document.file.save(original, upload, save=False)
    document.file_name = original[:200]
    document.file_size = upload.size


@transaction.atomic
def document_register(*, data: dict, pdf: UploadedFile, actor: User) -> GoverningDocument:
    """Register a governing document with its PDF."""
    document = GoverningDocument()
    _apply(document, data)
    _store_pdf(document, pdf)
    _save(document, actor)
    return document


@transaction.atomic
def document_update(
    *, document_id: int, expected_version: int, data: dict, pdf: UploadedFile | None = None, actor: User
) -> GoverningDocument:
    """Change a document's entry and optionally its PDF; refused if it changed since it was read.

    The row is locked while the version is compared, so two saves cannot both pass the check. An
    earlier PDF is not deleted: the history names it.
    """
    mine = {field: data[field] for field in CONTENT_FIELDS if field in data}
    if mine.get("decision") is not None:
        mine.pop("decided_on", None)  # the decision's date is the document's, whatever the form said
    document = locked_for_edit(
        GoverningDocument.objects.all(), pk=document_id, expected_version=expected_version, mine=mine
    )
    _apply(document, data)
    if pdf is not None:
        _store_pdf(document, pdf)
    bump(document)
    _save(document, actor)
    return document


@transaction.atomic
def register_adoption(thing: Adoptable, *, decision: Decision, actor: User) -> GoverningDocument:
    """R3: what a body adopts is a governing document, so its adoption enters the register by itself.

    The thing names its kind of document (`REGISTER_KIND`) and its entry (`register_entry()`).
    """
    return register_adopted(
        kind_code=thing.REGISTER_KIND,
        body=decision.meeting.body,
        decision=decision,
        actor=actor,
        **thing.register_entry(),
    )


def register_adopted(
    *,
    kind_code: str,
    title: str,
    body: Body,
    decision: Decision,
    source_key: str,
    url: str,
    responsible_unit: OrgUnit | None = None,
    actor: User | None = None,
) -> GoverningDocument:
    """Put an adopted plan or budget in the register, or bring its entry up to date; idempotent.

    `source_key` names the source once and for all ("planning.operationalplan:12"); adopting it
    again (a new version, a new decision) updates the same entry, and the history keeps the earlier
    decision. No PDF: the entry links to the source's page in the app.
    """
    kind = DocumentKind.objects.ensure(kind_code)
    document = GoverningDocument.objects.select_for_update().filter(source_key=source_key).first()
    document = document or GoverningDocument(source_key=source_key)
    values = {
        "kind": kind,
        "title": title,
        "case_number": decision.case_number,
        "adopting_body": body,
        "decision": decision,
        "decided_on": decision.meeting.date,
        "responsible_unit": responsible_unit,
        "status": GoverningDocument.Status.IN_FORCE,
        "replaced_by": None,
        "source_url": url,
    }
    changed = document.pk is None or any(getattr(document, field) != value for field, value in values.items())
    if not changed:
        return document
    for field, value in values.items():
        setattr(document, field, value)
    if document.pk is not None:
        bump(document)
    _save(document, actor)
    return document
