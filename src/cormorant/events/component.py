"""The ``cormorant_events`` spaCy component: lexicon frames -> ``EventMention``s.

Per sentence: every token whose (pos, lemma) has lexicon frames is tried, most
specific frame first; control and reporting verbs (``governs``) then hand their
mode to the events below them ("threatened to impose sanctions" is a threat of
sanctions, "said it will not accept" a refusal); roles come from the dependency
tree and are mapped onto the actor mentions of ``doc._.actors``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.symbols import ADJ, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from cormorant.actors.context import infer_countries
from cormorant.errors import DictionaryError
from cormorant.events.lexicon import Entry, Lexicon
from cormorant.events.roles import (
    PARTICLE_DEPS,
    ActorIndex,
    conjuncts_of,
    direct_subject,
    is_passive,
    is_pronoun,
    logical_object,
    logical_subject,
    misparsed_report,
    participle_args,
    prep_objects,
    subject_control,
)
from cormorant.nlp.mentions import ActorMention, EventMention
from cormorant.nlp.tokens import TokenTable, token_table

_POS = {VERB: "verb", NOUN: "noun", PROPN: "noun", ADJ: "adj"}
# Dependencies through which an event sits under a governing (control/reporting) word.
_WALK_DEPS = frozenset({
    "xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "advcl", "acl", "pcomp", "acomp", "attr",
})
_FUTURE = frozenset({"will", "would", "shall", "'ll", "wo"})
_POSSIBLE = frozenset({"may", "might", "could", "can", "ca"})
_OBLIGATION = frozenset({"must", "should", "ought"})
_NEG_WORDS = frozenset({"not", "n't", "never", "no"})
_COND_MARKS = frozenset({"if", "unless"})
# The root family each mode codes into: an event already there needs no flag.
_MODE_FAMILY = {
    "intent": "03", "pledge": "03", "threat": "13", "refuse": "12", "demand": "10", "appeal": "02",
    "yield_appeal": "02", "yield_demand": "10",
}
_MAX_PAIRS = 4
_STRAY_SUBJECT_DEPS = frozenset({"advmod", "npadvmod", "nmod", "amod", "dep", "compound"})
_CONTEXT_SENTENCES = 2  # how far back an agentless passive may find its agent
_EXPEL_LEMMAS = frozenset({"expel", "deport", "banish"})
# Control modes whose governor, coded alone, concerns whom its complement concerns.
_CONTROL_MODES = frozenset({"refuse", "intent", "pledge", "threat"})
# Reporting verbs whose direct object is a participant (the addressee, the one defended),
# not the message.
_ADDRESSEE_VERBS = frozenset({
    "tell", "inform", "brief", "assure", "warn", "remind", "notify", "defend", "justify",
})


@dataclass
class _Cand:
    """A matched trigger before modes and roles are settled."""

    token: Token
    entry: Entry
    obj: Token | None
    governed: list[_Cand] = field(default_factory=list)
    governor: _Cand | None = None
    reporter: _Cand | None = None
    nested: bool = False
    chain: list[Token] = field(default_factory=list)


class EventCoder:
    """Codes events from parsed, actor-tagged documents."""

    def __init__(self, nlp: Language, name: str = "cormorant_events", *,
                 require_actor: bool = True) -> None:
        self.name = name
        self.require_actor = require_actor
        self.lexicon: Lexicon = Lexicon.load()

    # ------------------------------------------------------------------ spaCy plumbing
    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None,
                   extra_files: list[Any] | None = None) -> None:
        """Load the bundled lexicon plus user files (same id replaces the bundled entry)."""
        self.lexicon = Lexicon.load(list(extra_files or []))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "lexicon.json").write_text(json.dumps(self.lexicon.to_data()), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EventCoder:
        f = Path(path) / "lexicon.json"
        try:
            data = json.loads(f.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise DictionaryError(f"cannot read serialised lexicon {f}: {e}") from e
        self.lexicon = Lexicon.from_data(data)
        return self

    # ------------------------------------------------------------------ coding
    def __call__(self, doc: Doc) -> Doc:
        # Role nouns with no country take the one their context gives, now that the place
        # stage has resolved the toponyms.
        infer_countries(doc, doc._.actors, doc._.places)
        index = ActorIndex(doc, doc._.actors, doc._.places)
        table = token_table(doc)
        events: list[EventMention] = []
        seen: set[tuple[Any, ...]] = set()
        lemmas: dict[int, str] = {}
        for si, (start, end) in enumerate(table.sents):
            for ev in self._code_sentence(doc, table, start, end, si, index, lemmas):
                key = (ev.cameo, ev.trigger_start, _code(ev.source), _code(ev.target))
                soft = (ev.cameo, _code(ev.source), _code(ev.target))
                if key in seen or (ev.notes.get("secondary") and soft in seen):
                    continue
                seen.add(key)
                seen.add(soft)
                events.append(ev)
        _sources_from_context(doc, events)
        _sources_from_place(doc, events, index)
        doc._.events = events
        return doc

    def _code_sentence(self, doc: Doc, table: TokenTable, start: int, end: int, si: int,
                       index: ActorIndex, lemmas: dict[int, str]) -> list[EventMention]:
        cands = self._match(doc, table, start, end, lemmas)
        if not cands:
            return []
        self._link(cands)
        primary: list[EventMention] = []
        secondary: list[EventMention] = []
        emitted: dict[int, int] = {}
        for c in sorted(cands.values(), key=_depth):
            if c.governed and c.entry.governs and any(emitted.get(x.token.i) for x in c.governed):
                emitted[c.token.i] = 1
                continue  # its mode went to the events it governs
            is_primary = self._is_primary(c)
            if not is_primary and c.nested and c.token.dep_ == "acl":
                continue  # "North Koreans seeking asylum ...": a description, not an event
            out = primary if is_primary else secondary
            found = self._events(c, si, index)
            emitted[c.token.i] = len(found)
            out.extend(found)
        if primary:
            return primary
        for ev in secondary:
            ev.notes["secondary"] = "1"
        return secondary

    @staticmethod
    def _is_primary(c: _Cand) -> bool:
        """Secondary events (statements, topic nouns) count only in a sentence without others."""
        if c.nested:
            return False
        if c.governor is not None:
            return not c.governor.entry.secondary or not c.entry.secondary
        if c.entry.governs == "report":
            return not c.entry.secondary or _obligation_clause(c.token) is not None
        if c.entry.secondary:
            # "announced a suspension of air links": the noun is what was announced.
            r = c.reporter
            return r is not None and c.token.dep_ == "dobj" and c.token.head.i == r.token.i
        return True

    # ------------------------------------------------------------------ frames
    def _match(self, doc: Doc, table: TokenTable, start: int, end: int,
               lemmas: dict[int, str]) -> dict[int, _Cand]:
        """Frames matched in tokens ``start:end``; ``lemmas``: lower-case lemma by hash,
        shared by the sentences of a document."""
        lex = self.lexicon
        strings = doc.vocab.strings
        vbn = strings["VBN"]
        pos_of, lemma_of = table.pos, table.lemma
        cands: dict[int, _Cand] = {}
        # Tokens come from the attribute table: only a token with frames becomes a Token.
        for i in range(start, end):
            pos = _POS.get(pos_of[i])
            if pos is None:
                continue
            lemma = lemmas.get(lemma_of[i])
            if lemma is None:
                lemma = lemmas[lemma_of[i]] = strings[lemma_of[i]].lower()
            entries = lex.candidates(pos, lemma)
            t: Token | None = None
            if pos == "verb" and table.tag[i] == vbn:
                # "is opposed to", "is prepared to": adjectival participles.
                adj = lex.candidates("adj", strings[table.lower[i]])
                # Not "have opposed": a perfect tense is the verb itself.
                if adj:
                    t = doc[i]
                    if not any(c.dep_ == "agent" or (c.dep_ == "aux" and c.lemma_ == "have")
                               for c in t.children):
                        entries = adj + entries
            if not entries:
                continue
            if t is None:
                t = doc[i]
            memo: dict[Any, Any] = {}
            for e in entries:
                ok, obj = _frame_matches(t, e, memo)
                if ok:
                    if not e.nonevent:  # a declared non-event sense codes nothing
                        cands[t.i] = _Cand(t, e, obj)
                    break
        # A frame that named its object consumes it: "imposed a curfew" is one event.
        for c in list(cands.values()):
            if c.obj is not None and c.entry.object and c.obj.i in cands and c.obj.i != c.token.i:
                del cands[c.obj.i]
        return cands

    def _link(self, cands: dict[int, _Cand]) -> None:
        """Attach each candidate to its governing control or reporting word.

        The walk goes up through clausal complements and coordination, and through a
        noun object or prepositional object only when their head is the next step
        ("threatened to hold a general strike", "called for talks").
        """
        for c in cands.values():
            t = c.token
            chain: list[Token] = []
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
                    elif g is None and (dep != "advcl" or _is_purpose(t)):
                        # An argument or purpose of another event: "summoned the envoy to
                        # protest the detention" is one act.
                        c.nested = True
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

    # ------------------------------------------------------------------ events
    def _events(self, c: _Cand, si: int, index: ActorIndex) -> list[EventMention]:
        e = c.entry
        code = e.cameo
        notes: dict[str, str] = {}
        negated = hypothetical = False
        tok = c.token
        neg, modal, cond = _modality(tok, c.chain)
        g = c.governor
        mode: str | None = None
        demander: _Cand | None = None  # "X said Y must ...": X demands of Y
        if e.governs == "report":
            clause = _obligation_clause(tok)
            if clause is not None:
                cneg, cmodal, _ = _modality(clause, [])
                code = "020" if cmodal in ("should", "ought") else "100"
                if cneg:
                    code = "105" if code == "100" else "025"
                notes["mode"] = "demand" if code.startswith("10") else "appeal"
        elif g is not None and g.entry.governs == "absorb":
            # "is considering sending aid": the consideration is the event (014).
            code = g.entry.cameo
            notes["governor"] = g.entry.id
        elif g is not None and g.entry.governs != "pass":
            mode = g.entry.governs
            gneg, gmodal, _ = _modality(g.token, _chain_to_clause(g.token))
            if mode in ("demand", "appeal") and neg:
                mode = "yield_" + mode
            elif mode in ("intent", "pledge") and gmodal in _OBLIGATION and c.reporter is not None:
                mode = "demand" if gmodal == "must" else "appeal"
                demander = c.reporter
            elif mode in ("intent", "pledge") and (neg or gneg):
                mode = "refuse"
            elif mode == "refuse" and neg:
                mode = None
            notes["governor"] = g.entry.id
        elif modal in _OBLIGATION and c.reporter is not None:
            mode = "demand" if modal == "must" else "appeal"
            demander = c.reporter
            if neg:
                mode = "yield_" + mode
        elif modal in _FUTURE or cond or modal in _POSSIBLE:
            if neg:
                mode = "refuse"
            elif modal in _POSSIBLE and not code.startswith(("1", "2")):
                hypothetical = True
            else:
                mode = "intent"
        elif neg:
            negated = True
        elif modal in _OBLIGATION:
            hypothetical = True
        if mode is not None:
            new = self.lexicon.transform(mode, code)
            if new is not None:
                code = new
            elif not code.startswith(_MODE_FAMILY[mode]):
                if mode == "refuse":
                    negated = True
                else:
                    hypothetical = True
            notes["mode"] = mode

        sources, targets = self._roles(c, index, mode, demander)
        if not targets and code.startswith("13"):
            # "threatened to strike unless Israel rescinds ...": the one who must act.
            targets = [m for m in _condition_subjects(tok, c.chain, g, index)
                       if m not in sources]
        if c.reporter is not None:
            speaker = logical_subject(c.reporter.token)
            if speaker is not None:
                sm = index.inside(speaker)
                notes["reported_by"] = sm_text(speaker, sm)
                notes["reported_by_rule"] = c.reporter.entry.id
        if e.needs_target and not targets and mode != "refuse" and not (
                e.governs == "threat" and any(ch.dep_ == "ccomp" for ch in tok.children)):
            # A refusal is an event without a target ("declined to comment": 011).
            return []
        if self.require_actor and not sources and not targets:
            return []
        if negated and not sources:
            return []  # nothing happened and nobody is named: nothing to code
        if e.governs == "report" and code == e.cameo and all(_is_media(m) for m in targets):
            return []  # "told reporters": a statement to the press is not an event
        sources = _named(sources, tok)
        targets = _named(targets, tok)
        src_list: list[ActorMention | None] = list(sources) or [None]
        tgt_list: list[ActorMention | None] = list(targets) or [None]
        out: list[EventMention] = []
        for s in src_list:
            for t in tgt_list:
                if s is not None and t is not None and s is t:
                    continue
                if len(out) >= _MAX_PAIRS:
                    break
                out.append(EventMention(
                    sentence_index=si, trigger_start=tok.i, trigger_end=tok.i + 1, cameo=code,
                    rule=e.id, source=s, target=t, negated=negated, hypothetical=hypothetical,
                    notes=dict(notes),
                ))
        if not out and src_list and tgt_list:
            # Source and target were the same mention: keep the event with its source only.
            out.append(EventMention(
                sentence_index=si, trigger_start=tok.i, trigger_end=tok.i + 1, cameo=code,
                rule=e.id, source=src_list[0], target=None, negated=negated,
                hypothetical=hypothetical, notes=dict(notes),
            ))
        return out

    def _roles(self, c: _Cand, index: ActorIndex, mode: str | None, demander: _Cand | None
               ) -> tuple[list[ActorMention], list[ActorMention]]:
        e = c.entry
        tok = c.token
        if e.pos == "noun":
            sources, targets = _noun_roles(tok, e, index)
        else:
            sources, targets = _verb_roles(tok, e, c.obj, index)
        if demander is not None:
            # "X said (that) Y must/should ...": X asks Y; Y is the agent of the clause.
            ds, dt = _verb_roles(demander.token, demander.entry, demander.obj, index)
            asked = sources if c.governor is None else _subject_mentions(
                c.governor.token, index, True)
            return ds, dt or asked or targets
        g = c.governor
        if g is not None and mode in ("demand", "appeal", "yield_demand", "yield_appeal"):
            # The demander is the governor's subject; the one asked is its addressee, or
            # the complement's own subject ("demanded that the US cancel").
            gs, gt = _verb_roles(g.token, g.entry, g.obj, index) if g.entry.pos != "noun" \
                else _noun_roles(g.token, g.entry, index)
            own_subj = direct_subject(tok) if e.pos != "noun" else None
            addressee = gt or (index.members(own_subj) if own_subj is not None else [])
            # The one urged is never the one urging, even when the urger is unnamed.
            return gs, addressee or [m for m in targets if m not in gs]
        if g is not None:
            gs, gt = _verb_roles(g.token, g.entry, g.obj, index) if g.entry.pos != "noun" \
                else _noun_roles(g.token, g.entry, index)
            if g.entry.governs == "pass" and gs and gt and any(
                    c.dep_ in ("dobj", "dative") for c in g.token.children):
                # "ordered the newspaper to suspend publication": the orderer acts on it.
                return gs, gt
            if e.pos == "noun" and gs:
                # "opposed to Egyptian mediation (in talks with X)": the noun's own actor is
                # the one answered, before any actor deeper in its phrase.
                own = [m for m in sources if m not in gs]
                targets = own or targets
                sources = gs
            sources = sources or gs
            targets = targets or [m for m in gt if m not in sources]
            return sources, targets
        return sources, targets


def _named(mentions: list[ActorMention], tok: Token) -> list[ActorMention]:
    """A pronoun whose antecedent is in the trigger's own sentence stands for that named
    mention ("Rebel fighters said they will lay down their arms": the rebel fighters)."""
    if not any(m.kind == "pronoun" for m in mentions):
        return mentions
    sent = tok.sent
    out: list[ActorMention] = []
    for m in mentions:
        ante = m.antecedent
        if m.kind == "pronoun" and ante is not None and sent.start <= ante.start < sent.end:
            m = ante
        if all(m is not o for o in out):
            out.append(m)
    return out


def _sources_from_context(doc: Doc, events: list[EventMention]) -> None:
    """An agentless passive ("three others were arrested outside the compound") takes the
    source of the last earlier event of the same kind (same three-digit code) within
    ``_CONTEXT_SENTENCES`` sentences, when that source is not its target. Marked in notes
    as ``source_from: context`` with the earlier event's rule."""
    last: dict[str, EventMention] = {}
    for ev in events:
        kind = ev.cameo[:3]
        if ev.source is None and ev.target is not None and not ev.negated:
            prev = last.get(kind)
            tok = doc[ev.trigger_start]
            if prev is not None and prev.source is not None \
                    and ev.sentence_index - prev.sentence_index <= _CONTEXT_SENTENCES \
                    and is_passive(tok) and not any(c.dep_ == "agent" for c in tok.children) \
                    and _code(prev.source) != _code(ev.target) \
                    and prev.source.code != ev.target.code:
                ev.source = prev.source
                ev.notes["source_from"] = "context"
                ev.notes["source_rule"] = prev.rule
        if ev.source is not None:
            last[kind] = ev


