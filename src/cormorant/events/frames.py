"""Frame matching: which lexicon entry each token of a sentence triggers.

A token whose (pos, lemma) has lexicon frames is tried against them, most specific
first; a frame may require a particle, a preposition or an object phrase.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.symbols import ADJ, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from cormorant.base.tokens import TokenTable
from cormorant.events.lexicon import Entry, Lexicon
from cormorant.events.roles import PARTICLE_DEPS

_POS = {VERB: "verb", NOUN: "noun", PROPN: "noun", ADJ: "adj"}


@dataclass
class Candidate:
    """A matched trigger before modes and roles are settled."""

    token: Token
    entry: Entry
    obj: Token | None
    governed: list[Candidate] = field(default_factory=list)
    governor: Candidate | None = None
    reporter: Candidate | None = None
    nested: bool = False
    chain: list[Token] = field(default_factory=list)
    toll_of: Candidate | None = None  # "stormed a post, killing five": the attack it ends
    alleged: bool = False  # "arrested for attacking a police station": what is charged
    prospect: tuple[str, str] | None = None  # ("speculate"|"intent"|"none", noun lemma)
    consumed_by: Candidate | None = None  # an event noun a frame named as its object


Trigger = tuple[Token, tuple[Entry, ...]]


def triggers(lex: Lexicon, doc: Doc, table: TokenTable,
             verb_fixes: Mapping[str, str] | None = None,
             sentences: Collection[int] | None = None) -> list[list[Trigger]]:
    """The tokens of ``doc`` that have lexicon entries, with the entries (most specific
    first), by sentence. ``verb_fixes``: the model's wrong verb lemmas and the right ones
    ("staged" -> "stag" -> "stage"); ``sentences``: only these (by number), if given.

    One pass per document: each distinct lemma is looked up once, and only tokens whose
    lemma has frames (or that are participles, which may be adjectives with frames:
    "is opposed to") become ``Token`` objects.
    """
    strings = doc.vocab.strings
    vbn = strings["VBN"]
    fixes = verb_fixes or {}
    pos_of, tag_of, lemma_of = table.pos, table.tag, table.lemma
    framed: dict[int, str] = {}  # lemma hash -> lower-case lemma, for lemmas with frames
    for h in set(lemma_of):
        low = strings[h].lower()
        if low in lex.lemmas or low in fixes:
            framed[h] = low
    out: list[list[Trigger]] = [[] for _ in table.sents]
    maybe = [i for i, (h, tag) in enumerate(zip(lemma_of, tag_of, strict=True))
             if h in framed or tag == vbn]
    if sentences is not None:
        sent_of = table.sent_of
        maybe = [i for i in maybe if sent_of[i] in sentences]
    for i in maybe:
        pos = _POS.get(pos_of[i])
        if pos is None:
            continue
        lemma = framed.get(lemma_of[i])
        entries: tuple[Entry, ...] = ()
        if lemma is not None:
            if pos == "verb":
                lemma = fixes.get(lemma, lemma)
            entries = lex.candidates(pos, lemma)
        t: Token | None = None
        if pos == "verb" and tag_of[i] == vbn:
            # "is opposed to", "is prepared to": adjectival participles.
            adj = lex.candidates("adj", strings[table.lower[i]])
            # Not "have opposed": a perfect tense is the verb itself.
            if adj:
                t = doc[i]
                if not any(c.dep_ == "agent" or (c.dep_ == "aux" and c.lemma_ == "have")
                           for c in t.children):
                    entries = adj + entries
        if entries:
            out[table.sent_of[i]].append((doc[i] if t is None else t, entries))
    return out


def match(found: list[Trigger], skip_preps: frozenset[str] = frozenset()) -> dict[int, Candidate]:
    """Frames matched by the ``triggers`` of one sentence; ``skip_preps``: prepositions
    whose object is a circumstance, never a frame's object ("attacked the town after a
    ruling")."""
    cands: dict[int, Candidate] = {}
    for t, entries in found:
        memo: dict[Any, Any] = {}
        for e in entries:
            ok, obj = frame_matches(t, e, memo, skip_preps)
            if ok:
                # A declared non-event sense codes nothing, but may govern the mode of
                # the act it introduces ("is expected to visit": hypothetical).
                if not e.nonevent or e.governs:
                    cands[t.i] = Candidate(t, e, obj)
                break
    # A frame that named its object consumes it: "imposed a curfew" is one event. An event
    # noun stays, marked: "rejected Japan's offer" also reports Japan's offer, when the noun
    # names its own actor (decided once roles are known).
    for c in list(cands.values()):
        if c.obj is not None and c.entry.object and c.obj.i in cands and c.obj.i != c.token.i:
            inner = cands[c.obj.i]
            if inner.entry.pos == "noun" and inner.entry.cameo[:2] != c.entry.cameo[:2] \
                    and c.consumed_by is None:
                inner.consumed_by = c
            else:
                del cands[c.obj.i]
    return cands


