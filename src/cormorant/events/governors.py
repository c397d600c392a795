"""Linking candidates to the control and reporting words that govern them.

"threatened to impose sanctions": "impose" is governed by "threaten", which hands it
its mode; "said it will not accept": "accept" is reported by "say".
"""

from __future__ import annotations

from spacy.tokens import Token

from cormorant.events.frames import Candidate
from cormorant.events.modality import obligation_clause
from cormorant.events.roles import is_purpose
from cormorant.events.words import Words

# Dependencies through which an event sits under a governing (control/reporting) word.
_WALK_DEPS = frozenset({
    "xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "advcl", "acl", "pcomp", "acomp", "attr",
})


def link(cands: dict[int, Candidate]) -> None:
    """Attach each candidate to its governing control or reporting word.

    The walk goes up through clausal complements and coordination, and through a
    noun object or prepositional object only when their head is the next step
    ("threatened to hold a general strike", "called for talks").
    """
    for c in cands.values():
        t = c.token
        chain: list[Token] = []
        if c.consumed_by is not None:
            continue  # "rejected Japan's offer": Japan's own act, under no governor
        for _ in range(6):
            dep = t.dep_
            if dep not in _WALK_DEPS or t.head.i == t.i:
                break
            h = t.head
            if dep == "pobj":
                if h.dep_ not in ("prep", "agent", "dative") or h.head.i == h.i:
                    break
                h = h.head
            elif dep == "prep":
                break
            hc = cands.get(h.i)
            if dep == "conj":
                t = h  # a coordinated verb shares its head's governor, not its role
                continue
            if hc is not None:
                g = hc.entry.governs
                if g == "report":
                    if c.reporter is None and c.entry.governs != "report" and dep in (
                            "ccomp", "advcl", "xcomp", "dobj", "acl"):
                        c.reporter = hc
                        hc.governed.append(c)
                    t = h
                    chain.append(h)
                    continue
                if g in ("appeal", "demand") and dep == "ccomp" and any(
                        m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in t.children):
                    break  # "asked whether the company considered ...": a question
                if g is not None and c.entry.governs != "report":
                    c.governor = hc
                    hc.governed.append(c)
                elif g is None and (dep != "advcl" or is_purpose(t)):
                    # An argument or purpose of another event: "summoned the envoy to
                    # protest the detention" is one act.
                    c.nested = True
                elif g is None and dep == "advcl" and t.tag_ == "VBG" \
                        and _violent(c) and _violent(hc):
                    # The toll of an attack: "stormed a police post, killing five" is one
                    # event, the storming, not a second one for the killing.
                    c.nested = True
                    c.toll_of = hc
                break
            if dep == "pobj":
                break
            chain.append(h)
            t = h
        c.chain = chain
    for c in cands.values():
        # "said the US must be ready to mediate": the report above the governor.
        gov = c.governor
        if c.reporter is None and gov is not None and gov.reporter is not None:
            c.reporter = gov.reporter


def link_tolls(cands: dict[int, Candidate]) -> None:
    """The casualties of an attack named by a noun are its toll, not a second attack:
    "a car bombing killed 75 people" (the noun is the subject), "a shooting attack that
    killed two soldiers" (a relative clause on the noun)."""
    for c in cands.values():
        t = c.token
        if c.toll_of is not None or t.pos_ != "VERB" or not _violent(c):
            continue
        if t.dep_ == "relcl":
            host = cands.get(t.head.i)
        else:
            subj = next((x for x in t.children if x.dep_ == "nsubj"), None)
            host = cands.get(subj.i) if subj is not None else None
        if host is not None and host is not c and host.token.pos_ == "NOUN" and _violent(host):
            c.toll_of = host  # coded on its own only if the attack itself codes nothing
    # "Gunmen stormed the embassy; two guards were killed": casualties with no agent of
    # their own are the toll of the attack the sentence reports.
    stated = [c for c in cands.values() if _violent(c) and not _agentless(c.token)]
    for c in cands.values():
        if c.toll_of is None and _violent(c) and _agentless(c.token):
            host = min((h for h in stated if h is not c), default=None,
                       key=lambda h: abs(h.token.i - c.token.i))
            if host is not None:
                c.toll_of = host


def toll_taken(c: Candidate, cands: dict[int, Candidate], emitted: dict[int, int]) -> bool:
    """Whether the attack ``c`` is the toll of was coded (or is alleged): then ``c`` is no
    event of its own. Agentless casualties go to any attack coded in the sentence."""
    host = c.toll_of
    if host is None:
        return False
    if host.alleged or emitted.get(host.token.i):
        return True
    return _agentless(c.token) and any(
        emitted.get(x.token.i) for x in cands.values() if x is not c and _violent(x))


def natural_cause(c: Candidate, w: Words) -> bool:
    """A killing or wounding whose cause is a disaster, disease or accident ("floods
    killed 200 people", "were killed in an earthquake", "a crash that injured ten"):
    nobody acted (``natural_causes`` in ``data/words.yaml``)."""
    t = c.token
    if t.pos_ != "VERB" or not _violent(c):
        return False
    causes = [x for x in t.children if x.dep_ in ("nsubj", "csubj")]
    if t.dep_ == "relcl":
        causes.append(t.head)
    for x in t.children:
        if x.dep_ == "agent" or (x.dep_ == "prep" and x.lower_ in ("in", "by") and _agentless(t)):
            causes.extend(p for p in x.children if p.dep_ == "pobj")
    return any(x.lemma_.lower() in w.natural_causes for x in causes)


