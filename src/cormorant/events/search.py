"""Finding actor mentions around a trigger: its subject, phrases and nearby actors.

The building blocks of the argument strategies in ``cormorant.events.arguments``.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from cormorant.events.lexicon import Entry
from cormorant.events.roles import (
    ActorIndex,
    conjuncts_of,
    direct_subject,
    is_passive,
    is_pronoun,
    is_purpose,
    logical_object,
    logical_subject,
    participle_args,
    subject_control,
)
from cormorant.events.words import Words
from cormorant.nlp.mentions import ActorMention

_STRAY_SUBJECT_DEPS = frozenset({"advmod", "npadvmod", "nmod", "amod", "dep", "compound"})
_NO_DESCEND = frozenset({
    "nsubj", "nsubjpass", "csubj", "agent", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj",
    "parataxis", "punct", "cc", "mark", "aux", "auxpass", "neg", "appos", "expl", "dep",
})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_NOMINAL_ADJ = _NOMINAL | {"ADJ"}


def members(index: ActorIndex, tokens: Iterable[Token | None]) -> list[ActorMention]:
    """The mentions of every token, each once."""
    out: list[ActorMention] = []
    for t in tokens:
        if t is None:
            continue
        for m in index.members(t):
            if m not in out:
                out.append(m)
    return out


def subject_mentions(tok: Token, index: ActorIndex, adjectival: bool = False
                     ) -> list[ActorMention]:
    """The actors of ``tok``'s logical subject."""
    subj = logical_subject(tok, index.words, adjectival)
    if subj is None:
        if tok.tag_ in ("VBD", "VBZ", "VBP") and not is_passive(tok):
            # A finite verb whose subject the parser tagged as a modifier ("..., USAID/ADJ
            # provided"): the actor just before it.
            for c in tok.lefts:
                if c.dep_ in _STRAY_SUBJECT_DEPS and c.i == tok.i - 1 and index.covering(c):
                    return index.members(c)
        return []
    found = index.members(subj)
    if subj.dep_ == "nsubj":
        # A list parsed as several subjects ("The government, a number of parties and the
        # Taliban condemned"): each is a member.
        for c in subj.head.children:
            if c.dep_ == "nsubj" and c.i != subj.i and c.i < subj.head.i:
                found += [m for m in index.members(c) if all(m is not f for f in found)]
    if found or not (is_pronoun(subj, index.words) or tok.dep_ == "acl"):
        return found
    # An unresolved pronoun: the nearest clause above with an actor subject ("police
    # acted properly when they detained ...", "Syria says it will not ..."); a participle
    # on a noun: the subject of that noun's verb ("issued a declaration demanding ...").
    t = subj.head
    for _ in range(6):
        s = direct_subject(t)
        if s is not None and not is_pronoun(s, index.words) and s.i != subj.i:
            found = index.members(s)
            if found:
                return found
        if t.head.i == t.i:
            break
        t = t.head
    return []


def same_side(m: ActorMention, sources: list[ActorMention]) -> bool:
    return m.country is not None and any(s.country == m.country for s in sources)


def content_targets(tok: Token, obj: Token, e: Entry, index: ActorIndex,
                    sources: list[ActorMention]) -> list[ActorMention]:
    """Actors of the clause a sentiment is about: the subject of a "that" clause on the
    object or the verb, or the object of a gerund after one of the frame's prepositions."""
    for h in (obj, tok):
        for c in h.children:
            arg: Token | None = None
            if c.dep_ in ("acl", "ccomp") and not is_purpose(c):
                arg = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")
                            and x.lower_ not in ("who", "which", "that")), None)
            elif c.dep_ == "prep" and c.lower_ in e.target_preps and h is obj:
                pc = next((x for x in c.children if x.dep_ == "pcomp"), None)
                arg = logical_object(pc, index.words) if pc is not None else None
            if arg is not None:
                found = [m for m in index.members(arg) if m not in sources]
                if found:
                    return found
    return []


