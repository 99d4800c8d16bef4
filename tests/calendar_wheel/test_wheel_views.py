"""The wheel page /arshjul/<year>/: who sees it, the month-by-month list beside the circle, the election
date in election years, today's marker, cut-off dates and assumptions labelled, states as symbol and
word, the body filter, year navigation, and a constant number of queries."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_wheel import services
from calendar_wheel.models import Deadline, Timing
from organisation.lifecycle import AdoptionStatus
from organisation.models import Meeting, Role
from tests.factories import PlanFactory, WheelEventFactory, body_named, ks_decision

TODAY = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)
SWEDISH_MONTHS = [
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
]


@pytest.fixture
def shipped(db):
    """The seed's steps with KF and KS, KS's November meeting entered, dated for 2026, 2027 and 2030."""
    kf, ks = body_named("KF"), body_named("KS")
    Meeting.objects.create(body=ks, date=datetime.date(2026, 11, 24))
    Meeting.objects.create(body=kf, date=datetime.date(2026, 10, 26))
    services.load_shipped_steps()
    for year in (2026, 2027, 2030):
        services.generate_wheel(year)
    return {"KF": kf, "KS": ks}


def page(client, user, url: str) -> str:
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def list_part(html: str) -> str:
    """The month-by-month list (everything after the SVG)."""
    return html.split("</svg>", 1)[1]


def entry(html: str, deadline: Deadline) -> str:
    match = re.search(rf'<li id="deadline-{deadline.pk}"[^>]*>(.*?)</li>', html, re.S)
    assert match, f"no list entry for {deadline}"
    return match.group(1)


def deadline_of(code: str, year: int = 2026) -> Deadline:
    return Deadline.objects.select_related("event").get(event__code=code, year=year)


# --- Who sees it ---------------------------------------------------------------------------------------


def test_index_redirects_to_the_current_year(client, politician):
    with time_machine.travel(datetime.datetime(2027, 3, 2, 10, tzinfo=datetime.UTC), tick=False):
        client.force_login(politician)
        response = client.get("/arshjul/")
    assert response.status_code == 302
    assert response["Location"] == "/arshjul/2027/"


@pytest.mark.parametrize("url", ["/arshjul/", "/arshjul/2026/"])
def test_anonymous_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


@pytest.mark.parametrize("role", list(Role.values))
def test_every_signed_in_role_sees_the_wheel(client, users_by_role, shipped, role):
    html = page(client, users_by_role[role], "/arshjul/2026/")
    assert "<svg" in html
    assert deadline_of("ks-adopts-operational-plan").event.title in html


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_out_of_range_is_not_found(client, politician, year):
    client.force_login(politician)
    assert client.get(f"/arshjul/{year}/").status_code == 404


def test_a_year_not_generated_yet_says_so(client, politician, shipped):
    html = page(client, politician, "/arshjul/2035/")
    assert "<svg" in html  # the empty circle is still drawn
    assert 'class="empty"' in html


# --- The month-by-month list -----------------------------------------------------------------------------


def test_the_list_has_a_heading_per_month_in_calendar_order(client, politician, shipped):
    html = list_part(page(client, politician, "/arshjul/2026/"))
    assert re.search(r"<h2[^>]*>Månad för månad</h2>", html)
    numbers = [int(n) for n in re.findall(r'<h3 id="month-(\d+)"', html)]
    assert numbers == sorted(numbers)
    assert set(numbers) == {d.date.month for d in Deadline.objects.filter(year=2026)}
    names = re.findall(r'<h3 id="month-\d+">([^<]+)</h3>', html)
    assert names == [SWEDISH_MONTHS[n - 1] for n in numbers]


def test_every_deadline_of_the_year_is_in_the_list_once_with_its_date(client, politician, shipped):
    html = list_part(page(client, politician, "/arshjul/2026/"))
    deadlines = Deadline.objects.filter(year=2026)
    assert sorted(int(pk) for pk in re.findall(r'<li id="deadline-(\d+)"', html)) == sorted(
        d.pk for d in deadlines
    )
    for deadline in deadlines:
        assert f'datetime="{deadline.date.isoformat()}"' in entry(html, deadline)


def test_a_window_is_shown_as_a_period_with_its_information(client, politician, shipped):
    """R20: the group leaders' window 15 Oct–15 Nov, with its cap of five paid meetings as information."""
    window = deadline_of("group-leaders-mandate-goal-meetings")
    text = entry(page(client, politician, "/arshjul/2026/"), window)
    assert 'datetime="2026-10-15"' in text
    assert 'datetime="2026-11-15"' in text
    assert "fem arvoderade möten" in text
    assert "KF" in text


