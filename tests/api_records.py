"""Hand-built coded documents for the API tests: spans point at the real text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cormorant.records import Actor, CodedDocument, Document, Event, Place, Skipped, Trigger


@dataclass(frozen=True)
class Spec:
    """One event: who (text, code), trigger word, whom, code, and where."""

    event_id: str
    sentence: int
    source: tuple[str, str] | None
    trigger: str
    target: tuple[str, str] | None
    cameo: str
    plover: str
    quad: int
    goldstein: float
    place: tuple[str, str, float, float] | None = None  # text, country, lat, lon
    negated: bool = False
    hypothetical: bool = False


DOCS: dict[str, dict[str, Any]] = {
    "d1": dict(date="2024-03-03", title="Shelling near Kharkiv", sentences=[
        "Russian troops shelled Ukrainian positions near Kharkiv.",
        "Ukraine accused Russia of war crimes.",
    ], events=[
        Spec("m1", 0, ("Russian troops", "RUSMIL"), "shelled", ("Ukrainian positions", "UKRMIL"),
             "195", "ASSAULT", 4, -10.0, ("Kharkiv", "UKR", 49.99, 36.23)),
        Spec("m2", 1, ("Ukraine", "UKR"), "accused", ("Russia", "RUS"), "112", "ACCUSE", 3, -2.0),
    ]),
    "d2": dict(date="2024-03-03", title="Second report", sentences=[
        "On Sunday, Russian forces shelled Ukrainian lines outside Kharkiv.",
    ], events=[
        Spec("m3", 0, ("Russian forces", "RUSMIL"), "shelled", ("Ukrainian lines", "UKRMIL"),
             "195", "ASSAULT", 4, -10.0, ("Kharkiv", "UKR", 49.99, 36.23)),
    ]),
    "d3": dict(date="2024-05-10", title="Energy pact", sentences=[
        "France and Germany signed an energy agreement in Paris.",
    ], events=[
        Spec("m4", 0, ("France", "FRAGOV"), "signed", ("Germany", "DEUGOV"), "057", "AGREE", 1,
             8.0, ("Paris", "FRA", 48.86, 2.35)),
    ]),
    "d4": dict(date="2024-01-15", title="No march", sentences=[
        "Talks went on.", "The opposition did not march in Nairobi.",
    ], events=[
        Spec("m5", 1, ("The opposition", "KENOPP"), "march", None, "141", "PROTEST", 3, -6.5,
             ("Nairobi", "KEN", -1.29, 36.82), negated=True),
    ]),
}

COUNTRY = {"RUS": "RUS", "UKR": "UKR", "FRA": "FRA", "DEU": "DEU", "KEN": "KEN"}


def _span(text: str, part: str, start: int) -> tuple[int, int]:
    i = text.index(part, start)
    return i, i + len(part)


def _actor(text: str, spec: tuple[str, str] | None, start: int) -> Actor | None:
    if spec is None:
        return None
    words, code = spec
    return Actor(text=words, code=code, country=COUNTRY[code[:3]], sector=code[3:] or None,
                 span=_span(text, words, start), entry=f"test.{code.lower()}")


def coded_document(doc_id: str) -> CodedDocument:
    d = DOCS[doc_id]
    text = " ".join(d["sentences"])
    starts, pos = [], 0
    for s in d["sentences"]:
        starts.append(pos)
        pos += len(s) + 1
    events = []
    for sp in d["events"]:
        s0 = starts[sp.sentence]
        place = None
        if sp.place is not None:
            name, country, lat, lon = sp.place
            place = Place(text=name, span=_span(text, name, s0), name=name, country=country,
                          lat=lat, lon=lon, geonameid=1000 + len(name), feature="P.PPL")
        source, target = _actor(text, sp.source, s0), _actor(text, sp.target, s0)
        events.append(Event(
            event_id=sp.event_id, doc_id=doc_id, sentence_index=sp.sentence,
            sentence=d["sentences"][sp.sentence], date=dt.date.fromisoformat(d["date"]),
            date_precision="day", source=source, target=target, cameo=sp.cameo,
            cameo_root=sp.cameo[:2], plover=sp.plover, plover_mode=None, quad_class=sp.quad,
            goldstein=sp.goldstein, location=place, negated=sp.negated,
            hypothetical=sp.hypothetical,
            trigger=Trigger(sp.trigger, _span(text, sp.trigger, s0)),
            rule=f"test.{sp.trigger}", extras={"by": "hand"},
        ))
    return CodedDocument(
        document=Document(id=doc_id, text=text, date=dt.date.fromisoformat(d["date"]),
                          title=d["title"], url=f"https://news.invalid/{doc_id}",
                          source=f"/corpus/{doc_id}.txt"),
        events=tuple(events),
        actors=tuple(a for e in events for a in (e.source, e.target) if a is not None),
        sentences=tuple((s0, s0 + len(s)) for s0, s in zip(starts, d["sentences"], strict=True)),
    )


def api_documents() -> list[CodedDocument | Skipped]:
    """Four coded documents (five mentions, four events) and one skipped input."""
    items: list[CodedDocument | Skipped] = [coded_document(d) for d in DOCS]
    items.append(Skipped("/corpus/broken.bin", "binary", "NUL bytes", doc_id="broken"))
    return items


def api_store(folder: Path) -> Path:
    """A DuckDB store in ``folder`` holding ``api_documents()``."""
    from cormorant.store import open_store

    path = folder / "events.duckdb"
    with open_store(path) as store:
        store.ingest(api_documents())
    return path
