"""Metonymy: whether a toponym names an actor ("Beijing says") rather than a place."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from cormorant.base.mentions import ActorMention
from cormorant.places.gazetteer import KIND_ADMIN1, KIND_CITY, KIND_COUNTRY, Entry
from cormorant.places.toponym import DATELINE_FOLLOWERS, DocView
from cormorant.places.words import PlaceWords, load_words


def is_metonymic(doc: Doc, start: int, end: int, entry: Entry | None,
                 actors: Iterable[ActorMention] = (), view: DocView | None = None,
                 lex: PlaceWords | None = None) -> bool:
    """Whether the toponym ``doc[start:end]`` names an actor ("Beijing says"), not a place.

    A toponym governed by a locative preposition, a passive subject or a qualified name
    ("Paris, Texas") is a place. Otherwise the actor stage's verdict is taken when it coded
    an overlapping country or capital actor of the same country; failing that,
    the syntax decides: subject of an action or speech verb, possessor of a person or
    institution, or modifier of an institution. ``view`` (of ``doc``) saves re-reading it.
    """
    if entry is not None and entry.kind not in (KIND_COUNTRY, KIND_CITY, KIND_ADMIN1):
        return False
    if view is None:
        view = DocView.of(doc)
    if lex is None:
        lex = load_words()
    # A one-token span is its own root: no need to make the span to find it.
    head = doc[start] if end - start == 1 and "root" not in doc.user_span_hooks \
        else doc[start:end].root
    if view.span_text(start, end).isupper() and end < len(view.words) \
            and view.words[end] in DATELINE_FOLLOWERS:
        return False  # a dateline names where the story was filed
    if head.dep_ == "pobj" and head.head.lower_ in lex.locative_preps:
        return False
    if head.dep_ == "pobj" and head.head.lower_ == "of" \
            and head.head.head.lower_ in lex.place_nouns:
        return False  # "the outskirts of Peshawar", "the Shejaiya neighbourhood of Gaza City"
    if head.dep_ == "nsubjpass" or any(c.dep_ == "appos" and c.i >= end for c in head.children):
        return False  # "Paris, Texas, was hit by a storm": a place things happen to
    for a in actors:
        if a.start < end and start < a.end and a.kind in ("country", "capital") and (
                entry is None or a.country is None or a.country == entry.country):
            return True
    dep = head.dep_
    gov = head.head
    if dep == "nsubj" and gov.pos_ in ("VERB", "AUX"):
        if gov.lemma_ == "be":
            attrs = [c for c in gov.children if c.dep_ == "attr"]
            return any(c.lemma_.lower() in lex.agent_nouns for c in attrs)
        return gov.lemma_.lower() not in lex.locative_verbs
    if dep == "pobj" and entry is not None and (entry.kind != KIND_CITY
                                                 or entry.feature == "P.PPLC"):
        prep = gov.lower_
        verb = gov.head
        if prep in ("with", "against") or (prep == "to" and verb.lemma_.lower() in lex.address_verbs):
            return True  # "talks with China", "protested to Tokyo"
    if dep == "poss":
        return gov.lemma_.lower() in lex.agent_nouns or gov.lower_ in lex.agent_nouns
    if dep in ("compound", "amod", "nmod") and gov.pos_ in ("NOUN", "PROPN"):
        return gov.lemma_.lower() in lex.agent_nouns
    return False

