"""Verb transformations: an event reported or intended inside another verb, coded anew.

PETRARCH2's ``~ a (a b ATTACK) SAY = a b 015`` reads: when *a* says that *a* attacked *b*,
code *a* -> *b* 015 instead of the attack. Here an event (the inner one) takes part when
its trigger is the clausal complement (``ccomp``/``xcomp``, through coordination and
control verbs) of a verb whose lemma a rule names (the outer verb), whether or not that
verb codes anything itself. The outer source is the outer verb's subject actor.

Positions hold variables: a lower-case letter binds an actor (the same letter, the same
actor code; different letters, different actors), ``_`` any actor or none, ``.`` none.
The inner code matches a rule's code when it is that code or below it in CAMEO (``190``
covers ``19x``); a rule with a code variable (``Q``) matches any code and is tried after
the rules with codes. The first rule that fires replaces the event: source and target
from the bindings, code from the rule, ``rule`` the rule's id (``FILE:LINE``) and the
replaced entry and code in ``notes``. Negated events are left alone ("said they did not
attack" is no claim of an attack). The event coder then drops the outer verb's own events
(the pair became one event) and counts a recoded event as primary even when it was only
an argument of the outer verb ("wants to attack": the attack under a coded "want").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.tokens import Doc, Token

from cormorant.base.mentions import ActorMention, EventMention
from cormorant.events.roles import ActorIndex
from cormorant.events.search import subject_mentions

__all__ = ["ANY", "NONE", "Bound", "Transform", "apply_transforms", "code_under", "fire",
           "same_actor"]

ANY = "_"
NONE = "."
# How an inner event hangs under its outer verb; an xcomp also climbs past a control verb
# that names no rule ("said they had begun to attack").
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
_CLIMB = 4


@dataclass(frozen=True, slots=True)
class Transform:
    """One compiled transformation. ``inner_codes`` empty: any code, bound to ``code_var``."""

    id: str
    outer_lemmas: frozenset[str]
    outer_source: str
    inner_source: str
    inner_target: str
    inner_codes: tuple[str, ...]
    code_var: str | None
    result_source: str
    result_target: str
    result_code: str  # a CAMEO code, or ``code_var``

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "outer_lemmas": sorted(self.outer_lemmas),
                "outer_source": self.outer_source, "inner_source": self.inner_source,
                "inner_target": self.inner_target, "inner_codes": list(self.inner_codes),
                "code_var": self.code_var, "result_source": self.result_source,
                "result_target": self.result_target, "result_code": self.result_code}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> Transform:
        return cls(d["id"], frozenset(d["outer_lemmas"]), d["outer_source"], d["inner_source"],
                   d["inner_target"], tuple(d["inner_codes"]), d["code_var"],
                   d["result_source"], d["result_target"], d["result_code"])


def code_under(code: str, named: str) -> bool:
    """``code`` is ``named`` or below it in CAMEO; a trailing 0 is the level above
    ("190" is "use conventional force, not specified": all of root 19)."""
    base = named
    while len(base) > 2 and base.endswith("0"):
        base = base[:-1]
    return code.startswith(base)


def apply_transforms(doc: Doc, events: list[EventMention], index: ActorIndex,
                     rules: Sequence[Transform]) -> list[tuple[EventMention, Transform, int]]:
    """Recode, in place, the events of ``events`` that a rule of ``rules`` covers; returns
    each recoded event with its rule and the token index of its outer verb."""
    if not rules or not events:
        return []
    lemmas: frozenset[str] = frozenset().union(*(r.outer_lemmas for r in rules))
    ordered = [r for r in rules if r.inner_codes] + [r for r in rules if not r.inner_codes]
    triggers = {ev.trigger_start for ev in events}
    fired: list[tuple[EventMention, Transform, int]] = []
    for ev in events:
        if ev.negated:
            continue
        outer = _outer_verb(doc[ev.trigger_start], lemmas, triggers)
        if outer is None:
            continue
        lemma = outer.lemma_.lower()
        subjects: list[ActorMention | None] = [*subject_mentions(outer, index)] or [None]
        for rule in ordered:
            if lemma not in rule.outer_lemmas:
                continue
            got = next((r for x in subjects if (r := fire(
                rule, x, ev.source, ev.target, ev.cameo, same_actor)) is not None), None)
            if got is not None:
                _recode(ev, rule, outer, *got)
                fired.append((ev, rule, outer.i))
                break
    return fired


def _outer_verb(tok: Token, lemmas: frozenset[str], triggers: set[int]) -> Token | None:
    """The verb a rule names whose clausal complement ``tok`` is, or None."""
    t = tok
    for _ in range(_CLIMB):
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head  # a coordinated verb shares its head's governor
        if t.dep_ not in _COMPLEMENT_DEPS or t.head.i == t.i:
            return None
        h = t.head
        if h.lemma_.lower() in lemmas:
            return h
        if t.dep_ != "xcomp" or h.i in triggers:
            return None  # the event sits in another event or in a clause no rule names
        t = h
    return None


A = TypeVar("A")  # an actor: a mention here, a code string in the PETRARCH-style coder
Bound = tuple[A, str]  # the actor and where it was bound: outer_subject, inner_source/target


def fire(rule: Transform, outer_source: A | None, source: A | None, target: A | None,
         code: str, same: Callable[[A, A], bool]
         ) -> tuple[Bound[A] | None, Bound[A] | None, str] | None:
    """The result's source, target and code when ``rule`` holds for an inner event
    (``source``, ``target``, ``code``) under a verb whose subject is ``outer_source``;
    None when it does not. ``same``: whether two actors are one."""
    if rule.inner_codes and not any(code_under(code, c) for c in rule.inner_codes):
        return None
    env: dict[str, Bound[A]] = {}
    for var, m, where in ((rule.outer_source, outer_source, "outer_subject"),
                          (rule.inner_source, source, "inner_source"),
                          (rule.inner_target, target, "inner_target")):
        if not _bind(env, var, m, where, same):
            return None
    src = env.get(rule.result_source)
    tgt = env.get(rule.result_target)
    if src is not None and tgt is not None and same(src[0], tgt[0]):
        return None
    out = code if rule.code_var is not None and rule.result_code == rule.code_var \
        else rule.result_code
    return src, tgt, out


def _bind(env: dict[str, Bound[A]], var: str, m: A | None, where: str,
          same: Callable[[A, A], bool]) -> bool:
    if var == ANY:
        return True
    if var == NONE:
        return m is None
    if m is None:
        return False
    if var in env:
        if not same(env[var][0], m):
            return False
        if where != "outer_subject":
            env[var] = (m, where)  # the event's own mention of the actor keeps its span
        return True
    if any(same(b[0], m) for b in env.values()):
        return False  # different letters stand for different actors
    env[var] = (m, where)
    return True


def same_actor(a: ActorMention, b: ActorMention) -> bool:
    """One actor: the same mention, or mentions with the same code."""
    return a is b or (bool(a.code) and a.code == b.code)


def _recode(ev: EventMention, rule: Transform, outer: Token, src: Bound[ActorMention] | None,
            tgt: Bound[ActorMention] | None, code: str) -> None:
    notes = dict(ev.notes)
    notes["inner_rule"] = ev.rule
    notes["inner_cameo"] = ev.cameo
    notes["outer_verb"] = outer.text
    for key, bound in (("source_by", src), ("target_by", tgt)):
        if bound is None:
            notes.pop(key, None)
        elif bound[1] != ("inner_source" if key == "source_by" else "inner_target"):
            notes[key] = bound[1]
    ev.source = src[0] if src is not None else None
    ev.target = tgt[0] if tgt is not None else None
    ev.cameo = code
    ev.rule = rule.id
    ev.notes = notes
