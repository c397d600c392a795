"""Precomputed tables, sorted by date, so pages of mentions and merged events take milliseconds.

``mentions``: the ``events`` table joined with its documents (title, URL) and sentence
offsets, in row order (date, then id). A page is then a scan of the first few blocks,
with no join, and zone maps skip the rest; the ``events`` table itself is in the order
documents were ingested.

``merged``: one row per same-day event.

Merging a million mentions per request costs seconds. With ``window=0`` an event is
the mentions sharing an ``event_key`` (same actors, code, polarity and day), so one
row per key can be computed once. A filter may use that table when every mention of
an event agrees on the filtered columns: then "the event has a mention that passes"
and "the event passes" are the same, and the event's aggregates over its passing
mentions are its aggregates over all of them. The key columns always agree; the
others (country, sector, root, PLOVER, quad class) are checked when the table is
built. Filters on place, bbox, text or document, and ``window > 0``, take the
general query (``store.query``).

DuckDB only: the tables live in an in-memory database attached to the store's
connection (every cursor sees it), built in the background when the server starts
and again after it ingests; until then requests run on the store's own tables.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from cormorant.errors import CormorantError
from cormorant.store import EventQuery
from cormorant.store.query import BY_DIMENSIONS, MENTION_COLUMNS, after_clause, where_clause

from .reader import Reader

log = logging.getLogger(__name__)

# Columns of the filters that may vary within one event; checked per store.
_CHECKED = ("cameo_root", "plover", "quad_class", "source_country", "target_country",
            "source_sector", "target_sector")
# Filters answered from the table, with the columns they read (key columns always agree).
_FILTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "start": (), "end": (), "actor": (), "source": (), "target": (), "cameo": (),
    "include_negated": (), "include_hypothetical": (),
    "country": ("source_country", "target_country"),
    "source_country": ("source_country",), "target_country": ("target_country",),
    "sector": ("source_sector", "target_sector"),
    "root": ("cameo_root",), "plover": ("plover",), "quad_class": ("quad_class",),
}
_UNSET = EventQuery()

# The representative mention: the earliest that names a place, else the earliest
# (as in store.query's events level).
_REP = ("arg_min(rowid, (location_name IS NULL, COALESCE(date, DATE '9999-12-31'), "
        "event_id))")


def _agrees(col: str) -> str:
    return f"(MIN({col}) IS NOT DISTINCT FROM MAX({col}) AND COUNT({col}) IN (0, COUNT(*))) AS ok_{col}"


# The representative mention's own columns, as a merged row shows them (see store.query).
_REP_COLUMNS = (
    "doc_id", "sentence_index", "date_precision", "source_text", "source_country",
    "source_sector", "cameo_root", "plover", "plover_mode", "quad_class", "target_text",
    "target_country", "target_sector", "location_name", "location_country", "location_admin1",
    "location_feature", "lat", "lon", "geonameid", "trigger_text", "rule", "sentence",
)
# The columns of a row of /api/events?level=events, in order: (name, expression over the table).
ROW_COLUMNS = (
    "eid AS event_id", "r_doc_id AS doc_id", "r_sentence_index AS sentence_index", "date",
    "last_date", "r_date_precision AS date_precision", "r_source_text AS source_text",
    "source_code", "r_source_country AS source_country", "r_source_sector AS source_sector",
    "cameo", "r_cameo_root AS cameo_root", "r_plover AS plover", "r_plover_mode AS plover_mode",
    "r_quad_class AS quad_class", "goldstein", "r_target_text AS target_text", "target_code",
    "r_target_country AS target_country", "r_target_sector AS target_sector",
    "r_location_name AS location_name", "r_location_country AS location_country",
    "r_location_admin1 AS location_admin1", "r_location_feature AS location_feature",
    "r_lat AS lat", "r_lon AS lon", "r_geonameid AS geonameid", "negated", "hypothetical",
    "r_trigger_text AS trigger_text", "r_rule AS rule", "r_sentence AS sentence",
    "mention_count", "doc_source", "doc_title", "mention_rows",
)


def _mentions_sql(table: str) -> str:
    return (
        f"CREATE OR REPLACE TABLE {table} AS SELECT e.*, s.start_char AS sentence_start, "
        "COALESCE(d.url, d.source) AS doc_url, d.source AS doc_source, d.title AS doc_title, "
        "d.date AS doc_date FROM events e "
        "LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index "
        "LEFT JOIN documents d ON d.doc_id = e.doc_id ORDER BY e.date NULLS LAST, e.event_id")


def _merged_sql(table: str, mentions: str) -> str:
    """One row per same-day event, with the representative mention's columns.

    Filters and group-bys read the unprefixed columns (the same names as in
    ``events``, so ``store.query.where_clause`` applies); a row shows the
    representative mention's ``r_`` columns, as ``store.query`` does. The lists a
    row links (mention ids, documents) are made per page from ``mention_rows``:
    ordered aggregates over a million mentions would cost most of the build.
    """
    mins = ", ".join(f"MIN({c}) AS {c}" for c in
                     ("source_code", "target_code", "cameo", *_CHECKED))
    rep_cols = ", ".join(f"r.{c} AS r_{c}" for c in _REP_COLUMNS)
    return (
        f"CREATE OR REPLACE TABLE {table} AS WITH g AS ("
        "SELECT event_key AS eid, MIN(date) AS date, MAX(date) AS last_date, "
        "COUNT(*) AS mention_count, "
        f"AVG(goldstein) AS goldstein, {mins}, BOOL_OR(negated) AS negated, "
        f"BOOL_OR(hypothetical) AS hypothetical, {_REP} AS rep_row, list(rowid) AS mention_rows, "
        f"{', '.join(_agrees(c) for c in _CHECKED)} FROM {mentions} GROUP BY event_key) "
        f"SELECT g.*, {rep_cols}, r.location_name, r.location_country, r.lat, r.lon, "
        "r.geonameid, r.doc_source, r.doc_title "
        f"FROM g JOIN {mentions} r ON r.rowid = g.rep_row ORDER BY g.date NULLS LAST, g.eid")


@dataclass(frozen=True)
class Tables:
    """The precomputed tables of one state of the store."""

    generation: int
    mentions: str
    merged: str
    agreeing: frozenset[str]  # the _CHECKED columns on which every event's mentions agree


class Precomputed:
    """The precomputed tables of one store, built in the background and after each ingest.

    Until the tables of the store's current state are built, ``mentions_table`` and
    ``merged_table`` answer None and callers query the store's own tables (slower,
    same answer).
    """

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.enabled = reader.store.kind == "duckdb"
        self._lock = threading.Lock()  # held while building
        self._generation = 0
        self._built: Tables | None = None

    def warm(self) -> None:
        """Build the tables for the store as it is now, logging rather than raising a failure."""
        with self._lock:
            if not self.enabled:
                return
            try:
                self._build()
            except CormorantError as e:
                log.warning("precomputed tables not built: %s", e)

    def _warm_in_background(self) -> None:
        if self.enabled and not self._lock.locked():
            threading.Thread(target=self.warm, name="cormorant-precompute", daemon=True).start()

    def close(self) -> None:
        """Stop using the tables (waits for a build in progress)."""
        with self._lock:
            self.enabled = False

    def invalidate(self) -> None:
        """The store changed: build again (in the background)."""
        self._generation += 1
        self._warm_in_background()

    def current(self) -> Tables | None:
        """The tables, if built for the store's current state (else a build starts)."""
        built = self._built
        if not self.enabled:
            return None
        if built is None or built.generation != self._generation:
            self._warm_in_background()
            return None
        return built

    def for_mentions(self, q: EventQuery) -> Tables | None:
        """The tables, when built, for a mentions-level ``q`` (any filter)."""
        if q.level != "mentions" or not self.enabled:
            return None
        return self.current()

    def for_merged(self, q: EventQuery) -> Tables | None:
        """The tables when their merged events answer an events-level ``q`` exactly, else None."""
        if not self.enabled or q.level != "events" or q.window != 0:
            return None
        used = [name for name in ("place", "bbox", "text", "doc_id", *_FILTER_COLUMNS)
                if getattr(q, name) != getattr(_UNSET, name)]
        if any(name not in _FILTER_COLUMNS for name in used):
            return None
        built = self.current()
        if built is None:
            return None
        needed = {c for name in used for c in _FILTER_COLUMNS[name]}
        if q.by is not None:  # "country" is the representative's place: always exact
            needed.update(c for c in BY_DIMENSIONS[q.by] if c in _CHECKED)
        return built if needed <= built.agreeing else None

    def for_query(self, q: EventQuery) -> tuple[Tables, str] | None:
        """The tables and the one of them that answers ``q`` (mentions or merged), or None."""
        built = self.for_merged(q) or self.for_mentions(q)
        if built is None:
            return None
        return built, (built.merged if q.level == "events" else built.mentions)

    def _build(self) -> None:
        generation = self._generation
        if self._built is not None and self._built.generation == generation:
            return
        r = self.reader
        if not r.rows("SELECT database_name FROM duckdb_databases() "
                      "WHERE database_name = 'cormorant_cache'"):
            r.arrow("ATTACH ':memory:' AS cormorant_cache (READ_WRITE)")
        mentions = f"cormorant_cache.mentions_{generation}"
        merged = f"cormorant_cache.merged_{generation}"
        # Seconds at a million mentions, once: no time limit.
        r.arrow(_mentions_sql(mentions), timed=False)
        r.arrow(_merged_sql(merged, mentions), timed=False)
        flags = r.rows(f"SELECT {', '.join(f'BOOL_AND(ok_{c}) AS {c}' for c in _CHECKED)} "
                       f"FROM {merged}")[0]
        agreeing = frozenset(c for c, ok in flags.items() if ok is not False)
        old, self._built = self._built, Tables(generation, mentions, merged, agreeing)
        # The previous tables stay for requests still reading them; older ones go.
        if old is not None:
            for table in r.rows("SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() "
                                "WHERE database_name = 'cormorant_cache'"):
                name = f"cormorant_cache.{table['t']}"
                if name.split("_")[-1] not in (str(generation), str(old.generation)):
                    r.arrow(f"DROP TABLE IF EXISTS {name}", timed=False)