def test_a_step_at_a_meeting_names_the_meeting(client, politician, shipped):
    adoption = deadline_of("ks-adopts-operational-plan")
    assert adoption.date == datetime.date(2026, 11, 24)
    text = entry(page(client, politician, "/arshjul/2026/"), adoption)
    assert "sammanträde" in text
    assert "KS" in text


def test_cut_off_dates_are_shown_but_labelled_not_a_deadline(client, politician, shipped):
    cut_off = deadline_of("interim-report-cut-off")
    text = entry(page(client, politician, "/arshjul/2026/"), cut_off)
    assert 'datetime="2026-08-31"' in text
    assert re.search(r"brytdatum – (inte en|ingen) (deadline|tidsfrist)", text, re.IGNORECASE)
    assert services.State.CUT_OFF.css in text


def test_assumed_steps_carry_a_badge_and_the_reason(client, politician, shipped):
    html = page(client, politician, "/arshjul/2026/")
    assumed = entry(html, deadline_of("internal-control-plan"))
    assert re.search(r'class="badge">antagande<', assumed)
    assert "anger ingen månad" in assumed
    assert "antagande" not in entry(html, deadline_of("ks-adopts-operational-plan"))


def test_each_state_is_written_as_a_symbol_and_a_word_not_colour_alone(client, politician, shipped):
    PlanFactory(
        body=shipped["KS"],
        year=2027,
        status=AdoptionStatus.ADOPTED,
        decision=ks_decision(datetime.date(2026, 11, 24), paragraph=150),
    )
    html = page(client, politician, "/arshjul/2026/")
    with time_machine.travel(TODAY, tick=False):
        deadlines = list(Deadline.objects.filter(year=2026).select_related("event"))
        states = services.deadline_states(deadlines, TODAY.date())
    assert states[deadline_of("ks-adopts-operational-plan").pk] is services.State.DONE
    assert states[deadline_of("interim-report-to-kf").pk] is not services.State.DONE
    for deadline in deadlines:
        state = states[deadline.pk]
        text = entry(html, deadline)
        assert re.search(
            rf'<span aria-hidden="true">{re.escape(state.symbol)}</span>\s*{re.escape(str(state.label))}',
            text,
        ), (deadline, state)


# --- The election year and today ---------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "day"), [(2026, "13 september 2026"), (2030, "8 september 2030")])
def test_the_election_date_is_stated_in_an_election_year(client, politician, shipped, year, day):
    html = page(client, politician, f"/arshjul/{year}/")
    assert "Valår" in html
    assert day in html.split("<svg", 1)[0] or day in list_part(html)


def test_2030s_election_day_is_the_eighth_of_september(client, politician, shipped):
    from goals.periods import election_day

    assert election_day(2030) == datetime.date(2030, 9, 8)


def test_no_election_date_in_the_year_after(client, politician, shipped):
    html = page(client, politician, "/arshjul/2027/")
    assert "Valår" not in html
    assert "wheel__election" not in html


def test_today_is_marked_only_in_the_current_year(client, politician, shipped):
    this_year = page(client, politician, "/arshjul/2026/")
    assert 'class="wheel__today"' in this_year
    assert re.search(r'class="wheel__today-label"[^>]*>I dag<', this_year)
    for other in ("/arshjul/2027/", "/arshjul/2030/"):
        html = page(client, politician, other)
        assert "wheel__today" not in html


# --- Filter and navigation -------------------------------------------------------------------------------


def marker_ids(html: str) -> set[int]:
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    return {int(pk) for pk in re.findall(r'href="#deadline-(\d+)"', svg)}


def list_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<li id="deadline-(\d+)"', list_part(html))}


def test_the_body_filter_applies_to_both_the_wheel_and_the_list(client, politician, shipped):
    ks = shipped["KS"]
    html = page(client, politician, f"/arshjul/2026/?organ={ks.pk}")
    expected = set(Deadline.objects.filter(year=2026, event__body=ks).values_list("pk", flat=True))
    assert expected
    assert expected != set(Deadline.objects.filter(year=2026).values_list("pk", flat=True))
    assert marker_ids(html) == expected
    assert list_ids(html) == expected
    assert re.search(rf'<option value="{ks.pk}" selected>', html)
    # Year navigation keeps the filter.
    assert f'href="/arshjul/2027/?organ={ks.pk}"' in html
    assert f'href="/arshjul/2025/?organ={ks.pk}"' in html


