"""DuckDB and PostgreSQL behind one small interface.

SQL is written once with ``?`` placeholders in the dialect both databases share;
the PostgreSQL backend rewrites the placeholders for psycopg. Bulk writes go
through Arrow (DuckDB) or ``COPY`` (PostgreSQL), never row-by-row ``INSERT``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from cormorant.errors import StoreError
from cormorant.store.schema import TABLES

Row = tuple[Any, ...]
_LOCK_HOLDER = re.compile(r"Could not set lock on file.*?\(PID (\d+)\)", re.S)
BATCH_ROWS = 50_000  # rows per Arrow record batch when a result is streamed

_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "date": pa.date32(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us"),
}


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of one store table (``schema.TABLES``)."""
    return pa.schema([(name, _ARROW_TYPES[t]) for name, _, t in TABLES[table]])


def rows_to_arrow(table: str, rows: Sequence[Row]) -> pa.Table:
    """Rows in the column order of ``table`` as an Arrow table of its schema."""
    schema = arrow_schema(table)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pa.Table.from_arrays(
        [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
        schema=schema,
    )


class Backend(ABC):
    """The few operations the store needs from a database.

    ``name`` is ``"duckdb"`` or ``"postgres"``; ``location`` is the file or the URL
    without its password, for messages. Every method raises ``StoreError`` on a
    database error. SQL uses ``?`` placeholders.
    """

    name: str
    location: str

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement, ignoring any result."""

    @abstractmethod
    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every result row, as tuples."""

    @abstractmethod
    def fetch_arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """The whole result as one Arrow table."""

    def fetch_batches(self, sql: str, params: Sequence[Any] = (), *,
                      batch_rows: int = BATCH_ROWS) -> pa.RecordBatchReader:
        """The result as a stream of Arrow record batches of at most ``batch_rows`` rows."""
        return self.fetch_arrow(sql, params).to_reader(batch_rows)

    @abstractmethod
    def insert_rows(self, table: str, rows: Sequence[Row]) -> None:
        """Bulk-append rows holding every column of ``table`` in schema order."""

    @abstractmethod
    def insert_arrow(self, table: str, data: pa.Table) -> None:
        """Bulk-append an Arrow table with the columns of ``table``."""

    @abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Commit the statements run inside the block together, or roll them all back."""

    @abstractmethod
    def migration_lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold off other processes migrating the same database meanwhile."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first result row, or None."""
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None


class DuckDBBackend(Backend):
    """A DuckDB file (or ``:memory:``), one connection; results stream as Arrow."""

    name = "duckdb"

    def __init__(self, path: str | Path) -> None:
        import duckdb

        self.location = str(path)
        try:
            self.con = duckdb.connect(self.location)
            self.con.execute("SET enable_progress_bar = false")
        except duckdb.Error as e:
            holder = _LOCK_HOLDER.search(str(e))
            if holder is not None:
                raise StoreError(
                    f"the store {self.location} is in use by another process (PID {holder[1]}): "
                    "a DuckDB file has one writer at a time; wait for it to finish, or use "
                    "PostgreSQL for concurrent writers") from e
            raise StoreError(f"cannot open DuckDB store {self.location}: {e}") from e
        self._error: type[Exception] = duckdb.Error

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self.con.execute(sql, list(params))
        except self._error as e:
            raise StoreError(f"{self.location}: {e}") from e

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return self.con.execute(sql, list(params)).fetchall()
        except self._error as e:
            raise StoreError(f"{self.location}: {e}") from e

    def fetch_arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        try:
            return self.con.sql(sql, params=list(params)).to_arrow_table()
        except self._error as e:
            raise StoreError(f"{self.location}: {e}") from e

    def fetch_batches(self, sql: str, params: Sequence[Any] = (), *,
                      batch_rows: int = BATCH_ROWS) -> pa.RecordBatchReader:
        # DuckDB streams: only one batch of the result is held at a time.
        try:
            return self.con.sql(sql, params=list(params)).to_arrow_reader(batch_rows)
        except self._error as e:
            raise StoreError(f"{self.location}: {e}") from e

    def insert_rows(self, table: str, rows: Sequence[Row]) -> None:
        if rows:
            self.insert_arrow(table, rows_to_arrow(table, rows))

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        cols = ", ".join(data.column_names)
        view = f"_cormorant_load_{table}"
        self.con.register(view, data)
        try:
            self.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
        finally:
            self.con.unregister(view)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        try:
            self.con.commit()
        except self._error as e:
            raise StoreError(f"{self.location}: commit failed: {e}") from e

    @contextlib.contextmanager
    def migration_lock(self) -> Iterator[None]:
        yield  # DuckDB allows one writing process per file already

    def close(self) -> None:
        self.con.close()


class PostgresBackend(Backend):
    """A PostgreSQL database through psycopg (autocommit outside ``transaction``)."""

    name = "postgres"

    def __init__(self, url: str) -> None:
        import psycopg

        self.location = _redact(url)
        try:
            self.con = psycopg.connect(url, autocommit=True)
        except psycopg.Error as e:
            raise StoreError(f"cannot connect to {self.location}: {_first_line(e)}") from e
        self._error: type[Exception] = psycopg.Error
        self._in_tx = False

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self.con.execute(self._sql(sql), list(params) or None)
        except self._error as e:
            raise StoreError(f"{self.location}: {_first_line(e)}") from e

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return self.con.execute(self._sql(sql), list(params) or None).fetchall()
        except self._error as e:
            raise StoreError(f"{self.location}: {_first_line(e)}") from e

    def fetch_arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        try:
            cur = self.con.execute(self._sql(sql), list(params) or None)
            rows = cur.fetchall()
        except self._error as e:
            raise StoreError(f"{self.location}: {_first_line(e)}") from e
        names = [d.name for d in cur.description or []]
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        return pa.table({n: _arrow_column(c) for n, c in zip(names, columns, strict=True)})

    def insert_rows(self, table: str, rows: Sequence[Row]) -> None:
        if not rows:
            return
        cols = ", ".join(n for n, _, _ in TABLES[table])
        try:
            with self.con.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except self._error as e:
            raise StoreError(f"{self.location}: bulk load into {table} failed: {_first_line(e)}") from e

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        cols = ", ".join(data.column_names)
        try:
            with self.con.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for batch in data.to_batches(50_000):
                    for row in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                        copy.write_row(row)
        except self._error as e:
            raise StoreError(f"{self.location}: bulk load into {table} failed: {_first_line(e)}") from e

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.con.transaction():
                yield
        except self._error as e:
            raise StoreError(f"{self.location}: transaction failed: {_first_line(e)}") from e

    @contextlib.contextmanager
    def migration_lock(self) -> Iterator[None]:
        # Two processes opening a fresh database at once must not both migrate it.
        self.execute("SELECT pg_advisory_lock(727361)")
        try:
            yield
        finally:
            self.execute("SELECT pg_advisory_unlock(727361)")

    def close(self) -> None:
        self.con.close()


def _first_line(e: Exception) -> str:
    """PostgreSQL's message without its DETAIL and CONTEXT lines (which quote row data)."""
    return str(e).strip().split("\n", 1)[0]


def _arrow_column(values: Sequence[Any]) -> pa.Array:
    if any(isinstance(v, dt.datetime) for v in values):
        return pa.array(values, type=pa.timestamp("us"))
    return pa.array(values)


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, userinfo = head.partition("//")
    return f"{scheme}//{userinfo.split(':', 1)[0]}:***@{tail}"


def is_postgres_url(target: str) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a DuckDB file."""
    return target.startswith(("postgresql://", "postgres://"))


def connect(target: str | Path) -> Backend:
    """A backend for a PostgreSQL URL or a DuckDB file path (``:memory:`` allowed)."""
    text = str(target)
    if is_postgres_url(text):
        return PostgresBackend(text)
    if "://" in text:
        raise StoreError(f"unsupported database URL {text!r}: use a file path or postgresql://")
    if text != ":memory:":
        parent = Path(text).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"cannot create the store {text}: {parent} is not a directory")
    return DuckDBBackend(text)
