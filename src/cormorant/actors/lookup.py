"""Find the coded actor(s) at a token or in a span, for the stages after the actor stage.

The event coder picks its source and target from the dependency parse; these helpers
turn an argument token into actor mentions:

- ``actor_at(doc, i)``: the mention covering token ``i`` (the first, for compounds), or None;
- ``actors_at(doc, i)``: every mention covering token ``i`` ("Hungarian and Romanian
  officials" gives two);
- ``actors_in_span(doc, start, end)``: mentions overlapping tokens ``start:end``;
- ``actors_for_argument(doc, token)``: for the head of an argument phrase, the mentions
  of that phrase: those covering the token, else the nearest ones in its subtree
  (shallowest first, so "a spokesman for the embassy" gives the spokesman), plus the
  conjuncts ("Japan and South Korea" gives both).

The token index is built once per document by the component and kept in
``doc.user_data``; the helpers rebuild it if the actor list changed.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from cormorant.base.mentions import ActorMention

INDEX_KEY = "cormorant.actor_index"


def build_index(doc: Doc) -> dict[int, list[ActorMention]]:
    """Token index -> mentions covering it, in text order; stored on the doc."""
    mentions = doc._.actors or []
    index: dict[int, list[ActorMention]] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            index.setdefault(i, []).append(m)
        # A compound member's head may lie outside its own span ("Hungarian" -> officials).
        if m.head >= 0 and not (m.start <= m.head < m.end):
            index.setdefault(m.head, []).append(m)
    doc.user_data[INDEX_KEY] = (len(mentions), index)
    return index


def _index(doc: Doc) -> dict[int, list[ActorMention]]:
    stored = doc.user_data.get(INDEX_KEY)
    n = len(doc._.actors or [])
    if stored is None or stored[0] != n:
        return build_index(doc)
    index: dict[int, list[ActorMention]] = stored[1]
    return index


def actors_at(doc: Doc, i: int) -> list[ActorMention]:
    return list(_index(doc).get(i, ()))


def actor_at(doc: Doc, i: int) -> ActorMention | None:
    found = _index(doc).get(i)
    return found[0] if found else None


def actors_in_span(doc: Doc, start: int, end: int) -> list[ActorMention]:
    index = _index(doc)
    seen: dict[int, ActorMention] = {}
    for i in range(start, end):
        for m in index.get(i, ()):
            seen.setdefault(id(m), m)
    return sorted(seen.values(), key=lambda m: (m.start, m.end))


def actors_for_argument(doc: Doc, token: Token, *, conjuncts: bool = True) -> list[ActorMention]:
    """Mentions standing for the phrase headed by ``token`` (see the module docstring)."""
    out = _for_head(doc, token)
    if conjuncts:
        for conj in token.conjuncts:
            for m in _for_head(doc, conj):
                if all(m is not o for o in out):
                    out.append(m)
    return out


def _for_head(doc: Doc, token: Token) -> list[ActorMention]:
    index = _index(doc)
    here = index.get(token.i)
    if here:
        return list(here)
    # Breadth-first down the subtree, not into clauses of their own or conjuncts.
    frontier = [c for c in token.children if c.dep_ not in ("conj", "cc", "relcl", "advcl", "ccomp")]
    while frontier:
        found: list[ActorMention] = []
        for t in frontier:
            for m in index.get(t.i, ()):
                if all(m is not f for f in found):
                    found.append(m)
        if found:
            return found
        frontier = [c for t in frontier for c in t.children
                    if c.dep_ not in ("relcl", "advcl", "ccomp")]
    return []