MENTION_ROW_COLUMNS = (*MENTION_COLUMNS, "doc_url", "doc_source", "doc_title")


def page_sql(q: EventQuery, table: str, *, eid: str | None = None) -> tuple[str, list[Any]]:
    """The row numbers of one page of ``table`` (the mentions or the merged events).

    Pages are found first and read second: ordering and limiting a million wide rows
    reads every column of a block, the row numbers alone only the filtered ones.
    """
    key = "eid" if table.split(".")[-1].startswith("merged") else "event_id"
    where, params = where_clause(q)
    conds = [where[len(" WHERE "):]] if where else []
    cond = after_clause(q, "date", key, params)
    if cond:
        conds.append(cond)
    if eid is not None:
        conds.append("eid = ?")
        params.append(eid)
    limit = f" LIMIT {int(q.limit)}" if q.limit is not None else ""
    offset = f" OFFSET {int(q.offset)}" if q.offset else ""
    cond_sql = f" WHERE {' AND '.join(conds)}" if conds else ""
    return (f"SELECT rowid AS r FROM {table}{cond_sql} "
            f"ORDER BY date NULLS LAST, {key}{limit}{offset}"), params


def read_sql(table: str) -> str:
    """The rows of ``table`` whose row numbers are in the parameters (first, last, all).

    The range lets the scan skip the blocks outside it.
    """
    merged = table.split(".")[-1].startswith("merged")
    cols = ROW_COLUMNS if merged else MENTION_ROW_COLUMNS
    return (f"SELECT {', '.join(cols)} FROM {table} WHERE rowid BETWEEN ? AND ? "
            f"AND rowid = ANY(?) ORDER BY date NULLS LAST, {'eid' if merged else 'event_id'}")


