"""The records that pass between pipeline stages and leave the library.

They are frozen dataclasses: cheap to pickle for Dask workers, safe to share,
and serialised with ``to_dict`` to exactly the keys of the published schema.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Span = tuple[int, int]
DatePrecision = Literal["day", "week", "month", "year"]  # "week": the 7 days from `date`

EVENT_KEYS: tuple[str, ...] = (
    "event_id", "doc_id", "sentence_index", "sentence", "date", "date_precision",
    "source", "target", "cameo", "cameo_root", "plover", "plover_mode", "quad_class",
    "goldstein", "location", "negated", "hypothetical", "trigger", "rule",
)


@dataclass(frozen=True)
class Document:
    """One input text with its identity and (possibly unknown) publication date."""

    id: str
    text: str
    date: dt.date | None = None
    date_source: str | None = None  # "given", "headline", "dateline", "text", "file-mtime"
    title: str | None = None
    url: str | None = None
    source: str | None = None  # path, URL or "-" for stdin


@dataclass(frozen=True)
class Skipped:
    """An input that was not coded, and why."""

    source: str
    reason: str  # short tag: unreadable, binary, encoding, empty, format, error
    detail: str = ""
    doc_id: str | None = None


@dataclass(frozen=True)
class Actor:
    """A coded actor mention: CAMEO code, its country and sector, and where it is."""

    text: str
    code: str
    country: str | None
    sector: str | None
    span: Span
    entry: str | None = None  # id of the dictionary entry that matched
    resolved_from: str | None = None  # antecedent text when found by coreference
    resolved_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text, "code": self.code, "country": self.country,
            "sector": self.sector, "span": list(self.span),
        }
        if self.entry is not None:
            d["entry"] = self.entry
        if self.resolved_from is not None:
            d["resolved_from"] = self.resolved_from
            d["resolved_span"] = list(self.resolved_span) if self.resolved_span else None
        return d


@dataclass(frozen=True)
class Place:
    """A resolved toponym."""

    text: str
    span: Span
    name: str
    country: str | None  # ISO-3166 alpha-3
    lat: float | None
    lon: float | None
    geonameid: int | None
    admin1: str | None = None
    feature: str | None = None  # GeoNames feature class.code, e.g. "P.PPLA"
    metonymic: bool = False

    def to_location(self) -> dict[str, Any]:
        return {
            "name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
            "geonameid": self.geonameid, "span": list(self.span),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "span": list(self.span), "name": self.name,
            "country": self.country, "admin1": self.admin1, "lat": self.lat, "lon": self.lon,
            "geonameid": self.geonameid, "feature": self.feature, "metonymic": self.metonymic,
        }


@dataclass(frozen=True)
class Trigger:
    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


@dataclass(frozen=True)
class Event:
    """One coded event with its evidence."""

    event_id: str
    doc_id: str
    sentence_index: int
    sentence: str
    date: dt.date | None
    date_precision: DatePrecision | None
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    plover: str | None
    plover_mode: str | None
    quad_class: int | None
    goldstein: float | None
    location: Place | None
    negated: bool
    hypothetical: bool
    trigger: Trigger
    rule: str
    extras: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The published JSON shape: exactly ``EVENT_KEYS``."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "source": _actor_json(self.source),
            "target": _actor_json(self.target),
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "location": self.location.to_location() if self.location else None,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "trigger": self.trigger.to_dict(),
            "rule": self.rule,
        }


def _actor_json(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "text": actor.text, "code": actor.code, "country": actor.country,
        "sector": actor.sector, "span": list(actor.span),
    }


@dataclass(frozen=True)
class CodedDocument:
    """Everything coded from one document."""

    document: Document
    events: tuple[Event, ...]
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()  # character spans of sentences
