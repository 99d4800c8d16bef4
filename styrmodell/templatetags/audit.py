"""The audit trail in the UI: an object's history records as readable entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.db import models
from django.utils.translation import gettext_lazy as _

register = template.Library()

KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Removed")}


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
        key = model_field.m2m_reverse_field_name()
        names = [
            str(related.get((model_field.related_model, row.get(key)), row.get(key))) for row in value or []
        ]
        return ", ".join(sorted(names)) or "–"
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.ForeignKey):
        return related.get((model_field.related_model, value), value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@register.simple_tag
def history_entries(records) -> list[Entry]:
    """Newest first, each change with the field's name and the value before and after.

    Works from the records alone (two queries: the records with their users, and one per kind of
    related object named in a change), so a long history costs no more queries than a short one.
    """
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    if not records:
        return []
    model = records[0].instance_type
    diffs = []
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for previous, record in zip([None, *records], records, strict=False):
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                if isinstance(model_field, models.ForeignKey):
                    wanted[model_field.related_model].update(v for v in (change.old, change.new) if v)
                elif isinstance(model_field, models.ManyToManyField):
                    key = model_field.m2m_reverse_field_name()
                    for rows in (change.old, change.new):
                        wanted[model_field.related_model].update(row.get(key) for row in rows or [])
                changes.append(change)
        diffs.append((record, changes))
    related = {
        (related_model, obj.pk): str(obj)
        for related_model, pks in wanted.items()
        for obj in related_model._default_manager.filter(pk__in=pks)
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
