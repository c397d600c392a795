"""Lexicon coverage: which actor-linked predicates of a corpus the lexicon does not know.

A *predicate* is a verb lemma with its particle and its object ("hold talks", "call off",
"open fire"). It is *actor-linked* when two recognised actors stand among its subject and
objects, or one actor and an event noun ("X held talks"). Each such predicate is

- ``coded``: an event was coded on it;
- ``known``: a lexicon frame matched it but the event was not kept (no target, modality,
  relevance): the lexicon has decided it;
- ``declared``: the most specific matching frame is a declared non-event (``cameo: none``);
- ``unknown``: no frame of the lexicon matches it. These are the gaps to look at.

``unknown_share`` is the share of actor-linked predicates that are unknown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from cormorant.events.frames import frame_matches
from cormorant.events.lexicon import Lexicon
from cormorant.events.roles import ActorIndex
from cormorant.events.words import Words
from cormorant.records import Document

__all__ = ["CoverageReport", "Predicate", "STATUSES", "coverage", "doc_predicates"]

STATUSES = ("coded", "known", "declared", "unknown")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "agent")
_OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")


@dataclass(frozen=True)
class Predicate:
    """An unknown predicate: how often it links actors, and one place it does."""

    key: str
    count: int
    doc_id: str
    start: int  # character offsets of the predicate's sentence in the document
    end: int


@dataclass(frozen=True)
class CoverageReport:
    """Counts of actor-linked predicates by status, and the commonest unknown ones."""

    documents: int
    counts: dict[str, int]
    top: tuple[Predicate, ...] = field(default=())

    @property
    def linked(self) -> int:
        return sum(self.counts.values())

    @property
    def unknown_share(self) -> float:
        return self.counts.get("unknown", 0) / self.linked if self.linked else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents, "linked": self.linked, "counts": dict(self.counts),
            "unknown_share": round(self.unknown_share, 4),
            "top_unknown": [{"predicate": p.key, "count": p.count, "doc_id": p.doc_id,
                             "start": p.start, "end": p.end} for p in self.top],
        }


def _key(tok: Token, lemma: str, index: ActorIndex) -> str:
    """Lemma, particle and object noun ("hold talks"); an actor object is not part of it."""
    parts = [lemma]
    parts += [c.lower_ for c in tok.children if c.dep_ == "prt"]
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.pos_ == "NOUN" and not index.at(obj):
        parts.append(obj.lemma_.lower())
    return " ".join(parts)


def _arguments(tok: Token) -> tuple[list[Token], list[Token]]:
    subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS]
    objects = [c for c in tok.children if c.dep_ in _OBJECT_DEPS]
    for p in tok.children:
        if p.dep_ == "prep":
            objects += [o for o in p.children if o.dep_ == "pobj"]
        elif p.dep_ == "agent":
            subjects += [o for o in p.children if o.dep_ == "pobj"]
    return subjects, objects


def _status(tok: Token, lemma: str, coded: set[int], lexicon: Lexicon, words: Words) -> str:
    if tok.i in coded:
        return "coded"
    memo: dict[object, object] = {}
    for e in lexicon.candidates("verb", lemma):
        ok, _ = frame_matches(tok, e, memo, words.circumstance_preps)
        if ok:
            return "declared" if e.nonevent else "known"
    return "unknown"


def doc_predicates(doc: Doc, lexicon: Lexicon, words: Words) -> Iterator[tuple[str, str, Token]]:
    """``(predicate, status, token)`` for the actor-linked verbs of a coded ``Doc``."""
    index = ActorIndex(doc, doc._.actors, doc._.places, words)
    coded = {ev.trigger_start for ev in doc._.events or ()}
    fixes = words.verb_fixes  # the lemma the coder looks up: "rated" is "rate", not "rat"
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        subjects, objects = _arguments(tok)
        actors = {id(m): m for t in (*subjects, *objects) for m in index.at(t)}
        event_noun = any(lexicon.candidates("noun", o.lemma_.lower()) for o in objects)
        if len(actors) >= 2 or (actors and event_noun):
            lemma = tok.lemma_.lower()
            lemma = fixes.get(lemma, lemma)
            yield _key(tok, lemma, index), _status(tok, lemma, coded, lexicon, words), tok


def coverage(nlp: Language, documents: Iterable[Document], *, top: int = 30,
             batch_size: int = 32) -> CoverageReport:
    """Run ``nlp`` (a cormorant pipeline) over ``documents`` and count predicates."""
    coder: Any = nlp.get_pipe("cormorant_events")
    lexicon: Lexicon = coder.lexicon
    words: Words = coder.words
    counts: Counter[str] = Counter({s: 0 for s in STATUSES})
    unknown: Counter[str] = Counter()
    where: dict[str, tuple[str, int, int]] = {}
    n = 0
    docs = ((d.text, d.id) for d in documents)
    for doc, doc_id in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        n += 1
        for key, status, tok in doc_predicates(doc, lexicon, words):
            counts[status] += 1
            if status == "unknown":
                unknown[key] += 1
                if key not in where:
                    sent = tok.sent
                    where[key] = (doc_id, sent.start_char, sent.end_char)
    preds = tuple(Predicate(k, c, *where[k]) for k, c in unknown.most_common(top))
    return CoverageReport(n, dict(counts), preds)
