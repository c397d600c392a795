"""The ``cormorant_dates`` spaCy component (placeholder: document date only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


class DateResolver:
    def __init__(self, nlp: Language, name: str = "cormorant_dates") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None) -> None:
        pass

    def __call__(self, doc: Doc) -> Doc:
        for ev in doc._.events or []:
            if ev.date is None and doc._.document_date is not None:
                ev.date = doc._.document_date
                ev.date_precision = "day"
        return doc


@Language.factory("cormorant_dates")
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver(nlp, name)
