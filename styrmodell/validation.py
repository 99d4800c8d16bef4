"""Input is hostile until bounded: text without control characters, integers the database can hold.

Single-line text (titles, names, codes) refuses every control character, line breaks included, so no
stored text can break an e-mail header, a CSV cell or a heading. Multi-line text keeps tabs and line
breaks and refuses the rest (NUL above all: PostgreSQL cannot store it).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_WHITESPACE_RUN = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")

# The ranges of the integer columns we use, the same on every database (SQLite would take more).
SMALLINT_MAX = 32767
INTEGER_MAX = 2147483647


def validate_single_line(value: object) -> None:
    """Refuse line breaks, tabs and other control characters in a single-line text."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(
            _("Write this on one line, without line breaks or control characters."), code="control"
        )


def validate_multiline(value: object) -> None:
    """Refuse control characters other than tab and line breaks in a multi-line text."""
    if isinstance(value, str) and _CONTROL_BUT_LINES.search(value):
        raise ValidationError(_("Remove the control characters from the text."), code="control")


def one_line(text: object, *, max_length: int = 200) -> str:
    """Any stored text as a safe single line (e-mail subjects, file names): runs of whitespace and
    control characters become one space, and an overlong text is cut with an ellipsis."""
    line = _WHITESPACE_RUN.sub(" ", str(text or "")).strip()
    if len(line) > max_length:
        line = line[: max_length - 1].rstrip() + "…"
    return line


def without_controls(text: object) -> str:
    """A multi-line text from outside (an import, an API) as it may be stored: control characters other
    than tab and line breaks removed (NUL above all, which PostgreSQL cannot store)."""
    return _CONTROL_BUT_LINES.sub("", str(text or ""))


def excerpt(value: object, *, max_length: int = 40) -> str:
    """At most a short excerpt of a bad value, for quoting it back in an error message."""
    return one_line(value, max_length=max_length)