def frame_matches(tok: Token, e: Entry, memo: dict[Any, Any] | None = None,
                  skip_preps: frozenset[str] = frozenset()) -> tuple[bool, Token | None]:
    """Whether entry ``e`` fits ``tok`` (and the object it names); ``memo`` keeps what
    several entries of one token would otherwise recompute (children, object phrases)."""
    if memo is None:
        memo = {}
    kids = memo.get("kids")
    if kids is None:
        kids = memo["kids"] = [(c.dep_, c.lower_, c) for c in tok.children]
    if e.clause and not any(dep == "ccomp" for dep, _, _ in kids):
        return False, None
    if e.particle:
        if not any(dep in PARTICLE_DEPS and low in e.particle for dep, low, _ in kids):
            return False, None
    if e.prep and e.pos != "noun":
        if not any(dep in ("prep", "agent", "dative", "prt") and low == e.prep
                   and not _is_time_phrase(c) for dep, low, c in kids):
            return False, None
    if not e.object:
        return True, None
    if e.pos == "noun":
        mods = memo.get("mods")
        if mods is None:
            mods = {c.lemma_.lower() for dep, _, c in kids
                    if dep in ("compound", "amod", "nmod", "det", "poss")}
            mods |= {low for dep, low, _ in kids if dep in ("compound", "amod", "det")}
            memo["mods"] = mods
        for alt in e.object:
            if all(w in mods for w in alt):
                return True, None
        return False, None
    heads = memo.get(("heads", e.prep))
    if heads is None:
        heads = memo[("heads", e.prep)] = [(h, h.lower_, _phrase_memo(h, memo))
                                           for h in _object_heads(tok, e, skip_preps)]
    by_head, single = e.object_index
    for h, low, (words, hi) in heads:
        if low in single or any(_contains(words, hi, alt) for alt in by_head.get(words[hi], ())):
            return True, h
    return False, None
def _object_heads(tok: Token, e: Entry, skip_preps: frozenset[str]) -> list[Token]:
    """Tokens a frame's ``object`` may name, for a verb or adjective trigger."""
    heads: list[Token] = []
    for c in tok.children:
        dep = c.dep_
        if dep in ("dobj", "dative", "oprd", "attr", "nsubjpass", "acomp"):
            heads.append(c)
        elif dep in ("prep", "agent") and (c.lower_ == e.prep or (
                e.prep is None and c.lower_ not in skip_preps)):
            # A participle clause is no object: "attacked the town, with three soldiers
            # reported killed" names no report.
            heads.extend(p for p in c.children if p.dep_ == "pobj"
                         or (p.dep_ == "pcomp" and p.tag_ != "VBN"))
    if tok.dep_ in ("relcl", "acl"):
        heads.append(tok.head)
    more = [cc for h in heads for cc in h.children if cc.dep_ == "conj"]
    # "700 kg of medicine", "part of a military aid program": the head after "of" too.
    inner = [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
             for p in c.children if p.dep_ == "pobj"]
    return heads + more + inner


def _phrase(head: Token) -> tuple[list[str], int]:
    """Lemmas of ``head`` with its modifiers and an of/on/to complement; index of the head."""
    left = [x.lemma_.lower() for c in head.lefts if c.dep_ in ("compound", "amod", "nmod", "det")
            for x in c.subtree]
    words = left + [head.lemma_.lower()]
    hi = len(left)
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "on", "to", "in", "for"):
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                words += [c.lower_] + [x.lemma_.lower() for x in pobj.lefts
                                        if x.dep_ in ("compound", "amod")] + [pobj.lemma_.lower()]
            break
    if head.lower_ != head.lemma_.lower():
        words[hi] = head.lemma_.lower()
    return words, hi


def _is_time_phrase(prep: Token) -> bool:
    """"on Wednesday", "on 3 May": a preposition heading a date, not an argument."""
    return any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in prep.children)


def _contains(words: list[str], hi: int, alt: tuple[str, ...]) -> bool:
    """``alt`` occurs in ``words`` in order (modifiers may intervene) and names the head."""
    head = words[hi]
    if head not in alt:
        return False
    j = 0
    for w in words:
        if j < len(alt) and w == alt[j]:
            j += 1
    return j == len(alt)


def _phrase_memo(h: Token, memo: dict[Any, Any]) -> tuple[list[str], int]:
    key = ("phrase", h.i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _phrase(h)
    return found
