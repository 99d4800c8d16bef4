"""R8: mandate periods computed from the election calendar (pure functions, no database)."""

from __future__ import annotations

import datetime

import pytest

from goals.periods import Period, election_day, is_election_year

D = datetime.date


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2014, D(2014, 9, 14)),
        (2018, D(2018, 9, 9)),
        (2022, D(2022, 9, 11)),
        (2026, D(2026, 9, 13)),
        (2030, D(2030, 9, 8)),
    ],
)
def test_r8_election_day_is_the_second_sunday_of_september(year, day):
    assert election_day(year) == day
    assert Period(year).election_date == day
    assert day.weekday() == 6  # Sunday
    assert 8 <= day.day <= 14  # the second one


def test_r8_election_day_2030_when_september_starts_on_a_sunday():
    # 1 September 2030 is itself a Sunday, so the second Sunday is the 8th, not the 15th.
    assert D(2030, 9, 1).weekday() == 6
    assert election_day(2030) == D(2030, 9, 8)


def test_r8_election_day_2010_was_the_third_sunday():
    assert election_day(2010) == D(2010, 9, 19)
    assert election_day(2010).weekday() == 6


@pytest.mark.parametrize("year", [1990, 2013, 2020, 2023, 2024, 2025, 2027, 2028, 2029])
def test_r8_non_election_years_raise_value_error(year):
    assert not is_election_year(year)
    with pytest.raises(ValueError, match=str(year)):
        election_day(year)
    with pytest.raises(ValueError, match=str(year)):
        Period(year)


@pytest.mark.parametrize("year", [1994, 1998, 2010, 2014, 2022, 2026, 2030])
def test_r8_election_years_are_every_fourth_from_1994(year):
    assert is_election_year(year)


@pytest.mark.parametrize(
    ("election_year", "start", "end"),
    [
        (2022, D(2022, 10, 15), D(2026, 10, 14)),
        (2026, D(2026, 10, 15), D(2030, 10, 14)),
        (2030, D(2030, 10, 15), D(2034, 10, 14)),
    ],
)
def test_r8_term_runs_15_october_to_14_october_four_years_later(election_year, start, end):
    period = Period(election_year)
    assert period.term_start == start
    assert period.term_end == end
    # Consecutive terms meet without gap or overlap.
    assert Period(election_year + 4).term_start == end + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("election_year", "years"),
    [
        (2022, [2024, 2025, 2026, 2027]),
        (2026, [2028, 2029, 2030, 2031]),
        (2030, [2032, 2033, 2034, 2035]),
    ],
)
def test_r8_goal_years_start_the_second_year_after_the_election(election_year, years):
    period = Period(election_year)
    assert list(period.goal_years) == years
    assert period.first_goal_year == years[0]
    assert period.last_goal_year == years[-1]


@pytest.mark.parametrize(
    ("year", "election_year"),
    [(2024, 2022), (2027, 2022), (2028, 2026), (2031, 2026), (2032, 2030)],
)
def test_r8_whose_goals_apply_in(year, election_year):
    assert Period.whose_goals_apply_in(year) == Period(election_year)


@pytest.mark.parametrize("year", range(2024, 2040))
def test_r8_every_year_belongs_to_exactly_one_period_goal_years(year):
    period = Period.whose_goals_apply_in(year)
    assert year in period.goal_years
    others = [Period(e) for e in (period.election_year - 4, period.election_year + 4)]
    assert all(year not in other.goal_years for other in others)


@pytest.mark.parametrize(
    ("day", "election_year"),
    [
        (D(2026, 9, 13), 2022),  # election day: the old assembly still sits
        (D(2026, 10, 14), 2022),  # its last day
        (D(2026, 10, 15), 2026),  # the new assembly's first day
        (D(2026, 12, 31), 2026),
        (D(2027, 1, 1), 2026),
        (D(2030, 10, 14), 2026),
        (D(2030, 10, 15), 2030),
    ],
)
def test_r8_of_term_on_changes_on_15_october(day, election_year):
    assert Period.of_term_on(day) == Period(election_year)
    period = Period.of_term_on(day)
    assert period.term_start <= day <= period.term_end


@pytest.mark.parametrize(("election_year", "adoption_year"), [(2022, 2023), (2026, 2027), (2030, 2031)])
def test_r8_adoption_year_is_january_after_the_election_year(election_year, adoption_year):
    period = Period(election_year)
    assert period.adoption_year == adoption_year
    # Decided in January of the adoption year, in force from the following year.
    assert period.first_goal_year == adoption_year + 1
    assert period.election_date < D(adoption_year, 1, 1)


def test_r8_goals_apply_after_the_term_that_adopted_them_ends():
    # The 2022 assembly's goals still apply in 2027, after the 2026 election: the new assembly
    # only adopts its own goals in January 2027, and they apply from 2028.
    assert Period.of_term_on(D(2027, 3, 1)) == Period(2026)
    assert Period.whose_goals_apply_in(2027) == Period(2022)
