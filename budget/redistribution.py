"""KS moves money between its activity areas within its frame (R30: KS keeps the budget in balance and
may reprioritise where that does not conflict with KF's goals; guidance, not enforced).

The move is saved by `services.distribution_set`, the one write of the distribution: it locks what a
change of the distribution locks, checks the frame in force (the total stays the same, so only a
distribution already above the frame is refused) and records the amounts before and after in the
distribution's history. A `Redistribution` row keeps why.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from budget import services
from budget.models import ZERO, FrameDistribution, Redistribution
from budget.money import format_tkr
from organisation.models import Body, Decision, OrgUnit, User
from organisation.roles import is_finance


def decisions_for(body: Body, year: int) -> QuerySet[Decision]:
    """The body's decisions a redistribution of the year may rest on: from the year before on."""
    return (
        Decision.objects.filter(meeting__body=body, meeting__date__gte=datetime.date(year - 1, 1, 1))
        .select_related("meeting__body")
        .order_by("-meeting__date", "paragraph")
    )


@transaction.atomic
def redistribute(
    *,
    body: Body,
    year: int,
    from_unit: OrgUnit,
    to_unit: OrgUnit,
    amount: Decimal,
    reason: str,
    decision: Decision | None,
    actor: User,
) -> Redistribution:
    """Move `amount` kronor of the year's distribution from one activity area to another (finance only)."""
    if not is_finance(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors = {}
    if from_unit.pk == to_unit.pk:
        errors["to_unit"] = _("Move money between two different activity areas.")
    if amount is None or amount <= ZERO:
        errors["amount"] = _("Move a positive amount.")
    if not reason:
        errors["reason"] = _("Give the reason for the redistribution.")
    if decision is not None and not decisions_for(body, year).filter(pk=decision.pk).exists():
        errors["decision"] = _("Choose a decision of %(body)s.") % {"body": body.short_name}
    if errors:
        raise ValidationError(errors)
    # The body's row first, as distribution_set locks it: two changes of the distribution wait for each
    # other, so the amounts read here are still the saved ones when the move is saved.
    body = Body.objects.select_for_update().get(pk=body.pk)
    rows = {
        row.unit_id: row
        for row in FrameDistribution.objects.filter(body=body, year=year).select_related("unit")
    }
    source, target = rows.get(from_unit.pk), rows.get(to_unit.pk)
    missing = _("%(unit)s has no amount in the distribution of %(body)s for %(year)s.")
    for field, unit, row in (("from_unit", from_unit, source), ("to_unit", to_unit, target)):
        if row is None:
            errors[field] = missing % {"unit": unit.name, "body": body.short_name, "year": year}
    if not errors and amount > source.amount:
        errors["amount"] = _("%(unit)s has %(available)s: more cannot be moved from it.") % {
            "unit": source.unit.name,
            "available": format_tkr(source.amount),
        }
    if errors:
        raise ValidationError(errors)
    services.distribution_set(
        body=body,
        year=year,
        amounts={source.unit: source.amount - amount, target.unit: target.amount + amount},
        expected=None,
        actor=actor,
    )
    entry = Redistribution(
        body=body,
        year=year,
        from_unit=source.unit,
        to_unit=target.unit,
        amount=amount,
        reason=reason,
        decision=decision,
        made_by=actor,
    )
    entry.full_clean()
    entry._history_user = actor
    entry.save()
    return entry


def year_redistributions(body: Body, year: int) -> list[Redistribution]:
    """The year's redistributions, oldest first (one query)."""
    return list(
        Redistribution.objects.filter(body=body, year=year).select_related(
            "from_unit", "to_unit", "made_by", "decision__meeting__body"
        )
    )
