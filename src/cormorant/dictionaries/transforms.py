"""PETRARCH2 verb transformations as cormorant rules (``cormorant.events.transform``).

The verb names of ``~ a (a b ATTACK) SAY = a b 015`` are resolved in the loaded verb
dictionary:

- the outer verb (``SAY``) stands for the lemmas it names: the verb itself where it is a
  verb of some block, the verbs of a block of that name (``--- ATTEMPT [---] ---``), and
  the one-word phrases of a synonym set ``&SAY``;
- the inner verb (``ATTACK``) and a named result stand for a code: a block of that name's
  code, else the code of the verb of that name (its own, or its block's). One letter
  (``Q``) is a code variable: any inner code, copied to the result where it stands.

A name that resolves to nothing, a verb with no event code, or a result letter bound by
nothing is a problem reported with the line's ``FILE:LINE``; that transformation is left
out and the load goes on.
"""

from __future__ import annotations

import re

from cormorant.dictionaries.lines import ReadError
from cormorant.dictionaries.model import Problem, Transformation
from cormorant.dictionaries.verbs import VerbDictionary
from cormorant.events.transform import ANY, NONE, Transform

__all__ = ["compile_transformations"]

_CAMEO = re.compile(r"\d{2,4}")
_ACTOR_VAR = re.compile(r"[a-z]|[_.]")


class _Names:
    """Lemmas and codes of the verb names of one verb dictionary."""

    def __init__(self, verbs: VerbDictionary) -> None:
        self.verbs = verbs
        self.block_codes: dict[str, list[str]] = {}
        self.block_lemmas: dict[str, set[str]] = {}
        self.verb_codes: dict[str, list[str]] = {}
        for b in verbs.blocks:
            name = "_".join(b.name.upper().split())
            self.block_codes.setdefault(name, []).append(b.code)
            members = self.block_lemmas.setdefault(name, set())
            for v in b.verbs:
                key = "_".join(v.words)
                self.verb_codes.setdefault(key, []).append(v.code or b.code)
                if len(v.words) == 1:
                    members.add(v.words[0].lower())

    def lemmas(self, name: str) -> set[str]:
        out = set(self.block_lemmas.get(name, ()))
        if name in self.verb_codes and "_" not in name:
            out.add(name.lower())
        out |= {p[0].lower() for p in self.verbs.expand(name) if len(p) == 1}
        return out

    def codes(self, name: str) -> tuple[list[str], bool]:
        """The event codes ``name`` stands for, and whether the name is known at all."""
        found = [*self.block_codes.get(name, ())]
        if not any(_event(c) for c in found):
            found += self.verb_codes.get(name, [])
        known = bool(found)
        return list(dict.fromkeys(e for c in found if (e := _event(c)))), known


def _event(code: str) -> str | None:
    """The forward CAMEO code of ``[A:B]``, or None (``---``, reverse-only, not a code)."""
    forward = code.split(":")[0]
    return forward if _CAMEO.fullmatch(forward) else None


def compile_transformations(verbs: VerbDictionary) -> tuple[list[Transform], list[Problem]]:
    """Rules for the transformations of ``verbs``; the ones that cannot be used as problems."""
    names = _Names(verbs)
    rules: list[Transform] = []
    problems: list[Problem] = []
    for t in verbs.transformations:
        try:
            rules.append(_compile(t, names))
        except ReadError as e:
            problems.append(Problem(t.source.file, t.source.line,
                                    f"transformation not applied: {e}"))
    return rules, problems


def _compile(t: Transformation, names: _Names) -> Transform:
    in_src, in_tgt, in_verb = t.inner
    r_src, r_tgt, r_code = t.result
    for var in (t.outer_source, in_src, in_tgt, r_src, r_tgt):
        if not _ACTOR_VAR.fullmatch(var):
            raise ReadError(f"{var!r} is no actor variable (a letter, _ or .)")
    bound = {v for v in (t.outer_source, in_src, in_tgt) if v not in (ANY, NONE)}
    for var in (r_src, r_tgt):
        if var not in bound and var not in (ANY, NONE):
            raise ReadError(f"result actor {var!r} is bound by nothing on the left")
    lemmas = names.lemmas(t.outer_verb)
    if not lemmas:
        raise ReadError(f"verb {t.outer_verb} is in no verb block or synonym set")
    code_var: str | None = None
    inner_codes: tuple[str, ...] = ()
    if len(in_verb) == 1 and in_verb.isalpha():
        code_var = in_verb
    else:
        inner_codes = tuple(_codes_of(in_verb, names))
    if code_var is not None and r_code == code_var:
        code = r_code
    elif _CAMEO.fullmatch(r_code):
        code = r_code
    else:
        code = _codes_of(r_code, names)[0]
    return Transform(t.source.id, frozenset(lemmas), t.outer_source, in_src, in_tgt,
                     inner_codes, code_var, r_src, r_tgt, code)


def _codes_of(name: str, names: _Names) -> list[str]:
    codes, known = names.codes(name)
    if not known:
        raise ReadError(f"verb {name} is in no verb block")
    if not codes:
        raise ReadError(f"verb {name} has no event code")
    return codes
