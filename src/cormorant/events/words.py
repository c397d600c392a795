"""The word lists of the event stage (``data/words.yaml``), loaded in ``initialize()``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

import yaml

from cormorant.errors import DictionaryError


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

    def to_data(self) -> dict[str, list[str]]:
        return {f.name: sorted(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_data(cls, data: Any, where: str = "event word lists") -> Words:
        """Words from a mapping of list name -> words; every list must be given."""
        names = {f.name for f in fields(cls)}
        if not isinstance(data, Mapping) or set(data) != names:
            raise DictionaryError(f"{where} must name exactly the lists {sorted(names)}")
        out: dict[str, frozenset[str]] = {}
        for k in names:
            words = data[k]
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise DictionaryError(f"{where}: {k!r} must be a list of words")
            out[k] = frozenset(words)
        return cls(**out)


def load_words() -> Words:
    """The bundled word lists (``cormorant/events/data/words.yaml``)."""
    text = resources.files("cormorant.events").joinpath("data/words.yaml").read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DictionaryError(f"events/data/words.yaml is not valid YAML: {e}") from e
    return Words.from_data(data, "events/data/words.yaml")
