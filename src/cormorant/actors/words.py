"""The word lists of the actor stage (``data/words.yaml``), loaded in ``initialize()``."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from cormorant.datafiles import package_yaml, word_lists


@dataclass(frozen=True)
class ActorWords:
    """Closed-class words, nouns and verb lemmas the actor stage's rules look at."""

    honorifics: frozenset[str]
    possessive_marks: frozenset[str]
    actor_preps: frozenset[str]
    motion_verbs: frozenset[str]
    place_nouns: frozenset[str]
    stance_prefixes: frozenset[str]
    sponsor_suffixes: frozenset[str]
    lowercase_name_words: frozenset[str]
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    group_numbers: frozenset[str]
    complement_preps: frozenset[str]
    residence_preps: frozenset[str]
    definite_determiners: frozenset[str]
    locative_preps: frozenset[str]
    belonging_preps: frozenset[str]
    origin_preps: frozenset[str]
    flee_verbs: frozenset[str]
    site_agents: frozenset[str]
    company_words: frozenset[str]
    site_objects: frozenset[str]

    @property
    def pronoun_words(self) -> frozenset[str]:
        """Words that may stand for an earlier actor ("he", "they", "the two")."""
        return self.singular_pronouns | self.plural_pronouns | self.group_numbers

    @property
    def noun_preps(self) -> frozenset[str]:
        """Prepositions on a role noun that name where it belongs ("the government of X")."""
        return self.locative_preps | self.belonging_preps

    def to_data(self) -> dict[str, list[str]]:
        return {f.name: sorted(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_data(cls, data: Any, where: str = "actor word lists") -> ActorWords:
        """Words from a mapping of list name -> words; every list must be given."""
        return cls(**word_lists(data, (f.name for f in fields(cls)), where))


def load_actor_words() -> ActorWords:
    """The bundled word lists (``cormorant/actors/data/words.yaml``)."""
    return ActorWords.from_data(package_yaml("cormorant.actors", "data/words.yaml"),
                                "actors/data/words.yaml")
