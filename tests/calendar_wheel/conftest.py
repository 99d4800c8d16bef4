"""Fixtures of the annual wheel's reminder tests."""

from __future__ import annotations

import datetime

import pytest

from calendar_wheel.models import WheelEvent
from organisation.models import Assignment
from tests.factories import AssignmentFactory, DeadlineFactory, PersonFactory, WheelEventFactory, body_named

DEADLINE = datetime.date(2026, 11, 24)
NEW_TERM_START = datetime.date(2026, 10, 15)


@pytest.fixture
def ks_presidium(db):
    """KS's chair changes with the new term on 15 October 2026."""
    ks = body_named("KS")
    old = AssignmentFactory(
        body=ks,
        role=Assignment.Role.CHAIR,
        person=PersonFactory(name="Gammal Ordförande", email="gammal@example.org"),
    )
    new = AssignmentFactory(
        body=ks,
        role=Assignment.Role.CHAIR,
        person=PersonFactory(name="Ny Ordförande", email="ny@example.org"),
        start=NEW_TERM_START,
        end=None,
    )
    vice = AssignmentFactory(
        body=ks,
        role=Assignment.Role.FIRST_VICE_CHAIR,
        person=PersonFactory(name="Vice", email="vice@example.org"),
        start=datetime.date(2022, 10, 15),
        end=None,
    )
    return {"old": old, "new": new, "vice": vice}


@pytest.fixture
def deadline(ks_presidium):
    return DeadlineFactory(
        date=DEADLINE, event=WheelEventFactory(code="ks-antar-vp", title="KS antar verksamhetsplan")
    )


def form_data(event: WheelEvent, seen: str = "", **changes) -> dict:
    """What the edit form posts for the step as it is, with changes."""
    data = {
        "title": event.title,
        "description": event.description,
        "body": event.body_id or "",
        "audience": event.audience,
        "timing": event.timing,
        "month": event.month,
        "day": event.day or "",
        "end_month": event.end_month or "",
        "end_day": event.end_day or "",
        "years": event.years,
        "concerns": event.concerns,
        "concerns_year_offset": event.concerns_year_offset,
        "remind_role": event.remind_role,
        "information": event.information,
        "rule": event.rule,
        "seen": seen,
    }
    for flag in ("remind_presidium", "remind_group_leaders", "remind_committee_chairs", "is_assumption"):
        if getattr(event, flag):
            data[flag] = "on"
    data.update(changes)
    return data
