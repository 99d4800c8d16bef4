"""Mandate periods, computed from the election calendar rather than typed in.

Swedish general elections fall on the second Sunday of September every fourth year (from 2014;
1994–2010 they fell on the third Sunday). The assembly's legal term runs from 15 October of the
election year to 14 October four years later. KF adopts its goals for the period in January after
the election year and they apply from the year after that (R8): the 2022 election's goals apply
2024–2027 and the 2026 election's 2028–2031.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

FIRST_FOUR_YEAR_ELECTION = 1994


def is_election_year(year: int) -> bool:
    return year >= FIRST_FOUR_YEAR_ELECTION and (year - FIRST_FOUR_YEAR_ELECTION) % 4 == 0


def election_day(year: int) -> datetime.date:
    """The general election's day in an election year."""
    if not is_election_year(year):
        raise ValueError(f"{year} is not a Swedish general election year")
    first = datetime.date(year, 9, 1)
    first_sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    week = 1 if year >= 2014 else 2
    return first_sunday + datetime.timedelta(weeks=week)


@dataclass(frozen=True)
class Period:
    """The dates of the mandate period that starts with an election."""

    election_year: int

    def __post_init__(self) -> None:
        if not is_election_year(self.election_year):
            raise ValueError(f"{self.election_year} is not a Swedish general election year")

    @property
    def election_date(self) -> datetime.date:
        return election_day(self.election_year)

    @property
    def term_start(self) -> datetime.date:
        return datetime.date(self.election_year, 10, 15)

    @property
    def term_end(self) -> datetime.date:
        return datetime.date(self.election_year + 4, 10, 14)

    @property
    def adoption_year(self) -> int:
        """KF adopts the period's goals in January of this year (R8)."""
        return self.election_year + 1

    @property
    def first_goal_year(self) -> int:
        return self.election_year + 2

    @property
    def last_goal_year(self) -> int:
        return self.election_year + 5

    @property
    def goal_years(self) -> range:
        return range(self.first_goal_year, self.last_goal_year + 1)

    @classmethod
    def whose_goals_apply_in(cls, year: int) -> Period:
        """The period whose KF goals apply in a given year."""
        election_year = year - 2 - (year - 2 - FIRST_FOUR_YEAR_ELECTION) % 4
        return cls(election_year)

    @classmethod
    def of_term_on(cls, day: datetime.date) -> Period:
        """The period whose assembly sits on a given day (terms change on 15 October)."""
        year = day.year if day >= datetime.date(day.year, 10, 15) else day.year - 1
        return cls(year - (year - FIRST_FOUR_YEAR_ELECTION) % 4)
