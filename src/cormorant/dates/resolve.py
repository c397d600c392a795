"""Resolve a temporal expression to a date and a precision, relative to an anchor date.

Pure functions over a few compiled patterns; ``resolve_expression("earlier Thursday",
date(2002, 5, 9))`` is ``(date(2002, 5, 9), "day")``. Conventions (docs/dates.md):

- weekdays are the latest such day on or before the anchor (after it, in future tense);
- a month and day without year fall in the year that puts them nearest the anchor;
- a month without year is the latest such month up to the anchor's month; the date is
  the first of the month with precision ``month``; a year alone is 1 January, ``year``;
- week expressions give the Monday of that week with precision ``week`` (``last week``
  is the calendar week before the anchor's), ``the past week`` the seven days up to it;
- spans, seasons, decades and vague words (``recently``) give None.
"""

from __future__ import annotations

import datetime as dt
import re

from cormorant.base.dateparse import MONTH_RE, make_date, month_number, weekday_number

Resolved = tuple[dt.date, str]  # (date, precision: "day" | "week" | "month" | "year")

_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 0,
    "few": 0, "a few": 0,
}
_NUM = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MOD = r"(?:(?P<mod>last|next|this|past|previous|coming|following)\s+)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!s|\d|')"

_ISO = re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b")
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH_RE})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_RE})(?:,?\s+{_YEAR})?"
)
_MONTH_YEAR = re.compile(rf"\b(?P<month>{MONTH_RE})(?:\s+of)?,?\s+{_YEAR}")
_MONTH = re.compile(
    r"\b(?:(?P<mod>last|next|this|early|late|mid|earlier|later)[\s-]+)?(?:in\s+)?"
    r"(?P<month>january|february|march|april|may|june|july|august|september|october"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?"
)
_YEAR_ALONE = re.compile(rf"(?<![\d-])\b{_YEAR}\b")
_DAY_WORDS = re.compile(
    r"\b(?P<w>today|tonight|yesterday|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|earlier\s+today|later\s+today|overnight)\b"
)
_AGO = re.compile(rf"\b{_NUM}\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before)\b")
_WEEKDAY_RX = re.compile(rf"\b{_MOD}{_WEEKDAY}\b")
_WEEK = re.compile(r"\b(?P<mod>last|this|next|past|previous|coming|following)\s+week\b")
_UNIT_REL = re.compile(
    r"\b(?P<mod>last|this|next|past|previous|coming|following)\s+(?P<unit>month|year)\b"
)
# A range or a bound does not date the event itself.
_BOUND = re.compile(r"^\s*(?:since|until|till|by|before|after|through|from|between|within)\b")
_SPAN = re.compile(r"\b(?:past|last|next|coming)\s+(?:\d+|two|three|four|five|six|several|few)\s+\w+")


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    n = _NUMBERS.get(word)
    return n or None


def _month_day(month: int, day: int, anchor: dt.date, future: bool) -> dt.date | None:
    """The month/day in the year nearest the anchor; the side the tense points to counts
    three times closer (a date a fortnight ahead is this year's even in the past tense)."""
    best: tuple[int, dt.date] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = make_date(y, month, day)
        if d is None:
            continue
        gap = (d - anchor).days
        cost = abs(gap) * (3 if (gap > 0) != future and gap != 0 else 1)
        if best is None or cost < best[0]:
            best = (cost, d)
    return best[1] if best else None


def _weekday(wd: int, mod: str | None, anchor: dt.date, future: bool) -> dt.date:
    back = (anchor.weekday() - wd) % 7
    ahead = (wd - anchor.weekday()) % 7
    if mod in ("last", "past", "previous"):
        return anchor - dt.timedelta(days=back or 7)
    if mod in ("next", "coming", "following"):
        return anchor + dt.timedelta(days=ahead or 7)
    return anchor + dt.timedelta(days=ahead) if future else anchor - dt.timedelta(days=back)


def _month(month: int, mod: str | None, anchor: dt.date, future: bool) -> dt.date:
    y, am = anchor.year, anchor.month
    if mod == "last":
        y = y if month < am else y - 1
    elif mod == "next":
        y = y if month > am else y + 1
    elif future:
        y = y if month >= am else y + 1
    else:
        y = y if month <= am else y - 1
    return dt.date(y, month, 1)


