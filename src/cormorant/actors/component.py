"""The ``cormorant_actors`` spaCy component (placeholder until the actor issue lands)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


class ActorRecognizer:
    def __init__(self, nlp: Language, name: str = "cormorant_actors") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None,
                   extra_files: list[Any] | None = None) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = []
        return doc


@Language.factory("cormorant_actors")
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name)
