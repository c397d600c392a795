"""The entries of PETRARCH2/TABARI-format dictionaries, as read (frozen, picklable).

Every entry keeps the file and line it was read from; ``Source.id`` (``FILE:LINE``) is the
id it takes in cormorant's dictionaries, so a coded event names the lines behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "Actor", "Agent", "DatedCode", "Discard", "Issue", "Pattern", "PatternElem", "Problem",
    "Source", "VerbBlock", "VerbForm",
]


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entry stands: file name (no directory) and 1-based line."""

    file: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """A line the reader could not use; the load goes on without it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code valid from ``start`` to ``end`` (None: open); ``codes`` may be several
    (``[ELR/GAL]``: a compound actor)."""

    codes: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """A named actor: its names (word tuples, upper case) and codes, dated ones first."""

    names: tuple[tuple[str, ...], ...]
    codes: tuple[DatedCode, ...]
    source: Source

    def codes_on(self, day: dt.date | None) -> tuple[str, ...]:
        """The codes for a document of date ``day``: the first dated code covering it, else
        the undated default (None date: the default, else the first code)."""
        default = next((c for c in self.codes if not c.dated), None)
        if day is not None:
            for c in self.codes:
                if c.dated and c.covers(day):
                    return c.codes
        if default is not None:
            return default.codes
        if day is None and self.codes:
            return self.codes[0].codes
        return ()


@dataclass(frozen=True, slots=True)
class Agent:
    """A role noun: ``[~GOV]`` follows the country code (VELGOV), ``[NGO~]`` goes before it (NGOVEL)."""

    names: tuple[tuple[str, ...], ...]  # singular forms and plurals
    code: str
    prefix: bool
    source: Source


@dataclass(frozen=True, slots=True)
class Discard:
    """A phrase that discards the sentence, or (``story``) the whole story."""

    words: tuple[str, ...]
    story: bool
    source: Source


@dataclass(frozen=True, slots=True)
class Issue:
    """An issue phrase and its code; ``negative`` phrases block the issue where they match."""

    words: tuple[str, ...]
    code: str
    category: str
    negative: bool
    source: Source


@dataclass(frozen=True, slots=True)
class PatternElem:
    """One element of a verb pattern: a word, ``&SYNSET``, or a marker ``$ + ^ %``.

    ``tight``: it must stand right next to the previous element (``_`` in the file; for the
    first element, next to the verb). ``exact``: a word written with a trailing ``_``.
    """

    text: str
    tight: bool = False


@dataclass(frozen=True, slots=True)
class Pattern:
    """``- LOWER * UPPER [CODE]``: ``lower`` runs from the verb backwards, ``upper`` forwards."""

    lower: tuple[PatternElem, ...]
    upper: tuple[PatternElem, ...]
    code: str
    source: Source


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A verb (or multi-word verb) and its inflected forms; ``code`` overrides the block's."""

    words: tuple[str, ...]  # the base form; multi-word verbs have several words
    head: int  # index of the inflected word in ``words``
    forms: tuple[tuple[str, ...], ...]  # every form as a word tuple (base included)
    code: str | None
    source: Source


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """A ``--- VERB [CODE] ---`` block: its verbs share its patterns."""

    name: str
    code: str
    verbs: tuple[VerbForm, ...]
    patterns: tuple[Pattern, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Transformation:
    """``~ a (a b ATTACK) SAY = a b 015``: an event reported inside another, recoded.

    ``inner`` is the embedded event as (source, target, verb), ``outer`` the verb that
    embeds it with its source, ``result`` the (source, target, code) it becomes. Variables
    are lower-case letters; ``_`` and ``.`` stand for any or no actor.
    """

    outer_source: str
    inner: tuple[str, str, str]
    outer_verb: str
    result: tuple[str, str, str]
    source: Source
