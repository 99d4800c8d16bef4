"""The reports as PDF documents (R11, R16, R22, R25–R29): each build is a `ReportVersion`.

A version names what it reports (its kind, year and subject: the plan, a budget version, a follow-up
round, the planning premises), who asked for it and when, the version numbers of the data it was
built from, and the PDF once a background worker has built it. Versions are kept side by side; a
version of an adopted document can be marked final, and a final version is never replaced or deleted.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrmodell.fields import LineField


class Kind(models.TextChoices):
    """The reports the product writes, in the year's order of the governance model."""

    OPERATIONAL_PLAN = "verksamhetsplan", _("Operational plan")
    BUDGET = "budget", _("Budget")
    ECONOMY = "ekonomi", _("Economic follow-up to KS")
    TERTIAL = "tertial", _("Tertial report")
    INTERIM = "delar", _("Interim report")
    ANNUAL = "arsredovisning", _("Annual report")
    PLANNING_PREMISES = "planeringsforutsattningar", _("Planning premises")


class BuildStatus(models.TextChoices):
    QUEUED = "koad", _("Queued")
    BUILDING = "bygger", _("Being built")
    DONE = "klar", _("Done")
    FAILED = "misslyckad", _("Failed")


def stall_limit() -> datetime.timedelta:
    """How long a build may be queued or under way before it counts as stalled and may be retried."""
    return datetime.timedelta(minutes=settings.REPORT_BUILD_STALL_MINUTES)


def reports_storage():
    """The storage the PDFs go to (STORAGES["reports"]): a folder, or an object store shared by web
    and worker. A callable, so migrations do not name the backend."""
    return storages["reports"]


def report_upload_to(instance: ReportVersion, filename: str) -> str:
    """A random name: the stored path says nothing about the report and cannot be guessed."""
    return f"rapporter/{instance.year}/{uuid.uuid4().hex}.pdf"


class ReportVersionQuerySet(models.QuerySet):
    def of_subject(self, kind: str, year: int, subject_key: str) -> ReportVersionQuerySet:
        return self.filter(kind=kind, year=year, subject_key=subject_key)

    def unfinished(self) -> ReportVersionQuerySet:
        return self.filter(status__in=[BuildStatus.QUEUED, BuildStatus.BUILDING])


class ReportVersion(models.Model):
    """One build of a report: what it reports, from which data, by whom, and the PDF."""

    Status = BuildStatus

    kind = models.CharField(_("report"), max_length=32, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # What the report is of, as "app.model:pk" (the register's source keys have the same form): the
    # operational plan, a budget version, a follow-up round, the year's planning premises.
    subject_key = LineField(_("subject"), max_length=100)
    number = models.PositiveIntegerField(_("version"))
    title = LineField(_("title"), max_length=300)
    subtitle = LineField(_("subtitle"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    error = models.TextField(_("reason it failed"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The version numbers of the data the PDF was built from, e.g. {"plan": 4, "round": 7}.
    sources = models.JSONField(_("built from"), default=dict, blank=True)
    # The key of the subject's entry in the register of governing documents, where it has one (the
    # budget's entry is the budget's, whichever version): the register links the final PDF by it.
    register_key = LineField(_("register entry"), max_length=100, blank=True)
    # Whether the subject was adopted when the version was built (only such a version may be final).
    adopted = models.BooleanField(_("adopted"), default=False)
    # Whether it was a draft then: such a PDF shows what only the drafters read, and stays theirs.
    from_draft = models.BooleanField(_("built from a draft"), default=False)
    file = models.FileField(
        _("PDF"), storage=reports_storage, upload_to=report_upload_to, max_length=200, blank=True
    )
    file_size = models.PositiveIntegerField(_("file size"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    final = models.BooleanField(_("final"), default=False)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked final by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("marked final"), null=True, blank=True)

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["kind", "year", "subject_key", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "subject_key", "number"],
                name="%(app_label)s_%(class)s_one_number_per_subject",
                violation_error_message=_("The report already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=Q(final=False) | Q(status=BuildStatus.DONE, adopted=True),
                name="%(app_label)s_%(class)s_final_only_when_built_and_adopted",
                violation_error_message=_("Only a built version of an adopted document can be final."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "year", "subject_key"], name="reports_version_subject_idx")]

    def __str__(self) -> str:
        return _("%(title)s, version %(number)s") % {"title": self.title, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("reports:version", args=[self.pk])

    @property
    def file_name(self) -> str:
        """The name a download gets: the title, the version, .pdf."""
        stem = f"{self.title} v{self.number}".replace("/", "-").replace("\\", "-")
        return f"{stem}.pdf"

    @property
    def is_unfinished(self) -> bool:
        return self.status in (BuildStatus.QUEUED, BuildStatus.BUILDING)

    @property
    def is_stalled(self) -> bool:
        """Unfinished for longer than any build takes: the worker stopped or the queue lost the task."""
        if not self.is_unfinished:
            return False
        since = self.started_at or self.requested_at
        return since is not None and timezone.now() - since > stall_limit()

    @property
    def may_retry(self) -> bool:
        return self.status == BuildStatus.FAILED or self.is_stalled
