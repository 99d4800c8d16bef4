"""What each report is made of: its subjects for a year, and how one is composed into a `Document`.

A kind's module (`reports.documents.<module>`) provides two functions:

- `subjects(kind, year) -> list[Subject]`: what can be reported for the year (the plan, each budget
  version, each economy round, the tertial round, ...), in the order a person picks from;
- `compose(kind, subject) -> Document`: the document's sections and their context, read with the same
  selectors the web pages use, so that a figure in the PDF is the figure on the page.

`reports.rendering` turns a Document into a tagged PDF; `reports.services` keeps the versions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from organisation.lifecycle import PUBLIC_STATUSES
from organisation.roles import Role, has_role
from reports.models import Kind


@dataclass(frozen=True)
class Subject:
    """What a report is of: its key ("app.model:pk"), how a person knows it, and the thing itself.

    `slug` names it on the command line (`generate_report ... --round SLUG`) where a year has several:
    the KS meeting's date of an economy round, a budget version's number."""

    key: str
    label: str
    obj: models.Model
    slug: str = ""

    @classmethod
    def of(cls, obj: models.Model, label: str | None = None, slug: str = "") -> Subject:
        return cls(key=f"{obj._meta.label_lower}:{obj.pk}", label=label or str(obj), obj=obj, slug=slug)

    @property
    def adopted(self) -> bool:
        return bool(getattr(self.obj, "is_adopted", False))

    @property
    def is_draft(self) -> bool:
        """Whether it stands where only its drafters read it (a draft, or sent back)."""
        status = getattr(self.obj, "status", None)
        return status is not None and status not in PUBLIC_STATUSES

    @property
    def register_key(self) -> str:
        """The key of its entry in the register of governing documents (the budget's for a version)."""
        entry = getattr(self.obj, "register_entry", None)
        return entry()["source_key"] if entry else self.key

    def readable_by(self, user) -> bool:
        """Who may read the PDF: whoever may read what it reports (its drafts only their readers)."""
        return self.key in readable_keys([self], user)

    def reads_drafts(self, user) -> bool:
        """Whether the user reads its drafts in a PDF (and so the versions built from one): the roles that
        read the drafts, but not the company reporters, who read a draft round only to report their own
        company's figures while the PDF shows every company's."""
        roles = getattr(type(self.obj), "drafts_read_by", None)
        if roles is None:
            return True
        return has_role(user, *(role for role in roles() if role != Role.COMPANY_REPORTER))

    def version_readable_by(self, version, user) -> bool:
        """A version built from a draft stays with the draft's readers, even once the subject is public."""
        return not version.from_draft or self.reads_drafts(user)


def readable_keys(subjects: list[Subject], user) -> set[str]:
    """The keys of the subjects the user may read (each model's `for_user`), one query per model."""
    by_model: dict[type, list[Subject]] = defaultdict(list)
    for subject in subjects:
        by_model[type(subject.obj)].append(subject)
    keys = set()
    for model, group in by_model.items():
        queryset = model._default_manager.all()
        if hasattr(queryset, "for_user"):
            queryset = queryset.for_user(user)
        readable = set(queryset.filter(pk__in=[s.obj.pk for s in group]).values_list("pk", flat=True))
        keys |= {s.key for s in group if s.obj.pk in readable and (not s.is_draft or s.reads_drafts(user))}
    return keys


@dataclass(frozen=True)
class Section:
    """A chapter of the document: its anchor (for the table of contents), heading and template."""

    anchor: str
    title: str
    template: str
    # A short chapter may go on the page the one before it ends on, instead of starting a new page.
    continues: bool = False


@dataclass
class Document:
    """A report ready to render: cover data, chapters and the context their templates read."""

    title: str
    subtitle: str
    sections: list[Section]
    context: dict[str, Any] = field(default_factory=dict)
    # The version numbers of the data it is built from, kept with the version: {"plan": 4}.
    sources: dict[str, int] = field(default_factory=dict)
    adopted: bool = False
    # Whether a body adopts what it reports; the planning premises are a report to KF, never adopted.
    adoptable: bool = True
    # Where the subject stands when it is not adopted, for the cover ("Förslag till KS", "Utkast").
    state: str = ""
    # The decision that adopted the subject, for the cover (organisation.models.Decision).
    decision: Any = None
    # The body whose document it is, e.g. "Kommunstyrelsen"; on the cover.
    body_name: str = ""


@dataclass(frozen=True)
class ReportType:
    kind: Kind
    module: str
    # Who may ask for a build (roles); everyone who may read the subject may download.
    built_by: tuple[str, ...] = ()
    # How many years after the year it is written in the report is for: the planning premises
    # written in 2026 are for 2028. The reports' page lists a report under the year it is written.
    year_offset: int = 0

    def _module(self):
        return import_module(f"reports.documents.{self.module}")

    def subjects(self, year: int) -> list[Subject]:
        return self._module().subjects(self.kind, year)

    def compose(self, subject: Subject) -> Document:
        """The document, in the site's language (Swedish) whoever asks for it."""
        with translation.override(settings.LANGUAGE_CODE):
            document = self._module().compose(self.kind, subject)
            unadopted = document.adoptable and not document.adopted and not document.state
            if unadopted and hasattr(subject.obj, "get_status_display"):
                document.state = str(subject.obj.get_status_display())  # "Utkast", "Förslag"
        return document

    def subject(self, year: int, key: str) -> Subject | None:
        return next((subject for subject in self.subjects(year) if subject.key == key), None)


def _types() -> dict[str, ReportType]:
    from organisation.roles import Role

    both = (Role.PLANNER, Role.FINANCE)
    return {
        Kind.OPERATIONAL_PLAN: ReportType(Kind.OPERATIONAL_PLAN, "operational_plan", both),
        Kind.BUDGET: ReportType(Kind.BUDGET, "budget", both),
        Kind.ECONOMY: ReportType(Kind.ECONOMY, "economy", both),
        Kind.TERTIAL: ReportType(Kind.TERTIAL, "rounds", both),
        Kind.INTERIM: ReportType(Kind.INTERIM, "rounds", both),
        Kind.ANNUAL: ReportType(Kind.ANNUAL, "rounds", both),
        Kind.PLANNING_PREMISES: ReportType(Kind.PLANNING_PREMISES, "premises", both, year_offset=2),
    }


def report_type(kind: str) -> ReportType:
    """The report type of a kind; KeyError for a kind that does not exist."""
    return _types()[Kind(kind)]
