"""Poll a source and ingest each new item once, the state kept in the store.

Every item seen is a row of ``watch_items`` (source, item id, status, reason, attempts):
``ingested``, ``failed`` (will not be tried again: a 404, a page with no article), or
``retry`` (a timeout or a 5xx: tried again at the next polls, up to ``max_attempts``).
One bad item is recorded and the poll goes on. An item is marked ``ingested`` after its
document is committed; a crash in between only means the next poll offers the document
again, which the store finds unchanged and does not store twice.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from cormorant.errors import ConfigError, FetchError
from cormorant.feeds.sources import Item, Source
from cormorant.records import Document, Skipped
from cormorant.store.backends import Backend
from cormorant.store.store import DocumentCoder, Store

__all__ = ["PollReport", "parse_interval", "poll", "watch"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class PollReport:
    """One poll: items listed, new ones, and what became of them."""

    source: str
    listed: int = 0
    tried: int = 0
    ingested: int = 0
    failed: int = 0
    retry: int = 0
    events: int = 0
    error: str | None = None  # the source itself could not be listed
    failures: list[tuple[str, str]] = field(default_factory=list)  # (item id, reason)


def parse_interval(value: str) -> float:
    """Seconds in ``30s``, ``10m``, ``2h``, ``1d`` or a bare number of seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value)
    if not m:
        raise ConfigError(f"{value!r} is not an interval such as 30s, 10m, 2h")
    seconds = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    if seconds <= 0:
        raise ConfigError(f"{value!r}: the interval must be positive")
    return seconds


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _state(b: Backend, source: str) -> dict[str, tuple[str, int]]:
    rows = b.fetchall("SELECT item_id, status, attempts FROM watch_items WHERE source = ?", [source])
    return {r[0]: (r[1], int(r[2])) for r in rows}


def _record(b: Backend, source: str, item: Item, status: str, reason: str | None,
            attempts: int, doc_id: str | None) -> None:
    now = _now()
    with b.transaction():
        row = b.fetchone("SELECT first_seen FROM watch_items WHERE source = ? AND item_id = ?",
                         [source, item.item_id])
        b.execute("DELETE FROM watch_items WHERE source = ? AND item_id = ?", [source, item.item_id])
        b.execute("INSERT INTO watch_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  [source, item.item_id, item.url, status, reason, attempts, doc_id,
                   row[0] if row else now, now])


def poll(source: Source, store: Store, coder: DocumentCoder, *, max_attempts: int = 3,
         delay: float = 0.0, sleep: Callable[[float], None] = time.sleep) -> PollReport:
    """List the source, load and ingest the items not yet done; never raises for one item."""
    report = PollReport(source.name)
    b = store.backend
    try:
        items = source.items()
    except FetchError as e:
        report.error = f"{e.reason}: {e}"
        return report
    report.listed = len(items)
    state = _state(b, source.name)
    todo = [(it, state.get(it.item_id, ("new", 0))[1]) for it in _unique(items)
            if state.get(it.item_id, ("new", 0))[0] in ("new", "retry")]
    loaded: list[tuple[Item, int, Document]] = []
    for i, (item, attempts) in enumerate(todo):
        if i and delay:
            sleep(delay)  # polite to the site between two pages
        report.tried += 1
        got = source.load(item)
        if isinstance(got, Skipped):
            _fail(b, report, source.name, item, attempts + 1, got, max_attempts)
        else:
            loaded.append((item, attempts + 1, got))
    if not loaded:
        return report
    result = store.ingest_documents([d for _, _, d in loaded], coder)
    not_coded = {sk.doc_id: sk for sk in result.skipped_items if sk.doc_id}
    report.events += result.events
    for item, attempts, doc in loaded:
        if doc.id in not_coded:
            _fail(b, report, source.name, item, attempts, not_coded[doc.id], 1)
        else:
            _record(b, source.name, item, "ingested", None, attempts, doc.id)
            report.ingested += 1
    return report


def _fail(b: Backend, report: PollReport, source: str, item: Item, attempts: int,
          sk: Skipped, max_attempts: int) -> None:
    transient = sk.reason in ("timeout", "network", "feed") or sk.reason in _TRANSIENT_HTTP
    status = "retry" if transient and attempts < max_attempts else "failed"
    reason = f"{sk.reason}: {sk.detail}" if sk.detail else sk.reason
    _record(b, source, item, status, reason, attempts, None)
    report.failures.append((item.item_id, reason))
    if status == "retry":
        report.retry += 1
    else:
        report.failed += 1


_TRANSIENT_HTTP = frozenset(f"http-{c}" for c in (408, 425, 429, 500, 502, 503, 504))


def _unique(items: list[Item]) -> Iterator[Item]:
    seen: set[str] = set()
    for it in items:
        if it.item_id not in seen:
            seen.add(it.item_id)
            yield it


def watch(source: Source, store: Store, coder: DocumentCoder, *, every: float, once: bool = False,
          max_attempts: int = 3, delay: float = 0.0, on_poll: Callable[[PollReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll every ``every`` seconds (counted from each poll's start) until interrupted,
    or once with ``once``."""
    while True:
        started = time.monotonic()
        report = poll(source, store, coder, max_attempts=max_attempts, delay=delay, sleep=sleep)
        if on_poll is not None:
            on_poll(report)
        if once:
            return
        sleep(max(0.0, every - (time.monotonic() - started)))
