"""Readers for PETRARCH2/TABARI actor, agent, discard and issue dictionaries.

Actors: ``NAME [CODE]`` lines, ``+SYNONYM`` lines under a name, and code lines (often
indented) with date restrictions: ``[USAGOV 19930120-20010120]``, ``[VELELI <950601]``,
``[VELOPP >990816]``. A name with no code on its line takes the code lines that follow.
Agents: ``NAME {PLURALS} [~CODE]`` (``{}``: no plural; none given: the regular plural;
``[NGO~]``: the code goes before the country's), with ``!SUBST! = A, B`` substitution sets.
Discards: ``PHRASE`` (sentence) or ``+PHRASE`` (story). Issues: ``<ISSUE CATEGORY=...>``
sections of ``phrase [CODE]`` lines, ``~phrase`` for negative phrases.
"""

from __future__ import annotations

import re
from pathlib import Path

from cormorant.dictionaries.lines import (
    ReadError,
    content_lines,
    parse_code_block,
    phrase_words,
    split_codes,
)
from cormorant.dictionaries.model import Actor, Agent, DatedCode, Discard, Issue, Problem, Source

__all__ = ["plural", "read_actors", "read_agents", "read_discards", "read_issues"]


def read_actors(path: Path, problems: list[Problem]) -> list[Actor]:
    """Actor entries of one file; bad lines go to ``problems``."""
    out: list[Actor] = []
    names: list[tuple[str, ...]] = []
    codes: list[DatedCode] = []
    start = 0

    def close() -> None:
        if names and codes:
            out.append(Actor(tuple(names), tuple(codes), Source(path.name, start)))
        elif names:
            problems.append(Problem(path.name, start, f"actor {' '.join(names[0])} has no code"))

    for n, line, _indented in content_lines(path, problems):
        text = line.strip()
        try:
            head, bodies = split_codes(text)
            parsed = [parse_code_block(b) for b in bodies]
            if text.startswith("+"):
                if not names:
                    raise ReadError("synonym (+NAME) before any actor name")
                names.append(phrase_words(head[1:]))
                codes.extend(parsed)
            elif not head.strip():
                if not names:
                    raise ReadError("code block before any actor name")
                codes.extend(parsed)
            elif names and not codes and not parsed:
                # TABARI: consecutive names share the code lines that follow them.
                names.append(phrase_words(head))
            else:
                close()
                names, codes, start = [phrase_words(head)], list(parsed), n
        except ReadError as e:
            problems.append(Problem(path.name, n, str(e)))
    close()
    return out


def plural(words: tuple[str, ...]) -> tuple[str, ...]:
    """The regular plural of a phrase (its last word)."""
    last = words[-1]
    if last.endswith(("MEN", "PEOPLE")):
        return words
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        last = last[:-1] + "IES"
    elif last.endswith(("S", "SH", "CH", "X", "Z")):
        last += "ES"
    elif last.endswith("MAN"):
        last = last[:-3] + "MEN"
    else:
        last += "S"
    return (*words[:-1], last)


_SUBST = re.compile(r"^\s*!([A-Z0-9_]+)!\s*=\s*(.+)$", re.I)
_PLURALS = re.compile(r"\{([^}]*)\}")


def _expand(text: str, subst: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!([A-Z0-9_]+)!", text, re.I)
    if not m:
        return [text]
    key = m.group(1).upper()
    if key not in subst:
        raise ReadError(f"unknown substitution set !{key}!")
    return [y for v in subst[key] for y in _expand(text[:m.start()] + v + text[m.end():], subst)]


def read_agents(path: Path, problems: list[Problem]) -> list[Agent]:
    """Agent entries of one file; bad lines go to ``problems``."""
    out: list[Agent] = []
    subst: dict[str, list[str]] = {}
    for n, line, _ in content_lines(path, problems):
        text = line.strip()
        try:
            m = _SUBST.match(text)
            if m:
                subst[m.group(1).upper()] = [w.strip().upper() for w in m.group(2).split(",") if w.strip()]
                continue
            plurals_m = _PLURALS.search(text)
            explicit: list[str] | None = None
            if plurals_m:
                explicit = plurals_m.group(1).split()
                text = text[:plurals_m.start()] + text[plurals_m.end():]
            head, bodies = split_codes(text)
            if len(bodies) != 1:
                raise ReadError("an agent needs exactly one [~CODE] or [CODE~] block")
            body = bodies[0].replace(" ", "").upper()
            if body.startswith("~") and len(body) > 1:
                code, prefix = body[1:], False
            elif body.endswith("~") and len(body) > 1:
                code, prefix = body[:-1], True
            else:
                raise ReadError(f"agent code [{bodies[0]}] needs a ~ before or after it")
            if not code.isalnum():
                raise ReadError(f"bad agent code {code!r}")
            names: list[tuple[str, ...]] = []
            for form in _expand(head.strip(), subst):
                words = phrase_words(form)
                names.append(words)
                if explicit is None:
                    names.append(plural(words))
            for form in explicit or ():
                for f in _expand(form, subst):
                    names.append(phrase_words(f))
            out.append(Agent(tuple(dict.fromkeys(names)), code, prefix, Source(path.name, n)))
        except ReadError as e:
            problems.append(Problem(path.name, n, str(e)))
    return out


def read_discards(path: Path, problems: list[Problem]) -> list[Discard]:
    out: list[Discard] = []
    for n, line, _ in content_lines(path, problems):
        text = line.strip()
        story = text.startswith("+")
        try:
            out.append(Discard(phrase_words(text[1:] if story else text), story, Source(path.name, n)))
        except ReadError as e:
            problems.append(Problem(path.name, n, str(e)))
    return out


_ISSUE_OPEN = re.compile(r'<\s*ISSUE\s+CATEGORY\s*=\s*"([^"]*)"', re.I)


def read_issues(path: Path, problems: list[Problem]) -> list[Issue]:
    """Issue phrases; ``n:`` (noun) and ``+`` (optional hyphen) marks are dropped."""
    out: list[Issue] = []
    category = ""
    for n, line, _ in content_lines(path, problems):
        text = line.strip()
        m = _ISSUE_OPEN.match(text)
        if m:
            category = m.group(1).upper()
            continue
        if re.match(r"<\s*/\s*ISSUE", text, re.I):
            category = ""
            continue
        try:
            negative = text.startswith("~")
            if negative:
                text = text[1:]
            head, bodies = split_codes(text)
            if not negative and len(bodies) != 1:
                raise ReadError("an issue phrase needs one [CODE]")
            words = phrase_words(re.sub(r"\b[a-z]:", "", head).replace("+", " "))
            code = bodies[0].strip().upper() if bodies else ""
            out.append(Issue(words, code, category, negative, Source(path.name, n)))
        except ReadError as e:
            problems.append(Problem(path.name, n, str(e)))
    return out
