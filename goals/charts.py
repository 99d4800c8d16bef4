"""An indicator's line chart, computed here and drawn by goals/_indicator_chart.html as plain SVG.

Everything the template needs is computed in Python and handed over as strings: Django localises
numbers in templates, and a Swedish decimal comma inside an SVG coordinate would break the drawing.
The look of each series lives in SVG presentation attributes, not CSS, so the chart keeps its
meaning in WeasyPrint and wherever the stylesheet is missing (and the CSP forbids style="...").
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

# Each colour has at least 3:1 contrast against white (WCAG 1.4.11); the dashes and marker shapes
# tell the series apart for those who cannot tell the colours apart.
OWN_COLOUR = "#0b4f7c"
COUNTRY_COLOUR = "#5a5f66"
TARGET_COLOUR = "#8a4b00"

WIDTH = 600
HEIGHT = 340
FONT_SIZE = 14
# A rough average glyph width of a sans-serif font, for laying out labels without measuring them.
CHAR_WIDTH = 0.6 * FONT_SIZE
MAX_DECIMALS = 4  # IndicatorValue and IndicatorTarget keep four decimals

NO_BREAK_SPACE = "\u00a0"
MINUS_SIGN = "\u2212"
_ID = re.compile(r"^[A-Za-z][\w-]*$")


@dataclass(frozen=True, slots=True)
class YTick:
    """A horizontal gridline of the value axis and its label."""

    y: str
    label: str
    label_x: str
    label_y: str
    is_zero: bool


@dataclass(frozen=True, slots=True)
class YearTick:
    """A tick on the year axis; label is empty where labels are thinned out to avoid overlap."""

    x: str
    label: str


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """Where a series' sample line, marker and name go in the legend."""

    line_x1: str
    line_x2: str
    line_y: str
    marker: str
    text_x: str
    text_y: str


@dataclass(frozen=True, slots=True)
class Series:
    """One line of the chart: its look (colour, dashes, marker shape) and its geometry."""

    key: str  # "own", "country" or "target"; also the CSS modifier
    label: str
    colour: str
    line_width: str
    dasharray: str  # "none" for a solid line
    marker_shape: str  # "circle", "square" or "diamond"
    marker_fill: str
    marker_stroke: str
    segments: tuple[str, ...]  # polyline points, one per unbroken run of two or more values
    markers: tuple[str, ...]  # path data, one per value
    legend: LegendEntry


@dataclass(frozen=True, slots=True)
class Row:
    """A year of the table that is the chart's text alternative; an empty string is a missing value."""

    year: int
    own: str
    target: str
    country: str


