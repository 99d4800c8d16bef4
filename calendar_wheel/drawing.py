"""The annual wheel as an SVG circle: twelve month sectors, January at the top, clockwise.

Only geometry lives here; the template writes the SVG with presentation attributes and classes (the
Content-Security-Policy forbids inline styles). A deadline sits in its month at its day's angle; a
period is also drawn as an arc over its days; markers of the same month are stacked inwards so they
do not cover each other.
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass, field

from django.utils.dates import MONTHS_3

SIZE = 480
CENTRE = SIZE / 2
OUTER = 220  # the sectors' radius
LABEL = 200  # month names
FIRST_RING = 172  # the outermost markers
RING_STEP = 16
INNER = 70  # the centre's text stays clear of the markers


@dataclass
class Point:
    x: float
    y: float


@dataclass
class Sector:
    month: int
    path: str
    label: Point
    even: bool
    name: str = ""


@dataclass
class Marker:
    deadline: object
    state: object
    point: Point
    arc: str = ""


@dataclass
class Wheel:
    year: int
    sectors: list[Sector] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    today: Point | None = None
    today_label: Point | None = None
    size: int = SIZE
    centre: float = CENTRE


def _days(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def angle(day: datetime.date) -> float:
    """Degrees clockwise from the top for a day (the middle of the day)."""
    return 360 * ((day.timetuple().tm_yday - 0.5) / _days(day.year))


def _month_angle(year: int, month: int) -> float:
    return angle(datetime.date(year, month, 1)) - 360 * 0.5 / _days(year)


def point(degrees: float, radius: float) -> Point:
    radians = math.radians(degrees - 90)
    return Point(round(CENTRE + radius * math.cos(radians), 2), round(CENTRE + radius * math.sin(radians), 2))


def _arc(start: float, end: float, radius: float) -> str:
    a, b = point(start, radius), point(end, radius)
    large = 1 if (end - start) % 360 > 180 else 0
    return f"M {a.x} {a.y} A {radius} {radius} 0 {large} 1 {b.x} {b.y}"


def draw(year: int, deadlines: list, states: dict, today: datetime.date) -> Wheel:
    wheel = Wheel(year=year)
    for month in range(1, 13):
        start = _month_angle(year, month)
        end = _month_angle(year, month + 1) if month < 12 else 360.0
        a, b = point(start, OUTER), point(end, OUTER)
        path = f"M {CENTRE} {CENTRE} L {a.x} {a.y} A {OUTER} {OUTER} 0 0 1 {b.x} {b.y} Z"
        label = point((start + end) / 2, LABEL)
        wheel.sectors.append(Sector(month, path, label, month % 2 == 0, str(MONTHS_3[month])))
    ring_in_month: dict[int, int] = {}
    for deadline in deadlines:
        ring = ring_in_month.get(deadline.date.month, 0)
        ring_in_month[deadline.date.month] = ring + 1
        radius = max(FIRST_RING - ring * RING_STEP, INNER)
        marker = Marker(deadline, states.get(deadline.pk), point(angle(deadline.date), radius))
        if deadline.end_date and deadline.end_date > deadline.date and deadline.end_date.year == year:
            marker.arc = _arc(angle(deadline.date), angle(deadline.end_date), radius)
        wheel.markers.append(marker)
    if today.year == year:
        wheel.today = point(angle(today), OUTER)
        wheel.today_label = point(angle(today), OUTER - 18)
    return wheel
