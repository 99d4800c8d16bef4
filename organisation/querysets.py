"""Read access for the organisation app: every view loads objects through these querysets."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q

from organisation.roles import is_administrator, is_planner, is_sysadmin, signed_in
from styrmodell.db import SwedishCollate

if TYPE_CHECKING:
    from organisation.models import User


class OrgUnitQuerySet(models.QuerySet):
    def for_user(self, user: User) -> OrgUnitQuerySet:
        """The organisation is open to every signed-in user."""
        return self if signed_in(user) else self.none()

    def editable_by(self, user: User) -> OrgUnitQuerySet:
        """System administrators keep the organisation."""
        return self if is_sysadmin(user) else self.none()

    def active_on(self, day: datetime.date) -> OrgUnitQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def swedish_order(self) -> OrgUnitQuerySet:
        return self.order_by(SwedishCollate("name"))

    def with_descendants(self, unit_ids: Iterable[int]) -> OrgUnitQuerySet:
        """The given units and every unit below them, found with one query over the parent links."""
        return self.filter(pk__in=self.descendant_ids(unit_ids))

    def descendant_ids(self, unit_ids: Iterable[int]) -> set[int]:
        """The primary keys of the given units and of every unit below them, in one query."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.model.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found: set[int] = set()
        stack = list(unit_ids)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found

    def writable_for_administrator(self, user: User) -> OrgUnitQuerySet:
        """The units whose activities and follow-up an administrator writes: own units and sub-units."""
        if not is_administrator(user):
            return self.none()
        return self.with_descendants(user.units.values_list("pk", flat=True))


class BodyQuerySet(models.QuerySet):
    def for_user(self, user: User) -> BodyQuerySet:
        return self if signed_in(user) else self.none()

    def of_kind(self, kind: str):
        """The body of a kind there is one of, KF or KS; None if the organisation lacks it."""
        return self.filter(kind=kind).order_by("pk").first()

    def editable_by(self, user: User) -> BodyQuerySet:
        return self if is_sysadmin(user) else self.none()


class AssignmentQuerySet(models.QuerySet):
    def for_user(self, user: User) -> AssignmentQuerySet:
        return self if signed_in(user) else self.none()

    def active_on(self, day: datetime.date) -> AssignmentQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def presidium(self, body_id: int, day: datetime.date) -> AssignmentQuerySet:
        """The chair and vice chairs of a body on a day, chair first."""
        from organisation.models import Assignment

        order = models.Case(
            *(models.When(role=role, then=i) for i, role in enumerate(Assignment.PRESIDIUM_ROLES)),
        )
        return (
            self.active_on(day)
            .filter(body_id=body_id, role__in=Assignment.PRESIDIUM_ROLES)
            .select_related("person", "party")
            .order_by(order)
        )


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user: User) -> MeetingQuerySet:
        return self if signed_in(user) else self.none()

    def editable_by(self, user: User) -> MeetingQuerySet:
        """Planners keep the meeting calendar."""
        return self if is_planner(user) else self.none()


class DecisionQuerySet(models.QuerySet):
    def for_user(self, user: User) -> DecisionQuerySet:
        """Decisions are public records once taken: every signed-in user reads them."""
        return self if signed_in(user) else self.none()

    def editable_by(self, user: User) -> DecisionQuerySet:
        """Planners record the decisions KF and KS take."""
        return self if is_planner(user) else self.none()

    def search(self, term: str) -> DecisionQuerySet:
        """Case-insensitive search in subject and case number that treats å, ä and ö as letters."""
        term = term.strip().lower()
        if not term:
            return self
        return self.filter(Q(title__sv_lower__contains=term) | Q(case_number__sv_lower__contains=term))


class UserManager(DjangoUserManager):
    def active(self):
        return self.filter(is_active=True)
