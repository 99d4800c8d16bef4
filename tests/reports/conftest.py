"""The reports' pages are tested with a sample kind (tests/reports/sample_kind.py), not the real ones."""

from __future__ import annotations

import datetime

import pytest

from organisation.lifecycle import AdoptionStatus
from reports.kinds import ReportType
from tests.factories import PlanFactory, ks_decision
from tests.reports import sample_kind


@pytest.fixture
def sample_kinds(monkeypatch):
    """Every kind reads its subjects and composes its document with the sample module; fail a kind's
    builds with `sample_kinds[kind] = "reason"`."""
    monkeypatch.setattr(ReportType, "_module", lambda self: sample_kind)
    sample_kind.FAILURES.clear()
    yield sample_kind.FAILURES
    sample_kind.FAILURES.clear()


@pytest.fixture
def draft_plan(sample_kinds):
    """KS's draft operational plan for 2026: planners read it, nobody else."""
    return PlanFactory(year=2026)


@pytest.fixture
def adopted_plan(sample_kinds):
    """KS's operational plan for 2026, adopted in November 2025: everyone reads it."""
    return PlanFactory(
        year=2026, status=AdoptionStatus.ADOPTED, decision=ks_decision(datetime.date(2025, 11, 24))
    )
