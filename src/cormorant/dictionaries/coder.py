"""A PETRARCH-style coder: the verb patterns and actor dictionaries of a PETRARCH set
drive the coding of a parsed sentence (Penn Treebank brackets).

For every verb in the verb dictionary: the source is the actor of its subject (climbing
out of infinitives and past pronouns), the target the first actor after it in its verb
phrase (passives with a *by* phrase swap them); the first of its block's patterns that
matches the words around the verb gives the code (``$``/``+``/``%`` set the actors),
else the verb's own code. Actor phrases combine with agents in the same noun phrase
(``Veloria cleric`` -> VELREL, ``Veloria relief agency`` -> NGOVEL); coordinated actors give one event
each; dated codes apply on the sentence's date. The verb dictionary's transformations
(``cormorant.events.transform``) recode an event in the clause a named verb governs
("said they attacked": ``015``), replacing the governing verb's own events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cormorant.datafiles import package_yaml, word_lists
from cormorant.dictionaries.index import Match, PhraseIndex, find_phrases
from cormorant.dictionaries.load import PetrarchSet
from cormorant.dictionaries.model import Actor, Agent, Pattern, PatternElem, VerbBlock, VerbForm
from cormorant.dictionaries.transforms import compile_transformations
from cormorant.dictionaries.treebank import Node, ParseError, parse_tree
from cormorant.events.transform import Transform, fire

__all__ = ["CoderWords", "PetrarchCoder", "PetrarchEvent", "SentenceCoding"]

NULL = "---"
CLAUSES = frozenset({"S", "SQ", "SINV", "SBARQ"})
SKIP_IN_NP = frozenset({"SBAR", "S", "VP", "RRC", "SQ", "SINV"})
NOUNISH = ("NN", "PRP", "POS", "CD")
PRONOUNS = frozenset({"PRP"})
STOP_CLIMB = frozenset({"PP", "ADVP"})


@dataclass(frozen=True, slots=True)
class PetrarchEvent:
    source: str
    target: str
    code: str
    verb: str  # FILE:LINE of the verb entry
    pattern: str | None = None  # FILE:LINE of the pattern, when one matched
    transformation: str | None = None  # FILE:LINE of the transformation that recoded it


@dataclass(frozen=True, slots=True)
class SentenceCoding:
    events: tuple[PetrarchEvent, ...] = ()
    error: str | None = None  # bad_input_parse, storydiscard, sentencediscard


@dataclass
class _Sentence:
    leaves: list[Node]
    words: list[str]
    matches: list[Match]
    day: dt.date | None
    by_start: dict[int, Match] = field(default_factory=dict)
    by_end: dict[int, Match] = field(default_factory=dict)


@dataclass(frozen=True)
class CoderWords:
    """The coder's word lists (``data/words.yaml``), upper case like the tokens."""

    be_forms: frozenset[str]
    passive_agent_preps: frozenset[str]

    @classmethod
    def load(cls) -> CoderWords:
        lists = word_lists(package_yaml("cormorant.dictionaries", "data/words.yaml"),
                           ("be_forms", "passive_agent_preps"), "dictionaries/data/words.yaml")
        return cls(**{k: frozenset(w.upper() for w in v) for k, v in lists.items()})


