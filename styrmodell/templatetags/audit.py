"""The audit trail in the UI: an object's history records as readable entries.

An entry shows what a person changed: bookkeeping fields (the optimistic-lock version, timestamps the
system sets) are left out, and so is a change that then changes nothing shown. Times and dates are
written in one format, the language's (in Swedish "3 mars 2026 14:05" and "3 mars 2026").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

register = template.Library()

KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Removed")}

# A model names further fields that only the system keeps (a revision counter, a fetch time) in
# `history_bookkeeping`; fields a form never edits (`editable=False`: the concurrency `version`,
# `auto_now` timestamps) are bookkeeping already.
BOOKKEEPING_ATTRIBUTE = "history_bookkeeping"


def bookkeeping_fields(model: type[models.Model]) -> set[str]:
    """The fields whose changes a history list leaves out."""
    hidden = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False) and not f.editable}
    return hidden | set(getattr(model, BOOKKEEPING_ATTRIBUTE, ()))


def when(value: datetime.datetime) -> str:
    """A changed moment in local time, in the format the entry's own time has in history.html."""
    return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class Entry:
    when: Any
    who: Any
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(model: type[models.Model], name: str, value: Any, related: dict) -> Any:
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.ManyToManyField):
        names = [str(related.get((model_field.related_model, pk), pk)) for pk in value]
        return ", ".join(sorted(names)) or "–"
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return when(value)
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return value


def _display_queryset(model: type[models.Model]) -> models.QuerySet:
    """Objects named in a history; a model whose name needs related rows provides `for_display()`."""
    for_display = getattr(model, "for_display", None)
    return for_display() if for_display else model._default_manager.all()


def _m2m_sets(records: list, history_model) -> dict[str, dict[int, frozenset]]:
    """Each tracked many-to-many field's related ids per history record, one query per field."""
    result = {}
    for m2m in getattr(history_model, "_history_m2m_fields", []):
        through = getattr(records[0], m2m.name).model
        key = m2m.m2m_reverse_field_name()
        per_record: dict[int, set] = defaultdict(set)
        for history_id, related_id in through.objects.filter(history__in=records).values_list(
            "history_id", key
        ):
            per_record[history_id].add(related_id)
        result[m2m.name] = {record.pk: frozenset(per_record.get(record.pk, ())) for record in records}
    return result


@register.simple_tag
def history_entries(records) -> list[Entry]:
    """Newest first, each change with the field's name and the value before and after.

    Each record is compared with the previous record of the same object (a list may hold several
    objects' records, e.g. a KF goal's versions). Bookkeeping fields are left out, and a change that
    leaves nothing to show (and gives no reason) is left out as a whole.

    Works from the records alone (the records with their users, one query per many-to-many field
    and one per kind of related object named in a change), so a long history costs no more
    queries than a short one.
    """
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    if not records:
        return []
    model = records[0].instance_type
    pk_name = model._meta.pk.attname
    hidden = bookkeeping_fields(model)
    all_m2m = _m2m_sets(records, type(records[0]))
    m2m = {name: sets for name, sets in all_m2m.items() if name not in hidden}
    excluded = sorted(hidden | set(all_m2m))
    diffs = []
    wanted: dict[type[models.Model], set] = defaultdict(set)
    latest: dict[Any, Any] = {}
    for record in records:
        previous = latest.get(getattr(record, pk_name))
        latest[getattr(record, pk_name)] = record
        changes: list[Change] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False, excluded_fields=excluded)
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                if isinstance(model_field, models.ForeignKey):
                    wanted[model_field.related_model].update(v for v in (change.old, change.new) if v)
                changes.append(Change(change.field, change.old, change.new))
            for name, sets in m2m.items():
                if sets[previous.pk] != sets[record.pk]:
                    wanted[model._meta.get_field(name).related_model].update(
                        sets[previous.pk] | sets[record.pk]
                    )
                    changes.append(Change(name, sets[previous.pk], sets[record.pk]))
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # only bookkeeping changed, or nothing at all
        diffs.append((record, changes))
    related = {
        (related_model, obj.pk): str(obj)
        for related_model, pks in wanted.items()
        for obj in _display_queryset(related_model).filter(pk__in=pks)
    }
    entries = []
    for record, changes in reversed(diffs):
        entries.append(
            Entry(
                when=record.history_date,
                who=record.history_user,
                kind=KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=[
                    Change(
                        field=model._meta.get_field(c.field).verbose_name,
                        old=_display(model, c.field, c.old, related),
                        new=_display(model, c.field, c.new, related),
                    )
                    for c in changes
                ],
            )
        )
    return entries