def _sources_from_place(doc: Doc, events: list[EventMention], index: ActorIndex) -> None:
    """An agentless passive of an act only a state performs ("was arrested in Rwanda",
    "were expelled from North Korea") is that country's act: the country named by the
    verb's place ("in/at" for arrests, "from" for expulsions) is the source, marked in
    notes as ``source_from: place``."""
    for ev in events:
        if ev.source is None and ev.target is not None and not ev.negated:
            tok = doc[ev.trigger_start]
            lemma = tok.lemma_.lower()
            if ev.cameo.startswith("173"):
                preps: tuple[str, ...] = ("in", "at")
            elif ev.cameo.startswith("174") or lemma in _EXPEL_LEMMAS:
                preps = ("from",)
            else:
                continue
            if not is_passive(tok) or any(c.dep_ == "agent" for c in tok.children):
                continue
            for p in prep_objects(tok, preps):
                found = index.members(p) or ([pm] if (pm := index.place(p)) is not None else [])
                state = next((m for m in found if m.kind in ("country", "capital", "place")
                              and m.country and m is not ev.target), None)
                if state is not None:
                    ev.source = state
                    ev.notes["source_from"] = "place"
                    break


def sm_text(token: Token, mention: ActorMention | None) -> str:
    if mention is not None:
        return token.doc[mention.start:mention.end].text
    return " ".join(t.text for t in token.subtree) if token.n_lefts + token.n_rights < 6 \
        else token.text


