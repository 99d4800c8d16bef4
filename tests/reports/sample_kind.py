"""A report kind for the tests of the reports' pages: one subject per operational plan of the year, a
one-chapter document, and a failure on demand. `tests/reports/conftest.py` makes every kind use it."""

from __future__ import annotations

from planning.models import OperationalPlan
from reports.kinds import Document, Section, Subject
from reports.services import ReportError

# Kinds whose builds fail, with the reason the user is shown: {kind: reason}.
FAILURES: dict[str, str] = {}


def subjects(kind: str, year: int) -> list[Subject]:
    plans = OperationalPlan.objects.filter(year=year).select_related("body").order_by("pk")
    return [Subject.of(plan, label=f"{plan.body.name} {plan.year}") for plan in plans]


def compose(kind: str, subject: Subject) -> Document:
    if kind in FAILURES:
        raise ReportError(FAILURES[kind])
    plan = subject.obj
    return Document(
        title=f"Provrapport {plan.year}",
        subtitle="Räkenskaper för Ånge",
        sections=[Section("uppdrag", "Uppdrag", "reports/pdf/test_sample.html")],
        context={"sample_mission": plan.mission, "sample_year": plan.year},
        sources={"plan": plan.revision},
        adopted=plan.is_adopted,
        decision=plan.decision,
        body_name=plan.body.name,
    )