def link_mentions(rows: list[dict[str, Any]], mentions: list[dict[str, Any]]) -> None:
    """Fill in each merged row's ``doc_count`` and links from its mentions (``mention_rows``).

    ``mentions``: ``rowid``, ``event_id``, ``date``, ``doc_id``, ``sentence_index`` and
    ``doc_url`` of every mention the rows link; the lists are ordered as ``store.query``
    orders them (mentions by date then id; documents and URLs sorted, distinct).
    """
    by_row = {m["rowid"]: m for m in mentions}
    for row in rows:
        linked = sorted((by_row[r] for r in row.pop("mention_rows") or [] if r in by_row),
                        key=lambda m: (m["date"] is None, m["date"] or 0, m["event_id"]))
        docs = sorted({m["doc_id"] for m in linked})
        urls = sorted({m["doc_url"] for m in linked if m["doc_url"] is not None})
        # Key order as in store.query's rows.
        doc_source, doc_title = row.pop("doc_source"), row.pop("doc_title")
        row.update({
            "doc_count": len(docs), "doc_source": doc_source, "doc_title": doc_title,
            "mention_ids": [m["event_id"] for m in linked], "doc_ids": docs,
            "sentence_ids": [f"{m['doc_id']}_{m['sentence_index']}" for m in linked],
            "doc_url": ";".join(urls) if urls else None,
        })


MENTION_LINKS_SQL = ("SELECT rowid, event_id, date, doc_id, sentence_index, doc_url FROM {table} "
                     "WHERE rowid BETWEEN ? AND ? AND rowid = ANY(?)")


def source_sql(q: EventQuery, table: str) -> tuple[str, list[Any]]:
    """The rows of a precomputed table ``q`` selects, as a subquery (for counts and places)."""
    where, params = where_clause(q)
    return f"(SELECT * FROM {table}{where})", params
