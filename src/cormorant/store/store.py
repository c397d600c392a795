"""The event store: idempotent, crash-safe ingest; queries; recode."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import pyarrow as pa

from cormorant.__about__ import __version__
from cormorant.errors import MigrationError, NotFoundError, StoreError
from cormorant.records import CodedDocument, Document, Event, Skipped
from cormorant.store import rows as _rows
from cormorant.store.backends import Backend, Row, connect
from cormorant.store.export import ExportReport
from cormorant.store.export import export as export_rows
from cormorant.store.query import EventQuery, build_sql, where_clause
from cormorant.store.rows import event_from_row
from cormorant.store.schema import MIGRATIONS, MIGRATIONS_TABLE, Migration
from cormorant.store.versions import RunInfo, run_info_for

if TYPE_CHECKING:
    from cormorant.config import CoderConfig

log = logging.getLogger(__name__)

DEFAULT_DB = "cormorant.duckdb"
DEFAULT_BATCH = 100
Frame = Literal["pandas", "polars", "arrow"]


def text_hash(text: str) -> str:
    # surrogatepass: a library caller's text with a lone surrogate still has a hash.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class DocumentCoder(Protocol):
    """What ingest needs of a coder: ``Coder``, or ``distributed.ClusterCoder`` on Dask."""

    @property
    def config(self) -> CoderConfig: ...

    def code_many(self, items: Iterable[Document | Skipped]) -> Iterator[CodedDocument | Skipped]: ...


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class IngestReport:
    """What one ingest or recode run did; ``seen`` = new + replaced + unchanged + skipped."""

    run_id: int
    seen: int = 0
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    events: int = 0
    skipped_items: list[Skipped] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in
                ("run_id", "seen", "new", "replaced", "unchanged", "skipped", "events")}


def open_store(target: str | Path = DEFAULT_DB) -> Store:
    """Open (creating and migrating if needed) a DuckDB file or a ``postgresql://`` database."""
    return Store(connect(target))