class PetrarchCoder:
    """Codes parsed sentences with one PETRARCH dictionary set."""

    def __init__(self, pset: PetrarchSet, words: CoderWords | None = None) -> None:
        self.pset = pset
        self.words = words or CoderWords.load()
        self.actors = PhraseIndex(pset.actors)
        self.agents = PhraseIndex(pset.agents)
        self.discards = [(d.words, d.story) for d in pset.discards]
        self.verbs: dict[str, list[tuple[tuple[str, ...], int, VerbForm, VerbBlock]]] = {}
        for block in pset.verbs.blocks:
            for v in block.verbs:
                for form in v.forms:
                    self.verbs.setdefault(form[v.head], []).append((form, v.head, v, block))
        for k in self.verbs:  # multi-word verbs first
            self.verbs[k].sort(key=lambda t: -len(t[0]))
        self.synsets = {name: pset.verbs.expand(name) for name in pset.verbs.synsets}
        rules, self.transform_problems = compile_transformations(pset.verbs)
        # Rules naming a code first; a code variable only where none of them fires.
        self.transforms: list[Transform] = [r for r in rules if r.inner_codes] + [
            r for r in rules if not r.inner_codes]

    # -- entry point -------------------------------------------------------------------

    def code_parse(self, parse: str, day: dt.date | None = None) -> SentenceCoding:
        try:
            root, leaves = parse_tree(parse)
        except ParseError:
            return SentenceCoding(error="bad_input_parse")
        words = [leaf.word.upper() for leaf in leaves if leaf.word is not None]
        discard = self._discard(words)
        if discard:
            return SentenceCoding(error=discard)
        matches = find_phrases(words, self.actors, self.agents)
        s = _Sentence(leaves, words, matches, day)
        for m in matches:
            s.by_start[m.start] = m
            s.by_end[m.end - 1] = m
        coded = [(leaf, ev) for leaf in leaves if leaf.label.startswith("VB")
                 for ev in self._code_verb(s, leaf)]
        if self.transforms:
            coded = self._transform(s, coded)
        events: dict[tuple[str, str, str], PetrarchEvent] = {}
        for _, ev in coded:
            if ev.target:  # events without a target served the transformations only
                events.setdefault((ev.source, ev.target, ev.code), ev)
        return SentenceCoding(tuple(events.values()))

    def _discard(self, words: list[str]) -> str | None:
        found = None
        for phrase, story in self.discards:
            n = len(phrase)
            if any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1)):
                if story:
                    return "storydiscard"
                found = "sentencediscard"
        return found

    # -- verbs and patterns ------------------------------------------------------------

    def _verb_at(self, s: _Sentence, leaf: Node) -> tuple[int, int, VerbForm, VerbBlock] | None:
        i = leaf.index
        for form, head, v, block in self.verbs.get(s.words[i], ()):
            start = i - head
            if start >= 0 and tuple(s.words[start:start + len(form)]) == form:
                return start, start + len(form), v, block
        return None

    def _code_verb(self, s: _Sentence, leaf: Node) -> list[PetrarchEvent]:
        found = self._verb_at(s, leaf)
        if found is None:
            return []
        vstart, vend, verb, block = found
        vp = leaf.parent if leaf.parent is not None else leaf
        code = verb.code or block.code
        pattern: Pattern | None = None
        roles: dict[str, Match] = {}
        for p in block.patterns:
            got = self._match_pattern(s, p, vstart, vend, vp.end)
            if got is not None:
                pattern, roles, code = p, got, p.code
                break
        if code.startswith(NULL) or not (code[:1].isalnum() or code.startswith(":")):
            return []
        subject, passive_agent = self._subject(s, leaf, vp)
        if "%" in roles and roles["%"].end <= vstart:
            members = self._codes_around(s, roles["%"])
            sources, targets = members, members
        else:
            # A marked actor stands for itself, without the agents of its phrase.
            sources = self._combine(s, [roles["$"]]) if "$" in roles else subject
            if "+" in roles:
                targets = self._combine(s, [roles["+"]])
            elif "%" in roles:
                targets = self._codes_around(s, roles["%"])
            else:
                targets = self._target(s, vend, vp.end, exclude=roles.get("$"))
            if passive_agent is not None and "$" not in roles and "+" not in roles:
                sources, targets = passive_agent, subject
        if not targets and len(sources) > 1:
            targets = sources  # a compound acting on itself: "Veloria and Quintar renewed ties"
        out = []
        forward, _, backward = code.partition(":")
        pid = pattern.source.id if pattern else None
        for src in sources:
            # No target: an event with "" as target, for the transformations ("b . ATTACK").
            for tgt in targets or [""]:
                if src == tgt or not _real(src) or (tgt and not _real(tgt)):
                    continue
                if forward:
                    out.append(PetrarchEvent(src, tgt, forward, verb.source.id, pid))
                if backward and tgt and not backward.startswith(NULL):
                    out.append(PetrarchEvent(tgt, src, backward, verb.source.id, pid))
        return out

    # -- transformations ---------------------------------------------------------------

    def _transform(self, s: _Sentence, coded: list[tuple[Node, PetrarchEvent]]
                   ) -> list[tuple[Node, PetrarchEvent]]:
        """Recode the events a transformation covers; the outer verbs' events go."""
        out: list[tuple[Node, PetrarchEvent]] = []
        outer_leaves: set[int] = set()
        for leaf, ev in coded:
            head = _outer_leaf(leaf)
            lemma = self._lemma(s, head) if head is not None else None
            new = None
            if head is not None and lemma is not None:
                subjects: list[str | None] = [*self._subject(s, head, head.parent or head)[0]]
                new = self._recode(ev, lemma, subjects or [None])
            if new is not None and head is not None:
                outer_leaves.add(head.index)
                out.append((leaf, new))
            else:
                out.append((leaf, ev))
        return [(leaf, ev) for leaf, ev in out if leaf.index not in outer_leaves]

    def _recode(self, ev: PetrarchEvent, lemma: str,
                subjects: list[str | None]) -> PetrarchEvent | None:
        for rule in self.transforms:
            if lemma not in rule.outer_lemmas:
                continue
            for subject in subjects:
                got = fire(rule, subject, ev.source or None, ev.target or None, ev.code,
                           str.__eq__)
                if got is not None:
                    src, tgt, code = got
                    return PetrarchEvent(src[0] if src else "", tgt[0] if tgt else "", code,
                                         ev.verb, ev.pattern, rule.id)
        return None

    def _lemma(self, s: _Sentence, leaf: Node) -> str | None:
        """The base form of the dictionary verb at ``leaf`` (one-word verbs), else None."""
        found = self._verb_at(s, leaf)
        if found is None or len(found[2].words) != 1:
            return None
        return found[2].words[0].lower()

    def _match_pattern(self, s: _Sentence, p: Pattern, vstart: int, vend: int,
                       limit: int) -> dict[str, Match] | None:
        roles: dict[str, Match] = {}
        if not self._side(s, p.upper, 0, vend, limit, 1, roles):
            return None
        if not self._side(s, p.lower, 0, vstart - 1, -1, -1, roles):
            return None
        return roles

    def _side(self, s: _Sentence, elems: tuple[PatternElem, ...], k: int, pos: int, limit: int,
              step: int, roles: dict[str, Match]) -> bool:
        """Match ``elems[k:]`` from token ``pos`` in direction ``step`` (backtracking)."""
        if k == len(elems):
            return True
        elem = elems[k]
        candidates = [pos] if elem.tight else range(pos, limit, step)
        for i in candidates:
            if not (0 <= i < len(s.words)) or (step > 0 and i >= limit) or (step < 0 and i <= limit):
                break
            for nxt, role in self._elem_at(s, elem, i, step):
                if role is not None:
                    roles[elem.text] = role
                if self._side(s, elems, k + 1, nxt, limit, step, roles):
                    return True
                if role is not None:
                    roles.pop(elem.text, None)
        return False

    def _elem_at(self, s: _Sentence, elem: PatternElem, i: int,
                 step: int) -> list[tuple[int, Match | None]]:
        """Ways ``elem`` matches at token ``i``: (next position, actor match for markers)."""
        text = elem.text
        if text in ("$", "+", "%"):
            m = s.by_start.get(i) if step > 0 else s.by_end.get(i)
            if m is None or not m.is_actor:
                return []
            return [(m.end if step > 0 else m.start - 1, m)]
        if text == "^":
            return [(i + step, None)]
        if text.startswith("&"):
            out: list[tuple[int, Match | None]] = []
            for phrase in self.synsets.get(text[1:].rstrip("_"), ()):
                n = len(phrase)
                lo = i if step > 0 else i - n + 1
                if lo >= 0 and tuple(s.words[lo:lo + n]) == phrase:
                    out.append((i + step * n, None))
            return out
        return [(i + step, None)] if s.words[i] == text else []

    # -- actors --------------------------------------------------------------------------

    def _subject(self, s: _Sentence, leaf: Node, vp: Node) -> tuple[list[str], list[str] | None]:
        """Codes of the verb's subject, and of its passive *by* agent if it has one."""
        passive_agent = None
        if leaf.label == "VBN" and self._after_be(vp):
            for child in vp.children:
                if child.label == "PP" and child.children and child.children[0].word \
                        and child.children[0].word.upper() in self.words.passive_agent_preps:
                    codes = self._codes_of(s, child)
                    if codes:
                        passive_agent = codes
                        break
        node = vp
        while node.parent is not None:
            while node.parent is not None and node.parent.label == "VP":
                node = node.parent
            clause = node.parent
            if clause is None:
                break
            if clause.label in CLAUSES and clause.parent is not None \
                    and clause.parent.label in STOP_CLIMB and not any(
                        c.label == "NP" for c in clause.children[:clause.children.index(node)]):
                # "after leaving Quintar": an adverbial clause takes no subject from outside.
                return [], passive_agent
            if clause.label in CLAUSES:
                pos = clause.children.index(node)
                np = next((c for c in reversed(clause.children[:pos]) if c.label == "NP"), None)
                if np is not None:
                    codes = self._codes_of(s, np)
                    if codes:
                        return codes, passive_agent
                    if not all(leaf.label in PRONOUNS for leaf in np.leaves()):
                        return [], passive_agent
            node = clause
        return [], passive_agent

    def _after_be(self, vp: Node) -> bool:
        node: Node | None = vp
        while node is not None and node.label == "VP":
            parent = node.parent
            if parent is not None and parent.label == "VP":
                for c in parent.children:
                    if c is node:
                        break
                    if c.word is not None and c.word.upper() in self.words.be_forms:
                        return True
            node = parent
        return False

    def _target(self, s: _Sentence, start: int, end: int, exclude: Match | None) -> list[str]:
        for m in s.matches:
            if m.start >= start and m.end <= end and m is not exclude:
                return self._codes_around(s, m)
        return []

    def _codes_around(self, s: _Sentence, m: Match) -> list[str]:
        """Codes of the noun phrase around a match (climbing through nested NPs)."""
        node: Node | None = s.leaves[m.start]
        np = None
        while node is not None:
            if node.label == "NP" and node.start <= m.start and m.end <= node.end:
                np = node
                break
            node = node.parent
        if np is None:
            return self._combine(s, [m])
        while np.parent is not None and np.parent.label == "NP":
            np = np.parent
        return self._codes_of(s, np)

    def _codes_of(self, s: _Sentence, node: Node) -> list[str]:
        """Codes of a phrase: its actors (coordinated ones apart) with their agents."""
        idx: set[int] = set()

        def walk(n: Node) -> None:
            if n.is_leaf:
                idx.add(n.index)
            elif n.label not in SKIP_IN_NP or n is node:
                for c in n.children:
                    walk(c)

        walk(node)
        ms = [m for m in s.matches if all(i in idx for i in range(m.start, m.end))]
        return self._combine(s, ms)

    def _separated(self, s: _Sentence, a: Match, b: Match) -> bool:
        for i in range(a.end, b.start):
            w = s.words[i]
            if w == ",":
                return True
            if s.leaves[i].label == "CC" and i > 0 and (
                    s.leaves[i - 1].label.startswith(NOUNISH) or i - 1 < a.end or s.words[i - 1] == ","):
                return True
        return False

    def _combine(self, s: _Sentence, ms: list[Match]) -> list[str]:
        actors: list[Match] = []
        for m in ms:
            if m.is_actor and (not actors or self._separated(s, actors[-1], m)):
                actors.append(m)
        groups: list[list[Agent]] = []
        last: Match | None = None
        for m in ms:
            if m.is_actor:
                continue
            assert isinstance(m.entry, Agent)
            if last is None or self._separated(s, last, m):
                groups.append([m.entry])
            else:
                groups[-1].append(m.entry)
            last = m
        bases: list[str] = []
        for m in actors:
            assert isinstance(m.entry, Actor)
            bases.extend(m.entry.codes_on(s.day) or (NULL,))
        if not bases and groups:
            bases = [NULL]
        out: list[str] = []
        for base in bases:
            for g in groups or [[]]:
                code = base
                for ag in g:
                    if ag.prefix:
                        code = ag.code + code
                for ag in g:
                    if not ag.prefix and ag.code not in code:
                        code = code + ag.code
                if code not in out:
                    out.append(code)
        return out


def _outer_leaf(leaf: Node) -> Node | None:
    """The verb whose clausal complement holds ``leaf``'s verb phrase: up through the verb
    group ("had attacked", "to attack"), the clause (and SBAR), to the verb of the VP above."""
    node = leaf.parent
    if node is None:
        return None
    while node.parent is not None and node.parent.label == "VP":
        node = node.parent
    clause = node.parent
    if clause is None or clause.label not in CLAUSES:
        return None
    if clause.parent is not None and clause.parent.label == "SBAR":
        clause = clause.parent
    vp = clause.parent
    if vp is None or vp.label != "VP":
        return None
    return next((c for c in vp.children if c.is_leaf and c.label.startswith("VB")), None)


def _real(code: str) -> bool:
    return bool(code) and code != NULL and not set(code) <= {"-", "+", "#"}
