"""The ``cormorant_places`` spaCy component (placeholder until the places issue lands)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


class Geoparser:
    def __init__(self, nlp: Language, name: str = "cormorant_places") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = []
        return doc


@Language.factory("cormorant_places")
def make_geoparser(nlp: Language, name: str) -> Geoparser:
    return Geoparser(nlp, name)
