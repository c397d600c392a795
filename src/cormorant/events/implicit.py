"""The ``cormorant_implicit_agents`` component: the state agent of state-only acts.

Some acts only a state performs: arrest, detain, charge, indict, sentence, deport.
Reported without an agent ("he was detained at the airport", "the arrest of three
students"), their source is the state agent of the country where the event happened,
taken from the event's location (set by ``cormorant_event_places``: its own place, or the
story's dateline). Such a source is marked ``notes.source_inferred = "true"`` and names
the rule in ``notes.source_rule``. Other agentless events keep a null source. The acts
and their sectors are data: ``events/data/implicit_agents.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token

from cormorant.base.extensions import register_extensions
from cormorant.base.mentions import ActorMention, EventMention
from cormorant.errors import DictionaryError
from cormorant.events.roles import is_passive

__all__ = ["ImplicitAct", "ImplicitAgents", "bundled_acts"]


@dataclass(frozen=True)
class ImplicitAct:
    """An act only a state performs, and the sector of the state agent that does it."""

    id: str
    cameo: str
    sector: str
    lemmas: frozenset[str] = frozenset()

    def applies(self, code: str, lemma: str) -> bool:
        return code.startswith(self.cameo) and (not self.lemmas or lemma in self.lemmas)


@functools.cache
def bundled_acts() -> tuple[ImplicitAct, ...]:
    """The packaged acts, most specific first (``events/data/implicit_agents.yaml``)."""
    path = "data/implicit_agents.yaml"
    try:
        data = yaml.safe_load(resources.files("cormorant.events").joinpath(path).read_text("utf-8"))
        acts = [ImplicitAct(str(a["id"]), str(a["cameo"]), str(a["sector"]),
                            frozenset(str(x).lower() for x in a.get("lemmas", ())))
                for a in data["acts"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        raise DictionaryError(f"cormorant/events/{path}: {e}") from e
    return tuple(sorted(acts, key=lambda a: (-len(a.cameo), -bool(a.lemmas))))


def _agentless(tok: Token, ev: EventMention) -> bool:
    """A passive verb with no by-agent (also a reduced one: "12 activists arrested in
    Lagos", "leader detained in Harare"), or an event noun."""
    if tok.pos_ in ("NOUN", "PROPN") or ev.notes.get("target_by") == "headline_passive":
        return True
    if any(c.dep_ == "agent" for c in tok.children):
        return False
    return is_passive(tok) or (tok.tag_ == "VBN" and tok.dep_ == "acl")


class ImplicitAgents:
    """Gives agentless state-only acts the state agent of where they happened."""

    def __init__(self, nlp: Language, name: str = "cormorant_implicit_agents") -> None:
        self.name = name
        self.acts = bundled_acts()

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *,
                   nlp: Language | None = None) -> None:
        self.acts = bundled_acts()

    def __call__(self, doc: Doc) -> Doc:
        for ev in doc._.events or []:
            self.infer(doc, ev)
        return doc

    def infer(self, doc: Doc, ev: EventMention) -> None:
        if ev.target is None or ev.negated:
            return
        tok = doc[ev.trigger_start]
        if not _agentless(tok, ev):
            return
        if ev.source is not None:
            # The events stage took the country of the act's own place ("was arrested in
            # Rwanda": RWA); the act says which of its agents did it.
            if ev.notes.get("source_from") != "place" or ev.source.sector is not None:
                return
            country, start, end = ev.source.country, ev.source.start, ev.source.end
        elif ev.location is not None and not ev.location.place.metonymic:
            country, start, end = ev.location.place.country, ev.location.start, ev.location.end
        else:
            return
        if not country:
            return
        lemma = tok.lemma_.lower()
        act = next((a for a in self.acts if a.applies(ev.cameo, lemma)), None)
        if act is None:
            return
        ev.source = ActorMention(start=start, end=end, code=country + act.sector,
                                 country=country, sector=act.sector,
                                 entries=(f"inferred:{act.id}",), kind="inferred")
        ev.notes["source_inferred"] = "true"
        ev.notes["source_rule"] = act.id
        ev.notes["source_by"] = "inferred:place"


@Language.factory("cormorant_implicit_agents")
def make_implicit_agents(nlp: Language, name: str) -> ImplicitAgents:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return ImplicitAgents(nlp, name)
