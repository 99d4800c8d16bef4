"""Asking for a report, building it in the background, and keeping its versions.

- `request_build`: a new version of a report, queued for the worker (never built in a web request).
- `build`: the worker's part: compose the document from the data, render it, store the PDF through
  the storage API (STORAGES["reports"]), and record the data's version numbers. A failure is kept
  with its reason; `retry` queues the same version again.
- `mark_final` / `delete_version`: a built version of an adopted document can be marked final; a final
  version is never rebuilt, replaced or deleted.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.services import register_adopted
from organisation.models import User
from reports import rendering
from reports.kinds import report_type
from reports.models import BuildStatus, Kind, ReportVersion
from styrmodell.queueing import QueueUnavailable, enqueue

logger = logging.getLogger(__name__)


UNEXPECTED = gettext_lazy(
    "An unexpected error stopped the build. Try again; if it fails again, tell the system administrator."
)


# The reports that enter the register of governing documents when a version of them is final, and
# the kind of document they are there.
REGISTERED_REPORTS = (Kind.TERTIAL, Kind.INTERIM, Kind.ANNUAL)
REPORT_DOCUMENT_KIND = "rapport"


class ReportError(Exception):
    """A build that cannot be made from the data as it stands; its message is shown to the user."""


def _queue(version: ReportVersion) -> None:
    """Queue the build once the version is committed; if the queue is away, say so on the version."""
    from reports.tasks import build_report

    def send() -> None:
        try:
            enqueue(build_report, version.pk)
        except QueueUnavailable:
            logger.warning("Report version %s could not be queued", version.pk, exc_info=True)
            ReportVersion.objects.filter(pk=version.pk, status=BuildStatus.QUEUED).update(
                status=BuildStatus.FAILED,
                error=_("The background service did not answer, so the report was not built. Try again."),
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


def request_build(
    *, kind: str, year: int, subject_key: str, actor: User, queue: bool = True
) -> ReportVersion:
    """A new version of the report on `subject_key`, queued for the worker (`queue=False`: the caller
    builds it itself, as the demo's seed does)."""
    report = report_type(kind)
    subject = report.subject(year, subject_key)
    if subject is None:
        raise ValidationError(_("There is nothing to report for this choice."))
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = ReportVersion.objects.of_subject(kind, year, subject_key).aggregate(Max("number"))
                version = ReportVersion.objects.create(
                    kind=kind,
                    year=year,
                    subject_key=subject_key,
                    number=(last["number__max"] or 0) + 1,
                    title=f"{report.kind.label} {subject.label}",
                    requested_by=actor,
                    adopted=subject.adopted,
                    from_draft=subject.is_draft,
                    register_key=subject.register_key,
                )
                if queue:
                    _queue(version)
                return version
        except IntegrityError:
            continue  # someone else took the number at the same moment: take the next one
    raise ValidationError(_("Many versions were asked for at once. Try again."))


def build(version_id: int) -> ReportVersion | None:
    """Build a queued version (the worker's part); a version not queued is left as it is."""
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().filter(pk=version_id).first()
        # Already built, failed, or under way in another worker (a redelivered task); a build under
        # way for longer than any build takes belongs to a worker that stopped, and is taken over.
        taken_over = version is not None and version.status == BuildStatus.BUILDING and version.is_stalled
        if version is None or (version.status != BuildStatus.QUEUED and not taken_over):
            return version
        version.status = BuildStatus.BUILDING
        version.started_at = timezone.now()
        version.attempts += 1
        version.save(update_fields=["status", "started_at", "attempts"])
    try:
        report = report_type(version.kind)
        subject = report.subject(version.year, version.subject_key)
        if subject is None:
            raise ReportError(_("What the report is of no longer exists."))
        document = report.compose(subject)
        rendered = rendering.render(document, version_number=version.number)
        # Storing belongs to the build: a store that refuses the file fails the version with the
        # reason at once, instead of leaving it "being built" until it counts as stalled.
        version.file.save(version.file_name, ContentFile(rendered.pdf), save=False)
    except ReportError as error:
        return _fail(version, str(error))
    except Exception:
        logger.exception("Building report version %s failed", version.pk)
        return _fail(version, str(UNEXPECTED))
    version.title = document.title[:300]
    version.subtitle = document.subtitle[:300]
    version.sources = document.sources
    version.adopted = document.adopted
    # As the subject stood when the document was read from it.
    version.from_draft = subject.is_draft
    version.register_key = subject.register_key
    version.file_size = len(rendered.pdf)
    version.page_count = rendered.pages
    version.status = BuildStatus.DONE
    version.error = ""
    version.finished_at = timezone.now()
    version.save()
    return version


def _fail(version: ReportVersion, reason: str) -> ReportVersion:
    version.status = BuildStatus.FAILED
    version.error = reason
    version.finished_at = timezone.now()
    version.save(update_fields=["status", "error", "finished_at"])
    return version


@transaction.atomic
def retry(version: ReportVersion, *, actor: User) -> ReportVersion:
    """Queue a failed version again, under the same number."""
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not version.may_retry:
        raise ValidationError(_("Only a version that failed or stalled can be built again."))
    version.status = BuildStatus.QUEUED
    version.error = ""
    version.started_at = version.finished_at = None
    version.requested_by = actor
    version.save(update_fields=["status", "error", "started_at", "finished_at", "requested_by"])
    _queue(version)
    return version


@transaction.atomic
def mark_final(version: ReportVersion, *, actor: User) -> ReportVersion:
    """Mark a built version of an adopted document final: from now on it cannot be deleted."""
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.final:
        return version
    if version.status != BuildStatus.DONE or not version.adopted:
        raise ValidationError(_("Only a built version of an adopted document can be marked final."))
    version.final = True
    version.finalised_by = actor
    version.finalised_at = timezone.now()
    version.save(update_fields=["final", "finalised_by", "finalised_at"])
    _register(version, actor=actor)
    return version


def _register(version: ReportVersion, *, actor: User) -> None:
    """An adopted report enters the register of governing documents, as an adopted plan does.

    The plan and the budget are registered by their adoption already; the register links their final
    PDF by the shared source key. The tertial, interim and annual reports that KS adopts enter it here,
    when a version of them is final. The economy at each KS meeting is a report on the way, not a
    governing document, and the planning premises are not adopted."""
    if version.kind not in REGISTERED_REPORTS:
        return
    subject = report_type(version.kind).subject(version.year, version.subject_key)
    if subject is None or not subject.adopted or subject.obj.decision is None:
        return
    decision = subject.obj.decision
    register_adopted(
        kind_code=REPORT_DOCUMENT_KIND,
        title=version.title,
        body=decision.meeting.body,
        decision=decision,
        source_key=version.register_key,
        url=subject.obj.get_absolute_url(),
        actor=actor,
    )


@transaction.atomic
def delete_version(version: ReportVersion, *, actor: User) -> None:
    """Delete a version that is not final, with its file."""
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.final:
        raise PermissionDenied(_("A final version cannot be deleted."))
    if version.is_unfinished:
        raise ValidationError(_("The version is being built; wait until it is done or has failed."))
    name = version.file.name
    version.delete()
    if name:
        transaction.on_commit(lambda: version.file.storage.delete(name))
