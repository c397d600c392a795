"""Draw the real-news gold sample: random sentences, by document id and character offsets.

The sample is drawn at random, not for having events (most news sentences have none).
Sentences are found with a plain, documented splitter so that the offsets do not depend on
the coder's own parser. Only ids and offsets are stored; the text is read back from the
corpus files by path (see :func:`sentence_text`).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cormorant.errors import EvaluationError

__all__ = ["SampledSentence", "draw", "split_sentences", "read_texts", "sentence_text"]

# Sentence ends: a full stop, question or exclamation mark (optionally closing a quote)
# followed by space and a capital or a quote; or a paragraph break (blank or indented line).
_END = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[\"'(]?[A-Z0-9])|\n\s*\n|\n {2,}")
# A full stop after one of these is not a sentence end.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gen|Col|Lt|Maj|Capt|Sgt|Gov|Prof|Inc|Corp|Co|Ltd|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|No|vs|U\.S|U\.K|U\.N|pct|mln|bln|dlrs)\.|"
    r"\b[A-Z]\.)$"
)
MIN_CHARS = 30
MAX_CHARS = 600


@dataclass(frozen=True, slots=True)
class SampledSentence:
    """One sentence of the sample: its corpus, document id and character span."""

    corpus: str
    doc_id: str
    start: int
    end: int

    @property
    def sid(self) -> str:
        return f"{self.doc_id}:{self.start}-{self.end}"


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (leading/trailing space trimmed)."""
    start = 0
    for m in _END.finditer(text):
        if _ABBREV.search(text[start:m.start()].rstrip("\"')")):
            continue
        yield from _trim(text, start, m.start())
        start = m.end()
    yield from _trim(text, start, len(text))


def _trim(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def _is_prose(sentence: str) -> bool:
    """A sentence of running text, not a table row, a heading or a fragment."""
    if not MIN_CHARS <= len(sentence) <= MAX_CHARS:
        return False
    words = sentence.split()
    if len(words) < 6:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower >= len(words) / 3


def read_texts(path: Path) -> dict[str, str]:
    """``{id: text}`` from a JSON-lines corpus with ``id`` and ``text`` fields."""
    texts: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                row = json.loads(line)
                texts[str(row["id"])] = str(row.get("text") or "")
    except (OSError, json.JSONDecodeError, KeyError) as e:
        raise EvaluationError(f"{path}: cannot read corpus: {e}") from e
    return texts


def draw(corpora: dict[str, Path], per_corpus: dict[str, int], seed: int) -> list[SampledSentence]:
    """Draw ``per_corpus[name]`` prose sentences uniformly from each corpus, with ``seed``."""
    rng = random.Random(seed)
    sample: list[SampledSentence] = []
    for name in sorted(corpora):
        texts = read_texts(corpora[name])
        pool = [
            SampledSentence(name, doc_id, s, e)
            for doc_id in sorted(texts)
            for s, e in split_sentences(texts[doc_id])
            if _is_prose(texts[doc_id][s:e])
        ]
        k = per_corpus.get(name, 0)
        if k > len(pool):
            raise EvaluationError(f"{name}: only {len(pool)} sentences, asked for {k}")
        sample.extend(sorted(rng.sample(pool, k), key=lambda x: (x.doc_id, x.start)))
    return sample


def sentence_text(texts: dict[str, str], s: SampledSentence) -> str:
    """The sentence's text, read back from the corpus; an error if the document changed."""
    try:
        text = texts[s.doc_id]
    except KeyError as e:
        raise EvaluationError(f"{s.corpus}: document {s.doc_id} not found") from e
    if s.end > len(text):
        raise EvaluationError(f"{s.corpus}: document {s.doc_id} is shorter than {s.end}")
    return text[s.start:s.end]
