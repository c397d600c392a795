"""Reads for the API: concurrent where the database allows it, and each under a time limit.

DuckDB: every thread reads through its own cursor of the store's one connection, so
requests do not queue behind one another; a timer interrupts a query that runs over.
PostgreSQL: requests take turns on the connection, and ``statement_timeout`` bounds them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from cormorant.errors import QueryTimeoutError, StoreError
from cormorant.store import Store


class Reader:
    """Run read-only SQL over ``store`` from any thread; ``timeout`` seconds per query (None: no limit)."""

    def __init__(self, store: Store, timeout: float | None = None) -> None:
        self.store = store
        self.timeout = timeout
        self._local = threading.local()
        self._cursors: list[Any] = []
        self._epoch = 0  # bumped by close(): threads then open fresh cursors
        self._lock = threading.Lock()
        self._duckdb = store.kind == "duckdb"
        if not self._duckdb and timeout:
            # set_config takes the value as a bound parameter (SET cannot).
            store.backend.execute("SELECT set_config('statement_timeout', %s, false)",
                                  [str(max(1, int(timeout * 1000)))])

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The result as a list of dicts."""
        rows: list[dict[str, Any]] = self.arrow(sql, params).to_pylist()
        return rows

    def arrow(self, sql: str, params: Sequence[Any] = (), *, timed: bool = True) -> Any:
        """The result as an Arrow table (``timed=False``: no time limit, for upkeep work)."""
        if self._duckdb:
            return self._duckdb_arrow(sql, params, self.timeout if timed else None)
        from psycopg.errors import QueryCanceled

        with self._lock:
            try:
                return self.store.backend.fetch_arrow(sql, params)
            except StoreError as e:
                if isinstance(e.__cause__, QueryCanceled):  # statement_timeout
                    raise QueryTimeoutError(self._over()) from e
                raise

    def _over(self) -> str:
        return f"the query ran over the time limit of {self.timeout:g} s; narrow the filters"

    def _cursor(self) -> Any:
        cur, epoch = getattr(self._local, "cursor", (None, -1))
        if cur is None or epoch != self._epoch:
            with self._lock:
                cur = self.store.backend.con.cursor()  # type: ignore[attr-defined]
                self._cursors.append(cur)
                self._local.cursor = (cur, self._epoch)
        return cur

    def _duckdb_arrow(self, sql: str, params: Sequence[Any], timeout: float | None) -> Any:
        import duckdb

        timer = None
        try:
            cur = self._cursor()
            if timeout:
                timer = threading.Timer(timeout, cur.interrupt)
                timer.daemon = True
                timer.start()
            return cur.sql(sql, params=list(params)).to_arrow_table()
        except duckdb.InterruptException as e:
            raise QueryTimeoutError(self._over()) from e
        except duckdb.Error as e:
            raise StoreError(f"{self.store.backend.location}: {e}") from e
        finally:
            if timer is not None:
                timer.cancel()

    def close(self) -> None:
        """Close the cursors this reader opened (not the store)."""
        with self._lock:
            for cur in self._cursors:
                cur.close()
            self._cursors.clear()
            self._epoch += 1
