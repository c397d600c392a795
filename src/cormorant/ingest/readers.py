"""Read documents from files, directories, JSON lines, HTML pages and standard input.

Every input yields a ``Document`` or a ``Skipped`` with a reason; one bad input never
stops the rest. Date precedence (first found wins): the record's own date (JSON ``date``,
HTML metadata), a date in the text (headline, date line, dateline), ``default_date``
(``--date``), the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from cormorant.base.dateparse import parse_date
from cormorant.errors import (
    BinaryInputError,
    ConfigError,
    EmptyDocumentError,
    IngestError,
    InputFormatError,
    InputTooLargeError,
    UnreadableInputError,
)
from cormorant.ingest.clean import CleanWords, load_clean_words, prepare_text
from cormorant.ingest.decode import SNIFF_BYTES, check_binary, decode_bytes
from cormorant.ingest.detect import INPUT_FORMATS, detect_format, looks_like_json_array
from cormorant.ingest.html import extract_html
from cormorant.records import Document, Skipped

log = logging.getLogger(__name__)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

__all__ = ["DEFAULT_MAX_BYTES", "INPUT_FORMATS", "read_documents"]

DEFAULT_MAX_BYTES = 10_000_000  # a bigger file, line or stdin is skipped as too-large, unread

_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("date", "published", "publication_date", "date_published")
_TITLE_KEYS = ("title", "headline")


@dataclass
class _Run:
    """Per-call settings and the ids handed out so far (ids are unique within a run)."""

    input_format: str
    default_date: dt.date | None
    file_dates: bool
    words: CleanWords
    max_bytes: int | None = DEFAULT_MAX_BYTES
    ids: set[str] = field(default_factory=set)

    def too_large(self, size: int) -> InputTooLargeError | None:
        if self.max_bytes is None or size <= self.max_bytes:
            return None
        return InputTooLargeError(f"{size:,} bytes, over the limit of {self.max_bytes:,}")

    def unique_id(self, wanted: str) -> str:
        wanted = printable(wanted)
        new, n = wanted, 1
        while new in self.ids:
            n += 1
            new = f"{wanted}-{n}"
        self.ids.add(new)
        return new


@dataclass(frozen=True)
class _Raw:
    """One document's text before cleaning, with what its container says about it."""

    id: str
    source: str
    text: str
    fmt: str  # "text" or "html"
    date: dt.date | None = None
    date_source: str | None = None
    title: str | None = None
    url: str | None = None
    file_date: dt.date | None = None


def read_documents(
    paths: Sequence[str | Path],
    *,
    input_format: str = "auto",
    default_date: dt.date | None = None,
    stdin: IO[str] | None = None,
    file_dates: bool = True,
    clean_words: CleanWords | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Document | Skipped]:
    """Documents from ``paths`` (files, directories, ``-`` for ``stdin``), in order.

    ``input_format`` forces ``text``, ``html`` or ``jsonl`` instead of detecting it per
    file; ``default_date`` dates documents whose text and record carry no date;
    ``file_dates`` lets a file's modification time date it as a last resort;
    ``clean_words`` replaces the shipped boilerplate and date-line word lists;
    a file, JSON line or standard input over ``max_bytes`` is skipped as ``too-large``
    without being read (None: no limit).
    """
    if input_format not in INPUT_FORMATS:
        raise ConfigError(f"unknown input format {input_format!r}; one of {', '.join(INPUT_FORMATS)}")
    run = _Run(input_format, default_date, file_dates, clean_words or load_clean_words(),
               max_bytes)
    for p in paths:
        if str(p) == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, run)
            continue
        path = Path(p)
        if "://" in str(p):
            yield Skipped(printable(str(p)), "unreadable",
                          "URLs are not fetched: save the page and pass the file")
        elif path.is_dir():
            found = False
            for entry in _walk(path):
                found = True
                if isinstance(entry, Skipped):
                    yield entry
                else:
                    yield from _read_file(*entry, run)
            if not found:
                yield Skipped(printable(str(p)), "empty", "no (visible) files in the directory")
        else:
            yield from _read_file(path, path.stem or path.name, run)


