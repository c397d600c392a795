"""Where each event happened: the ``cormorant_event_places`` component.

The rule, in order:

1. the place in a prepositional phrase of the event ("detained ... in Shenyang", "rushed
   into the Spanish Embassy in Beijing"), found by walking down from the trigger through
   its objects, prepositions and relative clauses;
2. else the nearest suitable place in the same sentence;
3. else the dateline city ("GOMA, Sept 8 -", "ANKARA (Reuters) -");
4. else none.

A suitable place is resolved, not metonymic ("Beijing says" names an actor), and not part
of an actor's name ("the Japanese consulate" is not Japan).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from cormorant.base.dateline import WINDOW, find_dateline
from cormorant.base.extensions import register_extensions
from cormorant.base.mentions import ActorMention, EventMention, PlaceMention
from cormorant.places.toponym import PLACE_LABELS
from cormorant.places.words import load_words

# Dependencies followed down from the trigger towards a locative phrase.
WALK_DEPS = frozenset({"prep", "pobj", "dobj", "relcl", "acl", "appos", "npadvmod", "advcl",
                       "xcomp", "attr", "nsubjpass", "pcomp", "conj"})
MAX_DEPTH = 4


def suitable(doc: Doc, m: PlaceMention, actors: Iterable[ActorMention],
             ents: list[tuple[int, int, str]] | None = None) -> bool:
    """Resolved, literal, and not inside an actor's or another entity's name
    ("the Vienna Convention" happened nowhere). ``ents``: ``doc.ents`` as (start, end,
    label), when the caller has them."""
    p = m.place
    if p.lat is None or p.metonymic:
        return False
    if any(a.start < m.end and m.start < a.end for a in actors):
        return False
    if ents is None:
        ents = _ents(doc)
    # An entity no longer than the place is the model mislabelling it ("Toulouse" PRODUCT).
    return not any(s < m.end and m.start < e and label not in PLACE_LABELS
                   and (s < m.start or e > m.end) for s, e, label in ents)


def _ents(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def _head_text(doc: Doc, n_chars: int) -> str:
    """The first ``n_chars`` characters of ``doc.text`` (or all of it), without joining
    every token of a long document."""
    parts: list[str] = []
    size = 0
    for t in doc:
        parts.append(t.text_with_ws)
        size += len(parts[-1])
        if size >= n_chars:
            break
    return "".join(parts)[:n_chars]


def _place_at(places: list[PlaceMention], i: int) -> PlaceMention | None:
    for m in places:
        if m.start <= i < m.end:
            return m
    return None


def _specificity(m: PlaceMention) -> int:
    """Towns before counties before regions before countries."""
    f = m.place.feature or ""
    if f.startswith("P."):
        return 0
    return {"A.ADM2": 1, "A.ADM1": 2, "A.PCLI": 4}.get(f, 3)


def phrase_place(trigger: Token, places: list[PlaceMention],
                 preps: frozenset[str] | None = None) -> PlaceMention | None:
    """The most specific place under a locative preposition (``preps``: the packaged
    ``locative_preps``), walking down from the trigger ("in Shenyang, in northeastern
    China" gives Shenyang)."""
    words = load_words()
    if preps is None:
        preps = words.locative_preps
    place_nouns = words.place_nouns
    frontier: list[tuple[Token, bool]] = [(trigger, False)]
    hits: list[tuple[int, int, int, PlaceMention]] = []
    for depth in range(MAX_DEPTH + 2):
        nxt: list[tuple[Token, bool]] = []
        for tok, under_loc in frontier:
            for child in tok.children:
                if child.dep_ not in WALK_DEPS:
                    continue
                # "the outskirts of Peshawar", "the town of Kidal": "of" after a place noun
                # leads to where it happened.
                of_place = child.dep_ == "prep" and child.lower_ == "of" and tok.lower_ in place_nouns
                loc = under_loc or (child.dep_ == "prep" and (child.lower_ in preps or of_place))
                if loc and child.dep_ in ("pobj", "conj", "appos"):
                    m = _place_at(places, child.i)
                    if m is not None:
                        hits.append((_specificity(m), depth, abs(m.start - trigger.i), m))
                        continue
                    # "in the Kadikoy district of Istanbul": the district, in its city.
                    m = _district_of(child, places, place_nouns)
                    if m is not None:
                        hits.append((-1, depth, abs(m.start - trigger.i), m))
                # A preposition that is not locative ("with", "about") closes the path.
                if child.dep_ == "prep" and child.lower_ not in preps and not of_place:
                    continue
                nxt.append((child, loc if child.dep_ in ("prep", "pobj") else False))
        frontier = nxt
        if not frontier:
            break
    if not hits:
        return None
    return min(hits, key=lambda h: h[:3])[3]


def _district_of(noun: Token, places: list[PlaceMention],
                 place_nouns: frozenset[str]) -> PlaceMention | None:
    """The resolved place that names the part of a city ``noun`` is ("the Kadikoy
    district"), if any."""
    if noun.lower_ not in place_nouns:
        return None
    for c in noun.children:
        if c.dep_ == "compound" and c.i < noun.i:
            m = _place_at(places, c.i)
            if m is not None and m.place.lat is not None:
                return m
    return None


def dateline_place(doc: Doc, places: list[PlaceMention], actors: list[ActorMention]) -> PlaceMention | None:
    """The place named by the document's dateline, if it has one."""
    # A dateline opens the story: its first WINDOW characters are all find_dateline reads.
    m = find_dateline(_head_text(doc, WINDOW))
    if m is None:
        return None
    start, end = m.place_start, m.place_end
    for pm in places:
        start_char, end_char = pm.place.span
        if start_char >= start and end_char <= end + 1 and pm.place.lat is not None:
            return pm
    return None


def locate(doc: Doc, ev: EventMention, places: list[PlaceMention], actors: list[ActorMention],
           dateline: PlaceMention | None, ok: list[PlaceMention] | None = None) -> PlaceMention | None:
    """The event's place: its own locative phrase wins ("in", "at", "near", "outside",
    "north of" ...), even when the place also stands for an actor ("arrived in Canberra",
    "struck targets in southern Lebanon"); then the nearest suitable place of the sentence
    that is in a locative phrase and not inside an actor's description ("a reporter from a
    Lagos newspaper", "a Tokyo-based envoy"); then the dateline. ``ok``: the suitable
    ``places``, when the caller has them."""
    if ok is None:
        ents = _ents(doc)
        ok = [m for m in places if suitable(doc, m, actors, ents)]
    trigger = doc[ev.trigger_start]
    sent = trigger.sent
    literal = [m for m in places if sent.start <= m.start < sent.end
               and m.place.lat is not None and not _inside_name(doc, m)]
    hit = phrase_place(trigger, literal)
    if hit is not None:
        return hit
    in_sent = [m for m in ok if sent.start <= m.start < sent.end and not _describes(doc, m)]
    preps = load_words().locative_preps
    located = [m for m in in_sent if _under_locative(doc, m, preps)]
    pool = located or in_sent
    if pool:
        return min(pool, key=lambda m: (abs(m.start - trigger.i), m.start))
    return dateline


def _inside_name(doc: Doc, m: PlaceMention) -> bool:
    """Part of a longer name that is not a place ("the Vienna Convention")."""
    head = doc[m.end - 1]
    return head.dep_ == "compound" and head.head.i >= m.end and head.head.ent_type_ not in PLACE_LABELS \
        and head.head.lower_ not in load_words().place_nouns  # "the Kadikoy district" is a place


def _describes(doc: Doc, m: PlaceMention) -> bool:
    """A place that only describes a person or thing: "a Lagos newspaper", "Tokyo-based",
    "a journalist from Mombasa"."""
    head = doc[m.end - 1]
    if head.dep_ in ("compound", "amod", "nmod", "npadvmod") and head.head.i != head.i:
        # "the Shejaiya neighbourhood" names a place, "a Lagos newspaper" describes a thing
        return head.head.lower_ not in load_words().place_nouns
    if head.dep_ == "pobj" and head.head.lower_ == "from" and head.head.head.pos_ in ("NOUN", "PROPN"):
        return True
    nxt = doc[m.end] if m.end < len(doc) else None
    return nxt is not None and nxt.text == "-"  # "Tokyo-based", "Karachi-born"


def _under_locative(doc: Doc, m: PlaceMention, preps: frozenset[str]) -> bool:
    head = doc[m.end - 1]
    for _ in range(3):
        if head.dep_ == "pobj":
            return head.head.lower_ in preps
        if head.dep_ not in ("conj", "appos", "compound") or head.head.i == head.i:
            return False
        head = head.head
    return False


class EventLocator:
    """Sets ``EventMention.location`` for every event on the ``Doc``."""

    def __init__(self, nlp: Language, name: str = "cormorant_event_places") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None) -> None:
        """Nothing to load: the rule works on the places and events already on the Doc."""

    def __call__(self, doc: Doc) -> Doc:
        events: list[EventMention] = doc._.events or []
        places: list[PlaceMention] = doc._.places or []
        if not events or not places:
            return doc
        actors: list[ActorMention] = list(doc._.actors or [])
        for ev in events:
            for a in (ev.source, ev.target):
                if a is not None and a not in actors:
                    actors.append(a)
        # What does not depend on the event is worked out once per document.
        ents = _ents(doc)
        ok = [m for m in places if suitable(doc, m, actors, ents)]
        dateline = dateline_place(doc, places, actors)
        for ev in events:
            if ev.location is None:
                ev.location = locate(doc, ev, places, actors, dateline, ok)
        return doc


@Language.factory("cormorant_event_places")
def make_event_locator(nlp: Language, name: str) -> EventLocator:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return EventLocator(nlp, name)