def _condition_subjects(tok: Token, chain: list[Token], g: _Cand | None, index: ActorIndex
                        ) -> list[ActorMention]:
    heads = [tok, *chain] + ([g.token] if g is not None else [])
    for t in heads:
        for ch in t.children:
            if ch.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _COND_MARKS
                                          for m in ch.children):
                s = direct_subject(ch)
                if s is not None:
                    return index.members(s)
    return []


def _is_media(m: ActorMention) -> bool:
    return m.sector == "MED" or m.code.endswith("MED")


def _code(m: ActorMention | None) -> str | None:
    return None if m is None else f"{m.code}@{m.start}"


def _depth(c: _Cand, _seen: int = 0) -> int:
    """Governed events come before their governors, so a governor knows if they were coded."""
    if not c.governed or _seen > 8:
        return 0
    return 1 + max(_depth(x, _seen + 1) for x in c.governed)


def _is_purpose(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _obligation_clause(verb: Token) -> Token | None:
    """The complement clause of a reporting verb that states an obligation ("Y must ...")."""
    for c in verb.children:
        if c.dep_ != "ccomp":
            continue
        for a in c.children:
            if a.dep_ != "aux":
                continue
            if a.lower_ in _OBLIGATION:
                return c
            nxt = a.nbor(1) if a.i + 1 < len(a.doc) else None
            if a.lemma_ == "have" and nxt is not None and nxt.lower_ == "to" and nxt.dep_ == "aux":
                return c  # "Y has to ..."
    return None


def _chain_to_clause(tok: Token) -> list[Token]:
    """Verbs above a predicate adjective up to its clause ("is ready": the copula)."""
    return [tok.head] if tok.dep_ == "acomp" else []


def _modality(tok: Token, chain: list[Token]) -> tuple[bool, str | None, bool]:
    """Negation, modal verb and conditional on the trigger or the verbs above it."""
    neg = False
    modal: str | None = None
    cond = False
    for t in (tok, *chain):
        for ch in t.children:
            dep = ch.dep_
            low = ch.lower_
            if dep == "neg" or (dep in ("advmod", "det") and low in _NEG_WORDS and t.i == tok.i):
                neg = True
            elif dep == "aux" and ch.tag_ == "MD" and modal is None:
                modal = low
            elif dep == "aux" and low == "going" and modal is None:
                modal = "will"
            elif dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in _COND_MARKS
                                         for m in ch.children):
                cond = True
        if t.pos_ == "VERB" and t.i != tok.i and t.lemma_ in ("say", "tell", "announce"):
            break
    return neg, modal, cond


