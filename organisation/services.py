"""Writes for the organisation app. Each records who made the change in the audit trail."""

from __future__ import annotations

import datetime

from django.db import transaction

from organisation.models import Body, Decision, Meeting, OrgUnit, User


@transaction.atomic
def meeting_create(
    *, body: Body, date: datetime.date, extraordinary: bool = False, note: str = "", actor: User
) -> Meeting:
    """Enter a meeting in a body's calendar."""
    meeting = Meeting(body=body, date=date, extraordinary=extraordinary, note=note)
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    return meeting


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    paragraph: int,
    case_number: str,
    title: str,
    outcome: str = Decision.Outcome.DECIDED,
    actor: User,
) -> Decision:
    """Record a decision a body took at a meeting."""
    decision = Decision(
        meeting=meeting,
        paragraph=paragraph,
        case_number=case_number.strip(),
        title=title.strip(),
        outcome=outcome,
    )
    decision.full_clean()
    decision._history_user = actor
    decision.save()
    return decision


@transaction.atomic
def orgunit_close(*, unit: OrgUnit, on: datetime.date, actor: User) -> OrgUnit:
    """Close a unit from a date; units are never deleted, so history and old links stay intact."""
    unit.valid_to = on
    unit.full_clean()
    unit._history_user = actor
    unit.save(update_fields=["valid_to"])
    return unit


@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> User:
    """Stop a user from signing in; the account and what it did stay on record."""
    user.is_active = False
    user._history_user = actor
    user.save(update_fields=["is_active"])
    return user
