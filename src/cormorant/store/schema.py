"""Tables and named, ordered migrations.

A migration is applied once, inside one transaction together with the row that
records it in ``migrations``; a store opened by an older cormorant than the one
that migrated it refuses to run rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass

# (name, SQL type, Arrow type name) per column; the Arrow type drives bulk loading.
Column = tuple[str, str, str]

DOCUMENT_COLUMNS: tuple[Column, ...] = (
    ("doc_id", "TEXT NOT NULL", "string"),
    ("status", "TEXT NOT NULL", "string"),  # coded | skipped
    ("reason", "TEXT", "string"),  # why it was skipped
    ("detail", "TEXT", "string"),
    ("source", "TEXT", "string"),  # path, URL or "-"
    ("url", "TEXT", "string"),
    ("title", "TEXT", "string"),
    ("date", "DATE", "date"),
    ("date_source", "TEXT", "string"),
    ("text_hash", "TEXT", "string"),
    ("text", "TEXT", "string"),  # kept so that recode needs no original files
    ("n_chars", "INTEGER", "int32"),
    ("n_sentences", "INTEGER", "int32"),
    ("n_events", "INTEGER", "int32"),
    ("run_id", "INTEGER", "int32"),
    ("ingested_at", "TIMESTAMP", "timestamp"),
)

SENTENCE_COLUMNS: tuple[Column, ...] = (
    ("doc_id", "TEXT NOT NULL", "string"),
    ("sentence_index", "INTEGER NOT NULL", "int32"),
    ("start_char", "INTEGER", "int32"),
    ("end_char", "INTEGER", "int32"),
    ("text", "TEXT", "string"),
)

ACTOR_COLUMNS: tuple[Column, ...] = (
    ("doc_id", "TEXT NOT NULL", "string"),
    ("actor_index", "INTEGER NOT NULL", "int32"),
    ("text", "TEXT", "string"),
    ("code", "TEXT", "string"),
    ("country", "TEXT", "string"),
    ("sector", "TEXT", "string"),
    ("start_char", "INTEGER", "int32"),
    ("end_char", "INTEGER", "int32"),
    ("entry", "TEXT", "string"),
    ("resolved_from", "TEXT", "string"),
)


def _actor_columns(role: str) -> tuple[Column, ...]:
    return (
        (f"{role}_text", "TEXT", "string"),
        (f"{role}_code", "TEXT", "string"),
        (f"{role}_country", "TEXT", "string"),
        (f"{role}_sector", "TEXT", "string"),
        (f"{role}_start", "INTEGER", "int32"),
        (f"{role}_end", "INTEGER", "int32"),
        (f"{role}_entry", "TEXT", "string"),
        (f"{role}_resolved_from", "TEXT", "string"),
    )


EVENT_COLUMNS: tuple[Column, ...] = (
    ("event_id", "TEXT NOT NULL", "string"),
    ("doc_id", "TEXT NOT NULL", "string"),
    ("sentence_index", "INTEGER", "int32"),
    ("sentence", "TEXT", "string"),
    ("date", "DATE", "date"),
    ("date_precision", "TEXT", "string"),
    *_actor_columns("source"),
    *_actor_columns("target"),
    ("cameo", "TEXT NOT NULL", "string"),
    ("cameo_root", "TEXT", "string"),
    ("plover", "TEXT", "string"),
    ("plover_mode", "TEXT", "string"),
    ("quad_class", "INTEGER", "int32"),
    ("goldstein", "DOUBLE PRECISION", "float64"),
    ("location_text", "TEXT", "string"),
    ("location_name", "TEXT", "string"),
    ("location_country", "TEXT", "string"),
    ("location_admin1", "TEXT", "string"),
    ("lat", "DOUBLE PRECISION", "float64"),
    ("lon", "DOUBLE PRECISION", "float64"),
    ("geonameid", "BIGINT", "int64"),
    ("location_feature", "TEXT", "string"),
    ("location_start", "INTEGER", "int32"),
    ("location_end", "INTEGER", "int32"),
    ("location_metonymic", "BOOLEAN", "bool"),
    ("negated", "BOOLEAN", "bool"),
    ("hypothetical", "BOOLEAN", "bool"),
    ("trigger_text", "TEXT", "string"),
    ("trigger_start", "INTEGER", "int32"),
    ("trigger_end", "INTEGER", "int32"),
    ("rule", "TEXT", "string"),
    ("extras", "TEXT", "string"),  # JSON object of stage notes
    ("run_id", "INTEGER", "int32"),
    ("event_key", "TEXT", "string"),  # same-day dedup key (migration 0003)
)

RUN_COLUMNS: tuple[Column, ...] = (
    ("run_id", "INTEGER NOT NULL", "int32"),
    ("kind", "TEXT NOT NULL", "string"),  # ingest | recode
    ("started_at", "TIMESTAMP", "timestamp"),
    ("finished_at", "TIMESTAMP", "timestamp"),
    ("status", "TEXT", "string"),  # running | complete (a crashed run stays "running")
    ("cormorant_version", "TEXT", "string"),
    ("model", "TEXT", "string"),
    ("dictionary_version", "TEXT", "string"),
    ("lexicon_version", "TEXT", "string"),
    ("n_seen", "INTEGER", "int32"),
    ("n_new", "INTEGER", "int32"),
    ("n_replaced", "INTEGER", "int32"),
    ("n_unchanged", "INTEGER", "int32"),
    ("n_skipped", "INTEGER", "int32"),
    ("n_events", "INTEGER", "int32"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": DOCUMENT_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "actors": ACTOR_COLUMNS,
    "events": EVENT_COLUMNS,
    "ingest_runs": RUN_COLUMNS,
}

_KEYS = {
    "documents": "doc_id",
    "sentences": "doc_id, sentence_index",
    "actors": "doc_id, actor_index",
    "events": "event_id",
    "ingest_runs": "run_id",
}


def column_names(table: str) -> tuple[str, ...]:
    return tuple(c[0] for c in TABLES[table])


# Columns added by later migrations, left out of the table 0001 creates.
_ADDED_LATER = {"event_key"}

# The dedup key of a mention: same source, target, code, polarity and day. Undated
# mentions never merge (their own id joins the key). ``rows.event_key`` computes
# the same value in Python at ingest; this SQL backfills rows stored before 0003.
EVENT_KEY_SQL = (
    "substr(md5(concat_ws('|', COALESCE(source_code, ''), COALESCE(target_code, ''), cameo, "
    "CAST(negated AS TEXT), CAST(hypothetical AS TEXT), CAST(date AS TEXT), "
    "CASE WHEN date IS NULL THEN event_id END)), 1, 16)"
)


def _create(table: str, *, keys: bool) -> str:
    cols = [f"{name} {sqltype}" for name, sqltype, _ in TABLES[table] if name not in _ADDED_LATER]
    if keys:
        cols.append(f"PRIMARY KEY ({_KEYS[table]})")
    return f"CREATE TABLE {table} ({', '.join(cols)})"


@dataclass(frozen=True)
class Migration:
    """A named schema change; per-backend statements where the SQL differs."""

    name: str
    statements: tuple[str, ...] = ()
    duckdb: tuple[str, ...] | None = None
    postgres: tuple[str, ...] | None = None

    def sql_for(self, backend: str) -> tuple[str, ...]:
        override = getattr(self, backend, None)
        return self.statements if override is None else override


# Why no keys on DuckDB's child tables: its ART indexes make every bulk insert
# and delete slower, and its zone maps already serve the scans we run. The
# store enforces uniqueness itself (one transaction per batch, delete-then-insert).
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_initial_schema",
        duckdb=(
            _create("documents", keys=True),
            _create("sentences", keys=False),
            _create("actors", keys=False),
            _create("events", keys=False),
            _create("ingest_runs", keys=True),
        ),
        postgres=tuple(_create(t, keys=True) for t in TABLES),
    ),
    Migration(
        "0002_query_indexes",
        duckdb=(),
        postgres=(
            "CREATE INDEX events_doc_id ON events (doc_id)",
            "CREATE INDEX events_date ON events (date)",
            "CREATE INDEX events_source_code ON events (source_code)",
            "CREATE INDEX events_target_code ON events (target_code)",
            "CREATE INDEX events_cameo ON events (cameo)",
            "CREATE INDEX documents_run_id ON documents (run_id)",
        ),
    ),
    Migration(
        "0003_event_key",
        statements=(
            "ALTER TABLE events ADD COLUMN event_key TEXT",
            f"UPDATE events SET event_key = {EVENT_KEY_SQL}",
        ),
        postgres=(
            "ALTER TABLE events ADD COLUMN event_key TEXT",
            f"UPDATE events SET event_key = {EVENT_KEY_SQL}",
            "CREATE INDEX events_event_key ON events (event_key)",
        ),
    ),
    # What `cormorant watch` has seen of each source, so each item is ingested once.
    Migration(
        "0004_watch_items",
        statements=(
            "CREATE TABLE watch_items (source TEXT NOT NULL, item_id TEXT NOT NULL, url TEXT, "
            "status TEXT NOT NULL, reason TEXT, attempts INTEGER NOT NULL, doc_id TEXT, "
            "first_seen TIMESTAMP NOT NULL, last_tried TIMESTAMP NOT NULL, "
            "PRIMARY KEY (source, item_id))",
        ),
    ),
)

MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS migrations ("
    "name TEXT PRIMARY KEY, position INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, "
    "cormorant_version TEXT)"
)
