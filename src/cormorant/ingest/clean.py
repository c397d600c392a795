"""Turn raw article text into the text that gets coded, plus its title and date.

Drops web boilerplate lines at the start and end, unwraps hard-wrapped newswire lines,
takes a leading headline out as the title, and reads the document date from a headline
(``Title - 2002-05-09``), a date line (``Published: 9 May 2002``, ``This story is from
March 10, 2002``) or a dateline (``BEIJING, May 9 (Reuters) -``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from cormorant.base.dateline import find_dateline
from cormorant.base.dateparse import MONTH_RE, make_date, month_number, parse_date, weekday_number
from cormorant.errors import DictionaryError

# Numeric entities of control characters left in SGML-era newswire text (``&#3;``).
_CONTROL_ENTITY = re.compile(r"&#(?:[0-8]|1\d|2\d|3[01]|127);")
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FOOTER_START = re.compile(
    r"^(?:copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}|this (?:story|article) (?:is|was) from\b"
    r"|(?=.{0,60}$)(?:all rights reserved|related (?:stories|articles|content|coverage)"
    r"|more (?:stories|from|on this)|you may also like|follow us|share this|comments?\s*\(\d+\)))",
    re.I,
)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4}(?:,\s*[\w .]+)?$")
_DATE_LINE = re.compile(
    r"^(?:this (?:story|article|report) (?:is|was) from|published(?: on)?|first published(?: on)?"
    r"|posted(?: on)?|updated(?: on)?|last updated(?: on)?|date(?:d)?|filed(?: on)?)"
    r"\s*:?\s*(?P<date>.+?)\s*\.?$",
    re.I,
)
_DATE_SEP = r"\s+[-\u2013\u2014|:]\s+|\s+\("
_HEADLINE_DATE = re.compile(
    rf"^(?P<title>.+?)(?:{_DATE_SEP})(?P<date>(?:\d{{4}}-\d\d?-\d\d?|\d\d?[ -]{MONTH_RE}[ -,]*\d{{4}}"
    rf"|{MONTH_RE}\s+\d\d?(?:st|nd|rd|th)?,?\s+\d{{4}}))\)?\s*$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[.!;:,]['\"\u2019\u201d)]?$")
_MAX_EDGE_LINES = 12


@dataclass(frozen=True)
class CleanWords:
    """The word lists of ``data/clean.yaml`` (lower-cased)."""

    boilerplate: frozenset[str]  # whole short lines a scraper leaves at an article's edges
    date_fillers: frozenset[str]  # words allowed in a line that is only a date

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CleanWords:
        try:
            return cls(
                boilerplate=frozenset(str(w).lower() for w in data["boilerplate_lines"]),
                date_fillers=frozenset(str(w).lower() for w in data["date_fillers"]),
            )
        except (KeyError, TypeError) as e:
            raise DictionaryError(f"bad ingest word list table: {e}") from e


@functools.cache  # the shipped file never changes within a process; the value is frozen
def load_clean_words() -> CleanWords:
    """The shipped word lists, ``ingest/data/clean.yaml``."""
    text = resources.files("cormorant.ingest").joinpath("data/clean.yaml").read_text("utf-8")
    try:
        return CleanWords.from_data(yaml.safe_load(text))
    except yaml.YAMLError as e:
        raise DictionaryError(f"ingest/data/clean.yaml is not valid YAML: {e}") from e


@dataclass(frozen=True)
class Prepared:
    """Cleaned text with what was learnt from its edges."""

    text: str
    title: str | None = None
    date: dt.date | None = None
    date_source: str | None = None  # "headline", "text" or "dateline"


def normalise_newlines(text: str) -> str:
    """Unix newlines, no control-character entities, and no stray control characters
    (a NUL cannot be stored in PostgreSQL; the others are noise a parser trips on)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_CHAR.search(text):
        text = _CONTROL_CHAR.sub(" ", text)
    return _CONTROL_ENTITY.sub("", text) if "&#" in text else text


def _key(line: str) -> str:
    return line.strip().lower().rstrip(" .:|>\u203a\u00bb")


