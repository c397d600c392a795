"""Line handling shared by the PETRARCH readers: comments, code blocks, dates, phrases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from cormorant.dictionaries.model import DatedCode, Problem

__all__ = ["ReadError", "content_lines", "parse_code_block", "parse_date", "phrase_words"]

# The two-digit years of TABARI dates: below this, 20xx; else 19xx.
PIVOT = 30
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_ACTOR_CODE = re.compile(r"[A-Z0-9\-+#~]+(/[A-Z0-9\-+#~]+)*")


class ReadError(ValueError):
    """A malformed line (caught per line and turned into a ``Problem``)."""


def content_lines(path: Path, problems: list[Problem]) -> Iterator[tuple[int, str, bool]]:
    """``(line number, text without comments, indented)`` for every line holding content.

    Drops ``#`` comments and ``<!-- ... -->`` blocks (which may span lines); an unreadable
    file is one problem, not an exception.
    """
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as e:
        problems.append(Problem(path.name, 0, f"cannot read: {e}"))
        return
    in_block = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_block:
            if "-->" in line:
                in_block = False
                line = line.split("-->", 1)[1]
            else:
                continue
        stripped = line.strip()
        if stripped.startswith("<!") or stripped.startswith("< !"):
            if "-->" not in stripped and not stripped.endswith(">"):
                in_block = True
            continue
        line = line.split("#", 1)[0]
        if line.strip():
            yield n, line.rstrip(), line[:1] in (" ", "\t")


def parse_date(text: str) -> dt.date:
    """``YYYYMMDD`` or TABARI's ``YYMMDD`` (two-digit years pivot at 30)."""
    t = text.strip()
    if not t.isdigit() or len(t) not in (6, 8):
        raise ReadError(f"{text!r} is not a date (YYYYMMDD or YYMMDD)")
    if len(t) == 6:
        yy = int(t[:2])
        t = f"{2000 + yy if yy < PIVOT else 1900 + yy}{t[2:]}"
    try:
        return dt.date(int(t[:4]), int(t[4:6]), int(t[6:]))
    except ValueError as e:
        raise ReadError(f"{text!r} is not a valid date") from e


def parse_code_block(body: str) -> DatedCode:
    """The inside of ``[CODE]``, ``[CODE <DATE]``, ``[CODE >DATE]``, ``[CODE DATE-DATE]``."""
    parts = body.split(None, 1)
    if not parts:
        raise ReadError("empty code block []")
    code = parts[0].upper()
    if not _ACTOR_CODE.fullmatch(code):
        raise ReadError(f"bad actor code {parts[0]!r}")
    codes = tuple(code.split("/"))
    if len(parts) == 1:
        return DatedCode(codes)
    rest = parts[1].replace(" ", "")
    if rest.startswith("<"):
        end = parse_date(rest[1:])
        return DatedCode(codes, None, end - dt.timedelta(days=1))
    if rest.startswith(">"):
        start = parse_date(rest[1:])
        return DatedCode(codes, start + dt.timedelta(days=1), None)
    start_s, sep, end_s = rest.partition("-")
    if not sep:
        raise ReadError(f"bad date restriction {parts[1]!r} (use <DATE, >DATE or DATE-DATE)")
    start, end = parse_date(start_s), parse_date(end_s)
    if end < start:
        raise ReadError(f"date range {parts[1]!r} ends before it starts")
    return DatedCode(codes, start, end)


def split_codes(text: str) -> tuple[str, list[str]]:
    """The text before the first ``[`` and every ``[...]`` body on the line."""
    if "[" not in text and "]" not in text:
        return text, []
    head = text.split("[", 1)[0]
    bodies = _CODE_BLOCK.findall(text)
    if text.count("[") != len(bodies) or text.count("]") != len(bodies):
        raise ReadError("unbalanced [ ]")
    return head, bodies


def phrase_words(text: str) -> tuple[str, ...]:
    """Words of a dictionary phrase: ``_`` and spaces separate, upper case."""
    words = tuple(text.replace("_", " ").upper().split())
    if not words:
        raise ReadError("empty phrase")
    return words