def test_the_filter_is_a_plain_get_form_with_a_label(client, politician, shipped):
    html = page(client, politician, "/arshjul/2026/")
    form = re.search(r'<form method="get"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert re.search(r'<label for="id_organ">', form)
    assert 'name="organ"' in form
    assert re.search(r'<button type="submit"', form)


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1e9", ""])
def test_a_bad_filter_value_shows_the_whole_wheel_never_an_error(client, politician, shipped, value):
    html = page(client, politician, f"/arshjul/2026/?organ={value}")
    everything = set(Deadline.objects.filter(year=2026).values_list("pk", flat=True))
    assert list_ids(html) == everything
    assert marker_ids(html) == everything


def test_year_navigation_links_to_the_years_around(client, politician, shipped):
    html = page(client, politician, "/arshjul/2026/")
    assert re.search(r'href="/arshjul/2025/"[^>]*rel="prev"', html)
    assert re.search(r'href="/arshjul/2027/"[^>]*rel="next"', html)


def test_the_wheel_links_to_the_calendar_feed(client, politician, shipped):
    html = page(client, politician, "/arshjul/2026/")
    assert 'href="/arshjul/kalender/"' in html


def test_planners_are_offered_the_steps_others_are_not(client, planner, politician, shipped):
    assert 'href="/arshjul/steg/"' in page(client, planner, "/arshjul/2026/")
    assert 'href="/arshjul/steg/"' not in page(client, politician, "/arshjul/2026/")


# --- Query count -------------------------------------------------------------------------------------------

CONCERNS = ["", "verksamhetsplan", "budget", "ks_mal", "internkontrollplan", "kf_mal", "teknisk_omrakning"]


def add_steps(repeat: int, prefix: str) -> None:
    """For each body, a step per tracked concern (timings varied, some at entered meetings) and a cut-off
    date, `repeat` times; the wheel for 2026 follows them. Every concern is present at every size, so
    the count can only stay the same if the page does not query per deadline."""
    timings = [Timing.MEETING, Timing.MONTH, Timing.WINDOW, Timing.FIXED_DAY]
    for rep in range(repeat):
        for body in (body_named("KF"), body_named("KS")):
            for n, concern in enumerate(CONCERNS):
                timing = timings[(n + rep) % len(timings)]
                month = (n + rep) % 12 + 1
                if timing == Timing.MEETING and n % 2 == 0:
                    Meeting.objects.get_or_create(body=body, date=datetime.date(2026, month, 20))
                WheelEventFactory(
                    code=f"{prefix}-{rep}-{body.short_name}-{n}",
                    body=body,
                    timing=timing,
                    month=month,
                    day=10 if timing in (Timing.WINDOW, Timing.FIXED_DAY) else None,
                    end_month=min(month + 1, 12) if timing == Timing.WINDOW else None,
                    end_day=5 if timing == Timing.WINDOW else None,
                    concerns=concern,
                    concerns_year_offset=n % 2,
                    is_assumption=n % 3 == 0,
                    information="Bra att veta." if n % 2 else "",
                )
            WheelEventFactory(
                code=f"{prefix}-{rep}-{body.short_name}-cut-off",
                body=body,
                timing=Timing.CUT_OFF,
                month=rep % 12 + 1,
                day=28,
            )
    services.generate_wheel(2026)


def count_queries(client, url: str) -> int:
    with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.POLITICIAN, Role.PLANNER])
@pytest.mark.parametrize("filtered", [False, True])
def test_the_wheel_runs_a_constant_number_of_queries(
    client, users_by_role, shipped, django_assert_num_queries, role, filtered
):
    client.force_login(users_by_role[role])
    url = "/arshjul/2026/" + (f"?organ={shipped['KS'].pk}" if filtered else "")
    add_steps(1, "small")
    client.get(url)  # warms what is not the page's own work (the session's user, content types)
    small = count_queries(client, url)
    assert small <= 15, small
    add_steps(6, "large")
    assert Deadline.objects.filter(year=2026).count() > 90
    with time_machine.travel(TODAY, tick=False), django_assert_num_queries(small):
        assert client.get(url).status_code == 200
