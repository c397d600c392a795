"""Mutable, token-level mention types that live on ``Doc`` extensions.

Components fill these; ``cormorant.nlp.extract`` turns them into the frozen
records of ``cormorant.records`` at the edge. Offsets here are token indices.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cormorant.records import Place


@dataclass(slots=True)
class ActorMention:
    """A coded actor in the text (tokens ``start:end``)."""

    start: int
    end: int
    code: str
    country: str | None
    sector: str | None
    entries: tuple[str, ...] = ()  # dictionary entry ids that built the code
    kind: str = "name"  # country, agent, org, person, pronoun, capital, ...
    antecedent: ActorMention | None = None  # set when resolved by coreference
    head: int = -1  # token index of the syntactic head of the mention


@dataclass(slots=True)
class PlaceMention:
    """A toponym (tokens ``start:end``) with its resolved gazetteer entry."""

    start: int
    end: int
    place: Place


@dataclass(slots=True)
class EventMention:
    """A coded event before it leaves the pipeline."""

    sentence_index: int
    trigger_start: int
    trigger_end: int
    cameo: str
    rule: str
    source: ActorMention | None = None
    target: ActorMention | None = None
    negated: bool = False
    hypothetical: bool = False
    location: PlaceMention | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