def _agentless(t: Token) -> bool:
    """A passive participle with no by-agent: "were killed", "a civilian killed in ..."."""
    return t.tag_ == "VBN" and not any(x.dep_ in ("agent", "nsubj") for x in t.children)


def mark_alleged(cands: dict[int, Candidate], w: Words) -> None:
    """Flag candidates that are what someone is accused, suspected or tried for
    ("arrested three men for attacking a police station", "charged with kidnapping",
    "faces murder charges"): the act is alleged, not reported as done."""
    for c in cands.values():
        t = c.token
        for _ in range(4):
            if t.dep_ == "conj":
                t = t.head
                continue
            h = t.head
            if t.dep_ == "compound" and h.lemma_.lower() in w.allegation_heads:
                c.alleged = True
            elif t.dep_ in ("pobj", "pcomp") and h.dep_ == "prep" \
                    and h.lower_ in w.allegation_preps \
                    and h.head.lemma_.lower() in w.allegation_heads:
                c.alleged = True
            break


def mark_prospective(cands: dict[int, Candidate], w: Words) -> None:
    """Flag candidates named as a prospect or an intention by the noun above them: "the
    possibility of talks", "pessimism over holding negotiations" (speculation); "plans to
    impose sanctions", "its readiness to negotiate", "plans for new sanctions" (intent);
    "has no plans to attack" (none). A governing verb, if any, decides instead."""
    for c in cands.values():
        if c.governor is not None or c.alleged:
            continue
        t = c.token
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        h = t.head
        noun: Token | None = None
        kind = ""
        if t.dep_ in ("pobj", "pcomp") and h.dep_ == "prep":
            head = _noun_before(h)
            lemma = head.lemma_.lower()
            if head.pos_ == "NOUN" and h.lower_ in w.prospect_preps and lemma in w.prospect_nouns:
                noun, kind = head, "speculate"
            elif head.pos_ == "NOUN" and h.lower_ in w.intent_preps and lemma in w.intent_nouns:
                noun, kind = head, "intent"
        elif t.dep_ in ("acl", "xcomp") and h.pos_ == "NOUN" and t.tag_ == "VB":
            lemma = h.lemma_.lower()
            if lemma in w.intent_nouns:
                noun, kind = h, "intent"
            elif lemma in w.prospect_nouns:
                noun, kind = h, "speculate"
        if noun is None and c.entry.pos == "noun":
            adj = next((ch for ch in c.token.children if ch.dep_ == "amod"
                        and ch.lower_ in w.prospect_adjectives), None)
            if adj is not None:
                c.prospect = ("speculate", adj.lower_)  # "possible military action"
            continue
        if noun is None:
            continue
        if any(ch.dep_ in ("det", "neg") and ch.lower_ in w.negation for ch in noun.children):
            kind = "none"  # "no plans to attack", "no possibility of talks"
        c.prospect = (kind, noun.lemma_.lower())


def _noun_before(prep: Token) -> Token:
    """The noun a preposition belongs to, also when the parse hangs it on the verb:
    "voiced pessimism over holding talks" (the object right before it)."""
    h = prep.head
    if h.pos_ in ("VERB", "AUX") and prep.i > 0:
        before = prep.doc[prep.i - 1]
        if before.dep_ == "dobj" and before.head.i == h.i:
            return before
    return h


def link_denied_content(cands: dict[int, Candidate], w: Words) -> None:
    """"denied knowledge of any raid", "denied reports of an attack": the act named in what
    is denied is governed by the denial, as in "denied that troops fired"."""
    for c in cands.values():
        t = c.token
        if c.governor is not None or t.dep_ != "pobj" or t.head.lower_ not in ("of", "about"):
            continue
        noun = t.head.head
        if noun.lemma_.lower() not in w.denied_content_nouns or noun.dep_ != "dobj":
            continue
        g = cands.get(noun.head.i)
        if g is not None and g.entry.governs == "deny":
            c.governor = g
            g.governed.append(c)


def _violent(c: Candidate) -> bool:
    """Assault, fight or mass violence (CAMEO 18, 19, 20)."""
    return c.entry.cameo[:2] in ("18", "19", "20")


def is_primary(c: Candidate, w: Words) -> bool:
    """Secondary events (statements, topic nouns) count only in a sentence without others."""
    if c.nested:
        return False
    if c.governor is not None:
        return not c.governor.entry.secondary or not c.entry.secondary
    if c.entry.governs == "report":
        return not c.entry.secondary or obligation_clause(c.token, w) is not None
    if c.entry.secondary:
        # "announced a suspension of air links": the noun is what was announced.
        r = c.reporter
        return r is not None and c.token.dep_ == "dobj" and c.token.head.i == r.token.i
    return True


def depth(c: Candidate, _seen: int = 0) -> int:
    """Governed events come before their governors, so a governor knows if they were coded."""
    if not c.governed or _seen > 8:
        return 0
    return 1 + max(depth(x, _seen + 1) for x in c.governed)
