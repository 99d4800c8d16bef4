"""Saving a round's entry (`followup.models.RoundEntry`): the one way every entry of a round is written,
the follow-up's and the economy's alike (activity reports, forecasts, investments, company reports)."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import IntegrityError, models, transaction

from organisation.models import User
from styrmodell.concurrency import EditConflict, differences


def save_entry(
    entry: models.Model,
    actor: User,
    *,
    new: bool,
    mine: dict,
    winner: Callable[[], models.Model | None],
    exclude: Collection[str] | None = None,
) -> None:
    """Save the entry as `actor`'s, recorded in its history. A first save that loses a race to another
    first save (the database's unique constraint decides, not a query before) is a conflict shown
    against `winner()`, the entry saved meanwhile."""
    entry.entered_by = actor
    entry.full_clean(validate_constraints=not new, exclude=exclude)
    entry._history_user = actor
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if not new:
            raise
        other = winner()
        if other is None:
            raise
        raise EditConflict(current=other, changed=differences(other, mine), version=other.version) from None