def _object_heads(tok: Token, e: Entry) -> list[Token]:
    """Tokens a frame's ``object`` may name, for a verb or adjective trigger."""
    heads: list[Token] = []
    for c in tok.children:
        dep = c.dep_
        if dep in ("dobj", "dative", "oprd", "attr", "nsubjpass", "acomp"):
            heads.append(c)
        elif dep in ("prep", "agent") and (e.prep is None or c.lower_ == e.prep):
            heads.extend(p for p in c.children if p.dep_ in ("pobj", "pcomp"))
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


def _frame_matches(tok: Token, e: Entry, memo: dict[Any, Any] | None = None
                   ) -> tuple[bool, Token | None]:
    """Whether entry ``e`` fits ``tok`` (and the object it names); ``memo`` keeps what
    several entries of one token would otherwise recompute (children, object phrases)."""
    if memo is None:
        memo = {}
    kids = memo.get("kids")
    if kids is None:
        kids = memo["kids"] = [(c.dep_, c.lower_, c) for c in tok.children]
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
                                           for h in _object_heads(tok, e)]
    for h, low, (words, hi) in heads:
        for alt in e.object:
            if _contains(words, hi, alt) or (len(alt) == 1 and low == alt[0]):
                return True, h
    return False, None


def _phrase_memo(h: Token, memo: dict[Any, Any]) -> tuple[list[str], int]:
    key = ("phrase", h.i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _phrase(h)
    return found


def _members(index: ActorIndex, tokens: Iterable[Token | None]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for t in tokens:
        if t is None:
            continue
        for m in index.members(t):
            if m not in out:
                out.append(m)
    return out


def _subject_mentions(tok: Token, index: ActorIndex, adjectival: bool = False
                      ) -> list[ActorMention]:
    subj = logical_subject(tok, adjectival)
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
    if found or not (is_pronoun(subj) or tok.dep_ == "acl"):
        return found
    # An unresolved pronoun: the nearest clause above with an actor subject ("police
    # acted properly when they detained ...", "Syria says it will not ..."); a participle
    # on a noun: the subject of that noun's verb ("issued a declaration demanding ...").
    t = subj.head
    for _ in range(6):
        s = direct_subject(t)
        if s is not None and not is_pronoun(s) and s.i != subj.i:
            found = index.members(s)
            if found:
                return found
        if t.head.i == t.i:
            break
        t = t.head
    return []


def _verb_roles(tok: Token, e: Entry, obj: Token | None, index: ActorIndex
                ) -> tuple[list[ActorMention], list[ActorMention]]:
    sources = _subject_mentions(tok, index, e.pos == "adj")
    if e.target == "none":
        return sources, []
    if e.governs == "report":
        # What is said is not a target; whom it is said to is ("told the Senate").
        patient = next((c for c in tok.children if c.dep_ == "dative" or (
            c.dep_ == "dobj" and tok.lemma_ in _ADDRESSEE_VERBS)), None)
    else:
        patient = logical_object(tok)
    by_prep = prep_objects(tok, e.target_preps)
    if not any(c.dep_ == "dobj" for c in tok.children):
        # "donated and delivered goods to X": the shared arguments hang on the last verb.
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ == "VERB":
                by_prep += prep_objects(c, e.target_preps)
    if obj is not None:
        # "delivered a protest to China": the preposition may hang on the frame's object.
        by_prep += prep_objects(obj, e.target_preps)
    # A named frame object ("summon the ambassador") is the target only if it holds an actor.
    first: list[Token | None] = [patient]
    if obj is not None and (patient is None or obj.i != patient.i):
        first.append(obj)
    if e.target == "prep":
        # "sent troops to ...", "expressed concern over ...": the object is the actor's own.
        first = []
    preps_first: list[Token | None] = list(by_prep)
    order = (preps_first + first) if e.target == "prep" else (first + preps_first)
    controller = _controller_object(tok)
    if controller is not None:
        # "called X to discuss the crisis in Y": X, unless the object itself is an actor.
        if patient is not None and index.covering(patient):
            order.append(controller)
        else:
            order.insert(0, controller)
    targets: list[ActorMention] = []
    weak: list[ActorMention] = []
    for t in order:
        if t is None:
            continue
        found = [m for m in index.members(t) if m not in sources]
        if found and weak and not all(m.country for m in found):
            continue  # only a named recipient outranks the object's modifier
        if found and t in first and not weak and _modifier_only(t, found):
            # Only an adjective or compound on the object is an actor ("returned Iraqi
            # artifacts to the government of Iraq"): a recipient named by the frame's
            # prepositions comes first.
            weak = found
            continue
        if found:
            targets = found
            break
    targets = targets or weak
    if not targets:
        # A place that is the object ("shelled Bagram", "captured Mosul") or is named by
        # one of the frame's prepositions ("arrived in Amman").
        objects = [patient] if patient is not None and patient.dep_ in ("dobj", "nsubjpass") \
            and e.target != "prep" and e.governs != "report" else []
        for t in [*objects, *by_prep]:
            pm = index.place(t)
            if pm is not None:
                targets = [pm]
                break
    if not targets and (e.governs in ("demand", "appeal", "pass") or (
            e.governs == "report" and _obligation_clause(tok) is not None)):
        # "ordered the paper to close", "demanded that the government resign".
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp"):
                s = direct_subject(c)
                if s is not None:
                    targets = [m for m in index.members(s) if m not in sources]
                    if targets:
                        break
    if not targets and e.governs == "threat":
        # "warned that police will no longer tolerate rallies by the group".
        for c in tok.children:
            if c.dep_ == "ccomp":
                o = logical_object(c)
                if o is not None:
                    targets = [m for m in index.members(o) if m not in sources]
                    if targets:
                        break
    if not sources and tok.dep_ == "conj":
        sources = _subject_mentions(tok.head, index)
    moved = obj if obj is not None else patient
    if not sources and e.target == "prep" and moved is not None \
            and moved.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in tok.children):
        # "Ecowas peacekeepers are being deployed to ...": the forces moved are the actor's
        # own, so with no agent they stand for it.
        sources = [m for m in index.members(moved) if m not in targets]
    if not targets and e.target == "prep" and obj is not None:
        # "expressed hope that the government will ...", "pessimism about bringing the
        # standoff to an end": the sentiment is about the content's actor.
        targets = _content_targets(tok, obj, e, index, sources)
    if not targets and e.governs != "report" and misparsed_report(tok):
        # "X are failing to ..., a rights group protested": the closing clause is about
        # the subject of the sentence's main clause.
        root = tok.sent.root
        subj = direct_subject(root) if root.i != tok.i else None
        targets = [m for m in index.members(subj) if m not in sources] if subj is not None \
            else []
    if not targets and e.governs in _CONTROL_MODES:
        # A control verb coded itself: its complement matched no frame ("refused to lift
        # the ban on X", "failed to renew the embargo on X"); whom that act concerns is
        # whom the refusal or promise concerns.
        for c in tok.children:
            if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
                o = logical_object(c)
                found = [m for m in index.members(o) if m not in sources] if o is not None \
                    else []
                near = found[0] if found else _nearby_actor(c, sources, index, other_side=False)
                if near is not None:
                    targets = [near]
                    break
    if sources and (not targets or all(_same_side(m, sources) for m in targets)):
        # Nothing better than the actor's own side ("withdraw its troops from Lebanon"),
        # or nothing at all: the nearest other actor among the verb's phrases ("contact
        # with the United States", "peacekeepers in Iraq"). Frames that need a target
        # look only through their own prepositions.
        own = tuple(index.owner[obj.i] or ()) if obj is not None and e.target == "prep" else ()
        near = _nearby_actor(tok, sources, index, other_side=bool(targets),
                             preps=frozenset(e.target_preps) if e.needs_target else _PLACE_PREPS,
                             skip=own)
        if near is not None:
            targets = [near]
    if not targets and tok.dep_ == "conj" and tok.head.pos_ == "VERB":
        # "rushed into the embassy and demanded asylum": the place of the first verb.
        head = tok.head
        for t in [logical_object(head), *prep_objects(head, ("into", "at", "in", "to"))]:
            if t is not None:
                found = [m for m in index.members(t) if m not in sources]
                if found:
                    targets = found
                    break
    return sources, targets


_NO_DESCEND = frozenset({
    "nsubj", "nsubjpass", "csubj", "agent", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj",
    "parataxis", "punct", "cc", "mark", "aux", "auxpass", "neg", "appos", "expl", "dep",
})


def _same_side(m: ActorMention, sources: list[ActorMention]) -> bool:
    return m.country is not None and any(s.country == m.country for s in sources)


# Prepositions that lead to participants or places, not to times, causes or contrasts.
_PLACE_PREPS = frozenset({
    "to", "with", "in", "into", "at", "on", "against", "from", "of", "for", "toward", "towards",
    "inside", "near", "between", "among", "across", "within", "onto", "upon", "over", "outside",
    "around", "along", "throughout", "beyond", "by", "as",
})


def _content_targets(tok: Token, obj: Token, e: Entry, index: ActorIndex,
                     sources: list[ActorMention]) -> list[ActorMention]:
    """Actors of the clause a sentiment is about: the subject of a "that" clause on the
    object or the verb, or the object of a gerund after one of the frame's prepositions."""
    for h in (obj, tok):
        for c in h.children:
            arg: Token | None = None
            if c.dep_ in ("acl", "ccomp") and not _is_purpose(c):
                arg = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")
                            and x.lower_ not in ("who", "which", "that")), None)
            elif c.dep_ == "prep" and c.lower_ in e.target_preps and h is obj:
                pc = next((x for x in c.children if x.dep_ == "pcomp"), None)
                arg = logical_object(pc) if pc is not None else None
            if arg is not None:
                found = [m for m in index.members(arg) if m not in sources]
                if found:
                    return found
    return []


