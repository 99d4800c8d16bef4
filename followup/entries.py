"""Saving a round's entry (`followup.models.RoundEntry`): the one way every entry of a round is written,
the follow-up's and the economy's alike (activity reports, forecasts, investments, company reports)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from organisation.models import User
from styrmodell.concurrency import EditConflict, bump, differences, locked_for_edit


def existing_pk(queryset: models.QuerySet, lookup: Mapping[str, object]) -> int | None:
    """The saved entry's id, or None before its first save."""
    return queryset.filter(**lookup).values_list("pk", flat=True).first()


def save_entry(
    queryset: models.QuerySet,
    actor: User,
    *,
    lookup: Mapping[str, object],
    mine: Mapping[str, object],
    expected_version: int | None,
    exclude: Collection[str] | None = None,
) -> models.Model:
    """Save `mine` into the entry `lookup` names (its round and what it reports on) as `actor`'s,
    recorded in its history, and return it. Call it in the transaction that locked the round.

    `expected_version` is None for the first save, which creates the entry. A later save locks the
    entry and is a conflict (`EditConflict`) when it is no longer the version read, as is a first
    save that finds it saved meanwhile; a version read of an entry that is gone is refused. A first
    save that loses a race to another first save (the database's unique constraint decides, not the
    look before) is a conflict shown against the entry saved meanwhile."""
    pk = existing_pk(queryset, lookup)
    new = pk is None
    if new:
        if expected_version is not None:
            raise ValidationError(
                _("The entry you edited is no longer saved. Reload the page and try again.")
            )
        entry = queryset.model(**lookup)
    else:
        entry = locked_for_edit(
            queryset,
            pk=pk,
            # A first save that finds the entry: somebody else entered it meanwhile.
            expected_version=expected_version if expected_version is not None else 0,
            mine=mine,
        )
        bump(entry)
    for name, value in mine.items():
        setattr(entry, name, value)
    entry.entered_by = actor
    entry.full_clean(validate_constraints=not new, exclude=exclude)
    entry._history_user = actor
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if not new:
            raise
        other = queryset.filter(**lookup).first()
        if other is None:
            raise
        raise EditConflict(current=other, changed=differences(other, mine), version=other.version) from None
    return entry
