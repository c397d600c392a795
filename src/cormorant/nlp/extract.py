"""The edge: turn a processed ``Doc`` into frozen records."""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from cormorant.base.mentions import ActorMention, EventMention
from cormorant.ontology import Ontology
from cormorant.records import Actor, CodedDocument, Document, Event, Place, Trigger


def actor_record(doc: Doc, m: ActorMention) -> Actor:
    span = doc[m.start:m.end]
    ante = m.antecedent
    resolved_from = resolved_span = None
    if ante is not None:
        a = doc[ante.start:ante.end]
        resolved_from, resolved_span = a.text, (a.start_char, a.end_char)
    return Actor(
        text=span.text, code=m.code, country=m.country, sector=m.sector,
        span=(span.start_char, span.end_char), entry=",".join(m.entries) or None,
        resolved_from=resolved_from, resolved_span=resolved_span,
    )


def event_id(doc_id: str, ev: EventMention, source: Actor | None, target: Actor | None) -> str:
    """Stable across runs: the same document and coding give the same id."""
    key = "|".join([
        doc_id, str(ev.sentence_index), str(ev.trigger_start), ev.cameo,
        source.code if source else "", str(source.span if source else ""),
        target.code if target else "", str(target.span if target else ""),
    ])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _cached_actor(doc: Doc, m: ActorMention, cache: dict[int, Actor] | None) -> Actor:
    """``actor_record``, once per mention (the cache is keyed by the mention's identity)."""
    if cache is None:
        return actor_record(doc, m)
    found = cache.get(id(m))
    if found is None:
        found = cache[id(m)] = actor_record(doc, m)
    return found


def event_record(doc: Doc, document: Document, ev: EventMention, ontology: Ontology,
                 sents: list, actors: dict[int, Actor] | None = None) -> Event:
    """``actors``: records already made for mentions, by ``id(mention)`` (filled in)."""
    info = ontology.cameo(ev.cameo)
    sent = sents[ev.sentence_index] if sents else doc[:]
    trig = doc[ev.trigger_start:ev.trigger_end]
    source = _cached_actor(doc, ev.source, actors) if ev.source else None
    target = _cached_actor(doc, ev.target, actors) if ev.target else None
    location: Place | None = ev.location.place if ev.location else None
    return Event(
        event_id=event_id(document.id, ev, source, target),
        doc_id=document.id,
        sentence_index=ev.sentence_index,
        sentence=sent.text,
        date=ev.date,
        date_precision=ev.date_precision,  # type: ignore[arg-type]
        source=source,
        target=target,
        cameo=info.code if ev.cameo not in ontology else ev.cameo,
        cameo_root=ev.cameo[:2],
        plover=info.plover,
        plover_mode=info.plover_mode,
        quad_class=info.quad_class,
        goldstein=info.goldstein,
        location=location,
        negated=ev.negated,
        hypothetical=ev.hypothetical,
        trigger=Trigger(trig.text, (trig.start_char, trig.end_char)),
        rule=ev.rule,
        extras=dict(ev.notes),
    )


def coded_document(doc: Doc, document: Document, ontology: Ontology) -> CodedDocument:
    sents = list(doc.sents)
    # Mentions stay alive on the doc during the call, so their ids are stable keys.
    records: dict[int, Actor] = {}
    events = tuple(event_record(doc, document, ev, ontology, sents, records)
                   for ev in (doc._.events or []))
    actors = tuple(_cached_actor(doc, m, records) for m in (doc._.actors or []))
    places = tuple(p.place for p in (doc._.places or []))
    return CodedDocument(
        document=document, events=events, actors=actors, places=places,
        sentences=tuple((s.start_char, s.end_char) for s in sents),
    )
