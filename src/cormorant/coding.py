"""The library entry point: code documents into events."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cormorant.config import CoderConfig
from cormorant.ontology import Ontology, default_ontology
from cormorant.records import CodedDocument, Document, Skipped

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


class Coder:
    """Builds the pipeline once and codes documents with it.

    >>> coder = Coder()                                        # doctest: +SKIP
    >>> coder.code_text("Chinese police detained two people.")  # doctest: +SKIP
    """

    def __init__(self, config: CoderConfig | None = None, nlp: Language | None = None) -> None:
        self.config = config or CoderConfig()
        self._nlp = nlp
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

    def _code_batch(self, nlp: Language, batch: list[Document | Skipped], convert) -> Iterator[CodedDocument | Skipped]:  # type: ignore[no-untyped-def]
        docs = [b for b in batch if isinstance(b, Document)]
        spacy_docs = []
        for d in docs:
            sd = nlp.make_doc(self._clip(d.text))
            sd._.document_date = d.date
            spacy_docs.append(sd)
        results: dict[str, CodedDocument | Skipped] = {}
        try:
            processed = list(nlp.pipe(spacy_docs, batch_size=self.config.batch_size))
        except Exception as e:  # noqa: BLE001 - isolate the bad document below
            log.warning("batch failed (%s); coding its documents one by one", e)
            processed = []
            for d, sd in zip(docs, spacy_docs, strict=True):
                try:
                    processed.append(nlp(sd))
                except Exception as e1:  # noqa: BLE001 - one bad doc must not end the batch
                    processed.append(None)
                    results[id(d).__str__()] = Skipped(d.source or d.id, "error", f"{type(e1).__name__}: {e1}", d.id)
        for d, sd in zip(docs, processed, strict=True):
            if sd is None:
                continue
            try:
                results[str(id(d))] = convert(sd, d, self.ontology)
            except Exception as e:  # noqa: BLE001 - one bad doc must not end the batch
                results[str(id(d))] = Skipped(d.source or d.id, "error", f"{type(e).__name__}: {e}", d.id)
        for b in batch:
            yield b if isinstance(b, Skipped) else results[str(id(b))]

    def _clip(self, text: str) -> str:
        limit = self.config.max_chars
        if len(text) <= limit:
            return text
        cut = text.rfind(".", 0, limit)
        return text[: cut + 1 if cut > limit // 2 else limit]
