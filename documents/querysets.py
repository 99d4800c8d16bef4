"""Reads of the register of governing documents: everyone with a role reads it, planners keep the
documents and the system administrators the kinds."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from organisation.roles import Role

if TYPE_CHECKING:
    from documents.models import DocumentKind
    from organisation.models import User

# How far ahead the register warns that a document's revision is coming up.
REVISION_WARNING_DAYS = 90


def _may_read(user: User) -> bool:
    """Every signed-in user who holds one of the product's roles reads the register."""
    return bool(user and user.is_authenticated and user.is_active and user.has_role(*Role.values))


# The kinds the program relies on by code, with the names and descriptions the data migration
# (0003_document_kinds) seeds. Should one be missing (a database flushed between tests, a fresh
# install before migrating data), ensure() creates it from here.
DEFAULT_KIND_NAMES = {
    "mal": "Mål",
    "plan": "Plan",
    "riktlinje": "Riktlinje",
    "policy": "Policy",
    "regel": "Regel",
    "reglemente": "Reglemente",
    "bolagsordning": "Bolagsordning",
    "agardirektiv": "Ägardirektiv",
    "budget": "Budget",
    "rapport": "Rapport",
}


class DocumentKindQuerySet(models.QuerySet):
    def ensure(self, code: str) -> DocumentKind:
        """The kind with this code, created with its default name if it is missing."""
        kind = self.filter(code=code).first()
        if kind is None:
            names = list(DEFAULT_KIND_NAMES)
            kind, _created = self.get_or_create(
                code=code,
                defaults={
                    "name": DEFAULT_KIND_NAMES.get(code, code.capitalize()),
                    "position": names.index(code) + 1 if code in names else len(names) + 1,
                },
            )
        return kind

    def for_user(self, user: User) -> DocumentKindQuerySet:
        return self if _may_read(user) else self.none()

    def editable_by(self, user: User) -> DocumentKindQuerySet:
        """The kinds are reference data: the system administrators keep them."""
        return self if _may_read(user) and user.has_role(Role.SYSADMIN) else self.none()


class GoverningDocumentQuerySet(models.QuerySet):
    def for_user(self, user: User) -> GoverningDocumentQuerySet:
        """The register is open to every user with a role; replaced and repealed documents stay readable."""
        return self if _may_read(user) else self.none()

    def editable_by(self, user: User) -> GoverningDocumentQuerySet:
        """Planners register the documents KF and KS adopt."""
        return self if _may_read(user) and user.has_role(Role.PLANNER) else self.none()

    def due_for_revision(self, today: datetime.date) -> GoverningDocumentQuerySet:
        """Documents in force whose revision date has passed or comes within REVISION_WARNING_DAYS."""
        return self.filter(
            status=self.model.Status.IN_FORCE,
            next_revision__lte=today + datetime.timedelta(days=REVISION_WARNING_DAYS),
        )

    def search(self, term: str) -> GoverningDocumentQuerySet:
        """Case-insensitive search in title and case number that treats å, ä and ö as letters."""
        term = term.strip().lower()
        if not term:
            return self
        return self.filter(Q(title__sv_lower__contains=term) | Q(case_number__sv_lower__contains=term))