def modifier_only(t: Token, found: list[ActorMention]) -> bool:
    """Whether every mention found for the argument ``t`` is a demonym adjective on it (or
    on a coordinated noun), not the argument itself, its owner or its complement."""
    heads = conjuncts_of(t)
    for m in found:
        if any(m.start <= h.i < m.end for h in heads):
            return False
        tok = t.doc[m.head] if 0 <= m.head < len(t.doc) else t.doc[m.end - 1]
        if tok.dep_ not in ("amod", "compound", "nmod") or tok.head not in heads:
            return False
        if m.kind != "demonym" and tok.pos_ != "ADJ":
            return False  # a named owner ("the Taliban hideouts") is the target
    return True


def controller_object(tok: Token, w: Words) -> Token | None:
    """The object of a subject-control verb above ``tok`` ("called Lavrov to discuss")."""
    if tok.dep_ not in ("xcomp", "advcl") or not is_purpose(tok):
        return None
    head = tok.head
    if not subject_control(head, w):
        return None
    return next((c for c in head.children if c.dep_ == "dobj"), None)


def condition_subjects(heads: list[Token], index: ActorIndex, w: Words) -> list[ActorMention]:
    """The subject of an "if/unless" clause on one of ``heads``: the one who must act."""
    for t in heads:
        for ch in t.children:
            if ch.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in w.conditional
                                          for m in ch.children):
                s = direct_subject(ch)
                if s is not None:
                    return index.members(s)
    return []


def nearby_actor(tok: Token, sources: list[ActorMention], index: ActorIndex, *,
                 other_side: bool, preps: frozenset[str], depth: int = 7,
                 skip: tuple[ActorMention, ...] = ()) -> ActorMention | None:
    """The shallowest actor in ``tok``'s own (non-clausal) phrases that is not a source.

    The trigger's purpose clause is searched too ("used tear gas to disperse X"); below the
    trigger, coordinated and appositive nouns ("between it and Israel", "the capital,
    Kabul") and infinitives on a noun ("an invitation to meet with X", "an effort to end
    the rift between X and Y") are part of the phrase; ``skip`` are mentions that are the
    actor's own (the troops of "sent troops to ..."), looked through but not taken.
    """
    frontier = [tok]
    for _ in range(depth):
        nxt: list[Token] = []
        for t in frontier:
            below = t.i != tok.i
            for c in t.children:
                dep = c.dep_
                if dep == "acl" and c.tag_ == "VBG" and below and t.pos_ in _NOMINAL:
                    # "power lines leading into Kabul", "a bus carrying employees".
                    nxt.extend(g for g in c.children if g.dep_ == "dobj" or (
                        g.dep_ == "prep" and g.lower_ in preps))
                elif dep == "pobj" and t.lower_ == "as" and index.owner[c.i]:
                    # "resigned as president of X": the role is the actor's own.
                    nxt.extend(g for g in c.children if g.dep_ == "prep")
                elif dep == "acl" and c.tag_ == "VBN" and below:
                    nxt.extend(participle_args(c, index.words))  # "laws imposed by the government"
                elif dep not in _NO_DESCEND and (dep != "prep" or c.lower_ in preps):
                    nxt.append(c)
                elif below and dep in ("conj", "appos") and t.pos_ in _NOMINAL \
                        and c.pos_ in _NOMINAL:
                    nxt.append(c)  # "between it and Israel", "in the capital, Kabul"
                elif not below and dep in ("advcl", "xcomp") and is_purpose(c):
                    nxt.append(c)  # "blocked a road to show disapproval of X's policy"
                elif below and dep in ("acl", "xcomp", "relcl") and t.pos_ in _NOMINAL_ADJ \
                        and is_purpose(c):
                    nxt.append(c)
        for c in nxt:
            here: list[ActorMention] = index.owner[c.i] or []
            if not here and c.dep_ in ("pobj", "appos"):
                pm = index.place(c)
                here = [pm] if pm is not None else []
            for m in here:
                if m in sources or m in skip or (
                        other_side and (m.country is None or same_side(m, sources))):
                    continue
                return m
        if not nxt:
            return None
        frontier = nxt
    return None