def _explicit(s: str, anchor: dt.date | None, future: bool) -> Resolved | None:
    m = _ISO.search(s)
    if m:
        d = make_date(int(m["year"]), int(m["month"]), int(m["day"]))
        if d:
            return d, "day"
    for rx in (_MONTH_DAY, _DAY_MONTH):
        m = rx.search(s)
        if m is None:
            continue
        month, day = month_number(m["month"]), int(m["day"])
        if month is None or not 1 <= day <= 31:
            continue
        if m["year"]:
            d = make_date(int(m["year"]), month, day)
        elif anchor is not None:
            d = _month_day(month, day, anchor, future)
        else:
            continue
        if d:
            return d, "day"
    m = _MONTH_YEAR.search(s)
    if m:
        month = month_number(m["month"])
        if month:
            return dt.date(int(m["year"]), month, 1), "month"
    return None


def _relative(s: str, anchor: dt.date, future: bool) -> Resolved | None:
    m = _DAY_WORDS.search(s)
    if m:
        w = m["w"]
        if w == "yesterday" or w.startswith("last"):
            return anchor - dt.timedelta(days=1), "day"
        if w == "tomorrow":
            return anchor + dt.timedelta(days=1), "day"
        return anchor, "day"
    m = _AGO.search(s)
    if m:
        n = _number(m["n"])
        if n is None:
            return None
        unit = m["unit"]
        if unit == "day":
            return anchor - dt.timedelta(days=n), "day"
        if unit == "week":
            return _monday(anchor - dt.timedelta(weeks=n)), "week"
        if unit == "month":
            y, mo = _shift_month(anchor.year, anchor.month, -n)
            return dt.date(y, mo, 1), "month"
        return dt.date(anchor.year - n, 1, 1), "year"
    m = _WEEKDAY_RX.search(s)
    if m:
        wd = weekday_number(m["wd"])
        if wd is not None:
            return _weekday(wd, m["mod"], anchor, future), "day"
    m = _WEEK.search(s)
    if m:
        mod = m["mod"]
        if mod == "past":
            return anchor - dt.timedelta(days=6), "week"
        delta = {"last": -1, "previous": -1, "this": 0}.get(mod, 1)
        return _monday(anchor) + dt.timedelta(weeks=delta), "week"
    m = _UNIT_REL.search(s)
    if m:
        delta = {"last": -1, "past": -1, "previous": -1, "this": 0}.get(m["mod"], 1)
        if m["unit"] == "month":
            y, mo = _shift_month(anchor.year, anchor.month, delta)
            return dt.date(y, mo, 1), "month"
        return dt.date(anchor.year + delta, 1, 1), "year"
    m = _MONTH.search(s)
    if m and not (m["month"] == "may" and m["mod"] is None and not s.startswith(("may", "in may"))):
        month = month_number(m["month"])
        if month:
            return _month(month, m["mod"], anchor, future), "month"
    return None


def resolve_expression(
    text: str, anchor: dt.date | None, *, future: bool = False
) -> Resolved | None:
    """The date and precision ``text`` refers to, or None.

    ``anchor`` is the document date (None: only absolute dates resolve); ``future`` says the
    expression belongs to a verb in future tense, so ``Friday`` and ``in May`` look ahead.
    """
    s = " ".join(text.lower().replace("\u2019", "'").split())
    if not s or _BOUND.match(s) or _SPAN.search(s):
        return None
    found = _explicit(s, anchor, future)
    if found is not None:
        return found
    if anchor is not None:
        found = _relative(s, anchor, future)
        if found is not None:
            return found
    m = _YEAR_ALONE.search(s)
    if m:
        return dt.date(int(m["year"]), 1, 1), "year"
    return None


_FOLLOW = re.compile(
    r"\b(?:(?P<n>a|one|two|three|\d)\s+days?\s+(?P<dir>later|after|earlier|before)"
    r"|the\s+(?P<next>next|following|previous)\s+day|the\s+day\s+(?P<db>before|after)"
    r"|that\s+day|the\s+same\s+day)\b"
)


def day_offset(text: str) -> int | None:
    """Offset in days of an expression relative to an earlier one (``a day later`` = 1)."""
    s = " ".join(text.lower().split())
    m = _FOLLOW.search(s)
    if m is None:
        return None
    if m["n"]:
        n = _number(m["n"]) or 1
        return n if m["dir"] in ("later", "after") else -n
    if m["next"]:
        return -1 if m["next"] == "previous" else 1
    if m["db"]:
        return -1 if m["db"] == "before" else 1
    return 0
