"""Hand-built coded documents for the store tests (no spaCy model needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from cormorant.records import Actor, CodedDocument, Document, Event, Place, Skipped, Trigger

# id: doc, date, (source code, country, sector), (target ...), cameo, root, plover, quad,
# goldstein, place (name, country, lat, lon) or None, sentence, negated, hypothetical
ROWS: dict[str, dict[str, Any]] = {
    "e1": dict(doc="a", date="2024-01-10", src=("USAGOV", "USA", "GOV"), tgt=("CHNGOV", "CHN", "GOV"),
               cameo="042", plover="CONSULT", quad=1, g=1.9, place=("Beijing", "CHN", 39.9, 116.4),
               sentence="The American envoy visited officials in Beijing."),
    "e2": dict(doc="a", date="2024-01-11", src=("CHNMIL", "CHN", "MIL"), tgt=("TWN", "TWN", None),
               cameo="190", plover="ASSAULT", quad=4, g=-10.0, place=("Taipei", "TWN", 25.03, 121.56),
               sentence="Chinese troops fired on a patrol near Taipei."),
    "e3": dict(doc="b", date="2024-02-15", src=("RUSMIL", "RUS", "MIL"), tgt=("UKRMIL", "UKR", "MIL"),
               cameo="195", plover="ASSAULT", quad=4, g=-10.0, place=("Kharkiv", "UKR", 49.99, 36.23),
               sentence="Russian artillery shelled Ukrainian positions outside Kharkiv."),
    "e4": dict(doc="b", date="2024-02-15", src=("UKRGOV", "UKR", "GOV"), tgt=("RUSGOV", "RUS", "GOV"),
               cameo="112", plover="ACCUSE", quad=3, g=-2.0, place=None,
               sentence="Kyiv accused Moscow of breaking the truce."),
    "e5": dict(doc="c", date="2024-03-01", src=("FRAGOV", "FRA", "GOV"), tgt=("DEUGOV", "DEU", "GOV"),
               cameo="057", plover="AGREE", quad=1, g=8.0, place=("Paris", "FRA", 48.86, 2.35),
               sentence="France and Germany signed a energy pact in Paris."),
    "e6": dict(doc="c", date="2024-06-20", src=("USAMIL", "USA", "MIL"), tgt=("IRQREB", "IRQ", "REB"),
               cameo="173", plover="COERCE", quad=4, g=-5.0, place=("Baghdad", "IRQ", 33.31, 44.36),
               sentence="US soldiers may detain insurgents in Baghdad.", hypothetical=True),
    "e7": dict(doc="d", date="2023-12-31", src=("KENOPP", "KEN", "OPP"), tgt=("KENGOV", "KEN", "GOV"),
               cameo="141", plover="PROTEST", quad=3, g=-6.5, place=("Nairobi", "KEN", -1.29, 36.82),
               sentence="The opposition did not march in Nairobi.", negated=True),
    "e8": dict(doc="d", date=None, src=None, tgt=("UKRGOV", "UKR", "GOV"),
               cameo="070", plover="AID", quad=2, g=7.0, place=None,
               sentence="Aid reached the Ukrainian government."),
}


def actor(spec: tuple[str, str | None, str | None] | None, text: str = "someone") -> Actor | None:
    if spec is None:
        return None
    return Actor(text=text, code=spec[0], country=spec[1], sector=spec[2], span=(0, len(text)),
                 entry=f"test:{spec[0]}")


def event(event_id: str, *, doc: str, date: str | None, src: Any, tgt: Any, cameo: str,
          plover: str | None, quad: int | None, g: float | None, place: Any, sentence: str,
          negated: bool = False, hypothetical: bool = False, sentence_index: int = 0,
          precision: str = "day") -> Event:
    loc = None
    if place is not None:
        name, country, lat, lon = place
        loc = Place(text=name, span=(1, 1 + len(name)), name=name, country=country, lat=lat,
                    lon=lon, geonameid=abs(hash(name)) % 100000, admin1=f"{name} province",
                    feature="P.PPLC")
    return Event(
        event_id=event_id, doc_id=doc, sentence_index=sentence_index, sentence=sentence,
        date=dt.date.fromisoformat(date) if date else None,
        date_precision=precision if date else None,  # type: ignore[arg-type]
        source=actor(src, "the source"), target=actor(tgt, "the target"),
        cameo=cameo, cameo_root=cameo[:2], plover=plover, plover_mode=None, quad_class=quad,
        goldstein=g, location=loc, negated=negated, hypothetical=hypothetical,
        trigger=Trigger("did", (4, 7)), rule=f"test.{cameo}", extras={"note": "hand-built"},
    )


def coded(doc_id: str, events: list[Event], *, text: str | None = None,
          date: str | None = None, url: str | None = None) -> CodedDocument:
    text = text if text is not None else " ".join(e.sentence for e in events) or f"Text {doc_id}."
    spans, pos = [], 0
    for e in events:
        spans.append((pos, pos + len(e.sentence)))
        pos += len(e.sentence) + 1
    return CodedDocument(
        document=Document(id=doc_id, text=text, date=dt.date.fromisoformat(date) if date else None,
                          title=f"Title {doc_id}", url=url or f"https://example.org/{doc_id}",
                          source=f"/data/{doc_id}.txt"),
        events=tuple(events),
        actors=tuple(a for e in events for a in (e.source, e.target) if a is not None),
        sentences=tuple(spans),
    )


def sample_documents() -> list[CodedDocument | Skipped]:
    """Four documents holding ROWS, plus one skipped input."""
    by_doc: dict[str, list[Event]] = {}
    for eid, spec in ROWS.items():
        by_doc.setdefault(spec["doc"], []).append(event(eid, **spec))
    items: list[CodedDocument | Skipped] = [
        coded(d, [replace(e, sentence_index=i) for i, e in enumerate(evs)])
        for d, evs in by_doc.items()
    ]
    items.append(Skipped("/data/broken.bin", "binary", "NUL bytes at offset 12"))
    return items
