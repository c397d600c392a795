"""Coding as a service: request bodies to documents, coded by one lazily loaded ``Coder``.

``POST /api/code`` codes and answers; ``POST /api/documents`` codes and stores. The
body is plain text, HTML or JSON lines (one ``{"id", "text", "date", "title", "url"}``
object a line), picked by ``format`` or else by the ``Content-Type``.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from cormorant.coding import Coder
from cormorant.ingest import read_documents
from cormorant.records import CodedDocument, Document, Skipped

from .service import jsonable

_BY_CONTENT_TYPE = {
    "text/plain": "text", "text/html": "html", "application/json": "jsonl",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/jsonlines": "jsonl",
}
BODY_FORMATS = ("auto", "text", "html", "jsonl")
T = TypeVar("T")


class LazyCoder:
    """One ``Coder`` per app, built on first use (loading the model takes seconds)."""

    def __init__(self, factory: Callable[[], Coder] = Coder) -> None:
        self._factory = factory
        self._coder: Coder | None = None
        self._lock = threading.Lock()  # also serialises coding: one spaCy pipeline, one caller

    def run(self, work: Callable[[Coder], T]) -> T:
        """``work(coder)``, with the coder loaded if need be and no other caller meanwhile."""
        with self._lock:
            if self._coder is None:
                self._coder = self._factory()
            return work(self._coder)

    def code(self, documents: Iterable[Document | Skipped]) -> list[CodedDocument | Skipped]:
        return self.run(lambda coder: list(coder.code_many(documents)))


def body_format(requested: str, content_type: str | None) -> str:
    """The body's format: ``requested`` unless ``auto``, else from the content type."""
    if requested != "auto":
        return requested
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return _BY_CONTENT_TYPE.get(media, "auto")


def documents_from_body(text: str, fmt: str, *, doc_id: str | None = None,
                        date: dt.date | None = None) -> list[Document | Skipped]:
    """The documents in a request body (``fmt``: auto, text, html or jsonl)."""
    items = list(read_documents(["-"], input_format=fmt, default_date=date,
                                stdin=io.StringIO(text), file_dates=False))
    if doc_id is None:
        return items
    # A single text or HTML body takes the id the client gave.
    return [Document(id=doc_id, text=d.text, date=d.date, date_source=d.date_source,
                     title=d.title, url=d.url, source=d.source) if isinstance(d, Document) else d
            for d in items]


def coded_json(item: CodedDocument | Skipped) -> dict[str, Any]:
    """One result of ``/api/code``: a coded document's events, or why it was skipped."""
    if isinstance(item, Skipped):
        return {"doc_id": item.doc_id, "status": "skipped", "reason": item.reason,
                "detail": item.detail}
    d = item.document
    return jsonable({
        "doc_id": d.id, "status": "coded", "title": d.title, "date": d.date,
        "date_source": d.date_source, "n_events": len(item.events),
        "events": [e.to_dict() for e in item.events],
    })