@dataclass(frozen=True, slots=True)
class Plot:
    """The drawing, in the SVG's user units: the plot area, axes, series and legend."""

    left: str
    right: str
    top: str
    bottom: str
    unit_x: str
    unit_y: str
    year_tick_y2: str
    year_label_y: str
    y_ticks: tuple[YTick, ...]
    year_ticks: tuple[YearTick, ...]
    series: tuple[Series, ...]  # drawing order: hollow target markers over the country, own values on top
    legend: tuple[Series, ...]  # reading order: the municipality first


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything goals/_indicator_chart.html shows, already laid out and formatted."""

    id: str
    title: str
    unit: str
    description: str
    empty_message: str
    width: str
    height: str
    font_size: str
    view_box: str
    plot: Plot | None  # None when there is nothing to draw
    rows: tuple[Row, ...]
    own_label: str
    country_label: str
    target_label: str
    has_country: bool
    has_targets: bool
    source_note: bool
    fetched_at: str

    @property
    def has_data(self) -> bool:
        return self.plot is not None


def indicator_chart(
    *,
    title: str,
    unit: str,
    years: Iterable[int],
    own: Mapping[int, Decimal | None],
    country: Mapping[int, Decimal | None],
    targets: Mapping[int, Decimal | None],
    higher_is_better: bool,
    own_label: str,
    country_label: str | None = None,
    chart_id: str = "",
    source_note: bool = False,
    fetched_at: date | str = "",
    decimals: int | None = None,
) -> Chart:
    """Lay out an indicator's own values, the goal's targets and the country's values per year.

    `years` is the year axis; values for other years are left out. Without years, the axis spans
    the years that have values. A missing or None value breaks the line. `decimals` defaults to the
    most any value needs, so a column of the table is formatted alike.
    """
    values = {key: _clean(data) for key, data in (("own", own), ("country", country), ("target", targets))}
    axis = sorted(set(years)) or sorted({year for data in values.values() for year in data})
    values = {key: {y: v for y, v in data.items() if y in axis} for key, data in values.items()}
    every_value = [v for data in values.values() for v in data.values()]
    if decimals is None:
        decimals = min(max((_decimals_needed(v) for v in every_value), default=0), MAX_DECIMALS)
    labels = {"own": own_label, "country": country_label or _("The country"), "target": _("Target")}
    chart_id = chart_id or _default_id(title, own_label, unit)
    if not _ID.match(chart_id):
        raise ValueError(f"A chart id must be usable as an HTML id: {chart_id!r}")
    plot = _plot(axis, values, labels, has_unit=bool(unit)) if every_value else None
    nothing = _("There are no values to show yet.")

    def cell(key: str, year: int) -> str:
        value = values[key].get(year)
        return "" if value is None else format_number(value, decimals)

    return Chart(
        id=chart_id,
        title=title,
        unit=unit,
        description=_describe(values, labels, unit, decimals, higher_is_better) if plot else nothing,
        empty_message="" if plot else nothing,
        width=str(WIDTH),
        height=str(HEIGHT),
        font_size=str(FONT_SIZE),
        view_box=f"0 0 {WIDTH} {HEIGHT}",
        plot=plot,
        rows=tuple(
            Row(year=year, own=cell("own", year), target=cell("target", year), country=cell("country", year))
            for year in (axis if plot else [])
        ),
        own_label=labels["own"],
        country_label=labels["country"],
        target_label=labels["target"],
        has_country=bool(values["country"]),
        has_targets=bool(values["target"]),
        source_note=source_note,
        fetched_at=_date_text(fetched_at),
    )


def _plot(
    axis: list[int], values: dict[str, dict[int, Decimal]], labels: dict[str, str], *, has_unit: bool
) -> Plot:
    """Lay out the axes, series and legend; at least one value is present."""
    every_value = [v for data in values.values() for v in data.values()]
    ticks = nice_ticks(min(every_value), max(every_value))
    tick_labels = [format_number(t, _decimals_needed(ticks[1] - ticks[0])) for t in ticks]
    shown = [key for key in ("own", "country", "target") if values[key]]
    legend_places, legend_bottom = _legend_layout([labels[key] for key in shown], left=8)

    left = max(_text_width(label) for label in tick_labels) + 18
    right = WIDTH - 16
    unit_y = legend_bottom + 20
    top = unit_y + 20 if has_unit else legend_bottom + 16
    bottom = HEIGHT - 34
    lowest, highest = ticks[0], ticks[-1]

    def y_of(value: Decimal) -> float:
        return bottom - float((value - lowest) / (highest - lowest)) * (bottom - top)

    inset = 24  # keeps the first and last points off the axes
    first_year, last_year = axis[0], axis[-1]

    def x_of(year: int) -> float:
        if first_year == last_year:
            return (left + right) / 2
        return left + inset + (year - first_year) / (last_year - first_year) * (right - left - 2 * inset)

    y_ticks = tuple(
        YTick(
            y=_n(y_of(tick)),
            label=label,
            label_x=_n(left - 8),
            label_y=_n(y_of(tick) + 0.35 * FONT_SIZE),
            is_zero=tick == 0 and lowest < 0,
        )
        for tick, label in zip(ticks, tick_labels, strict=True)
    )
    label_every = math.ceil(len(axis) / max(1, int((right - left) // (_text_width("2024") + 14))))
    year_ticks = tuple(
        YearTick(x=_n(x_of(year)), label=str(year) if (len(axis) - 1 - i) % label_every == 0 else "")
        for i, year in enumerate(axis)
    )

    series: dict[str, Series] = {}
    for key, place in zip(shown, legend_places, strict=True):
        look = _LOOKS[key]
        points = {year: (x_of(year), y_of(value)) for year, value in values[key].items()}
        series[key] = Series(
            key=key,
            label=labels[key],
            colour=look.colour,
            line_width=look.line_width,
            dasharray=look.dasharray,
            marker_shape=look.shape,
            marker_fill=look.fill,
            marker_stroke=look.stroke,
            segments=tuple(
                " ".join(f"{_n(x)},{_n(y)}" for x, y in run) for run in _runs(axis, points) if len(run) > 1
            ),
            markers=tuple(_marker(look.shape, x, y) for x, y in points.values()),
            legend=LegendEntry(
                line_x1=_n(place.x),
                line_x2=_n(place.x + LEGEND_SAMPLE),
                line_y=_n(place.y),
                marker=_marker(look.shape, place.x + LEGEND_SAMPLE / 2, place.y),
                text_x=_n(place.x + LEGEND_SAMPLE + 6),
                text_y=_n(place.y + 0.35 * FONT_SIZE),
            ),
        )

    return Plot(
        left=_n(left),
        right=_n(right),
        top=_n(top),
        bottom=_n(bottom),
        unit_x=_n(8),
        unit_y=_n(unit_y),
        year_tick_y2=_n(bottom + 5),
        year_label_y=_n(bottom + 22),
        y_ticks=y_ticks,
        year_ticks=year_ticks,
        series=tuple(series[key] for key in ("country", "target", "own") if key in series),
        legend=tuple(series[key] for key in shown),
    )


def nice_ticks(lowest: Decimal, highest: Decimal, count: int = 5) -> list[Decimal]:
    """About `count` round values (steps of 1, 2 or 5 times a power of ten) that span the values.

    Positive values reach down to zero unless they all lie far from it, so a small change does not
    look like a large one; negative values likewise reach up to zero.
    """
    lowest, highest = min(lowest, highest), max(lowest, highest)
    if 0 < lowest <= highest / 2 or lowest == highest > 0:
        lowest = Decimal(0)
    elif lowest / 2 <= highest < 0 or lowest == highest < 0:
        highest = Decimal(0)
    if lowest == highest:
        highest = lowest + 1
    step = _nice_step((highest - lowest) / (count - 1))
    start = (lowest / step).to_integral_value(rounding=ROUND_FLOOR) * step
    end = (highest / step).to_integral_value(rounding=ROUND_CEILING) * step
    return [start + i * step for i in range(int((end - start) / step) + 1)]


def format_number(value: Decimal, decimals: int) -> str:
    """A number the Swedish way: "9 312", "31,3", "−2,5" (no-break space, decimal comma, minus sign)."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = MINUS_SIGN if rounded < 0 else ""
    whole, _point, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    text = NO_BREAK_SPACE.join([whole, *groups])
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


