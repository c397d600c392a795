"""Parse absolute date strings (no anchor needed): ISO, news and newswire styles.

Pure functions over compiled regular expressions; used by ingest for record dates and
by the date resolver for explicit dates.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}

MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_TAIL = r"(?:$|[\sT,.;:/()\-]|(?<=\d)(?=[A-Za-z]))"

_ISO = re.compile(rf"^{_YEAR}-(?P<month>[01]?\d)-(?P<day>[0-3]?\d){_TAIL}")
_YMD_SLASH = re.compile(rf"^{_YEAR}[/.](?P<month>[01]?\d)[/.](?P<day>[0-3]?\d){_TAIL}")
_COMPACT = re.compile(rf"^{_YEAR}(?P<month>[01]\d)(?P<day>[0-3]\d)(?:$|T)")
_DMY_DASH = re.compile(rf"^(?P<day>[0-3]?\d)-(?P<month>{MONTH_RE})-{_YEAR}{_TAIL}", re.I)
_NUM_SLASH = re.compile(rf"^(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.]{_YEAR}{_TAIL}")
_MDY = re.compile(rf"^(?:{_WEEKDAY_RE},?\s+)?(?P<month>{MONTH_RE})\s+{_DAY},?\s+{_YEAR}\b", re.I)
_DMY = re.compile(
    rf"^(?:{_WEEKDAY_RE},?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+(?P<month>{MONTH_RE}),?\s+{_YEAR}\b",
    re.I,
)


def month_number(name: str) -> int | None:
    """1..12 for an English month name or abbreviation (with or without a dot)."""
    return MONTHS.get(name.lower().rstrip("."))


def weekday_number(name: str) -> int | None:
    """0 (Monday)..6 for an English weekday name or abbreviation."""
    return WEEKDAYS.get(name.lower().rstrip("."))


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the parts do not form one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """Parse a whole date string; None when it is not one we understand.

    Accepts ISO dates and datetimes, ``2002/05/09``, ``20020509``, ``26-FEB-1987 15:01:01.79``,
    ``May 9, 2002``, ``Thursday, 9 May 2002``, RFC 2822 (``Thu, 09 May 2002 10:00:00 GMT``) and
    numeric ``05/09/2002`` (read month first unless the first number is above 12).
    Times and time zones are ignored: the date is the one written.
    """
    s = text.strip()
    if not s:
        return None
    for rx in (_ISO, _YMD_SLASH, _COMPACT):
        m = rx.match(s)
        if m:
            return make_date(int(m["year"]), int(m["month"]), int(m["day"]))
    for rx in (_DMY_DASH, _MDY, _DMY):
        m = rx.match(s)
        if m:
            month = month_number(m["month"])
            return make_date(int(m["year"]), month, int(m["day"])) if month else None
    m = _NUM_SLASH.match(s)
    if m:
        a, b = int(m["a"]), int(m["b"])
        month, day = (b, a) if a > 12 else (a, b)
        return make_date(int(m["year"]), month, day)
    return None
