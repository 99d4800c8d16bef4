"""The indicator chart: its computation (goals.charts) and its SVG template."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from goals.charts import (
    COUNTRY_COLOUR,
    OWN_COLOUR,
    TARGET_COLOUR,
    Chart,
    format_number,
    indicator_chart,
    nice_ticks,
)

D = Decimal
NBSP = "\u00a0"
SVG = "{http://www.w3.org/2000/svg}"


def make_chart(**overrides) -> Chart:
    arguments = {
        "chart_id": "chart-test",
        "title": "Behöriga till gymnasiet",
        "unit": "procent",
        "years": [2020, 2021, 2022, 2023, 2024],
        "own": {2020: D("28.5"), 2021: D("30.1"), 2022: None, 2023: D("31.3"), 2024: D("33.0")},
        "country": {2020: D("30.0"), 2021: D("30.5"), 2022: D("31.0"), 2023: D("31.2"), 2024: D("31.4")},
        "targets": {2023: D("31"), 2024: D("35")},
        "higher_is_better": True,
        "own_label": "Ånge kommun",
    }
    return indicator_chart(**(arguments | overrides))


def points_of(segment: str) -> list[tuple[float, float]]:
    return [tuple(float(n) for n in pair.split(",")) for pair in segment.split()]


def render(chart: Chart, language: str = "sv") -> str:
    with translation.override(language):
        return render_to_string("goals/_indicator_chart.html", {"chart": chart})


def svg_of(html: str) -> ET.Element:
    svg = re.search(r"<svg.*</svg>", html, re.DOTALL).group(0)
    return ET.fromstring(svg)  # noqa: S314 - our own template's output, parsed to prove it is well-formed


def contrast_with_white(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


class TestNiceTicks:
    def test_steps_are_round_and_span_the_values(self):
        assert nice_ticks(D("28.5"), D("35")) == [28, 30, 32, 34, 36]
        assert nice_ticks(D("9312"), D("10450"))[0] == 9200

    def test_steps_of_tenths(self):
        assert nice_ticks(D("0.12"), D("0.34")) == [D("0"), D("0.1"), D("0.2"), D("0.3"), D("0.4")]

    def test_positive_values_far_from_zero_do_not_start_at_zero(self):
        ticks = nice_ticks(D("60"), D("95"))
        assert ticks[0] == 60
        assert ticks[-1] == 100

    def test_positive_values_near_zero_start_at_zero(self):
        assert nice_ticks(D("12"), D("100")) == [0, 20, 40, 60, 80, 100]

    def test_values_across_zero_keep_zero_as_a_tick(self):
        ticks = nice_ticks(D("-3.2"), D("4.1"))
        assert ticks[0] <= D("-3.2")
        assert ticks[-1] >= D("4.1")
        assert 0 in ticks

    def test_negative_values_reach_up_to_zero(self):
        assert nice_ticks(D("-50"), D("-10")) == [-50, -40, -30, -20, -10, 0]

    @pytest.mark.parametrize("value", [D("31.3"), D("-4"), D("0")])
    def test_equal_values_still_get_an_axis(self, value):
        ticks = nice_ticks(value, value)
        assert len(ticks) >= 3
        assert ticks[0] <= value <= ticks[-1]
        assert ticks[0] < ticks[-1]


class TestFormatNumber:
    @pytest.mark.parametrize(
        ("value", "decimals", "text"),
        [
            (D("9312"), 0, f"9{NBSP}312"),
            (D("31.3"), 1, "31,3"),
            (D("31.3000"), 1, "31,3"),
            (D("30"), 1, "30,0"),
            (D("0.25"), 1, "0,3"),
            (D("1234567.891"), 2, f"1{NBSP}234{NBSP}567,89"),
            (D("-2.5"), 1, "\u22122,5"),
            (D("-0.04"), 1, "0,0"),
            (D("999"), 0, "999"),
        ],
    )
    def test_swedish_format(self, value, decimals, text):
        assert format_number(value, decimals) == text


class TestIndicatorChart:
    def test_a_missing_year_splits_the_line(self):
        own = make_chart().plot.series[-1]

        assert own.key == "own"
        assert len(own.segments) == 2
        assert [len(points_of(s)) for s in own.segments] == [2, 2]
        assert len(own.markers) == 4

    def test_a_lone_value_between_gaps_is_a_marker_without_a_line(self):
        chart = make_chart(own={2020: D(1), 2022: D(2), 2023: D(3)})
        own = next(s for s in chart.plot.series if s.key == "own")

        assert [len(points_of(s)) for s in own.segments] == [2]
        assert len(own.markers) == 3

    def test_a_single_point(self):
        chart = make_chart(years=[2024], own={2024: D("31.3")}, country={}, targets={})

        assert chart.has_data
        (own,) = chart.plot.series
        assert own.segments == ()
        assert len(own.markers) == 1
        assert [row.year for row in chart.rows] == [2024]

    def test_points_lie_inside_the_plot(self):
        chart = make_chart()
        left, right = float(chart.plot.left), float(chart.plot.right)
        top, bottom = float(chart.plot.top), float(chart.plot.bottom)
        for series in chart.plot.series:
            for segment in series.segments:
                for x, y in points_of(segment):
                    assert left <= x <= right
                    assert top <= y <= bottom

    def test_no_data_at_all(self):
        with translation.override("en"):
            chart = make_chart(own={2023: None}, country={}, targets={})

        assert not chart.has_data
        assert chart.plot is None
        assert chart.rows == ()
        assert chart.empty_message == "There are no values to show yet."

    def test_all_equal_values(self):
        chart = make_chart(
            own={2023: D(5), 2024: D(5)}, country={2023: D(5), 2024: D(5)}, targets={2024: D(5)}
        )
        own = next(s for s in chart.plot.series if s.key == "own")
        ys = {y for _x, y in points_of(own.segments[0])}

        assert len(ys) == 1
        assert float(chart.plot.top) <= ys.pop() <= float(chart.plot.bottom)
        assert len(chart.plot.y_ticks) >= 3

    def test_negative_values(self):
        chart = make_chart(
            own={2020: D("-1.2"), 2021: D("-0.4"), 2022: D("0.3")}, country={}, targets={}, unit=""
        )
        labels = [tick.label for tick in chart.plot.y_ticks]

        assert labels[0].startswith("\u2212")
        assert [tick.label for tick in chart.plot.y_ticks if tick.is_zero] == ["0,0"]
        assert chart.rows[0].own == "\u22121,2"

    def test_the_series_differ_without_colour(self):
        chart = make_chart()
        by_key = {series.key: series for series in chart.plot.series}

        assert set(by_key) == {"own", "country", "target"}
        assert len({s.dasharray for s in by_key.values()}) == 3
        assert len({s.marker_shape for s in by_key.values()}) == 3
        assert by_key["own"].dasharray == "none"
        assert [s.key for s in chart.plot.legend] == ["own", "country", "target"]

    def test_markers_and_legend_are_drawn_alike(self):
        chart = make_chart()
        for series in chart.plot.series:
            shape_commands = re.sub(r"[^A-Za-z]", "", series.markers[0])
            assert re.sub(r"[^A-Za-z]", "", series.legend.marker) == shape_commands

    @pytest.mark.parametrize("colour", [OWN_COLOUR, COUNTRY_COLOUR, TARGET_COLOUR])
    def test_colours_contrast_with_white(self, colour):
        assert contrast_with_white(colour) >= 3

    def test_values_share_their_decimals_and_the_swedish_format(self):
        chart = make_chart(own={2024: D("9312.5000")}, country={2024: D("10450")}, targets={2024: D("9000")})
        (row,) = [row for row in chart.rows if row.own]

        assert (row.own, row.country, row.target) == (f"9{NBSP}312,5", f"10{NBSP}450,0", f"9{NBSP}000,0")
        assert [tick.label for tick in chart.plot.y_ticks][-1] == f"10{NBSP}500"

    def test_table_rows_cover_the_year_axis_with_gaps_empty(self):
        chart = make_chart()

        assert [row.year for row in chart.rows] == [2020, 2021, 2022, 2023, 2024]
        assert chart.rows[2].own == ""
        assert chart.rows[0].target == ""
        assert chart.rows[4].target == "35,0"

    def test_values_outside_the_years_are_left_out(self):
        chart = make_chart(years=[2023, 2024], targets={2027: D(40)})

        assert [row.year for row in chart.rows] == [2023, 2024]
        assert not chart.has_targets

    def test_without_years_the_axis_spans_the_values(self):
        chart = make_chart(years=[], own={2019: D(1)}, country={2021: D(2)}, targets={2026: D(3)})

        assert [row.year for row in chart.rows] == [2019, 2021, 2026]

    def test_year_labels_are_thinned_when_crowded(self):
        chart = make_chart(years=list(range(1990, 2025)))
        labels = [tick.label for tick in chart.plot.year_ticks if tick.label]

        assert len(chart.plot.year_ticks) == 35
        assert len(labels) < 35
        assert labels[-1] == "2024"

    def test_coordinates_use_a_decimal_point_in_any_language(self):
        with translation.override("sv"):
            chart = make_chart(own={2020: D("28.55"), 2021: D("30.15")})
        pair = r"-?\d+(\.\d)?,-?\d+(\.\d)?"
        for series in chart.plot.series:
            for segment in series.segments:
                assert all(re.fullmatch(pair, p) for p in segment.split()), segment
            for marker in series.markers:
                assert re.fullmatch(rf"M{pair}[a-zA-Z0-9 ,.-]*Z", marker), marker

    def test_an_id_that_is_no_html_id_is_refused(self):
        with pytest.raises(ValueError, match="HTML id"):
            make_chart(chart_id="1 bad id")

    def test_the_default_id_is_stable(self):
        first = make_chart(chart_id="")
        second = make_chart(chart_id="")

        assert first.id == second.id
        assert first.id.startswith("chart-")


class TestDescription:
    def describe(self, **overrides) -> str:
        with translation.override("en"):
            return make_chart(**overrides).description

    def test_latest_value_against_target_and_country(self):
        text = self.describe()

        assert "Ånge kommun went from 28,5\u00a0procent in 2020 to 33,0\u00a0procent in 2024." in text
        assert "The target for 2024, 35,0\u00a0procent, is not reached." in text
        assert "That is better than the country (31,4\u00a0procent)." in text
        assert text.endswith("Higher values are better.")

    def test_lower_is_better_turns_the_verdicts(self):
        text = self.describe(higher_is_better=False)

        assert "is reached." in text
        assert "worse than the country" in text
        assert text.endswith("Lower values are better.")

    def test_a_later_target_is_mentioned_without_a_verdict(self):
        text = self.describe(targets={2026: D(40)}, years=[2020, 2024, 2026])

        assert "The target for 2026 is 40,0\u00a0procent." in text
        assert "reached" not in text

    def test_no_own_values_yet(self):
        text = self.describe(own={})

        assert "There are no values for Ånge kommun yet." in text
        assert "The country had 31,4\u00a0procent in 2024." in text


class TestTemplate:
    def test_no_inline_styles_or_scripts(self):
        html = render(make_chart(source_note=True, fetched_at="2025-03-14"))

        assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
        assert "<style" not in html
        assert "<script" not in html

    def test_the_svg_is_a_labelled_image(self):
        html = render(make_chart())
        svg = svg_of(html)

        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == "chart-test-title chart-test-desc"
        assert svg.find(f"{SVG}title").get("id") == "chart-test-title"
        assert svg.find(f"{SVG}title").text == "Behöriga till gymnasiet (procent)"
        assert svg.find(f"{SVG}desc").get("id") == "chart-test-desc"
        assert "33,0" in svg.find(f"{SVG}desc").text

    def test_the_table_is_the_text_alternative(self):
        with translation.override("en"):  # the chart's labels are made when it is built
            html = render(make_chart(), language="en")

        assert re.search(r"<details[^>]*>\s*<summary>Show as a table</summary>\s*<table", html)
        rows = re.findall(r"<tr>.*?</tr>", html, re.DOTALL)
        assert len(rows) == 1 + 5  # the header, then a row per year
        assert re.search(r'<th scope="row">2023</th>\s*<td class="num">31,3</td>', html)
        assert ">Target</th>" in html
        assert ">The country</th>" in html
        assert "no value" in rows[3]

    def test_series_are_drawn_with_distinct_dashes_and_markers(self):
        svg = svg_of(render(make_chart()))
        groups = {g.get("class").split("--")[1]: g for g in svg.iter(f"{SVG}g") if "--" in g.get("class", "")}

        dashes = {
            key: {p.get("stroke-dasharray") for p in g.iter(f"{SVG}polyline")} for key, g in groups.items()
        }
        assert dashes == {"own": {"none"}, "country": {"6 4"}, "target": {"2 4"}}
        assert len(list(groups["own"].iter(f"{SVG}polyline"))) == 2
        assert len(list(groups["own"].iter(f"{SVG}path"))) == 4
        fills = {key: next(g.iter(f"{SVG}path")).get("fill") for key, g in groups.items()}
        assert fills["target"] == "#ffffff"  # the target's diamond is hollow

    def test_the_legend_shows_each_series_mark(self):
        with translation.override("en"):
            svg = svg_of(render(make_chart(), language="en"))
        legend = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "chart__legend")

        assert [t.text for t in legend.iter(f"{SVG}text")] == ["Ånge kommun", "The country", "Target"]
        assert [line.get("stroke-dasharray") for line in legend.iter(f"{SVG}line")] == ["none", "6 4", "2 4"]
        assert len(list(legend.iter(f"{SVG}path"))) == 3

    def test_numbers_in_the_svg_are_not_localised(self):
        html = render(make_chart(own={2024: D("9312.5")}, country={}, targets={}))
        svg = svg_of(html)

        assert svg.get("viewBox") == "0 0 600 340"
        for element in svg.iter():
            for name in ("x", "y", "x1", "x2", "y1", "y2", "width", "height"):
                if element.get(name) is not None:
                    assert re.fullmatch(r"-?\d+(\.\d)?", element.get(name)), (element.tag, name)

    def test_source_note_only_when_asked(self):
        assert "Kolada" not in render(make_chart(), language="en")
        html = render(make_chart(source_note=True, fetched_at="2025-03-14"), language="en")
        assert "Source: Kolada, fetched 2025-03-14" in html

    def test_no_data_says_so_without_an_svg(self):
        with translation.override("en"):
            html = render(make_chart(own={}, country={}, targets={}), language="en")

        assert "<svg" not in html
        assert "<table" not in html
        assert "There are no values to show yet." in html
        assert "Behöriga till gymnasiet" in html
