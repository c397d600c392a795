"""The ``cormorant_actor_countries`` spaCy component: countries for role nouns from context.

Runs after the place stage (it reads ``doc._.places``) and before the event stage, and
changes ``doc._.actors`` in place; see ``cormorant.actors.context`` for the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cormorant.actors.context import infer_countries


class ActorCountries:
    """Gives role-noun mentions with no country the one their context names."""

    def __init__(self, nlp: Language, name: str = "cormorant_actor_countries") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *,
                   nlp: Language | None = None) -> None:
        """Nothing to load: the rules are fixed."""

    def __call__(self, doc: Doc) -> Doc:
        infer_countries(doc, doc._.actors, doc._.places)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorCountries:
        return self


@Language.factory("cormorant_actor_countries")
def make_actor_countries(nlp: Language, name: str) -> ActorCountries:
    return ActorCountries(nlp, name)
