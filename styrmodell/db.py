"""Swedish text on both databases: ordering with å, ä and ö last, and case-insensitive search.

PostgreSQL gets an ICU collation named "sv" (organisation's first migration); SQLite gets a
collation and a lower-casing function of the same names from our SQLite backend
(styrmodell.sqlite), so queries are written once and behave alike on both.
"""

from __future__ import annotations

import functools

from django.db import models
from django.db.models.functions import Collate

COLLATION = "sv"

# The Swedish alphabet: the letters a–z, then å, ä, ö. Letters that Swedish sorts as variants
# of another letter are folded onto it, as dictionaries and phone books do.
_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {letter: 1000 + index for index, letter in enumerate(_ALPHABET)}
_FOLD = str.maketrans({"é": "e", "è": "e", "à": "a", "á": "a", "ü": "y", "æ": "ä", "ø": "ö"})


@functools.lru_cache(maxsize=4096)
def swedish_sort_key(text: str) -> tuple:
    """A key that orders like Swedish: case-insensitive first, then by the exact text."""
    folded = text.lower().translate(_FOLD)
    return tuple(_RANK.get(char, ord(char)) for char in folded), text


def sqlite_collate(left: str, right: str) -> int:
    a, b = swedish_sort_key(left), swedish_sort_key(right)
    return (a > b) - (a < b)


def sqlite_lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def SwedishCollate(expression: str | models.Expression) -> Collate:  # noqa: N802 - reads like a Func
    """Order by this expression the Swedish way."""
    return Collate(expression, COLLATION)


class SwedishLower(models.Transform):
    """`field__sv_lower`: the text in lower case, with Å→å, Ä→ä, Ö→ö on both databases."""

    lookup_name = "sv_lower"
    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="sv_lower", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=f'%(function)s(%(expressions)s COLLATE "{COLLATION}")',
            **extra_context,
        )


models.CharField.register_lookup(SwedishLower)
models.TextField.register_lookup(SwedishLower)
