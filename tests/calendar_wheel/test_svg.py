"""The wheel's SVG as drawn on /arshjul/<year>/: well-formed XML, no styles or scripts of its own (CSP),
a text alternative, twelve month sectors with January at the top and the months clockwise, one linked
marker per deadline in its month's sector, windows as arcs, today's line only in the current year, and
the election day in the centre in an election year."""

from __future__ import annotations

import datetime
import math
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine

from calendar_wheel import services
from calendar_wheel.models import Deadline
from organisation.models import Meeting
from tests.factories import body_named

NS = "{http://www.w3.org/2000/svg}"
TODAY = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)


@pytest.fixture
def shipped(db):
    kf, ks = body_named("KF"), body_named("KS")
    Meeting.objects.create(body=ks, date=datetime.date(2026, 11, 24))
    services.load_shipped_steps()
    for year in (2026, 2027):
        services.generate_wheel(year)
    return {"KF": kf, "KS": ks}


def fetch(client, user, url: str) -> str:
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def svg_of(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "no SVG on the page"
    # Our own server's output, not untrusted data; raises on anything that is not well-formed XML.
    return ET.fromstring(match.group(0))  # noqa: S314


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


@pytest.fixture
def wheel_2026(client, politician, shipped):
    html = fetch(client, politician, "/arshjul/2026/")
    return html, svg_of(html)


def centre_of(root: ET.Element) -> tuple[float, float]:
    _x, _y, width, height = (float(n) for n in root.get("viewBox").split())
    return width / 2, height / 2


def clockwise_from_top(root: ET.Element, x: float, y: float) -> float:
    cx, cy = centre_of(root)
    return math.degrees(math.atan2(x - cx, cy - y)) % 360


# --- Well-formed, no styles, a text alternative ---------------------------------------------------------


def test_the_svg_is_well_formed_xml_in_the_svg_namespace(wheel_2026):
    _html, root = wheel_2026
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox")


def test_no_style_attributes_style_elements_or_scripts(wheel_2026):
    html, root = wheel_2026
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert element.tag not in (f"{NS}style", f"{NS}script", f"{NS}foreignObject")
        assert not any(name.startswith("on") for name in element.attrib), element.attrib
    main = html.split('<main id="main"', 1)[1]
    assert not re.search(r"\sstyle=", main)
    assert "<style" not in main


def test_the_svg_has_a_title_a_description_and_is_labelled_by_them(wheel_2026):
    _html, root = wheel_2026
    assert root.get("role") in ("img", "group")
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None
    assert "2026" in title.text
    assert desc is not None
    assert desc.text.strip()
    labelled_by = root.get("aria-labelledby").split()
    assert title.get("id") in labelled_by
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert set(labelled_by) <= ids


def test_the_description_says_how_many_steps_it_shows(wheel_2026):
    _html, root = wheel_2026
    count = Deadline.objects.filter(year=2026).count()
    assert str(count) in root.find(f"{NS}desc").text


# --- Sectors and months ----------------------------------------------------------------------------------


def test_twelve_month_sectors_named_in_order(wheel_2026):
    _html, root = wheel_2026
    assert len(by_class(root, "wheel__sector")) == 12
    names = [e.text.strip().lower() for e in by_class(root, "wheel__month")]
    assert names == ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def test_january_is_at_the_top_and_the_months_run_clockwise(wheel_2026):
    _html, root = wheel_2026
    labels = by_class(root, "wheel__month")
    angles = [clockwise_from_top(root, float(e.get("x")), float(e.get("y"))) for e in labels]
    assert 0 < angles[0] < 30  # January's label just right of twelve o'clock
    assert 330 < angles[11] < 360  # December's just left of it
    assert angles == sorted(angles)  # clockwise
    assert 80 < angles[3] < 100 + 15  # April/May at three o'clock
    assert 170 < angles[6] < 200  # July at the bottom


def test_the_drawing_puts_days_on_angles_clockwise_from_the_top():
    from calendar_wheel import drawing

    assert drawing.angle(datetime.date(2026, 1, 1)) < 1
    assert 179 < drawing.angle(datetime.date(2026, 7, 2)) < 181
    assert 359 < drawing.angle(datetime.date(2026, 12, 31)) < 360
    right = drawing.point(90, 100)
    top = drawing.point(0, 100)
    assert right.x > top.x  # 90° is three o'clock
    assert top.y < right.y  # 0° is twelve o'clock (SVG's y grows downwards)


# --- Markers -------------------------------------------------------------------------------------------


def markers(root: ET.Element) -> dict[int, ET.Element]:
    """Each linked marker by its deadline's pk (the link's target)."""
    found = {}
    for link in root.iter(f"{NS}a"):
        match = re.fullmatch(r"#deadline-(\d+)", link.get("href", ""))
        assert match, link.attrib
        circles = [c for c in link.iter(f"{NS}circle") if "wheel__marker" in c.get("class", "")]
        assert len(circles) == 1, link.get("href")
        found[int(match.group(1))] = link
    return found


def test_one_marker_per_deadline_each_a_link_to_its_list_entry(wheel_2026):
    html, root = wheel_2026
    found = markers(root)
    assert len(by_class(root, "wheel__marker")) == len(found)
    assert set(found) == set(Deadline.objects.filter(year=2026).values_list("pk", flat=True))
    for pk in found:
        assert f'<li id="deadline-{pk}"' in html


def test_every_marker_link_has_an_accessible_name_with_date_title_and_state(wheel_2026):
    _html, root = wheel_2026
    for pk, link in markers(root).items():
        deadline = Deadline.objects.select_related("event").get(pk=pk)
        name = link.get("aria-label") or "".join(link.itertext())
        assert deadline.event.title in name
        assert deadline.date.isoformat() in name or str(deadline.date.day) in name


def test_each_marker_sits_in_its_months_sector_at_its_days_angle(wheel_2026):
    from calendar_wheel import drawing

    _html, root = wheel_2026
    for pk, link in markers(root).items():
        deadline = Deadline.objects.get(pk=pk)
        circle = next(link.iter(f"{NS}circle"))
        angle = clockwise_from_top(root, float(circle.get("cx")), float(circle.get("cy")))
        assert abs(angle - drawing.angle(deadline.date)) < 0.5, deadline
        month_start = drawing.angle(datetime.date(2026, deadline.date.month, 1)) - 0.5
        assert angle >= month_start


def test_windows_are_drawn_as_arcs(wheel_2026):
    _html, root = wheel_2026
    windows = Deadline.objects.filter(year=2026, end_date__isnull=False, end_date__year=2026)
    assert windows.filter(event__code="group-leaders-mandate-goal-meetings").exists()
    arcs = by_class(root, "wheel__window")
    assert len(arcs) == windows.count()
    for arc in arcs:
        assert re.match(r"M [\d.]+ [\d.]+ A ", arc.get("d"))
    group_leaders = windows.get(event__code="group-leaders-mandate-goal-meetings")
    assert any(
        by_class(link, "wheel__window") for pk, link in markers(root).items() if pk == group_leaders.pk
    )


def test_the_state_is_a_class_on_the_marker_and_a_word_in_its_name(wheel_2026):
    _html, root = wheel_2026
    cut_off = Deadline.objects.get(year=2026, event__code="interim-report-cut-off")
    link = markers(root)[cut_off.pk]
    circle = next(link.iter(f"{NS}circle"))
    assert services.State.CUT_OFF.css in circle.get("class")
    assert str(services.State.CUT_OFF.label) in link.get("aria-label")


# --- Today and the election --------------------------------------------------------------------------------


def test_today_is_a_line_with_a_text_label_in_the_current_year(wheel_2026):
    from calendar_wheel import drawing

    _html, root = wheel_2026
    (line,) = by_class(root, "wheel__today")
    angle = clockwise_from_top(root, float(line.get("x2")), float(line.get("y2")))
    assert abs(angle - drawing.angle(TODAY.date())) < 0.5
    (label,) = by_class(root, "wheel__today-label")
    assert label.text.strip()


def test_no_today_line_in_another_year(client, politician, shipped):
    root = svg_of(fetch(client, politician, "/arshjul/2027/"))
    assert not by_class(root, "wheel__today")
    assert not by_class(root, "wheel__today-label")


def test_the_election_day_is_written_in_the_centre_in_an_election_year(wheel_2026):
    _html, root = wheel_2026
    centre = " ".join(
        "".join(e.itertext()) for e in root.iter(f"{NS}text") if "wheel__centre" in e.get("class", "")
    )
    assert "2026" in centre
    assert re.search(r"13 sep", centre, re.IGNORECASE)


def test_no_election_day_in_the_centre_in_other_years(client, politician, shipped):
    root = svg_of(fetch(client, politician, "/arshjul/2027/"))
    centre = " ".join(
        "".join(e.itertext()) for e in root.iter(f"{NS}text") if "wheel__centre" in e.get("class", "")
    )
    assert "sep" not in centre.lower()


def test_the_filter_leaves_only_that_bodys_markers(client, politician, shipped):
    ks = shipped["KS"]
    root = svg_of(fetch(client, politician, f"/arshjul/2026/?organ={ks.pk}"))
    assert set(markers(root)) == set(
        Deadline.objects.filter(year=2026, event__body=ks).values_list("pk", flat=True)
    )
    assert len(by_class(root, "wheel__sector")) == 12


def test_an_empty_year_still_draws_the_circle(client, politician, shipped):
    root = svg_of(fetch(client, politician, "/arshjul/2040/"))
    assert len(by_class(root, "wheel__sector")) == 12
    assert not markers(root)
