"""The ``cormorant_relevance`` component: political relevance of coded events.

An event needs a political actor on at least one side (``data/relevance.yaml`` says
which). Company and market news codes nothing unless a government or other political
actor is a party. ``mode="all"`` keeps every event.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from cormorant.base.extensions import register_extensions
from cormorant.base.mentions import ActorMention, EventMention
from cormorant.errors import ConfigError, DictionaryError
from cormorant.ontology import default_ontology

__all__ = ["MODES", "Relevance", "RelevanceRules", "bundled_rules"]

MODES = ("political", "all")


@dataclass(frozen=True)
class RelevanceRules:
    """Which actors make an event political."""

    prefixes: tuple[str, ...]
    political: frozenset[str]
    in_dispute: frozenset[str]
    speaker_codes: frozenset[str] = frozenset()

    def is_political(self, actor: ActorMention | None, dispute: bool) -> bool:
        """Whether ``actor`` is political; ``dispute``: the in-dispute sectors count too."""
        if actor is None or not actor.code:
            return False
        if actor.code.startswith(self.prefixes):
            return True
        sector = actor.sector
        if sector is None:
            return actor.country is not None  # a state acting as such
        return sector in self.political or (dispute and sector in self.in_dispute)


@functools.cache
def bundled_rules() -> RelevanceRules:
    """The packaged rules (``events/data/relevance.yaml``)."""
    path = "data/relevance.yaml"
    try:
        data = yaml.safe_load(resources.files("cormorant.events").joinpath(path).read_text("utf-8"))
        ids = {k: tuple(str(e["id"]) for e in data[k])
               for k in ("political_prefixes", "political", "in_dispute", "speaker_codes")}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        raise DictionaryError(f"cormorant/events/{path}: {e}") from e
    return RelevanceRules(ids["political_prefixes"], frozenset(ids["political"]),
                          frozenset(ids["in_dispute"]), frozenset(ids["speaker_codes"]))


class Relevance:
    """Drops events with no political actor (``mode="political"``)."""

    def __init__(self, nlp: Language, name: str = "cormorant_relevance", *,
                 mode: str = "political") -> None:
        self.name = name
        self.mode = mode
        self.rules = bundled_rules()
        self._quad: dict[str, int] = {}

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None,
                   mode: str | None = None) -> None:
        if mode is not None:
            self.mode = mode
        if self.mode not in MODES:
            raise ConfigError(f"relevance must be one of {', '.join(MODES)}, not {self.mode!r}")
        self.rules = bundled_rules()

    def keep(self, ev: EventMention) -> bool:
        """Whether ``ev`` has a political actor on at least one side."""
        if self.mode == "all":
            return True
        quad = self._quad.get(ev.cameo)
        if quad is None:
            quad = self._quad[ev.cameo] = default_ontology().cameo(ev.cameo).quad_class
        # A civilian, labour or media side counts in a conflict, and when the other side is
        # not stated ("40 activists were released": by whom the text leaves open).
        dispute = quad >= 3 or ev.source is None or ev.target is None
        if ev.cameo[:3] in self.rules.speaker_codes:
            return self.rules.is_political(ev.source, dispute)
        return self.rules.is_political(ev.source, dispute) or (
            self.rules.is_political(ev.target, dispute) and not _incidental(ev.target, ev))

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "all" and doc._.events:  # None when the event stage is disabled
            doc._.events = [ev for ev in doc._.events if self.keep(ev)]
        return doc


def _incidental(actor: ActorMention | None, ev: EventMention) -> bool:
    """A country that is only a word on the act's object ("offered a U.S. dollar option",
    "committed Japanese funds"): no state acting as such."""
    return actor is not None and actor.sector is None and ev.notes.get("target_by") == "modifier"


@Language.factory("cormorant_relevance", default_config={"mode": "political"})
def make_relevance(nlp: Language, name: str, mode: str) -> Relevance:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return Relevance(nlp, name, mode=mode)
