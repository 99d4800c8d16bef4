"""The mapping tables the outcome import reads through, kept by finance: account classes (which
accounts are revenue, costs or financial items) and object mappings (which accounting object is which
unit or investment project). Neither table has a version column: the id of the latest history record
(styrmodell.concurrency.latest_record) is the version a form carries, so a save over somebody else's
change is refused: the account classes' as one table, a mapping's on its own."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from economy.models import AccountClass, ObjectMapping
from organisation.models import OrgUnit, User
from organisation.roles import is_finance
from styrmodell.concurrency import latest_record, locked_for_edit


def _require_finance(actor: User) -> None:
    if not is_finance(actor):
        raise ValidationError(_("Only finance keeps the account classes and the object mappings."))


def _table_changed() -> ValidationError:
    return ValidationError(
        _(
            "Somebody else changed the table while you were editing. "
            "Reload the page and make your change again."
        )
    )


@transaction.atomic
def account_classes_set(*, rows: list[dict], expected_version: int, actor: User) -> None:
    """Replace the account classes by `rows` (each: pk or None, prefix, category, note, delete); refused
    if the table changed since `expected_version` was read (the table is saved as one version)."""
    _require_finance(actor)
    existing = {c.pk: c for c in AccountClass.objects.select_for_update()}
    if latest_record(AccountClass) != expected_version:
        raise _table_changed()
    kept: dict[str, int] = {}
    for row in rows:
        if row.get("delete") or not row.get("prefix"):
            continue
        if row["prefix"] in kept:
            raise ValidationError(_("The prefix %(prefix)s appears twice.") % {"prefix": row["prefix"]})
        kept[row["prefix"]] = 1
    removed = [
        existing[r["pk"]]
        for r in rows
        if r.get("pk") in existing and (r.get("delete") or not r.get("prefix"))
    ]
    for item in removed:
        item._history_user = actor
        item.delete()
    # Changed prefixes may swap: the changed rows are saved after the removed ones are gone.
    for row in rows:
        if row.get("delete") or not row.get("prefix"):
            continue
        item = existing.get(row.get("pk")) if row.get("pk") else None
        if item is None:
            item = AccountClass()
        elif (item.prefix, item.category, item.note) == (row["prefix"], row["category"], row.get("note", "")):
            continue
        item.prefix, item.category, item.note = row["prefix"], row["category"], row.get("note", "")
        item.full_clean(validate_unique=False)
        item._history_user = actor
        item.save()


def mapping_versions() -> dict[int, int]:
    """Each mapping's version (its latest history record, as latest_record), in one query for the table."""
    rows = ObjectMapping.history.values("id").annotate(latest=Max("history_id")).values_list("id", "latest")
    return dict(rows)


def _mapping(mapping_id: int, *, expected_version: int | None, mine: dict) -> ObjectMapping:
    """The mapping, locked; a conflict if it was changed since `expected_version` was read."""
    return locked_for_edit(
        ObjectMapping.objects.all(),
        pk=mapping_id,
        expected_version=expected_version,
        mine=mine,
        version_of=latest_record,
    )


@transaction.atomic
def object_mapping_save(
    *,
    mapping_id: int | None,
    dimension: int,
    code: str,
    unit: OrgUnit | None,
    project: str,
    expected_version: int | None,
    actor: User,
) -> ObjectMapping:
    """Map an accounting object to a unit or to an investment project (new, or a change)."""
    _require_finance(actor)
    mine = {"dimension": dimension, "code": code, "unit": unit, "project": project or ""}
    if mapping_id is None:
        mapping = ObjectMapping()
    else:
        try:
            mapping = _mapping(mapping_id, expected_version=expected_version, mine=mine)
        except ObjectMapping.DoesNotExist:
            raise _table_changed() from None  # removed meanwhile
    for name, value in mine.items():
        setattr(mapping, name, value)
    if ObjectMapping.objects.filter(dimension=dimension, code=code).exclude(pk=mapping.pk).exists():
        raise ValidationError({"code": _("The object is already mapped.")})
    mapping.full_clean()
    mapping._history_user = actor
    mapping.save()
    return mapping


@transaction.atomic
def object_mapping_remove(*, mapping_id: int, expected_version: int | None, actor: User) -> None:
    """Remove a mapping; one removed meanwhile is left as it is, one changed meanwhile is a conflict."""
    _require_finance(actor)
    try:
        mapping = _mapping(mapping_id, expected_version=expected_version, mine={})
    except ObjectMapping.DoesNotExist:
        return
    mapping._history_user = actor
    mapping.delete()