def is_boilerplate(line: str, words: CleanWords | None = None) -> bool:
    """A short navigation/share/cookie line (one of ``words.boilerplate``)."""
    s = line.strip()
    return len(s) <= 40 and _key(s) in (words or load_clean_words()).boilerplate


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (newswire style) into paragraphs; other text is unchanged.

    Text counts as wrapped when most lines are long and end near the same column; a
    blank line or an indented line starts a new paragraph.
    """
    lines = text.split("\n")
    lengths = sorted(len(ln.rstrip()) for ln in lines if ln.strip())
    if len(lengths) < 4:
        return text
    width = lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 10 else lengths[-1]
    if not 40 <= width <= 100:
        return text
    near = sum(1 for n in lengths if n >= width - 25)
    if near < 0.6 * len(lengths):
        return text
    paragraphs: list[str] = []
    current: list[str] = []
    for ln in lines:
        if not ln.strip():
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and (ln[:1] in (" ", "\t") or _ends_short_paragraph(current[-1], ln, width)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(ln.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _ends_short_paragraph(prev: str, line: str, width: int) -> bool:
    """A short line closes a paragraph only when it ends a sentence and the next line
    does not continue it in lower case."""
    return (len(prev) < width - 30 and prev.rstrip()[-1:] in ".!?:\"')\u201d"
            and not line.lstrip()[:1].islower())


def _headline(line: str, rest: list[str], blank_after: bool) -> tuple[str | None, dt.date | None]:
    """(title, date) when ``line`` is a headline."""
    s = line.strip()
    m = _HEADLINE_DATE.match(s)
    if m:
        date = parse_date(m["date"].replace(",", " ").replace("  ", " "))
        if date is not None and len(m["title"]) <= 250:
            return m["title"].strip(" -|"), date
    words = s.split()
    if (blank_after and rest and 1 <= len(words) <= 25 and len(s) <= 200
            and not _SENTENCE_END.search(s) and s[:1].isupper()
            and any(len(r) > len(s) for r in rest)):
        return s, None
    return None, None


def _date_line(line: str, words: CleanWords) -> dt.date | None:
    """The date of a line that is only a date (``Published: ...``, ``Thursday, May 9, 2002``)."""
    s = line.strip()
    if len(s) > 80:
        return None
    m = _DATE_LINE.match(s)
    if m is None and (len(s) > 45 or not _only_date_words(s, words)):
        return None
    return _lenient_date(m["date"] if m else s)


def _only_date_words(s: str, words: CleanWords) -> bool:
    """Every word is a month, weekday, ordinal suffix, am/pm or a time-zone abbreviation."""
    for word in _WORD.findall(s):
        w = word.lower()
        if month_number(w) is None and weekday_number(w) is None and w not in words.date_fillers \
                and not (word.isupper() and len(word) <= 4):
            return False
    return True


def _lenient_date(s: str) -> dt.date | None:
    """A date at the start of ``s``, tolerating a trailing time or zone."""
    s = s.strip().rstrip(".")
    date = parse_date(s)
    if date is None and "," in s:
        date = parse_date(s.replace(",", " ").replace("  ", " "))
    return date


def dateline_date(paragraph: str, anchor: dt.date | None) -> dt.date | None:
    """The date of a ``PLACE, Month Day (Agency) -`` dateline; a missing year comes from
    ``anchor`` (the dateline day on or shortly before it), else no date."""
    m = find_dateline(paragraph)
    if m is None or m.month is None or m.day is None:
        return None
    month = month_number(m.month)
    if month is None:
        return None
    day = m.day
    if m.year:
        return make_date(m.year, month, day)
    if anchor is None:
        return None
    date = make_date(anchor.year, month, day)
    if date is not None and date > anchor + dt.timedelta(days=7):
        date = make_date(anchor.year - 1, month, day)
    return date


def prepare_text(raw: str, *, anchor: dt.date | None = None, title: str | None = None,
                 words: CleanWords | None = None) -> Prepared:
    """Clean ``raw`` and read its title and date.

    ``anchor`` supplies the year of a yearless dateline; ``title`` is a known title
    (a first line equal to it is removed from the text); ``words`` are the word lists
    (default: the shipped ``data/clean.yaml``).
    """
    words = words or load_clean_words()
    text = unwrap(normalise_newlines(raw).strip("\n"))
    lines = text.split("\n")
    start, end = 0, len(lines)
    found_title: str | None = None
    date: dt.date | None = None
    source: str | None = None

    # Leading edge: boilerplate, bylines, a headline, date lines.
    scanned = 0
    while start < end and scanned < _MAX_EDGE_LINES:
        s = lines[start].strip()
        if not s or is_boilerplate(s, words) or _BYLINE.match(s):
            start += 1
            scanned += bool(s)
            continue
        if title is not None and found_title is None and s.rstrip(".") == title.strip().rstrip("."):
            found_title = title
            start += 1
            continue
        d = _date_line(s, words)
        if d is not None:
            if date is None:
                date, source = d, "text"
            start += 1
            scanned += 1
            continue
        if found_title is None and title is None:
            blank_after = start + 1 >= end or not lines[start + 1].strip()
            rest = [ln for ln in lines[start + 1:start + 20] if ln.strip()]
            t, d = _headline(s, rest, blank_after)
            if t is not None:
                found_title = t
                if d is not None and date is None:
                    date, source = d, "headline"
                start += 1
                scanned += 1
                continue
        break

    # Trailing edge: a footer block runs to the end; then stray boilerplate lines.
    for i in range(max(start, end - _MAX_EDGE_LINES), end):
        s = lines[i].strip()
        if s and len(s) <= 120 and _FOOTER_START.match(s):
            d = _date_line(s, words)
            if d is not None and date is None:
                date, source = d, "text"
            end = i
            break
    while end > start and (not lines[end - 1].strip() or is_boilerplate(lines[end - 1], words)):
        end -= 1

    body = "\n".join(lines[start:end]).strip()
    if date is None and body:
        d = dateline_date(body[:200], anchor)
        if d is not None:
            date, source = d, "dateline"
    return Prepared(body, found_title or title, date, source)
