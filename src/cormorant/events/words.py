"""The word lists of the event stage (``data/words.yaml``), loaded in ``initialize()``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from cormorant.datafiles import package_yaml, word_lists


@dataclass(frozen=True)
class Words:
    """Closed-class words and verb lemmas the event coder's rules look at."""

    future: frozenset[str]
    possible: frozenset[str]
    obligation: frozenset[str]
    negation: frozenset[str]
    conditional: frozenset[str]
    expel_verbs: frozenset[str]
    addressee_verbs: frozenset[str]
    place_preps: frozenset[str]
    relative_pronouns: frozenset[str]
    subject_control_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    pronouns: frozenset[str]
    inside_preps: frozenset[str]
    participle_preps: frozenset[str]
    negative_subjects: frozenset[str]
    locative_preps: frozenset[str]
    verb_lemma_fixes: frozenset[str]  # "wrong>right"
    allegation_heads: frozenset[str]
    allegation_preps: frozenset[str]
    denied_content_nouns: frozenset[str]
    circumstance_preps: frozenset[str]
    prospect_nouns: frozenset[str]
    prospect_preps: frozenset[str]
    prospect_adjectives: frozenset[str]
    intent_nouns: frozenset[str]
    intent_preps: frozenset[str]
    reciprocal_codes: frozenset[str]
    answer_roots: frozenset[str]
    natural_causes: frozenset[str]

    def reciprocal(self, code: str) -> bool:
        """An act done together, each side to the other (see ``reciprocal_codes``)."""
        return any(code.startswith(p) for p in self.reciprocal_codes)

    @cached_property
    def verb_fixes(self) -> dict[str, str]:
        """The model's wrong verb lemmas and the right ones (built once: read per document)."""
        return dict(x.split(">", 1) for x in self.verb_lemma_fixes)

    def to_data(self) -> dict[str, list[str]]:
        return {f.name: sorted(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_data(cls, data: Any, where: str = "event word lists") -> Words:
        """Words from a mapping of list name -> words; every list must be given."""
        return cls(**word_lists(data, (f.name for f in fields(cls)), where))


def load_words() -> Words:
    """The bundled word lists (``cormorant/events/data/words.yaml``)."""
    return Words.from_data(package_yaml("cormorant.events", "data/words.yaml"),
                           "events/data/words.yaml")
