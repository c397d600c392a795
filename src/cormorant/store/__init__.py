"""Stage 6: the event store (DuckDB or PostgreSQL): ingest, deduplicate, query, export.

>>> from cormorant.store import open_store, EventQuery      # doctest: +SKIP
>>> with open_store("cormorant.duckdb") as store:           # doctest: +SKIP
...     store.query(EventQuery(root=("19",), group_by="month", level="events"))
...     store.export("csv", "events.csv", EventQuery(country=("UKR",)))

``open_store`` picks the backend from its argument (a file path for DuckDB, a
``postgresql://`` URL for PostgreSQL); ``connect`` gives the bare backend.
"""

from cormorant.store.backends import Backend, DuckDBBackend, PostgresBackend, connect
from cormorant.store.export import EXPORT_FORMATS, PARTITIONS, ArrowFetch, ExportReport
from cormorant.store.query import BY_DIMENSIONS, LEVELS, PERIODS, EventQuery
from cormorant.store.store import DEFAULT_DB, IngestReport, Store, event_from_row, open_store
from cormorant.store.versions import RunInfo, dictionary_version, lexicon_version, run_info_for

__all__ = [
    "BY_DIMENSIONS", "DEFAULT_DB", "EXPORT_FORMATS", "LEVELS", "PARTITIONS", "PERIODS",
    "ArrowFetch", "Backend", "DuckDBBackend", "EventQuery", "ExportReport", "IngestReport",
    "PostgresBackend", "RunInfo", "Store", "connect", "dictionary_version", "event_from_row",
    "lexicon_version", "open_store", "run_info_for",
]
