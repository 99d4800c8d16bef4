"""The base of every form in the project: input is bounded before a service or the database sees it.

`Form` and `ModelForm` add, to each field that does not say otherwise:
- text: single-line inputs refuse line breaks and control characters, text areas refuse control
  characters other than tabs and line breaks (styrmodell.validation);
- integers: the range of the column they end up in (a smallint for a model's small integer field,
  a 32-bit integer otherwise), so "2147483648" is a field error, never a database error;
- decimals: at most as many digits as a column could hold, checked on the parsed value, so "1e30"
  and 26-digit amounts are field errors;
- choices of rows by id: an id beyond a 64-bit integer is an invalid choice, not an overflow.
"""

from __future__ import annotations

from django import forms
from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from styrmodell.validation import INTEGER_MAX, SMALLINT_MAX, validate_multiline, validate_single_line

_MAX_DECIMAL_DIGITS = 20
_BIGINT_MAX = 2**63 - 1


def _integer_bounds(model_field: models.Field | None) -> tuple[int, int]:
    if isinstance(model_field, models.PositiveSmallIntegerField):
        return 0, SMALLINT_MAX
    if isinstance(model_field, models.SmallIntegerField):
        return -SMALLINT_MAX - 1, SMALLINT_MAX
    if isinstance(model_field, models.PositiveIntegerField | models.PositiveBigIntegerField):
        return 0, INTEGER_MAX if isinstance(model_field, models.PositiveIntegerField) else _BIGINT_MAX
    if isinstance(model_field, models.BigIntegerField):
        return -_BIGINT_MAX - 1, _BIGINT_MAX
    return -INTEGER_MAX - 1, INTEGER_MAX


def _bound_integer(field: forms.IntegerField, low: int, high: int) -> None:
    if field.max_value is None or field.max_value > high:
        field.max_value = high
        field.validators.append(validators.MaxValueValidator(high))
        if getattr(field.widget, "input_type", None) == "number":
            field.widget.attrs["max"] = high
    if field.min_value is None or field.min_value < low:
        field.min_value = low
        field.validators.append(validators.MinValueValidator(low))
        if getattr(field.widget, "input_type", None) == "number":
            field.widget.attrs.setdefault("min", low)


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _guard_ids(field: forms.ModelChoiceField) -> None:
    """Refuse ids no integer column holds before the field looks them up (SQLite would overflow)."""
    pk = field.queryset.model._meta.pk
    if field.to_field_name or not isinstance(pk, models.IntegerField | models.AutoField):
        return
    clean = field.clean

    def bounded_clean(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item).strip()
            digits = text.removeprefix("-")
            # isascii(): "²" is a digit to isdigit() but not to int(); one minus only: int("--5") fails.
            if digits.isascii() and digits.isdigit() and abs(int(text)) > _BIGINT_MAX:
                raise ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:20]}
                )
        return clean(value)

    field.clean = bounded_clean


def harden(form: forms.BaseForm) -> None:
    """Add the project's bounds to the fields of `form` (see the module's docstring)."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            _guard_ids(field)
        elif isinstance(field, forms.CharField):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(validate_multiline if multiline else validate_single_line)
        elif isinstance(field, forms.DecimalField):
            if field.max_digits is None:
                field.max_digits = _MAX_DECIMAL_DIGITS
                field.validators.append(
                    validators.DecimalValidator(_MAX_DECIMAL_DIGITS, field.decimal_places)
                )
        elif isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField):
            model_field = None
            if model is not None:
                try:
                    model_field = model._meta.get_field(name)
                except FieldDoesNotExist:  # a form field of its own, not the model's
                    model_field = None
            _bound_integer(field, *_integer_bounds(model_field))


class HardenedFormMixin:
    """Bounds every field of the form before it is cleaned, fields added in `__init__` included."""

    _hardened = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's CharField gives its widget a maxlength, which a <select> may not carry (and
            # needs not: it offers only its choices).
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.pop("maxlength", None)

    def full_clean(self) -> None:
        if not self._hardened:
            harden(self)
            self._hardened = True
        super().full_clean()


class Form(HardenedFormMixin, forms.Form):
    pass


class ModelForm(HardenedFormMixin, forms.ModelForm):
    pass
