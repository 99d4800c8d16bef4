"""Model fields of our own."""

from __future__ import annotations

from django.db import models

from styrmodell.validation import validate_single_line


class LineField(models.CharField):
    """A single line of text (a title, a name, a code): refuses line breaks and control characters,
    in the model's validation and so in every model form, the admin's included."""

    default_validators = [validate_single_line]
