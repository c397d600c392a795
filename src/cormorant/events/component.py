"""The ``cormorant_events`` spaCy component (placeholder until the event issue lands)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


class EventCoder:
    def __init__(self, nlp: Language, name: str = "cormorant_events") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None,
                   extra_files: list[Any] | None = None) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc


@Language.factory("cormorant_events")
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder(nlp, name)
