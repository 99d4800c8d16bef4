"""The round's economy as a chart: per activity area, horizontal bars of the budgeted and the forecast
net cost, drawn on the server as SVG (no JavaScript), rendered by economy/_chart.html.

It does not rely on colour: every bar has its kind and amount written beside it, the forecast is
hatched and the budget solid, and the table on the same page holds every figure (its alternative).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.money import format_tkr
from economy.figures import Economy

LABEL_WIDTH = 230  # the areas' names
PLOT_WIDTH = 420  # the bars
VALUE_WIDTH = 260  # the amounts written after the bars
BAR = 14
GAP = 4  # between an area's two bars
ROW_GAP = 14  # between areas
TOP = 34  # room for the legend
NAME_CHARACTERS = 32


@dataclass(frozen=True)
class Bar:
    kind: str  # "budget" or "forecast"
    label: str
    amount: str
    x: str
    y: str
    width: str
    text_x: str
    text_y: str


@dataclass(frozen=True)
class Group:
    name: str
    short_name: str
    name_y: str
    bars: tuple[Bar, Bar]
    flagged: bool


@dataclass(frozen=True)
class Chart:
    groups: list[Group]
    width: int
    height: int
    zero_x: str
    plot_top: int
    plot_bottom: int
    title: str
    description: str
    # The drawing's constants, so that the template repeats none of them.
    bar_height: int = BAR
    name_x: int = LABEL_WIDTH - 8  # the areas' names end here
    legend_x: int = LABEL_WIDTH  # the budget's key; the forecast's follows at +170


def _shorten(name: str) -> str:
    return name if len(name) <= NAME_CHARACTERS else name[: NAME_CHARACTERS - 1].rstrip() + "…"


def _n(value: Decimal | float | int) -> str:
    """A coordinate as SVG writes it: a point, at most one decimal."""
    return f"{Decimal(value).quantize(Decimal('0.1')):f}"


def economy_chart(economy: Economy) -> Chart | None:
    """The chart of the round's areas, or None when the year has no activity areas."""
    if not economy.areas:
        return None
    values = [v for row in economy.areas for v in (row.budget.net, row.forecast.net)]
    low, high = min(Decimal(0), *values), max(Decimal(0), *values)
    span = (high - low) or Decimal(1)
    scale = Decimal(PLOT_WIDTH) / span
    zero = Decimal(LABEL_WIDTH) + (-low) * scale
    groups = []
    step = 2 * BAR + GAP + ROW_GAP
    for index, row in enumerate(economy.areas):
        top = TOP + index * step
        bars = []
        for offset, kind, label, amount in (
            (0, "budget", _("Budget"), row.budget.net),
            (BAR + GAP, "forecast", _("Forecast"), row.forecast.net),
        ):
            end = zero + amount * scale
            x, width = min(zero, end), abs(end - zero)
            y = top + offset
            bars.append(
                Bar(
                    kind=kind,
                    label=label,
                    amount=format_tkr(amount, decimals=0),
                    x=_n(x),
                    y=_n(y),
                    width=_n(max(width, Decimal("0.5"))),
                    text_x=_n(LABEL_WIDTH + PLOT_WIDTH + 6),
                    text_y=_n(y + BAR - 3),
                )
            )
        groups.append(
            Group(
                name=row.unit.name,
                short_name=_shorten(row.unit.name),
                name_y=_n(top + BAR + GAP / 2 + 4),
                bars=(bars[0], bars[1]),
                flagged=row.flagged,
            )
        )
    height = TOP + len(groups) * step
    return Chart(
        groups=groups,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=height,
        zero_x=_n(zero),
        plot_top=TOP - 4,
        plot_bottom=height - ROW_GAP + 4,
        title=_("Budgeted and forecast net cost per activity area"),
        description=_(
            "For each activity area two horizontal bars: the budgeted net cost (solid) and the full-year "
            "forecast net cost (hatched), with the amount in tkr written after each bar. The table above "
            "holds the same figures."
        ),
    )