class Store:
    """One database of documents, sentences, actors, events and runs.

    >>> with open_store("events.duckdb") as store:            # doctest: +SKIP
    ...     store.query(EventQuery(root=("19",), group_by="month"))
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        try:
            self.migrate()
        except BaseException:
            backend.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection (``with open_store(...)`` does it for you)."""
        self.backend.close()

    @property
    def kind(self) -> str:
        """The backend: ``"duckdb"`` or ``"postgres"``."""
        return self.backend.name

    def __repr__(self) -> str:
        return f"Store({self.backend.name}: {self.backend.location})"

    # -- migrations --------------------------------------------------------------------------

    def migrate(self, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
        """Apply pending migrations in order; returns the names applied now."""
        b = self.backend
        applied_now: list[str] = []
        with b.migration_lock():
            b.execute(MIGRATIONS_TABLE)
            done = [r[0] for r in b.fetchall("SELECT name FROM migrations ORDER BY position")]
            known = [m.name for m in migrations]
            if done != known[: len(done)]:
                raise MigrationError(
                    f"{b.location} was migrated by another cormorant version "
                    f"(applied: {', '.join(done)}; this version knows: {', '.join(known)})")
            for position, m in enumerate(migrations):
                if m.name in done:
                    continue
                try:
                    with b.transaction():
                        for stmt in m.sql_for(b.name):
                            b.execute(stmt)
                        b.execute("INSERT INTO migrations VALUES (?, ?, ?, ?)",
                                  (m.name, position, _now(), __version__))
                except StoreError as e:
                    raise MigrationError(f"migration {m.name} failed on {b.location}: {e}") from e
                applied_now.append(m.name)
        return applied_now

    def migrations(self) -> list[tuple[str, dt.datetime]]:
        """The migrations applied to this database, oldest first, with when."""
        return [(r[0], r[1]) for r in self.backend.fetchall(
            "SELECT name, applied_at FROM migrations ORDER BY position")]

    # -- ingest ------------------------------------------------------------------------------

    def ingest(self, items: Iterable[CodedDocument | Skipped], run_info: RunInfo | None = None,
               *, batch_size: int = DEFAULT_BATCH, force: bool = False) -> IngestReport:
        """Store coded documents and skipped inputs, one transaction per batch.

        A document already stored with the same id and text is left alone (unless
        ``force``, used by recode); one with a changed text has its old rows
        replaced. Killing the process at any point loses at most the open batch,
        which a rerun stores.
        """
        report = self._start_run(run_info or RunInfo())
        with self._run(report):
            self._ingest_into(items, report, batch_size=batch_size, force=force)
        return report

    def ingest_documents(self, documents: Iterable[Document | Skipped], coder: DocumentCoder, *,
                         batch_size: int = DEFAULT_BATCH) -> IngestReport:
        """Code and store documents, not re-coding those already stored unchanged."""
        report = self._start_run(run_info_for(coder.config, "ingest"))
        with self._run(report):
            fresh = self._drop_unchanged(documents, report, batch_size)
            self._ingest_into(coder.code_many(fresh), report, batch_size=batch_size, force=False)
        return report

    def recode(self, coder: DocumentCoder, *, everything: bool = False,
               batch_size: int = DEFAULT_BATCH) -> IngestReport:
        """Re-code stored documents coded with other dictionary or lexicon versions.

        ``everything`` re-codes every stored document. Crash-safe like ingest: a
        rerun picks up the documents still on the old versions.
        """
        info = run_info_for(coder.config, "recode")
        stale = self._stale_documents(info, everything)
        report = self._start_run(info)
        with self._run(report):
            self._ingest_into(coder.code_many(stale), report, batch_size=batch_size, force=True)
        return report

    def _stale_documents(self, info: RunInfo, everything: bool) -> Iterator[Document]:
        cond = "" if everything else (
            " AND (r.run_id IS NULL OR r.dictionary_version IS DISTINCT FROM ? "
            "OR r.lexicon_version IS DISTINCT FROM ?)")
        params: list[Any] = [] if everything else [info.dictionary_version, info.lexicon_version]
        sql = ("SELECT d.doc_id, d.text, d.date, d.date_source, d.title, d.url, d.source "
               "FROM documents d LEFT JOIN ingest_runs r ON r.run_id = d.run_id "
               f"WHERE d.status = 'coded' AND d.doc_id > ?{cond} ORDER BY d.doc_id LIMIT 500")
        last = ""
        while True:
            rows = self.backend.fetchall(sql, [last, *params])
            if not rows:
                return
            for r in rows:
                yield Document(id=r[0], text=r[1] or "", date=r[2], date_source=r[3],
                               title=r[4], url=r[5], source=r[6])
            last = rows[-1][0]

    def _drop_unchanged(self, items: Iterable[Document | Skipped], report: IngestReport,
                        chunk: int) -> Iterator[Document | Skipped]:
        pending: list[Document | Skipped] = []

        def flush() -> Iterator[Document | Skipped]:
            docs = [d for d in pending if isinstance(d, Document)]
            stored = self._stored_hashes([d.id for d in docs])
            for item in pending:
                if isinstance(item, Document) and stored.get(item.id) == text_hash(item.text):
                    report.seen += 1
                    report.unchanged += 1
                else:
                    yield item
            pending.clear()

        for item in items:
            pending.append(item)
            if len(pending) >= chunk:
                yield from flush()
        yield from flush()

    def _stored_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.backend.fetchall(
            f"SELECT doc_id, text_hash FROM documents WHERE status = 'coded' AND doc_id IN ({marks})",
            list(ids))
        return {r[0]: r[1] for r in rows}

    def _start_run(self, info: RunInfo) -> IngestReport:
        b = self.backend
        with b.transaction():
            row = b.fetchone("SELECT COALESCE(MAX(run_id), 0) + 1 FROM ingest_runs")
            run_id = int(row[0]) if row else 1
            b.insert_rows("ingest_runs", [(
                run_id, info.kind, _now(), None, "running", info.cormorant_version, info.model,
                info.dictionary_version, info.lexicon_version, 0, 0, 0, 0, 0, 0,
            )])
        return IngestReport(run_id=run_id)

    def _finish_run(self, report: IngestReport, status: str = "complete") -> None:
        self.backend.execute(
            "UPDATE ingest_runs SET finished_at = ?, status = ?, n_seen = ?, n_new = ?, "
            "n_replaced = ?, n_unchanged = ?, n_skipped = ?, n_events = ? WHERE run_id = ?",
            (_now(), status, report.seen, report.new, report.replaced, report.unchanged,
             report.skipped, report.events, report.run_id))

    @contextlib.contextmanager
    def _run(self, report: IngestReport) -> Iterator[None]:
        """Record the run's counts at its end, and whether it failed."""
        try:
            yield
        except BaseException:
            # The committed batches stay; the run says it did not finish. If the database
            # itself is gone, the original error matters more than this note.
            with contextlib.suppress(StoreError):
                self._finish_run(report, "failed")
            raise
        self._finish_run(report)

    def _ingest_into(self, items: Iterable[CodedDocument | Skipped], report: IngestReport, *,
                     batch_size: int, force: bool) -> None:
        if batch_size < 1:
            raise StoreError(f"batch size must be >= 1, got {batch_size}")
        batch: list[CodedDocument | Skipped] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                self._write_batch(batch, report, force)
                batch = []
        if batch:
            self._write_batch(batch, report, force)

    def _write_batch(self, batch: list[CodedDocument | Skipped], report: IngestReport,
                     force: bool) -> None:
        # The last occurrence of an id in a batch wins, as it would across batches.
        coded: dict[str, CodedDocument] = {}
        skipped: dict[str, Skipped] = {}
        for item in batch:
            if isinstance(item, Skipped):
                report.skipped += 1
                report.seen += 1
                report.skipped_items.append(item)
                skipped[item.doc_id or item.source] = item
            elif isinstance(item, CodedDocument):
                coded.pop(item.document.id, None)
                coded[item.document.id] = item
            else:
                raise StoreError(f"cannot store {type(item).__name__}: expected CodedDocument or Skipped")
        report.seen += len(coded)
        ids = list(coded) + [k for k in skipped if k not in coded]
        existing = self._existing(ids)
        now = _now()

        replace: list[str] = []
        doc_rows: list[Row] = []
        sent_rows: list[Row] = []
        actor_rows: list[Row] = []
        event_rows: list[Row] = []
        n_new = n_replaced = n_unchanged = n_events = 0
        for doc_id, cd in coded.items():
            h = text_hash(cd.document.text)
            old = existing.get(doc_id)
            if old is not None:
                if old == ("coded", h) and not force:
                    n_unchanged += 1
                    continue
                replace.append(doc_id)
                n_replaced += 1 if old[0] == "coded" else 0
                n_new += 0 if old[0] == "coded" else 1
            else:
                n_new += 1
            rows = _rows.event_rows(cd, report.run_id)
            n_events += len(rows)
            event_rows.extend(rows)
            doc_rows.append(_rows.document_row(cd, h, len(rows), report.run_id, now))
            sent_rows.extend(_rows.sentence_rows(cd))
            actor_rows.extend(_rows.actor_rows(cd))
        for key, sk in skipped.items():
            if key in coded:
                continue
            old = existing.get(key)
            if old is not None and old[0] == "coded":
                continue  # a readable copy is stored; a later failed read does not erase it
            if old is not None:
                replace.append(key)
            doc_rows.append(_rows.skipped_row(key, sk, report.run_id, now))

        b = self.backend
        with b.transaction():
            if replace:
                marks = ", ".join("?" for _ in replace)
                for table in ("events", "sentences", "actors", "documents"):
                    b.execute(f"DELETE FROM {table} WHERE doc_id IN ({marks})", replace)
            b.insert_rows("events", event_rows)
            b.insert_rows("sentences", sent_rows)
            b.insert_rows("actors", actor_rows)
            b.insert_rows("documents", doc_rows)
        report.new += n_new
        report.replaced += n_replaced
        report.unchanged += n_unchanged
        report.events += n_events

    def _existing(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.backend.fetchall(
            f"SELECT doc_id, status, text_hash FROM documents WHERE doc_id IN ({marks})", list(ids))
        return {r[0]: (r[1], r[2]) for r in rows}

    # -- reading -----------------------------------------------------------------------------

    def query(self, q: EventQuery | None = None, *, as_: Frame = "pandas") -> Any:
        """Rows (one per mention or event) or counts per group, as a data frame."""
        sql, params = build_sql(q or EventQuery())
        return _frame(self.backend.fetch_arrow(sql, params), as_)

    def sql(self, sql: str, params: Sequence[Any] = (), *, as_: Frame = "pandas") -> Any:
        """Run read-only SQL of your own over the tables (see docs/store.md)."""
        return _frame(self.backend.fetch_arrow(sql, params), as_)

    def table(self, name: str, *, as_: Frame = "pandas") -> Any:
        """A whole table (``documents``, ``sentences``, ``actors``, ``events``, ``ingest_runs``
        or ``migrations``) as a pandas (default), polars or Arrow frame (``as_``).

        Raises ``StoreError`` for any other name. Columns are listed in docs/store.md.
        """
        from cormorant.store.schema import TABLES

        if name not in TABLES and name != "migrations":
            raise StoreError(f"no table {name!r}; tables: {', '.join([*TABLES, 'migrations'])}")
        return self.sql(f"SELECT * FROM {name}", as_=as_)

    def counts(self) -> dict[str, int]:
        """Row counts per table, and ``skipped_documents`` (inputs that could not be read)."""
        out = {}
        for t in ("documents", "sentences", "actors", "events", "ingest_runs"):
            row = self.backend.fetchone(f"SELECT COUNT(*) FROM {t}")
            out[t] = int(row[0]) if row else 0
        row = self.backend.fetchone("SELECT COUNT(*) FROM documents WHERE status = 'skipped'")
        out["skipped_documents"] = int(row[0]) if row else 0
        return out

    def events(self, q: EventQuery | None = None) -> Iterator[Event]:
        """Stored mentions as ``Event`` records (the published shape via ``to_dict``)."""
        q = (q or EventQuery()).replace(level="mentions", group_by=None, by=None)
        where, params = where_clause(q)
        data = self.backend.fetch_arrow(
            f"SELECT * FROM events{where} ORDER BY date NULLS LAST, event_id", params)
        for row in data.to_pylist():
            yield event_from_row(row)

    def document(self, doc_id: str) -> dict[str, Any]:
        """A stored document's row (with its text) and its events as published records."""
        rows = self.backend.fetch_arrow("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        if rows.num_rows == 0:
            raise NotFoundError(f"no document {doc_id!r} in the store")
        doc: dict[str, Any] = rows.to_pylist()[0]
        doc["events"] = [e.to_dict() for e in self.events(EventQuery(doc_id=(doc_id,)))]
        return doc

    def event(self, event_id: str) -> dict[str, Any]:
        """A mention (by its ``event_id``) or a same-day event (by its ``event_key``).

        Either way: the id, ``mention_count`` and ``mentions``, the published records of
        every mention of that event.
        """
        row = self.backend.fetchone("SELECT event_key FROM events WHERE event_id = ?", [event_id])
        key = row[0] if row else event_id
        data = self.backend.fetch_arrow(
            "SELECT * FROM events WHERE event_key = ? ORDER BY date NULLS LAST, event_id", [key])
        if data.num_rows == 0:
            raise NotFoundError(f"no event or mention {event_id!r} in the store")
        mentions = [event_from_row(r).to_dict() for r in data.to_pylist()]
        return {"event_id": key, "mention_count": len(mentions), "mentions": mentions}

    def export(self, fmt: str, output: str | Path, q: EventQuery | None = None, *,
               partition_by: str | None = None, overwrite: bool = False) -> ExportReport:
        """Write the rows ``q`` selects as ``fmt`` (one of ``EXPORT_FORMATS``) to ``output``.

        ``partition_by`` ("year" or "month", Parquet only) writes a Hive-partitioned
        directory. An existing output is refused unless ``overwrite``; even then only a
        file, or a dataset directory an earlier export created, is replaced
        (``ExportOutputError`` otherwise). See docs/store.md for each format's columns.
        """
        return export_rows(self.backend.fetch_batches, fmt, output, q or EventQuery(),
                           partition_by=partition_by, overwrite=overwrite)


def _frame(table: pa.Table, as_: Frame) -> Any:
    if as_ == "arrow":
        return table
    if as_ == "polars":
        import polars as pl

        return pl.from_arrow(table)
    if as_ == "pandas":
        return table.to_pandas()
    raise StoreError(f"unknown frame type {as_!r}: pandas, polars or arrow")
