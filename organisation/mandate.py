"""Access that follows the mandate: an elected member's role and a handläggare's units come from their
assignments and placements, from the first day through the last, and every grant and lapse is on record.

The rules:

1. A user whose person has ever held an assignment holds the elected representative role exactly on
   the days one of the person's assignments is active: from its start through its end. The end is the
   last day with access (no end, no lapse). The assembly's term ends on 14 October after an election,
   so a member for the term reads on the 14th and not on the 15th; a newly elected member reads from
   the 15th.
2. A user whose person has ever had a placement has exactly the units of the placements active that
   day: a move grants the new unit and lapses the old one on the day of the move.
3. A user without a person, or whose person has no assignments (no placements), is left alone in that
   respect: the system administrator keeps it by hand (a break-glass administrator, an elected member
   not yet registered, a unit given before the placements are entered).
4. Every grant and lapse is an AccessChange naming what caused it: for a grant the active assignment or
   placement that started last, for a lapse the one that ended last (none when nothing ended, e.g. a
   role given by hand to someone whose assignments have not begun).
5. It runs every night just after midnight (organisation.tasks.reconcile_access) and at every sign-in,
   never by hand, so a lapse takes effect on its day even for someone who stays signed in. The identity
   provider's roles (apply_roles) and a system administrator's own changes in the admin
   (record_manual_change) are on record the same way.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from organisation.models import AccessChange, Assignment, Person, Placement, User
from organisation.roles import Role

_GroupLink = User.groups.through
_UnitLink = User.units.through


@dataclass(frozen=True)
class Access:
    """A user's roles and units at a moment, to compare with later."""

    roles: frozenset[str]
    unit_ids: frozenset[int]


def access_of(*, user: User) -> Access:
    """The user's roles and units as the database has them now (two queries)."""
    roles = _GroupLink.objects.filter(user_id=user.pk, group__name__in=Role.values)
    units = _UnitLink.objects.filter(user_id=user.pk)
    return Access(
        roles=frozenset(roles.values_list("group__name", flat=True)),
        unit_ids=frozenset(units.values_list("orgunit_id", flat=True)),
    )


@transaction.atomic
def reconcile_user(*, user: User, on: datetime.date | None = None) -> list[AccessChange]:
    """Grant and lapse the user's role and units as their person's assignments and placements say on a day."""
    changes = _reconcile(Person.objects.filter(user=user), on or timezone.localdate())
    if changes:
        _forget_access(user)
    return changes


@transaction.atomic
def reconcile_all(*, on: datetime.date | None = None) -> int:
    """Reconcile every user whose person has assignments or placements; the number of changes made."""
    return len(_reconcile(Person.objects.all(), on or timezone.localdate()))


@transaction.atomic
def apply_roles(
    *,
    user: User,
    wanted: set[str],
    managed: set[str],
    source: str,
    actor: User | None = None,
    on: datetime.date | None = None,
) -> list[AccessChange]:
    """Make the user's roles among `managed` exactly those of `wanted` among them, each change on record."""
    unknown = (wanted | managed) - set(Role.values)
    if unknown:
        raise ValueError(f"Not roles: {sorted(unknown)}")
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))  # one change at a time
    held = access_of(user=user).roles & managed
    target = wanted & managed
    on = on or timezone.localdate()
    change = functools.partial(AccessChange, user=user, source=source, actor=actor, on=on)
    changes = [change(kind=AccessChange.Kind.GRANTED, role=role) for role in sorted(target - held)]
    changes += [change(kind=AccessChange.Kind.LAPSED, role=role) for role in sorted(held - target)]
    written = _write(changes)
    if written:
        _forget_access(user)
    return written


@transaction.atomic
def record_manual_change(
    *, user: User, before: Access, actor: User, on: datetime.date | None = None
) -> list[AccessChange]:
    """Put on record the roles and units a system administrator gave or took since `before` (the admin)."""
    after = access_of(user=user)
    change = functools.partial(
        AccessChange,
        user=user,
        source=AccessChange.Source.ADMINISTRATOR,
        actor=actor,
        on=on or timezone.localdate(),
    )
    granted, lapsed = AccessChange.Kind.GRANTED, AccessChange.Kind.LAPSED
    changes = [change(kind=granted, role=role) for role in sorted(after.roles - before.roles)]
    changes += [change(kind=lapsed, role=role) for role in sorted(before.roles - after.roles)]
    changes += [change(kind=granted, unit_id=pk) for pk in sorted(after.unit_ids - before.unit_ids)]
    changes += [change(kind=lapsed, unit_id=pk) for pk in sorted(before.unit_ids - after.unit_ids)]
    return AccessChange.objects.bulk_create(changes)