@dataclass(frozen=True, slots=True)
class _Look:
    colour: str
    line_width: str
    dasharray: str
    shape: str
    fill: str
    stroke: str


# White outlines keep filled markers apart from the lines through them; the target's hollow
# diamond says "not a measurement" even in black and white.
_LOOKS = {
    "own": _Look(OWN_COLOUR, "3", "none", "circle", OWN_COLOUR, "#ffffff"),
    "country": _Look(COUNTRY_COLOUR, "2", "6 4", "square", COUNTRY_COLOUR, "#ffffff"),
    "target": _Look(TARGET_COLOUR, "2", "2 4", "diamond", "#ffffff", TARGET_COLOUR),
}
LEGEND_SAMPLE = 40
LEGEND_ROW = 22


@dataclass(frozen=True, slots=True)
class _Place:
    x: float
    y: float


def _legend_layout(labels: list[str], *, left: float) -> tuple[list[_Place], float]:
    """Legend entries side by side, wrapping to a new row when one would pass the right edge."""
    places, x, y = [], left, 14.0
    for label in labels:
        width = LEGEND_SAMPLE + 6 + _text_width(label)
        if x > left and x + width > WIDTH - 8:
            x, y = left, y + LEGEND_ROW
        places.append(_Place(x, y))
        x += width + 20
    return places, y + FONT_SIZE / 2


def _marker(shape: str, x: float, y: float) -> str:
    """SVG path data of a marker centred on (x, y); paths let one template element draw every shape."""
    if shape == "circle":
        r = 4.5
        return f"M{_n(x - r)},{_n(y)}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z"
    if shape == "square":
        h = 5.5  # a little larger than the circle, so its corners show when the two values coincide
        return f"M{_n(x - h)},{_n(y - h)}h{2 * h}v{2 * h}h{-2 * h}Z"
    d = 5.5
    return f"M{_n(x)},{_n(y - d)}l{d},{d}l{-d},{d}l{-d},{-d}Z"


