"""Phrase indexes over a PETRARCH set: actors and agents found in a token sequence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cormorant.dictionaries.model import Actor, Agent

__all__ = ["Match", "PhraseIndex", "find_phrases"]


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary phrase over tokens ``start:end``: an actor or an agent."""

    start: int
    end: int
    entry: Actor | Agent

    @property
    def is_actor(self) -> bool:
        return isinstance(self.entry, Actor)


class PhraseIndex:
    """First word -> (phrase, entry), longest phrases first; earlier entries win ties."""

    def __init__(self, entries: Iterable[Actor | Agent]) -> None:
        table: dict[str, list[tuple[tuple[str, ...], Actor | Agent]]] = {}
        seen: set[tuple[str, ...]] = set()
        for e in entries:
            for name in e.names:
                if name in seen:  # the first entry of a name keeps it, as in PETRARCH
                    continue
                seen.add(name)
                table.setdefault(name[0], []).append((name, e))
        self.table = {k: sorted(v, key=lambda p: -len(p[0])) for k, v in table.items()}

    def at(self, words: Sequence[str], i: int) -> tuple[int, Actor | Agent] | None:
        """The longest phrase starting at ``i``: (length, entry)."""
        for phrase, entry in self.table.get(words[i], ()):
            n = len(phrase)
            if tuple(words[i:i + n]) == phrase:
                return n, entry
        return None


def find_phrases(words: Sequence[str], actors: PhraseIndex, agents: PhraseIndex) -> list[Match]:
    """Left to right, the longest actor or agent phrase at each point (actors win ties)."""
    out: list[Match] = []
    i = 0
    while i < len(words):
        a = actors.at(words, i)
        g = agents.at(words, i)
        best = a if a is not None and (g is None or a[0] >= g[0]) else g
        if best is None:
            i += 1
            continue
        out.append(Match(i, i + best[0], best[1]))
        i += best[0]
    return out
