"""The library entry point: code documents into events."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from cormorant.config import CoderConfig
from cormorant.deadline import Deadline, run_pipeline
from cormorant.errors import DocumentTimeoutError
from cormorant.ontology import Ontology, default_ontology
from cormorant.records import CodedDocument, Document, Skipped

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from cormorant.ingest.truecase import TrueCaser
    from cormorant.nlp.blas import BlasThreads

log = logging.getLogger(__name__)


class Coder:
    """Builds the pipeline once and codes documents with it.

    >>> coder = Coder()                                        # doctest: +SKIP
    >>> coder.code_text("Chinese police detained two people.")  # doctest: +SKIP
    """

    def __init__(self, config: CoderConfig | None = None, nlp: Language | None = None) -> None:
        self.config = config or CoderConfig()
        if self.config.truecase not in ("auto", "off"):
            from cormorant.errors import ConfigError

            raise ConfigError(f"truecase must be 'auto' or 'off', not {self.config.truecase!r}")
        for name in ("max_bytes", "max_seconds"):
            value = getattr(self.config, name)
            if value is not None and not value > 0:
                from cormorant.errors import ConfigError

                raise ConfigError(f"{name} must be positive or None, not {value!r}")
        self._home = None
        if self.config.home is not None:
            from cormorant.places.home import parse_home

            self._home = parse_home(self.config.home)
        self._nlp = nlp
        self._truecaser: TrueCaser | None = None
        from cormorant.nlp.blas import BlasThreads  # here: importing cormorant.nlp loads spaCy

        self._blas: BlasThreads = BlasThreads(1)
        self.ontology: Ontology = default_ontology()

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from cormorant.nlp.pipeline import build_pipeline

            self._nlp = build_pipeline(self.config)
        return self._nlp

    def code_text(self, text: str, *, doc_id: str = "text", date: object = None) -> CodedDocument:
        """Code a single string (``date`` is a ``datetime.date`` or None)."""
        return self.code(Document(id=doc_id, text=text, date=date))  # type: ignore[arg-type]

    def code(self, document: Document) -> CodedDocument:
        result = next(iter(self.code_many([document])))
        if isinstance(result, Skipped):
            from cormorant.errors import CormorantError

            raise CormorantError(f"{document.id}: {result.reason}: {result.detail}")
        return result

    def code_many(
        self, items: Iterable[Document | Skipped]
    ) -> Iterator[CodedDocument | Skipped]:
        """Code a stream, passing ``Skipped`` through and never dying on one document.

        Results come out in input order.
        """
        from cormorant.nlp.extract import coded_document

        nlp = self.nlp
        batch: list[Document | Skipped] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.config.batch_size:
                yield from self._code_batch(nlp, batch, coded_document)
                batch = []
        if batch:
            yield from self._code_batch(nlp, batch, coded_document)

    def _code_batch(
        self, nlp: Language, batch: list[Document | Skipped], convert: Callable[..., CodedDocument]
    ) -> Iterator[CodedDocument | Skipped]:
        results: dict[int, CodedDocument | Skipped] = {}
        docs = []
        for b in batch:
            if isinstance(b, Document):
                big = self._too_large(b)
                if big is not None:
                    results[id(b)] = big
                else:
                    docs.append(b)
        processed: list[Doc | Skipped]
        try:
            # The whole batch gets one document's time: a slow batch is redone one by one.
            deadline = Deadline(self.config.max_seconds)
            with self._blas.limited():
                spacy_docs = [self._make_doc(nlp, d) for d in docs]
                processed = [out for part in parse_batches(spacy_docs, PARSE_TOKENS)
                             for out in run_pipeline(nlp, part, deadline, len(part))]
        except Exception as e:  # noqa: BLE001 - find the bad document below instead of losing the batch
            log.warning("batch failed (%s: %s); coding its documents one by one", type(e).__name__, e)
            processed = [self._one(nlp, d) for d in docs]
        for d, out in zip(docs, processed, strict=True):
            results[id(d)] = out if isinstance(out, Skipped) else self._convert(convert, out, d)
        for b in batch:
            yield b if isinstance(b, Skipped) else results[id(b)]

    def _make_doc(self, nlp: Language, d: Document) -> Doc:
        sd = nlp.make_doc(self._recase(self._clip(d)))
        sd._.document_date = d.date
        if self._home is not None:
            sd._.place_home = self._home
        return sd

    def _one(self, nlp: Language, d: Document) -> Doc | Skipped:
        try:
            deadline = Deadline(self.config.max_seconds)
            with self._blas.limited():
                [sd] = run_pipeline(nlp, [self._make_doc(nlp, d)], deadline, 1)
            return sd
        except DocumentTimeoutError as e:
            return Skipped(d.source or d.id, e.reason, str(e), d.id)
        except Exception as e:  # noqa: BLE001 - one bad document must not end the batch
            return Skipped(d.source or d.id, "error", f"{type(e).__name__}: {e}", d.id)

    def _too_large(self, d: Document) -> Skipped | None:
        limit = self.config.max_bytes
        # Characters first: a text can only be over the limit in bytes if it is over a quarter.
        if limit is None or len(d.text) * 4 <= limit or len(d.text.encode("utf-8", "replace")) <= limit:
            return None
        size = len(d.text.encode("utf-8", "replace"))
        return Skipped(d.source or d.id, "too-large",
                       f"{size:,} bytes, over the limit of {limit:,} (max_bytes)", d.id)

    def _convert(self, convert: Callable[..., CodedDocument], sd: Doc, d: Document) -> CodedDocument | Skipped:
        try:
            return convert(sd, d, self.ontology)
        except Exception as e:  # noqa: BLE001 - one bad document must not end the batch
            return Skipped(d.source or d.id, "error", f"{type(e).__name__}: {e}", d.id)

    def _recase(self, text: str) -> str:
        """An all-lowercase or ALL-CAPS text with the case of names and sentence starts
        restored (same length, so every offset holds); other texts unchanged."""
        if self.config.truecase == "off":
            return text
        from cormorant.ingest.truecase import text_case

        style = text_case(text)
        if style == "mixed":
            return text
        if self._truecaser is None:
            from cormorant.actors.known_names import case_names
            from cormorant.ingest.truecase import TrueCaser

            self._truecaser = TrueCaser.from_names(case_names(self.config.actor_files))
        return self._truecaser.restore(text, style)

    def _clip(self, d: Document) -> str:
        """The text to parse: an over-long one stops at a sentence end before the limit."""
        text, limit = d.text, self.config.max_chars
        if len(text) <= limit:
            return text
        cut = text.rfind(".", 0, limit)
        end = cut + 1 if cut > limit // 2 else limit
        # Spans still point into the full text; the uncoded rest is reported, not silently dropped.
        log.warning("%s: coded the first %d of %d characters (max_chars)", d.id, end, len(text))
        return text[:end]


# Tokens parsed at once. The networks' working arrays grow with the tokens of a batch (the
# parser's precomputed features alone take 4 KB a token), and the process keeps its peak:
# batching by documents let a batch of long ones set it. Past a few thousand tokens a larger
# batch parses no faster.
PARSE_TOKENS = 6000


def parse_batches(docs: list[Doc], max_tokens: int) -> Iterator[list[Doc]]:
    """``docs`` in order, cut into runs of at most ``max_tokens`` tokens (a longer
    document alone)."""
    part: list[Doc] = []
    size = 0
    for d in docs:
        if part and size + len(d) > max_tokens:
            yield part
            part, size = [], 0
        part.append(d)
        size += len(d)
    if part:
        yield part
