"""A precomputed table of same-day merged events, so the events level answers in milliseconds.

Merging a million mentions per request costs seconds. With ``window=0`` an event is
the mentions sharing an ``event_key`` (same actors, code, polarity and day), so one
row per key can be computed once. A filter may use that table when every mention of
an event agrees on the filtered columns: then "the event has a mention that passes"
and "the event passes" are the same, and the event's aggregates over its passing
mentions are its aggregates over all of them. The key columns always agree; the
others (country, sector, root, PLOVER, quad class) are checked when the table is
built. Filters on place, bbox, text or document, and ``window > 0``, take the
general query (``store.query``).

DuckDB only: the table lives in an in-memory database attached to the store's
connection (every cursor sees it); the API rebuilds it after it ingests.
"""

from __future__ import annotations

import threading
from typing import Any

from cormorant.store import EventQuery
from cormorant.store.query import BY_DIMENSIONS, after_clause, where_clause

from .reader import Reader

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
_REP = ("substr(MIN(CASE WHEN location_name IS NULL THEN '1' ELSE '0' END "
        "|| COALESCE(CAST(date AS TEXT), '9999-99-99') || event_id), 12)")


def _agrees(col: str) -> str:
    return f"(COUNT(DISTINCT {col}) <= 1 AND COUNT({col}) IN (0, COUNT(*))) AS ok_{col}"


def _build_sql(table: str) -> str:
    mins = ", ".join(f"MIN({c}) AS {c}" for c in
                     ("source_code", "target_code", "cameo", *_CHECKED))
    # The representative's place rides along, for maps and counts by place country.
    return (
        f"CREATE OR REPLACE TABLE {table} AS SELECT t.*, r.location_name, r.location_country, "
        "r.lat, r.lon, r.geonameid FROM ("
        "SELECT event_key AS eid, MIN(date) AS date, MAX(date) AS last_date, "
        "COUNT(*) AS mention_count, COUNT(DISTINCT doc_id) AS doc_count, "
        f"AVG(goldstein) AS goldstein, {mins}, BOOL_OR(negated) AS negated, "
        f"BOOL_OR(hypothetical) AS hypothetical, {_REP} AS rep, "
        f"{', '.join(_agrees(c) for c in _CHECKED)} FROM events GROUP BY event_key) t "
        "LEFT JOIN events r ON r.event_id = t.rep ORDER BY t.date NULLS LAST, t.eid")


class MergedEvents:
    """The same-day merged events of one store, built on first use and after each ingest."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.enabled = reader.store.kind == "duckdb"
        self._lock = threading.Lock()
        self._generation = 0
        self._built: tuple[int, str, frozenset[str]] | None = None

    def invalidate(self) -> None:
        """The store changed: build again on next use."""
        with self._lock:
            self._generation += 1

    def table_for(self, q: EventQuery) -> str | None:
        """The table's name when it answers ``q`` exactly, else None."""
        if not self.enabled or q.level != "events" or q.window != 0:
            return None
        used = [name for name in ("place", "bbox", "text", "doc_id", *_FILTER_COLUMNS)
                if getattr(q, name) != getattr(_UNSET, name)]
        if any(name not in _FILTER_COLUMNS for name in used):
            return None
        table, agreeing = self._ensure()
        needed = {c for name in used for c in _FILTER_COLUMNS[name]}
        if q.by is not None:  # "country" is the representative's place: always exact
            needed.update(c for c in BY_DIMENSIONS[q.by] if c in _CHECKED)
        return table if needed <= agreeing else None

    def _ensure(self) -> tuple[str, frozenset[str]]:
        with self._lock:
            if self._built is not None and self._built[0] == self._generation:
                return self._built[1], self._built[2]
            generation = self._generation
            table = f"cormorant_cache.merged_{generation}"
            r = self.reader
            if not r.rows("SELECT database_name FROM duckdb_databases() "
                          "WHERE database_name = 'cormorant_cache'"):
                r.arrow("ATTACH ':memory:' AS cormorant_cache (READ_WRITE)")
            r.arrow(_build_sql(table))
            flags = r.rows(f"SELECT {', '.join(f'BOOL_AND(ok_{c}) AS {c}' for c in _CHECKED)} "
                           f"FROM {table}")[0]
            agreeing = frozenset(c for c, ok in flags.items() if ok is not False)
            if self._built is not None:
                r.arrow(f"DROP TABLE IF EXISTS {self._built[1]}")
            self._built = (generation, table, agreeing)
            return table, agreeing


def rows_sql(q: EventQuery, table: str, *, eid: str | None = None) -> tuple[str, list[Any]]:
    """One page of merged events (the columns of ``store.query``'s events level)."""
    where, params = where_clause(q)
    conds = [where[len(" WHERE "):]] if where else []
    cond = after_clause(q, "date", "eid", params)
    if cond:
        conds.append(cond)
    if eid is not None:
        conds.append("eid = ?")
        params.append(eid)
    limit = f" LIMIT {int(q.limit)}" if q.limit is not None else ""
    offset = f" OFFSET {int(q.offset)}" if q.offset else ""
    cond_sql = f" WHERE {' AND '.join(conds)}" if conds else ""
    sql = (
        f"WITH p AS (SELECT * FROM {table}{cond_sql} ORDER BY date NULLS LAST, eid{limit}{offset}), "
        "r AS (SELECT * FROM events WHERE event_id IN (SELECT rep FROM p)), "
        "x AS (SELECT k.event_key AS eid, "
        "array_agg(k.event_id ORDER BY k.date, k.event_id) AS mention_ids, "
        "array_agg(DISTINCT k.doc_id ORDER BY k.doc_id) AS doc_ids, "
        "array_agg(k.doc_id || '_' || CAST(k.sentence_index AS TEXT) ORDER BY k.date, k.event_id) "
        "AS sentence_ids, string_agg(DISTINCT COALESCE(d.url, d.source), ';' "
        "ORDER BY COALESCE(d.url, d.source)) AS doc_url "
        "FROM events k LEFT JOIN documents d ON d.doc_id = k.doc_id "
        "WHERE k.event_key IN (SELECT eid FROM p) GROUP BY k.event_key) "
        "SELECT p.eid AS event_id, r.doc_id, r.sentence_index, p.date, p.last_date, "
        "r.date_precision, r.source_text, p.source_code, r.source_country, r.source_sector, "
        "p.cameo, r.cameo_root, r.plover, r.plover_mode, r.quad_class, p.goldstein, "
        "r.target_text, p.target_code, r.target_country, r.target_sector, r.location_name, "
        "r.location_country, r.location_admin1, r.location_feature, r.lat, r.lon, r.geonameid, "
        "r.negated, r.hypothetical, r.trigger_text, r.rule, r.sentence, p.mention_count, "
        "p.doc_count, d.source AS doc_source, d.title AS doc_title, x.mention_ids, x.doc_ids, "
        "x.sentence_ids, x.doc_url FROM p JOIN r ON r.event_id = p.rep "
        "LEFT JOIN documents d ON d.doc_id = r.doc_id LEFT JOIN x ON x.eid = p.eid "
        "ORDER BY p.date NULLS LAST, p.eid")
    return sql, params


def source_sql(q: EventQuery, table: str) -> tuple[str, list[Any]]:
    """The merged events ``q`` selects, as a subquery (for counts and places)."""
    where, params = where_clause(q)
    return f"(SELECT * FROM {table}{where})", params
