"""The risk matrix: the plan's controls placed by probability (rows, highest first) and consequence."""

from __future__ import annotations

from dataclasses import dataclass, field

from followup.models import SCALE, Consequence, Control, Probability, RiskLevel


@dataclass
class Cell:
    probability: int
    consequence: int
    controls: list[Control] = field(default_factory=list)

    @property
    def value(self) -> int:
        return self.probability * self.consequence

    @property
    def level(self) -> RiskLevel:
        return RiskLevel.for_value(self.value)


@dataclass
class Row:
    probability: Probability
    cells: list[Cell]


def risk_matrix(controls: list[Control]) -> list[Row]:
    """Sixteen cells, each with the controls assessed there; no queries (the controls are already loaded)."""
    cells = {(p, c): Cell(p, c) for p in SCALE for c in SCALE}
    for control in controls:
        cells[(control.probability, control.consequence)].controls.append(control)
    return [Row(Probability(p), [cells[(p, c)] for c in SCALE]) for p in reversed(SCALE)]


def consequence_columns() -> list[Consequence]:
    return [Consequence(c) for c in SCALE]
