"""The geoparser's word lists, read from ``places/data/words.yaml``.

Language data lives in the data file; the code names the lists it reads. Parser labels
(entity labels, punctuation) stay in code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cormorant.errors import DictionaryEntryError
from cormorant.places.gazetteer import yaml_entries

WORDS_FILE = "words.yaml"


@dataclass(frozen=True)
class PlaceWords:
    """The word lists of ``words.yaml``, one field per list id (see the file for each)."""

    county_words: frozenset[str]
    admin_abbrevs: dict[str, str]
    direction_words: frozenset[str]
    local_institutions: frozenset[str]
    place_tails: frozenset[str]
    county_plurals: dict[str, str]
    party_letters: frozenset[str]
    shared_abbrevs: frozenset[str]
    locative_preps: frozenset[str]
    titles: frozenset[str]
    speech_verbs: frozenset[str]
    agent_nouns: frozenset[str]
    address_verbs: frozenset[str]
    locative_verbs: frozenset[str]
    subcity_tails: frozenset[str]
    street_tails: frozenset[str]
    feature_tails: frozenset[str]
    feature_heads: frozenset[str]
    district_nouns: frozenset[str]
    place_nouns: frozenset[str]

    @cached_property
    def plural_lengths(self) -> frozenset[int]:
        """The lengths of the county plurals: a cheap test before ``lower()``."""
        return frozenset(len(w) for w in self.county_plurals)

    @cached_property
    def party_re(self) -> re.Pattern[str]:
        """"D-Pa.": lets a text without any be skipped."""
        return re.compile(f"[{''.join(sorted(self.party_letters))}] ?-")

    @classmethod
    def from_entries(cls, entries: list[dict[str, Any]]) -> PlaceWords:
        fields = set(cls.__dataclass_fields__)
        values: dict[str, Any] = {}
        for e in entries:
            key = e["id"]
            if key not in fields:
                raise DictionaryEntryError(f"places/data/{WORDS_FILE}: unknown list {key!r}")
            if isinstance(e.get("map"), dict):
                values[key] = {str(a): str(b) for a, b in e["map"].items()}
            elif isinstance(e.get("words"), list):
                values[key] = frozenset(str(w) for w in e["words"])
            else:
                raise DictionaryEntryError(
                    f"places/data/{WORDS_FILE}: list {key!r} has neither `words` nor `map`")
        missing = sorted(fields - set(values))
        if missing:
            raise DictionaryEntryError(f"places/data/{WORDS_FILE}: lists missing: {missing}")
        return cls(**values)


@functools.cache
def load_words() -> PlaceWords:
    """The packaged word lists (read-only data: read once)."""
    return PlaceWords.from_entries(yaml_entries(WORDS_FILE, ()))