def printable(name: str) -> str:
    """``name`` with undecodable bytes of a file name (or lone surrogates of a JSON
    string) as ``\\xff`` escapes, and control characters as ``?``: safe to print,
    hash and store."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape" if _escapable(name) else "backslashreplace"
                           ).decode("utf-8", "backslashreplace")
    return _CONTROL.sub("?", name) if _CONTROL.search(name) else name


def _escapable(name: str) -> bool:
    try:
        name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def _no_surrogates(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _walk(root: Path) -> Iterator[tuple[Path, str] | Skipped]:
    """Files under ``root`` in sorted order, hidden files and directories left out.

    A directory that cannot be listed, and a link to a directory (not followed, so that
    a loop cannot recur), come out as ``Skipped`` rather than vanishing.
    """
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        yield from (_walk_error(e) for e in errors)
        errors.clear()
        visible = sorted(d for d in dirnames if not d.startswith("."))
        dirnames[:] = [d for d in visible if not os.path.islink(os.path.join(dirpath, d))]
        for name in visible:
            if name not in dirnames:
                yield Skipped(printable(os.path.join(dirpath, name)), "unreadable",
                              "a link to a directory: not followed")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file = Path(dirpath, name)
            rel = file.relative_to(root).with_suffix("").as_posix()
            yield file, rel
    yield from (_walk_error(e) for e in errors)


def _walk_error(e: OSError) -> Skipped:
    return Skipped(printable(str(e.filename)), "unreadable",
                   f"directory not listed: {e.strerror or type(e).__name__}")


def _read_file(path: Path, id_base: str, run: _Run) -> Iterator[Document | Skipped]:
    source = printable(str(path))
    try:
        st = path.stat()
        if not path.is_file():
            raise UnreadableInputError("not a regular file")
        with path.open("rb") as f:
            fmt = run.input_format
            head = f.read(SNIFF_BYTES)
            if not head.strip():
                raise EmptyDocumentError("empty file")
            check_binary(head)
            if fmt == "auto":
                fmt = detect_format(head.decode("utf-8", errors="replace"), path.suffix)
            if fmt == "jsonl" and not looks_like_json_array(head.decode("utf-8", errors="replace")):
                f.seek(0)
                yield from _jsonl_records(_numbered_lines(f, run.max_bytes), source, id_base, run)
                return
            big = run.too_large(st.st_size)
            if big is not None:
                raise big
            data = head + f.read()
    except FileNotFoundError:
        yield Skipped(source, "unreadable", "no such file or directory")
        return
    except PermissionError:
        yield Skipped(source, "unreadable", "permission denied")
        return
    except IsADirectoryError:
        yield Skipped(source, "unreadable", "is a directory")
        return
    except OSError as e:
        yield Skipped(source, "unreadable", e.strerror or str(e))
        return
    except ValueError as e:  # e.g. a NUL character in the path
        yield Skipped(source, "unreadable", str(e))
        return
    except IngestError as e:
        yield Skipped(source, e.reason, str(e))
        return
    try:
        text = decode_bytes(data)
    except IngestError as e:
        yield Skipped(source, e.reason, str(e))
        return
    if fmt == "jsonl":
        yield from _json_array(text, source, id_base, run)
        return
    file_date = dt.date.fromtimestamp(st.st_mtime) if run.file_dates else None
    doc_id = run.unique_id(id_base)
    yield _document(_Raw(doc_id, source, text, fmt, file_date=file_date), run)


def _read_stdin(stream: IO[str], run: _Run) -> Iterator[Document | Skipped]:
    try:
        buffer = getattr(stream, "buffer", None)
        limit = run.max_bytes + 1 if run.max_bytes is not None else -1
        if buffer is not None:
            head = buffer.read(SNIFF_BYTES)
            sniff = head.decode("utf-8", errors="replace")
            if ((run.input_format == "jsonl" or run.input_format == "auto"
                 and detect_format(sniff) == "jsonl") and not looks_like_json_array(sniff)):
                # JSON lines stream through, each line under the size limit, not the whole input.
                lines = _numbered_lines(_Joined(head, buffer), run.max_bytes)
                yield from _jsonl_records(lines, "-", "stdin", run)
                return
            data = head + buffer.read(limit - len(head) if limit > 0 else -1)
            big = run.too_large(len(data))
            if big is not None:
                raise big
            if not data.strip():
                raise EmptyDocumentError("nothing on standard input")
            text = decode_bytes(data)
        else:
            text = stream.read(limit)
            big = run.too_large(len(text))
            if big is not None:
                raise big
            if "\x00" in text[:SNIFF_BYTES]:
                raise BinaryInputError("NUL characters: not text")
    except IngestError as e:
        yield Skipped("-", e.reason, str(e))
        return
    except (OSError, ValueError) as e:
        yield Skipped("-", "unreadable", str(e))
        return
    if not text.strip():
        yield Skipped("-", "empty", "nothing on standard input")
        return
    fmt = run.input_format if run.input_format != "auto" else detect_format(text[:SNIFF_BYTES])
    if fmt == "jsonl":
        if looks_like_json_array(text):
            yield from _json_array(text, "-", "stdin", run)
        else:
            lines = ((n, line) for n, line in enumerate(text.split("\n"), 1))
            yield from _jsonl_records(lines, "-", "stdin", run)
        return
    yield _document(_Raw(run.unique_id("stdin"), "-", text, fmt), run)


class _Joined:
    """``head`` (already read from ``rest``) followed by the rest of the stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = io.BytesIO(head)
        self.rest = rest

    def readline(self, limit: int = -1) -> bytes:
        line = self.head.readline(limit)
        if line.endswith(b"\n") or 0 <= limit <= len(line):
            return line
        return line + self.rest.readline(-1 if limit < 0 else limit - len(line))


class _Lines(Protocol):
    def readline(self, limit: int = -1, /) -> bytes: ...


