"""Resolving temporal expressions against an anchor date (pure functions)."""

from __future__ import annotations

import datetime as dt

import pytest

from cormorant.base.dateparse import parse_date
from cormorant.dates.resolve import day_offset, resolve_expression

D = dt.date
THU = D(2002, 5, 9)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday", (D(2002, 5, 8), "day")),
        ("on Wednesday", (D(2002, 5, 8), "day")),
        ("Wednesday night", (D(2002, 5, 8), "day")),
        ("Thursday", (D(2002, 5, 9), "day")),
        ("earlier Thursday", (D(2002, 5, 9), "day")),
        ("Thursday's", (D(2002, 5, 9), "day")),
        ("Friday", (D(2002, 5, 3), "day")),
        ("last Thursday", (D(2002, 5, 2), "day")),
        ("next Friday", (D(2002, 5, 10), "day")),
        ("today", (THU, "day")),
        ("this morning", (THU, "day")),
        ("tonight", (THU, "day")),
        ("yesterday", (D(2002, 5, 8), "day")),
        ("last night", (D(2002, 5, 8), "day")),
        ("tomorrow", (D(2002, 5, 10), "day")),
        ("two days ago", (D(2002, 5, 7), "day")),
        ("last week", (D(2002, 4, 29), "week")),
        ("earlier this week", (D(2002, 5, 6), "week")),
        ("the past week", (D(2002, 5, 3), "week")),
        ("next week", (D(2002, 5, 13), "week")),
        ("three weeks ago", (D(2002, 4, 15), "week")),
        ("last month", (D(2002, 4, 1), "month")),
        ("this month", (D(2002, 5, 1), "month")),
        ("in March", (D(2002, 3, 1), "month")),
        ("March", (D(2002, 3, 1), "month")),
        ("in June", (D(2001, 6, 1), "month")),
        ("early May", (D(2002, 5, 1), "month")),
        ("last May", (D(2001, 5, 1), "month")),
        ("two months ago", (D(2002, 3, 1), "month")),
        ("May 2001", (D(2001, 5, 1), "month")),
        ("in 2001", (D(2001, 1, 1), "year")),
        ("last year", (D(2001, 1, 1), "year")),
        ("this year", (D(2002, 1, 1), "year")),
        ("May 9", (D(2002, 5, 9), "day")),
        ("May 12", (D(2002, 5, 12), "day")),  # a few days ahead: still this year
        ("December 30", (D(2001, 12, 30), "day")),
        ("Dec. 30th", (D(2001, 12, 30), "day")),
        ("May 9, 2002", (D(2002, 5, 9), "day")),
        ("9 May 2002", (D(2002, 5, 9), "day")),
        ("the 9th of May", (D(2002, 5, 9), "day")),
        ("2002-05-09", (D(2002, 5, 9), "day")),
        ("March 3, 1999", (D(1999, 3, 3), "day")),
    ],
)
def test_dates_resolve_past(text: str, expected: tuple[dt.date, str]) -> None:
    assert resolve_expression(text, THU) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", (D(2002, 5, 10), "day")),
        ("Thursday", (D(2002, 5, 9), "day")),
        ("Wednesday", (D(2002, 5, 15), "day")),
        ("in March", (D(2003, 3, 1), "month")),
        ("in June", (D(2002, 6, 1), "month")),
        ("December 30", (D(2002, 12, 30), "day")),
        ("last week", (D(2002, 4, 29), "week")),
    ],
)
def test_dates_resolve_future_tense(text: str, expected: tuple[dt.date, str]) -> None:
    assert resolve_expression(text, THU, future=True) == expected


@pytest.mark.parametrize(
    "text",
    ["recently", "the 1990s", "since March", "until Friday", "by May 2003",
     "the past two weeks", "last three months", "decades", "the weekend", "", "annual"],
)
def test_dates_resolve_vague_or_bounds_give_none(text: str) -> None:
    assert resolve_expression(text, THU) is None


def test_dates_resolve_without_anchor_only_absolute() -> None:
    assert resolve_expression("Wednesday", None) is None
    assert resolve_expression("in March", None) is None
    assert resolve_expression("May 9", None) is None
    assert resolve_expression("May 9, 2002", None) == (D(2002, 5, 9), "day")
    assert resolve_expression("in 2001", None) == (D(2001, 1, 1), "year")


def test_dates_resolve_year_boundaries() -> None:
    jan2 = D(2003, 1, 2)
    assert resolve_expression("last month", jan2) == (D(2002, 12, 1), "month")
    assert resolve_expression("in December", jan2) == (D(2002, 12, 1), "month")
    assert resolve_expression("December 31", jan2) == (D(2002, 12, 31), "day")
    assert resolve_expression("next month", D(2002, 12, 20)) == (D(2003, 1, 1), "month")


def test_dates_resolve_month_day_nearest_year() -> None:
    feb26 = D(1987, 2, 26)
    assert resolve_expression("March 16", feb26) == (D(1987, 3, 16), "day")
    assert resolve_expression("December 30", D(1987, 1, 2)) == (D(1986, 12, 30), "day")
    assert resolve_expression("January 3", D(1986, 12, 30), future=True) == (D(1987, 1, 3), "day")
    assert resolve_expression("August 1", feb26) == (D(1986, 8, 1), "day")
    assert resolve_expression("August 1", feb26, future=True) == (D(1987, 8, 1), "day")


def test_dates_resolve_same_weekday_is_anchor() -> None:
    for offset in range(7):
        anchor = D(2010, 3, 1) + dt.timedelta(days=offset)
        name = anchor.strftime("%A")
        assert resolve_expression(name, anchor) == (anchor, "day")


def test_dates_resolve_modal_may_is_not_a_month() -> None:
    assert resolve_expression("they may", THU) is None


@pytest.mark.parametrize(
    ("text", "offset"),
    [("A day later", 1), ("two days later", 2), ("the next day", 1), ("the following day", 1),
     ("the day before", -1), ("three days earlier", -3), ("the same day", 0), ("later", None)],
)
def test_dates_day_offset(text: str, offset: int | None) -> None:
    assert day_offset(text) == offset


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2002-05-09", D(2002, 5, 9)),
        ("2002-05-09T14:03:00Z", D(2002, 5, 9)),
        ("2002/5/9", D(2002, 5, 9)),
        ("20020509", D(2002, 5, 9)),
        ("26-FEB-1987 15:01:01.79", D(1987, 2, 26)),
        ("May 9, 2002", D(2002, 5, 9)),
        ("Thursday, 9 May 2002", D(2002, 5, 9)),
        ("Thu, 09 May 2002 10:00:00 GMT", D(2002, 5, 9)),
        ("Sept. 9th, 2002", D(2002, 9, 9)),
        ("05/09/2002", D(2002, 5, 9)),
        ("13/05/2002", D(2002, 5, 13)),
        ("2002-02-30", None),
        ("May 2002", None),
        ("soon", None),
        ("", None),
    ],
)
def test_dates_parse_absolute(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected
