"""Reading SIE files (types 3 and 4): CONTRACT STUB, being built.

The API the rest of the app relies on is below; the parser fills it in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

ObjectKey = tuple[tuple[int, str], ...]  # ((dimension, object id), ...) sorted by dimension


@dataclass(frozen=True)
class Problem:
    """One refused line: its number (1-based) and tag (e.g. "#PSALDO"), and what is wrong, in Swedish."""

    line: int
    tag: str
    message: str


class SieRefused(Exception):
    """The file is refused; `problems` name every bad line (capped, with the rest counted)."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        super().__init__(problems)
        self.problems = problems
        self.more = more


@dataclass
class SieBooks:
    encoding: str  # "cp437", "latin-1" or "utf-8": how the file was read
    sie_type: str  # "3", "4", "4E", "4I", ...
    program: str
    generated: datetime.date | None
    organisation: str
    year_start: datetime.date  # #RAR 0
    year_end: datetime.date
    accounts: dict[str, str]  # #KONTO: account → name
    dimensions: dict[int, str]  # #DIM
    objects: dict[tuple[int, str], str]  # #OBJEKT: (dimension, id) → name
    source: str  # "psaldo" or "trans": where the balances came from
    # Year 0's amounts summed over its periods, per account and object combination (the accounting
    # sign: debit positive). An empty ObjectKey is the account's total across objects (PSALDO {}).
    balances: dict[tuple[str, ObjectKey], Decimal] = field(default_factory=dict)
    last_period: datetime.date | None = None  # the last day of the latest period with an amount
    lines: int = 0


def parse(data: bytes) -> SieBooks:
    raise NotImplementedError