def _modifier_only(t: Token, found: list[ActorMention]) -> bool:
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


def _controller_object(tok: Token) -> Token | None:
    """The object of a subject-control verb above ``tok`` ("called Lavrov to discuss")."""
    if tok.dep_ not in ("xcomp", "advcl") or not _is_purpose(tok):
        return None
    head = tok.head
    if not subject_control(head):
        return None
    return next((c for c in head.children if c.dep_ == "dobj"), None)


def _nearby_actor(tok: Token, sources: list[ActorMention], index: ActorIndex, *,
                  other_side: bool, depth: int = 7,
                  preps: frozenset[str] = _PLACE_PREPS,
                  skip: tuple[ActorMention, ...] = ()) -> ActorMention | None:
    """The shallowest actor in ``tok``'s own (non-clausal) phrases that is not a source.

    The trigger's purpose clause is searched too ("used tear gas to disperse X"); below the
    trigger, coordinated and appositive nouns ("between it and Israel", "the capital,
    Kabul") and infinitives on a noun ("an invitation to meet with X", "an effort to end
    the rift between X and Y") are part of the phrase; ``skip`` are mentions that are the actor's own (the troops of
    "sent troops to ..."), looked through but not taken.
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
                    nxt.extend(participle_args(c))  # "laws imposed by the government"
                elif dep not in _NO_DESCEND and (dep != "prep" or c.lower_ in preps):
                    nxt.append(c)
                elif below and dep in ("conj", "appos") and t.pos_ in _NOMINAL \
                        and c.pos_ in _NOMINAL:
                    nxt.append(c)  # "between it and Israel", "in the capital, Kabul"
                elif not below and dep in ("advcl", "xcomp") and _is_purpose(c):
                    nxt.append(c)  # "blocked a road to show disapproval of X's policy"
                elif below and dep in ("acl", "xcomp", "relcl") and t.pos_ in _NOMINAL_ADJ \
                        and _is_purpose(c):
                    nxt.append(c)
        for c in nxt:
            here: list[ActorMention] = index.owner[c.i] or []
            if not here and c.dep_ in ("pobj", "appos"):
                pm = index.place(c)
                here = [pm] if pm is not None else []
            for m in here:
                if m in sources or m in skip or (
                        other_side and (m.country is None or _same_side(m, sources))):
                    continue
                return m
        if not nxt:
            return None
        frontier = nxt
    return None


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_NOMINAL_ADJ = _NOMINAL | {"ADJ"}


def _noun_roles(tok: Token, e: Entry, index: ActorIndex
                ) -> tuple[list[ActorMention], list[ActorMention]]:
    sources: list[ActorMention] = []
    targets: list[ActorMention] = []
    for c in tok.children:
        dep = c.dep_
        if dep == "poss" or (dep in ("compound", "amod", "nmod") and index.covering(c)):
            m = index.inside(c)
            if m is not None and m not in sources:
                sources.append(m)
        elif dep == "prep" and (c.lower_ == "by" or (
                c.lower_ == "from" and "from" not in e.target_preps)):
            sources.extend(_members(index, (p for p in c.children if p.dep_ == "pobj")))
        elif dep == "prep" and c.lower_ == "between":
            both = _members(index, (p for p in c.children if p.dep_ == "pobj"))
            if both:
                sources.append(both[0])
                targets.extend(both[1:])
    if not targets:
        # "the detention of X"; but "the withdrawal of troops" (target: prep) moves the
        # actor's own.
        preps = e.target_preps if "of" in e.target_preps or e.target == "prep" \
            else (*e.target_preps, "of")
        for p in prep_objects(tok, preps):
            targets = [m for m in index.members(p) if m not in sources]
            if targets:
                break
    if not sources:
        # The verb the noun hangs on supplies the agent: "began a hunger strike", "held talks".
        h = tok.head
        if tok.dep_ == "pobj" and h.dep_ in ("prep", "agent"):
            h = h.head
        if tok.dep_ in ("dobj", "pobj", "attr", "nsubjpass", "oprd") and h.pos_ in ("VERB", "AUX"):
            sources = _subject_mentions(h, index)
            if sources and not targets and not e.needs_target:
                # "staged a hunger strike in protest against violations by the police".
                near = _nearby_actor(h, sources, index, other_side=False)
                if near is not None:
                    targets = [near]
    return sources, targets


@Language.factory("cormorant_events", default_config={"require_actor": True})
def make_event_coder(nlp: Language, name: str, require_actor: bool) -> EventCoder:
    return EventCoder(nlp, name, require_actor=require_actor)