def _reconcile(people: QuerySet[Person], on: datetime.date) -> list[AccessChange]:
    """Read the people's users, assignments, placements, roles and units (five queries); write the changes."""
    has_assignments = Exists(Assignment.objects.filter(person=OuterRef("pk")))
    has_placements = Exists(Placement.objects.filter(person=OuterRef("pk")))
    linked = people.filter(Q(has_assignments) | Q(has_placements), user__isnull=False)
    # The users' rows are locked until the changes are written: the nightly job and a sign-in at the
    # same moment would otherwise both grant the same role and put it on record twice.
    found = list(
        linked.select_related("user")
        .select_for_update(of=("user",))
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.order_by()),
            Prefetch("placements", queryset=Placement.objects.order_by()),
        )
        .order_by("pk")
    )
    if not found:
        return []
    user_ids = linked.values("user_id")
    politicians = set(
        _GroupLink.objects.filter(user_id__in=user_ids, group__name=Role.POLITICIAN).values_list(
            "user_id", flat=True
        )
    )
    units: dict[int, set[int]] = defaultdict(set)
    links = _UnitLink.objects.filter(user_id__in=user_ids)
    for user_id, unit_id in links.values_list("user_id", "orgunit_id"):
        units[user_id].add(unit_id)
    changes: list[AccessChange] = []
    for person in found:
        changes += _role_changes(person, person.user_id in politicians, on)
        changes += _unit_changes(person, units[person.user_id], on)
    return _write(changes)


def _role_changes(person: Person, held: bool, on: datetime.date) -> list[AccessChange]:
    assignments = person.assignments.all()
    if not assignments:
        return []
    active = [a for a in assignments if a.is_active_on(on)]
    change = functools.partial(
        AccessChange, user=person.user, role=Role.POLITICIAN, source=AccessChange.Source.ASSIGNMENT, on=on
    )
    if active and not held:
        cause = max(active, key=lambda a: (a.start, a.pk))
        return [change(kind=AccessChange.Kind.GRANTED, assignment=cause)]
    if held and not active:
        return [change(kind=AccessChange.Kind.LAPSED, assignment=_last_ended(assignments, on))]
    return []


def _unit_changes(person: Person, held: set[int], on: datetime.date) -> list[AccessChange]:
    placements = person.placements.all()
    if not placements:
        return []
    active: dict[int, Placement] = {}
    for placement in sorted(placements, key=lambda p: (p.start, p.pk)):
        if placement.is_active_on(on):
            active[placement.unit_id] = placement
    change = functools.partial(AccessChange, user=person.user, source=AccessChange.Source.PLACEMENT, on=on)
    changes = [
        change(kind=AccessChange.Kind.GRANTED, unit_id=unit_id, placement=active[unit_id])
        for unit_id in sorted(active.keys() - held)
    ]
    changes += [
        change(
            kind=AccessChange.Kind.LAPSED,
            unit_id=unit_id,
            placement=_last_ended([p for p in placements if p.unit_id == unit_id], on),
        )
        for unit_id in sorted(held - active.keys())
    ]
    return changes


def _last_ended[T: (Assignment, Placement)](periods: Iterable[T], on: datetime.date) -> T | None:
    """The assignment or placement whose end came last before the day, if any did."""
    ended = [p for p in periods if p.end is not None and p.end < on]
    return max(ended, key=lambda p: (p.end, p.pk), default=None)


def _write(changes: list[AccessChange]) -> list[AccessChange]:
    """Add and remove the role and unit links the changes name, and put the changes on record."""
    if not changes:
        return []
    granted = [c for c in changes if c.kind == AccessChange.Kind.GRANTED]
    lapsed = [c for c in changes if c.kind == AccessChange.Kind.LAPSED]
    roles = sorted({c.role for c in changes if c.role})
    groups = {role: Group.objects.get_or_create(name=role)[0].pk for role in roles}
    _GroupLink.objects.bulk_create(
        [_GroupLink(user_id=c.user_id, group_id=groups[c.role]) for c in granted if c.role],
        ignore_conflicts=True,
    )
    _UnitLink.objects.bulk_create(
        [_UnitLink(user_id=c.user_id, orgunit_id=c.unit_id) for c in granted if not c.role],
        ignore_conflicts=True,
    )
    if lapsed_roles := [Q(user_id=c.user_id, group_id=groups[c.role]) for c in lapsed if c.role]:
        _GroupLink.objects.filter(functools.reduce(operator.or_, lapsed_roles)).delete()
    if lapsed_units := [Q(user_id=c.user_id, orgunit_id=c.unit_id) for c in lapsed if not c.role]:
        _UnitLink.objects.filter(functools.reduce(operator.or_, lapsed_units)).delete()
    return AccessChange.objects.bulk_create(changes)


def _forget_access(user: User) -> None:
    """Drop what the instance remembers of its roles and units, so that the rest of the request reads anew."""
    user.__dict__.pop("_roles", None)
    prefetched = getattr(user, "_prefetched_objects_cache", {})
    for name in ("groups", "units"):
        prefetched.pop(name, None)
