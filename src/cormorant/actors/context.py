"""Country of role nouns that name none, from where the text places them.

"Demonstrators", "prisoners", "guerrillas" or "the government of Sindh province" get only a
sector from the actor stage when no country word stands in their phrase. Analysts code
them with the country the context gives. This pass runs once toponyms are resolved
(``doc._.places``, from the place stage, which runs after the actor stage), and tries in
order:

1. ``place``: a locative phrase on the noun or on its verb ("demonstrators in Baghdad",
   "blocked streets in Hong Kong", "rioted at a jail in East Timor's capital", "the
   government of Sindh province"); refugees take where they come from or flee ("refugees
   from X", "refugees fleeing the war in X"), never where they are;
2. ``sentence``: the only country the sentence names (actors and places); refugees first
   take the country of refugees the story named before (``earlier-mention``);
3. ``document``: the country that most of the document's places and country mentions
   name, when it has a clear majority.

The mention's ``entries`` record the step (``country-from:place``, ``country-from:sentence``,
``country-from:document``), so an event can name where its actor's country came from.
Military, media and diplomatic roles are not placed: troops in a country are seldom its
own, a correspondent in a capital seldom a local.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from spacy.tokens import Doc, Token

from cormorant.actors.companies import ROLE as COMPANY_ROLE
from cormorant.actors.coref import SENTENCE_MARK
from cormorant.actors.dictionary import NON_STATE_PREFIXES
from cormorant.actors.recognize import sponsor_suffixed, stance_prefixed
from cormorant.actors.words import ActorWords
from cormorant.base.mentions import ActorMention, PlaceMention
from cormorant.base.tokens import token_table

# Sectors never placed by context: NGO-coded groups already have CAMEO's own code; troops,
# journalists and diplomats are seldom from where they are.
UNPLACED_SECTORS = frozenset({"NGO", "HRI", "ENV", "MIL", "MED"})
UNPLACED_AGENTS = frozenset({"agent.embassy", "agent.diplomat"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
QUANTITY_POS = frozenset({"NUM", "NOUN"})
MAX_DEPTH = 4
DOCUMENT_MAJORITY = 0.6  # share of the document's country mentions the dominant one needs


def _site(m: ActorMention, words: ActorWords) -> bool:
    """A military or police site ("a military base in Borno state"): placed by its own
    locative phrase, unlike troops, but never by the sentence's or document's country."""
    return any(e in words.site_agents for e in m.entries)


def _placeable(m: ActorMention, words: ActorWords) -> bool:
    if m.antecedent is not None or not m.sector or m.kind not in ("agent", "person"):
        return False
    if _site(m, words):
        return m.code == m.sector
    if m.sector in NON_STATE_PREFIXES or m.sector in UNPLACED_SECTORS:
        return False
    if any(e in UNPLACED_AGENTS for e in m.entries) or COMPANY_ROLE in m.entries:
        return False  # a company's spokesman has the company's country, or none
    if m.country:
        return SENTENCE_MARK in m.entries  # a sentence guess: a locative phrase may win
    return m.code == m.sector


class _Where:
    """Token -> country, from country mentions and resolved places."""

    def __init__(self, doc: Doc, actors: list[ActorMention],
                 places: list[PlaceMention], words: ActorWords) -> None:
        self.words = words
        self.at: dict[int, str] = {}
        for p in places:
            # Not "anti-Syria" or "US-backed": a stance or a sponsor, not where it is.
            if p.place.country and not stance_prefixed(doc, p.start, words) \
                    and not sponsor_suffixed(doc, p.end, words):
                for i in range(p.start, p.end):
                    self.at[i] = p.place.country
        for m in actors:
            if m.country and m.kind in ("country", "capital", "place"):
                for i in range(m.start, m.end):
                    self.at.setdefault(i, m.country)

    def inside(self, tok: Token) -> str | None:
        """The country named at ``tok`` or nearest below it in its noun phrase (not by an
        adjective: "in defiance of Chinese authorities" is not a place in China)."""
        frontier = [tok]
        for _ in range(MAX_DEPTH):
            nxt: list[Token] = []
            for t in frontier:
                found = self.at.get(t.i)
                if found is not None and t.pos_ != "ADJ":
                    return found
                nxt.extend(c for c in t.children
                           if c.dep_ in ("compound", "poss", "appos", "pobj", "nmod")
                           or (c.dep_ == "prep" and c.lower_ in self.words.noun_preps))
            if not nxt:
                return None
            frontier = nxt
        return None


def _prep_countries(head: Token, preps: frozenset[str], where: _Where) -> str | None:
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj":
                found = where.inside(obj)
                if found is not None:
                    return found
    return None


def _from_place(doc: Doc, m: ActorMention, where: _Where) -> str | None:
    head = doc[m.start:m.end].root
    if m.sector == "REF":
        found = _prep_countries(head, where.words.origin_preps, where)
        if found is None:
            for c in head.children:
                if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in where.words.flee_verbs:
                    found = next((x for o in c.children if o.dep_ in ("dobj", "prep")
                                  if (x := where.inside(o)) is not None), None)
        return found
    found = _prep_countries(head, where.words.noun_preps, where)
    if found is not None:
        return found
    while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in QUANTITY_POS:
        head = head.head.head  # "hundreds of thousands of people", "a group of refugees"
    verb = head.head
    if head.dep_ in SUBJECT_DEPS and verb.pos_ in ("VERB", "AUX"):
        found = _prep_countries(verb, where.words.locative_preps, where)
        if found is None:
            # "blocked streets in Hong Kong": the place hangs on the verb's object.
            for o in verb.children:
                # Only a place the actor is in: "condemned attacks in Tehran" is not.
                if o.dep_ == "dobj" and o.lemma_.lower() in where.words.site_objects:
                    found = _prep_countries(o, where.words.locative_preps, where)
                    if found is not None:
                        break
    return found


class _Sentences:
    """The only country of each sentence, computed on first use."""

    def __init__(self, doc: Doc, where: _Where) -> None:
        self.bounds = token_table(doc).sents
        self.starts = [b[0] for b in self.bounds]
        self.where = where
        self.known: dict[int, str | None] = {}

    def country(self, i: int) -> str | None:
        k = bisect_right(self.starts, i) - 1
        if k not in self.known:
            start, end = self.bounds[k]
            at = self.where.at
            countries = {at[j] for j in range(start, end) if j in at}
            self.known[k] = next(iter(countries)) if len(countries) == 1 else None
        return self.known[k]


def _document_country(where: _Where) -> str | None:
    counts: Counter[str] = Counter()
    last = -2
    for i in sorted(where.at):
        if i != last + 1:  # one count per mention, not per token
            counts[where.at[i]] += 1
        last = i
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    return country if n >= DOCUMENT_MAJORITY * sum(counts.values()) and n >= 2 else None


def _earlier_origin(actors: list[ActorMention], m: ActorMention) -> str | None:
    """The country of the last refugee mention before ``m`` that had one of its own."""
    for other in reversed(actors):
        if other.start >= m.start or other.sector != m.sector or not other.country:
            continue
        if any(e.startswith("country-from:") for e in other.entries):
            continue  # only a country the text gave them, not one inferred here
        return other.country
    return None


def _set(m: ActorMention, country: str, how: str) -> None:
    m.country = country
    m.code = country + (m.sector or "")
    m.entries = (*m.entries, f"country-from:{how}")


def infer_countries(doc: Doc, actors: list[ActorMention] | None,
                    places: list[PlaceMention] | None, words: ActorWords) -> None:
    """Give role-noun mentions with no country the one their context names (in place)."""
    if not actors:
        return
    todo = [m for m in actors if _placeable(m, words)]
    if not todo:
        return
    where = _Where(doc, actors, places or [], words)
    sentences = _Sentences(doc, where)
    doc_country: str | None = None
    doc_done = False
    for m in todo:
        found = _from_place(doc, m, where)
        how = "place"
        if m.country:  # placed by the actor stage from its sentence: only a locative wins
            if found is not None and found != m.country:
                # Drop the guess and the entry of the country it came from.
                m.entries = tuple(e for e in m.entries[1:] if e != SENTENCE_MARK)
                _set(m, found, how)
            continue
        if found is None and _site(m, words):
            continue
        if found is None and m.sector == "REF":
            # Refugees are often not from where the sentence is ("Beijing sends refugees
            # home"): the origin of refugees the story already named comes first.
            found, how = _earlier_origin(actors, m), "earlier-mention"
        if found is None:
            found, how = sentences.country(m.start), "sentence"
        if found is None and m.sector != "REF":
            if not doc_done:
                doc_country, doc_done = _document_country(where), True
            found, how = doc_country, "document"
        if found is not None:
            _set(m, found, how)
    for m in actors:
        # Mentions resolved to one that has just been placed ("they" after "protesters").
        if m.antecedent is not None and m.country is None and m.antecedent.country \
                and m.code == m.sector:
            _set(m, m.antecedent.country, "antecedent")
