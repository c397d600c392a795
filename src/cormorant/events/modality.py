"""Mode and polarity: negation, modal verbs, conditions and governing verbs.

``settle`` decides the code an event gets ("threatened to impose sanctions" is a threat
of sanctions, "said it will not accept" a refusal) and its negated/hypothetical flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from cormorant.events.frames import Candidate
from cormorant.events.lexicon import Lexicon
from cormorant.events.words import Words

# The root family each mode codes into: an event already there needs no flag.
_MODE_FAMILY = {
    "intent": "03", "pledge": "03", "threat": "13", "refuse": "12", "demand": "10", "appeal": "02",
    "yield_appeal": "02", "yield_demand": "10",
}


@dataclass
class Mode:
    """What modality made of a candidate: its code, mode and flags."""

    code: str
    mode: str | None = None
    demander: Candidate | None = None  # "X said Y must ...": X demands of Y
    negated: bool = False
    hypothetical: bool = False
    notes: dict[str, str] = field(default_factory=dict)


def settle(c: Candidate, lexicon: Lexicon, w: Words) -> Mode:
    """The code, mode and polarity of candidate ``c``."""
    e = c.entry
    out = Mode(e.cameo)
    notes = out.notes
    code = e.cameo
    negated = hypothetical = False
    tok = c.token
    neg, modal, cond = modality(tok, c.chain, w)
    g = c.governor
    mode: str | None = None
    if c.alleged:
        # "arrested for attacking a police station": charged, not established.
        hypothetical = True
        notes["alleged"] = "1"
    elif g is None and c.prospect is not None and c.prospect[0] in ("speculate", "none"):
        # "the possibility of talks", "no plans to attack": not the act itself.
        hypothetical = c.prospect[0] == "speculate"
        negated = c.prospect[0] == "none"
        notes["prospect"] = c.prospect[1]
    elif g is None and c.prospect is not None:
        # "plans to impose sanctions": an intention (03x), or a threat (13x).
        mode = "intent"
        notes["prospect"] = c.prospect[1]
    elif e.governs == "report":
        clause = obligation_clause(tok, w)
        if clause is not None:
            cneg, cmodal, _ = modality(clause, [], w)
            code = "020" if cmodal in ("should", "ought") else "100"
            if cneg:
                code = "105" if code == "100" else "025"
            notes["mode"] = "demand" if code.startswith("10") else "appeal"
    elif g is not None and g.entry.governs == "deny":
        # "denied that troops had fired", "denied knowledge of any raid": it did not happen.
        negated = True
        notes["governor"] = g.entry.id
    elif g is not None and g.entry.governs == "speculate":
        # "is expected to visit", "analysts predict a rate cut": not the act itself.
        hypothetical = True
        notes["governor"] = g.entry.id
    elif g is not None and g.entry.governs == "absorb":
        # "is considering sending aid": the consideration is the event (014).
        code = g.entry.cameo
        notes["governor"] = g.entry.id
    elif g is not None and g.entry.governs != "pass":
        mode = g.entry.governs
        gneg, gmodal, _ = modality(g.token, _chain_to_clause(g.token), w)
        if mode in ("demand", "appeal") and neg:
            mode = "yield_" + mode
        elif mode in ("intent", "pledge") and gmodal in w.obligation and c.reporter is not None:
            mode = "demand" if gmodal == "must" else "appeal"
            out.demander = c.reporter
        elif mode in ("intent", "pledge") and (neg or gneg):
            mode = "refuse"
        elif mode == "refuse" and neg:
            mode = None
        notes["governor"] = g.entry.id
    elif modal in w.obligation and c.reporter is not None:
        mode = "demand" if modal == "must" else "appeal"
        out.demander = c.reporter
        if neg:
            mode = "yield_" + mode
    elif in_condition(tok, c.chain, w):
        # "if the army attacks, ...": the act is a condition, not a report.
        hypothetical = True
    elif modal in w.future or cond or modal in w.possible:
        if neg:
            mode = "refuse"
        elif modal in w.possible and not cond:
            # "may", "could": a possibility (often someone else's speculation), not an
            # intent or a threat of the actor; with a condition ("may halt mediation if
            # ..."), the actor states what it intends.
            hypothetical = True
        else:
            mode = "intent"
    elif neg:
        negated = True
    elif modal in w.obligation:
        hypothetical = True
    if mode is not None:
        new = lexicon.transform(mode, code)
        if new is not None:
            code = new
        elif not code.startswith(_MODE_FAMILY[mode]):
            if mode == "refuse":
                negated = True
            else:
                hypothetical = True
        notes["mode"] = mode
    out.code, out.mode, out.negated, out.hypothetical = code, mode, negated, hypothetical
    return out


def in_condition(tok: Token, chain: list[Token], w: Words) -> bool:
    """The trigger stands in an if/unless clause ("if China imposes sanctions, ...")."""
    for t in (tok, *chain):
        if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in w.conditional
                                     for m in t.children):
            return True
    return False


def obligation_clause(verb: Token, w: Words) -> Token | None:
    """The complement clause of a reporting verb that states an obligation ("Y must ...")."""
    for c in verb.children:
        if c.dep_ != "ccomp":
            continue
        for a in c.children:
            if a.dep_ != "aux":
                continue
            if a.lower_ in w.obligation:
                return c
            nxt = a.nbor(1) if a.i + 1 < len(a.doc) else None
            if a.lemma_ == "have" and nxt is not None and nxt.lower_ == "to" and nxt.dep_ == "aux":
                return c  # "Y has to ..."
    return None


def _chain_to_clause(tok: Token) -> list[Token]:
    """Verbs above a predicate adjective up to its clause ("is ready": the copula)."""
    return [tok.head] if tok.dep_ == "acomp" else []


def modality(tok: Token, chain: list[Token], w: Words) -> tuple[bool, str | None, bool]:
    """Negation, modal verb and conditional on the trigger or the verbs above it."""
    neg = False
    modal: str | None = None
    cond = False
    for t in (tok, *chain):
        for ch in t.children:
            dep = ch.dep_
            low = ch.lower_
            if dep == "neg" or (dep in ("advmod", "det") and low in w.negation and t.i == tok.i):
                neg = True
            elif dep in ("nsubj", "nsubjpass") and t.i == tok.i and _negative_subject(ch, w):
                neg = True
            elif dep == "aux" and ch.tag_ == "MD" and modal is None:
                modal = low
            elif dep == "aux" and low == "going" and modal is None:
                modal = "will"
            elif dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in w.conditional
                                         for m in ch.children):
                cond = True
        if t.pos_ == "VERB" and t.i != tok.i and t.lemma_ in ("say", "tell", "announce"):
            break
    if modal is None:
        modal = _shared_modal(tok)
    return neg, modal, cond


def _shared_modal(tok: Token) -> str | None:
    """The modal a coordinated verb shares with the verb it is joined to: "must withdraw
    and release the prisoners", "will meet and sign". Not across "but": "will not attack
    but negotiated"."""
    if tok.dep_ != "conj" or tok.head.i == tok.i:
        return None
    if any(k.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for k in tok.children):
        return None  # its own clause
    head = tok.head
    if any(k.dep_ == "cc" and k.lower_ not in ("and", "&") for k in head.children):
        return None
    return next((k.lower_ for k in head.children if k.dep_ == "aux" and k.tag_ == "MD"), None)


def _negative_subject(subj: Token, w: Words) -> bool:
    """"nobody", "none of the members", "no member state"."""
    if subj.lower_ in w.negative_subjects:
        return True
    return any(ch.dep_ in ("det", "neg") and ch.lower_ in w.negation for ch in subj.children)
