"""The word lists of the event stage (``data/words.yaml``), loaded in ``initialize()``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from cormorant.errors import DictionaryError

# Modal auxiliaries that put an event in the future, make it possible or oblige it.
_FUTURE = frozenset({"will", "would", "shall", "'ll", "wo"})
_POSSIBLE = frozenset({"may", "might", "could", "can", "ca"})
_OBLIGATION = frozenset({"must", "should", "ought"})
_NEG_WORDS = frozenset({"not", "n't", "never", "no"})
_COND_MARKS = frozenset({"if", "unless"})
_EXPEL_LEMMAS = frozenset({"expel", "deport", "banish"})
# Reporting verbs whose direct object is a participant (the addressee, the one defended),
# not the message.
_ADDRESSEE_VERBS = frozenset({
    "tell", "inform", "brief", "assure", "warn", "remind", "notify", "defend", "justify",
})
# Prepositions that lead to participants or places, not to times, causes or contrasts.
_PLACE_PREPS = frozenset({
    "to", "with", "in", "into", "at", "on", "against", "from", "of", "for", "toward", "towards",
    "inside", "near", "between", "among", "across", "within", "onto", "upon", "over", "outside",
    "around", "along", "throughout", "beyond", "by", "as",
})


@dataclass(frozen=True)
class Words:
    """Closed-class words and verb lemmas the event coder's rules look at."""

    future: frozenset[str] = _FUTURE
    possible: frozenset[str] = _POSSIBLE
    obligation: frozenset[str] = _OBLIGATION
    negation: frozenset[str] = _NEG_WORDS
    conditional: frozenset[str] = _COND_MARKS
    expel_verbs: frozenset[str] = _EXPEL_LEMMAS
    addressee_verbs: frozenset[str] = _ADDRESSEE_VERBS
    place_preps: frozenset[str] = _PLACE_PREPS

    def to_data(self) -> dict[str, list[str]]:
        return {f.name: sorted(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Words:
        names = {f.name for f in fields(cls)}
        if not isinstance(data, Mapping) or set(data) != names:
            raise DictionaryError(f"event word lists must name exactly {sorted(names)}")
        return cls(**{k: frozenset(str(w) for w in data[k]) for k in names})
