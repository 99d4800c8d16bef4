"""Who a deadline concerns: the people its step names, as they are on the deadline's date.

- the presidium of the step's body (chair and vice chairs, from the assignments on that day);
- the party group leaders (on that day);
- the chairs of KS's committees (utskott) (on that day);
- the officials holding the step's role (e.g. planerare, ekonom), if the step names one.

Everything is worked out for many deadlines at once in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from calendar_wheel.models import Deadline, Timing
from organisation.models import Assignment, Body, User


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user_id: int | None


def _active(assignment: Assignment, day: datetime.date) -> bool:
    return assignment.start <= day and (assignment.end is None or assignment.end >= day)


def _person_recipient(assignment: Assignment) -> Recipient | None:
    person = assignment.person
    email = person.email or (person.user.email if person.user_id else "")
    return Recipient(email.lower(), person.name, person.user_id) if email else None


def _names(event, assignment: Assignment) -> bool:
    """Whether the step names this assignment's holder: presidium, group leader or committee chair."""
    presidium = assignment.role in Assignment.PRESIDIUM_ROLES and assignment.body_id == event.body_id
    if presidium and event.remind_presidium:
        return True
    if assignment.role == Assignment.Role.GROUP_LEADER:
        return event.remind_group_leaders
    return (
        event.remind_committee_chairs
        and assignment.role == Assignment.Role.CHAIR
        and assignment.body.kind == Body.Kind.COMMITTEE
    )


def recipients_for(deadlines: list[Deadline]) -> dict[int, list[Recipient]]:
    """Each deadline's recipients, deduplicated by e-mail; cut-off dates remind nobody."""
    deadlines = [d for d in deadlines if d.event.timing != Timing.CUT_OFF]
    if not deadlines:
        return {}
    first, last = min(d.date for d in deadlines), max(d.date for d in deadlines)
    # Presidium roles of any body and group leaders, active at some point in the span; each deadline
    # then takes those active on its own date.
    assignments = list(
        Assignment.objects.filter(start__lte=last)
        .exclude(end__lt=first)
        .filter(role__in=[*Assignment.PRESIDIUM_ROLES, Assignment.Role.GROUP_LEADER])
        .select_related("person", "person__user", "body")
    )
    roles = {d.event.remind_role for d in deadlines if d.event.remind_role}
    officials: dict[str, list[Recipient]] = defaultdict(list)
    if roles:
        for user in (
            User.objects.filter(is_active=True, groups__name__in=roles)
            .exclude(email="")
            .prefetch_related("groups")
            .distinct()
        ):
            for group in user.groups.all():
                if group.name in roles:
                    officials[group.name].append(Recipient(user.email.lower(), user.get_full_name(), user.pk))
    result: dict[int, list[Recipient]] = {}
    for deadline in deadlines:
        event, day = deadline.event, deadline.date
        found: list[Recipient | None] = []
        for assignment in assignments:
            if not _active(assignment, day):
                continue
            if _names(event, assignment):
                found.append(_person_recipient(assignment))
        found.extend(officials.get(event.remind_role, []))
        unique: dict[str, Recipient] = {}
        for recipient in found:
            if recipient is not None and recipient.email not in unique:
                unique[recipient.email] = recipient
        result[deadline.pk] = list(unique.values())
    return result


def deadlines_concerning(user: User, start: datetime.date, end: datetime.date) -> list[Deadline]:
    """The deadlines on or overlapping the days from start to end whose step names the user (by
    assignment or role); a period under way counts."""
    deadlines = list(
        Deadline.objects.between(start, end)
        .real()
        .filter(event__retired=False)
        .select_related("event", "event__body", "meeting")
        .order_by("date", "event__title")
    )
    email = (user.email or "").lower()
    by_deadline = recipients_for(deadlines)
    return [
        d
        for d in deadlines
        if any(r.user_id == user.pk or (email and r.email == email) for r in by_deadline.get(d.pk, []))
    ]