def _runs(axis: list[int], points: dict[int, tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The points split wherever a year of the axis lacks a value."""
    runs: list[list[tuple[float, float]]] = [[]]
    for year in axis:
        if year in points:
            runs[-1].append(points[year])
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _describe(
    values: dict[str, dict[int, Decimal]],
    labels: dict[str, str],
    unit: str,
    decimals: int,
    higher_is_better: bool,
) -> str:
    """The chart in words: the latest value against the target and against the country."""

    def amount(value: Decimal) -> str:
        number = format_number(value, decimals)
        return f"{number}{NO_BREAK_SPACE}{unit}" if unit else number

    own, country, targets, name = values["own"], values["country"], values["target"], labels["own"]
    sentences = []
    if own:
        first, last = min(own), max(own)
        if first == last:
            sentences.append(
                _("%(name)s had %(value)s in %(year)s.")
                % {"name": name, "value": amount(own[last]), "year": last}
            )
        else:
            sentences.append(
                _("%(name)s went from %(first)s in %(first_year)s to %(last)s in %(last_year)s.")
                % {
                    "name": name,
                    "first": amount(own[first]),
                    "first_year": first,
                    "last": amount(own[last]),
                    "last_year": last,
                }
            )
        latest = own[last]
        target_year = _target_year_for(last, targets)
        if target_year == last:
            target = targets[target_year]
            reached = latest >= target if higher_is_better else latest <= target
            sentence = (
                _("The target for %(year)s, %(target)s, is reached.")
                if reached
                else _("The target for %(year)s, %(target)s, is not reached.")
            )
            sentences.append(sentence % {"year": target_year, "target": amount(target)})
        elif target_year is not None:
            sentences.append(
                _("The target for %(year)s is %(target)s.")
                % {"year": target_year, "target": amount(targets[target_year])}
            )
        if last in country:
            compared = country[last]
            if latest == compared:
                sentence = _("That is the same as the country (%(value)s).")
            elif (latest > compared) == higher_is_better:
                sentence = _("That is better than the country (%(value)s).")
            else:
                sentence = _("That is worse than the country (%(value)s).")
            sentences.append(sentence % {"value": amount(compared)})
    else:
        sentences.append(_("There are no values for %(name)s yet.") % {"name": name})
        if targets:
            year = max(targets)
            sentences.append(
                _("The target for %(year)s is %(target)s.") % {"year": year, "target": amount(targets[year])}
            )
        if country:
            year = max(country)
            sentences.append(
                _("The country had %(value)s in %(year)s.") % {"value": amount(country[year]), "year": year}
            )
    sentences.append(_("Higher values are better.") if higher_is_better else _("Lower values are better."))
    return " ".join(sentences)


def _target_year_for(year: int, targets: dict[int, Decimal]) -> int | None:
    """The target to hold a year's value against: that year's, else the next one, else the latest."""
    if year in targets:
        return year
    later = [y for y in targets if y > year]
    if later:
        return min(later)
    return max(targets, default=None)


def _clean(data: Mapping[int, Decimal | None]) -> dict[int, Decimal]:
    return {
        int(year): value if isinstance(value, Decimal) else Decimal(str(value))
        for year, value in data.items()
        if value is not None and Decimal(str(value)).is_finite()
    }


def _decimals_needed(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _nice_step(rough: Decimal) -> Decimal:
    """The round step nearest to `rough` (Heckbert's "nice numbers"), so the tick count stays near."""
    magnitude = Decimal(1).scaleb(rough.adjusted())
    fraction = rough / magnitude
    for limit, factor in ((Decimal("1.5"), 1), (Decimal(3), 2), (Decimal(7), 5)):
        if fraction < limit:
            return factor * magnitude
    return 10 * magnitude


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _n(number: float) -> str:
    """A coordinate with one decimal at most, always with a decimal point whatever the locale."""
    text = f"{number:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _date_text(value: date | str) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value.isoformat() if isinstance(value, date) else value


def _default_id(*parts: str) -> str:
    return f"chart-{zlib.crc32('|'.join(parts).encode()):08x}"
