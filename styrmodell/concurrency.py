"""Optimistic editing of shared objects (house style, habit 14), one mechanism for every app.

The form carries the version the object was read at (`VersionField`); the service locks the row and
compares (`locked_for_edit`), raising `EditConflict` with the fields where the saved value and the
user's differ; the view keeps the user's input in the form against the version now saved
(`show_conflict`, or `save_or_show` around the service) and the page shows both values with
templates/components/edit_conflict.html. An object's `version` is raised by its services on every
change (`bump`).

An object whose version is something else (the budget's `revision`, a wheel step's latest history
record, the distribution as it was read) passes `version_of` to `locked_for_edit`, or raises the
conflict itself with the `version` now saved; the view names the form's field (`field=`). Rows of
amounts or goals compare with `line_differences`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrmodell.forms import add_service_error

VERSION_FIELD = "version"
EMPTY = "–"


class Change(NamedTuple):
    """One field that differs: its label, the value saved meanwhile and the user's, both for display."""

    label: str
    saved: str
    mine: str


@dataclass
class EditConflict(Exception):
    """Somebody else saved the object since the form was read; nothing was overwritten."""

    current: models.Model
    changed: list[Change]
    # The version now saved, as the form carries it, when it is not `current.version`.
    version: object = None
    # Whose records name who saved last, when not `current.history` (e.g. the rows of a grid).
    history: models.QuerySet | None = None

    def __str__(self) -> str:
        return _("Somebody else saved this while you were editing.")


class VersionField(forms.IntegerField):
    """The version the form was read at, carried in a hidden input."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 1)
        message = gettext_lazy(
            "The form does not say which version it was read at. Reload the page and try again."
        )
        kwargs.setdefault("error_messages", {"required": message, "invalid": message, "min_value": message})
        super().__init__(**kwargs)


def initial_version(obj: models.Model) -> dict[str, int]:
    """The form's initial data for an object it edits."""
    return {VERSION_FIELD: getattr(obj, VERSION_FIELD)}


def bump(obj: models.Model) -> None:
    """Raise the object's version; every service that changes the object calls this before saving."""
    setattr(obj, VERSION_FIELD, getattr(obj, VERSION_FIELD) + 1)


def latest_record(obj: models.Model | type[models.Model]) -> int:
    """The version of an object that keeps none of its own: the id of its latest history record (0 before
    it has one), as every save adds one. Given a model, the version of its whole table."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


# The service's side


def locked_for_edit(
    queryset: models.QuerySet,
    *,
    pk: int,
    expected_version: int | None,
    mine: Mapping[str, object],
    version_of: Callable[[models.Model], object] | None = None,
    require: Callable[[models.Model], None] | None = None,
) -> models.Model:
    """The object's row, locked until the transaction ends; refused if it is no longer the version read.

    `mine` is what the user submitted, by field name (`goal__position` follows a foreign key); the
    fields where it differs from the saved object are the conflict's changes. The lock makes the
    compare-and-save atomic: a second save of the same version waits, then sees the raised version.
    `expected_version=None` skips the comparison: for seeding and scripts, never for a form's save.
    `version_of` reads the version of an object that keeps it elsewhere than in `version`.
    `require` checks the locked row before the versions are compared: a refusal it raises (an adoption
    meanwhile, say) wins over a conflict, since there is nothing left to resolve.
    """
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    if require is not None:
        require(current)
    if expected_version is None:
        return current
    saved = version_of(current) if version_of else getattr(current, VERSION_FIELD)
    if saved != expected_version:
        raise EditConflict(current=current, changed=differences(current, mine), version=saved)
    return current


def differences(current: models.Model, mine: Mapping[str, object]) -> list[Change]:
    """The fields where the saved object and the user's values differ, ready to show side by side."""
    changes = []
    for path, value in mine.items():
        field, saved = _resolve(current, path)
        if _comparable(field, saved) != _comparable(field, value):
            changes.append(Change(str(field.verbose_name), _display(field, saved), _display(field, value)))
    return changes


def line_differences(
    saved: Mapping[Hashable, object],
    mine: Mapping[Hashable, object],
    *,
    label: Callable[[Hashable], str],
    display: Callable[[object], str] = str,
) -> list[Change]:
    """The lines of a grid (amounts, goals) where the saved value and the user's differ, in the user's order.

    A line the user's save would leave out is in `mine` as None; a missing value is shown as a dash.
    """
    return [
        Change(label(key), _shown(saved.get(key), display), _shown(value, display))
        for key, value in mine.items()
        if saved.get(key) != value
    ]


def _shown(value: object, display: Callable[[object], str]) -> str:
    return EMPTY if value in (None, "") else display(value)


def _resolve(obj: models.Model, path: str) -> tuple[models.Field, object]:
    *hops, name = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return field, list(getattr(obj, name).all())
    return field, getattr(obj, name)


def _comparable(field: models.Field, value: object) -> object:
    if field.many_to_many:
        return frozenset(getattr(item, "pk", item) for item in (value or ()))
    if field.is_relation:
        return getattr(value, "pk", value)
    if value in (None, ""):
        return None
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    return value


def _display(field: models.Field, value: object) -> str:
    if field.many_to_many:
        names = sorted(str(item) for item in (value or ()))
        return ", ".join(names) if names else EMPTY
    if value in (None, ""):
        return EMPTY
    if field.is_relation and not isinstance(value, models.Model):
        value = field.related_model._default_manager.filter(pk=value).first() or value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# The view's side


def conflict_context(conflict: EditConflict) -> dict:
    """What the component shows: the changed fields, and who saved last and when (from the history)."""
    history = conflict.history if conflict.history is not None else getattr(conflict.current, "history", None)
    latest = history.select_related("history_user").first() if history is not None else None
    return {
        "changes": conflict.changed,
        "saved_by": latest.history_user if latest else None,
        "saved_at": latest.history_date if latest else None,
    }


def show_conflict(form: forms.BaseForm, conflict: EditConflict, *, field: str = VERSION_FIELD) -> None:
    """Keep everything the user typed in the form, against the version now saved, and attach the conflict.

    Saving again is then a deliberate choice to replace the other person's values. `field` is the
    form's field carrying the version, when it is not `version`.
    """
    saved = conflict.version if conflict.version is not None else getattr(conflict.current, VERSION_FIELD)
    data = form.data.copy()
    data[form.add_prefix(field)] = str(saved)
    form.data = data
    form.edit_conflict = conflict_context(conflict)


def save_or_show(form: forms.BaseForm, action: Callable[[], object], *, field: str = VERSION_FIELD) -> bool:
    """Run a service in a transaction; a conflict or a refusal is shown on the form and nothing is saved."""
    try:
        with transaction.atomic():
            action()
    except EditConflict as conflict:
        show_conflict(form, conflict, field=field)
        return False
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


def run_or_tell(request, action: Callable[[], object], success: str) -> bool:
    """Run a service behind a button with no fields, in a transaction; the outcome becomes a message.

    A refusal or a conflict (the button was pressed on a page read before a change) is told, and
    nothing is saved; the page then shows what is saved now.
    """
    try:
        with transaction.atomic():
            action()
    except EditConflict as conflict:
        messages.error(request, str(conflict))
        return False
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def submitted(data: Mapping[str, object], names: Iterable[str]) -> dict[str, object]:
    """The user's values for the named fields, as a service compares them with the saved object."""
    return {name: data[name] for name in names if name in data}
