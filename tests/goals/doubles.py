"""Stand-ins for goals' models without a database, for the rule modules' own tests (`make mutation`):
an indicator link with its targets and values, as the pages prefetch them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Many:
    """A prefetched related manager: `.all()` and nothing else."""

    items: list = field(default_factory=list)

    def all(self):
        return list(self.items)


@dataclass
class Target:
    year: int
    value: Decimal


@dataclass
class Value:
    year: int
    value: Decimal
    municipality: str = "0180"
    gender: str = "T"


@dataclass
class Indicator:
    values: Many
    higher_is_better: bool = True


@dataclass
class Link:
    targets: Many
    indicator: Indicator


def link(target, value, *, year=2025, higher=True, **value_fields):
    targets = [] if target is None else [Target(year, Decimal(target))]
    values = [] if value is None else [Value(year, Decimal(value), **value_fields)]
    return Link(Many(targets), Indicator(Many(values), higher))
