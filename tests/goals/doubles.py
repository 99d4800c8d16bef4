"""Stand-ins for goals' models without a database, for the rule modules' own tests (`make mutation`):
an indicator link with its targets and values, as the pages prefetch them, and a KF goal's versions."""

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


@dataclass
class Version:
    criterion: str
    criterion_count: int | None


@dataclass
class MandateGoal:
    """A KF goal with its indicators and one version, in force in `in_force` (None: every year)."""

    goal_indicators: Many
    version: Version | None
    in_force: int | None = None

    def version_for(self, year):
        return self.version if self.in_force in (None, year) else None