def _numbered_lines(
    f: _Lines, max_bytes: int | None
) -> Iterator[tuple[int, str | bytes | IngestError]]:
    """The stream's lines; one over ``max_bytes`` becomes an ``InputTooLargeError``,
    read past in bounded pieces rather than held in memory."""
    n = 0
    limit = max_bytes + 1 if max_bytes is not None else -1
    while True:
        line = f.readline(limit)
        if not line:
            return
        n += 1
        if max_bytes is None or len(line) <= max_bytes or line.endswith(b"\n") and len(line) == limit:
            yield n, line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = f.readline(1 << 20)
            if not line:
                break
            size += len(line)
        yield n, InputTooLargeError(f"{size:,} bytes, over the limit of {max_bytes:,}")


def _jsonl_records(
    lines: Iterable[tuple[int, str | bytes | IngestError]], source: str, id_base: str, run: _Run
) -> Iterator[Document | Skipped]:
    seen = False  # a file of blank lines only is accounted for, as empty
    for n, line in lines:
        where = f"{source}:{n}"
        if isinstance(line, IngestError):
            seen = True
            yield Skipped(where, line.reason, f"line {n}: {line}")
            continue
        try:
            text = decode_bytes(line) if isinstance(line, bytes) else line
        except IngestError as e:
            yield Skipped(where, e.reason, f"line {n}: {e}")
            continue
        if not text.strip():
            continue
        seen = True
        try:
            record = json.loads(text)
        except ValueError as e:
            yield Skipped(where, "format", f"line {n}: not JSON ({e})")
            continue
        except RecursionError:
            yield Skipped(where, "format", f"line {n}: JSON nested too deeply")
            continue
        yield _from_record(record, where, f"{id_base}-{n}", run)
    if not seen:
        yield Skipped(source, "empty", "no records: only blank or whitespace lines")


def _json_array(text: str, source: str, id_base: str, run: _Run) -> Iterator[Document | Skipped]:
    """A ``.json`` file: an array of records, or a single record."""
    try:
        data = json.loads(text)
    except ValueError as e:
        yield Skipped(source, "format", f"not JSON ({e})")
        return
    except RecursionError:
        yield Skipped(source, "format", "JSON nested too deeply")
        return
    items = data if isinstance(data, list) else [data]
    for i, record in enumerate(items, 1):
        yield _from_record(record, f"{source}[{i}]", f"{id_base}-{i}", run)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if record.get(k) not in (None, ""):
            return record[k]
    return None


def _from_record(record: Any, where: str, fallback_id: str, run: _Run) -> Document | Skipped:
    if not isinstance(record, dict):
        return Skipped(where, "format", f"a JSON object was expected, got {type(record).__name__}")
    text = _first(record, _TEXT_KEYS)
    given_id = record.get("id")
    doc_id = printable(str(given_id)) if given_id not in (None, "") else None
    if text is None:
        return Skipped(where, "format", "no 'text' field", doc_id)
    if not isinstance(text, str):
        return Skipped(where, "format", f"'text' is a {type(text).__name__}, not a string", doc_id)
    raw_date = _first(record, _DATE_KEYS)
    date = parse_date(str(raw_date)) if raw_date is not None else None
    if raw_date is not None and date is None:
        log.warning("%s: date %r not understood; looking for a date in the text", where, raw_date)
    title = _first(record, _TITLE_KEYS)
    url = record.get("url")
    fmt = run.input_format if run.input_format == "html" else "text"
    if fmt == "text" and record.get("format") == "html":
        fmt = "html"
    raw = _Raw(
        run.unique_id(doc_id or fallback_id), where, text, fmt, date=date,
        date_source="given" if date else None, title=str(title) if title else None,
        url=str(url) if url else None,
    )
    return _document(raw, run)


def _document(raw: _Raw, run: _Run) -> Document | Skipped:
    """Clean the raw text, pick its title and date, or say why it is skipped."""
    text, title, url = _no_surrogates(raw.text), raw.title, raw.url
    date, date_source = raw.date, raw.date_source
    if raw.fmt == "html":
        try:
            article = extract_html(text)
        except InputFormatError as e:
            return Skipped(raw.source, e.reason, str(e), raw.id)
        text = article.text
        title = title or article.title
        url = url or article.url
        if date is None and article.date is not None:
            date, date_source = article.date, "html-meta"
    anchor = date or run.default_date or raw.file_date
    prepared = prepare_text(text, anchor=anchor, title=title, words=run.words)
    if not prepared.text:
        detail = "no article text in the HTML page" if raw.fmt == "html" else "no text"
        return Skipped(raw.source, "empty", detail, raw.id)
    if date is None and prepared.date is not None:
        date, date_source = prepared.date, prepared.date_source
    if date is None and run.default_date is not None:
        date, date_source = run.default_date, "default-date"
    if date is None and raw.file_date is not None:
        date, date_source = raw.file_date, "file-mtime"
    return Document(
        id=raw.id, text=prepared.text, date=date, date_source=date_source,
        title=printable(prepared.title) if prepared.title else None,
        url=printable(url) if url else None, source=raw.source,
    )
