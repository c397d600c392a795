"""Readers (minimal placeholder; the ingest work replaces it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from cormorant.records import Document, Skipped

INPUT_FORMATS = ("auto", "text", "html", "jsonl")


def read_documents(
    paths: Sequence[str | Path],
    *,
    input_format: str = "auto",
    default_date: dt.date | None = None,
    stdin: IO[str] | None = None,
) -> Iterator[Document | Skipped]:
    for p in paths:
        path = Path(p)
        try:
            text = path.read_text("utf-8")
        except OSError as e:
            yield Skipped(str(p), "unreadable", str(e))
            continue
        yield Document(id=path.stem, text=text, date=default_date, source=str(p))
