"""The ``cormorant_segmenter`` component: hard sentence boundaries the parser must respect.

News text has structure the statistical parser does not always see: a wire dateline
("GOMA, Sept 8 -") glued to the first sentence, and paragraph breaks. Marking them
before the parser runs keeps a dateline city from becoming a subject and keeps
sentences from running across paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cormorant.ingest.dateline import find_dateline
from cormorant.nlp.extensions import register_extensions


class Segmenter:
    def __init__(self, nlp: Language, name: str = "cormorant_segmenter") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None) -> None:
        """Nothing to load: the rules are structural."""

    def __call__(self, doc: Doc) -> Doc:
        # A parsed doc already has its sentences; spaCy forbids rewriting them.
        if len(doc) < 2 or doc.has_annotation("DEP"):
            return doc
        starts: list[int] = []
        dateline = find_dateline(doc.text)
        if dateline is not None:
            tok = doc.char_span(dateline.end, dateline.end, alignment_mode="expand")
            starts.append(tok.start if tok is not None else len(doc))
        starts.extend(t.i + 1 for t in doc[:-1] if t.is_space and t.text.count("\n") >= 2)
        starts = sorted({_skip_space(doc, i) for i in starts if 0 < i < len(doc)})
        starts = [i for i in starts if 0 < i < len(doc)]
        for k, i in enumerate(starts):
            doc[i].is_sent_start = True
            # Up to its first full stop the sentence is whole: without this the parser,
            # once told where a sentence starts, may cut it again after one word.
            stop = starts[k + 1] if k + 1 < len(starts) else len(doc)
            for j in range(i + 1, stop):
                if doc[j - 1].text in _SENTENCE_ENDS or doc[j].is_space:
                    break
                doc[j].is_sent_start = False
        return doc


_SENTENCE_ENDS = frozenset({".", "!", "?"})


def _skip_space(doc: Doc, i: int) -> int:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i


@Language.factory("cormorant_segmenter")
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return Segmenter(nlp, name)
