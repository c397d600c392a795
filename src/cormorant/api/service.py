"""What the API answers, as plain JSON-ready dicts: no HTTP here.

``EventService`` wraps one open ``Store``. Every method takes already validated
arguments (see ``params``) and returns a dict; failures are ``StoreError``
(``QueryError`` for a bad request, ``NotFoundError`` for an unknown id).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from cormorant.__about__ import __version__
from cormorant.errors import NotFoundError, StoreError
from cormorant.ontology import PLOVER_CATEGORIES, default_ontology
from cormorant.records import Event
from cormorant.store import (
    BY_DIMENSIONS,
    LEVELS,
    PERIODS,
    EventQuery,
    Store,
    dictionary_version,
    event_from_row,
    lexicon_version,
    open_store,
)
from cormorant.store.query import build_sql, group_select, where_clause

from . import cache as M
from .params import FILTERS, Page, describe, encode_cursor
from .reader import Reader

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation",
              3: "verbal conflict", 4: "material conflict"}

_MENTION_SQL = (
    "SELECT e.*, s.start_char AS sentence_start, d.title AS doc_title, "
    "COALESCE(d.url, d.source) AS doc_url, d.date AS doc_date "
    "FROM events e "
    "LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index "
    "LEFT JOIN documents d ON d.doc_id = e.doc_id "
)
_DOCUMENT_COLUMNS = (
    "doc_id", "status", "reason", "detail", "source", "url", "title", "date", "date_source",
    "n_chars", "n_sentences", "n_events", "run_id", "ingested_at", "text",
)
_RUN_COLUMNS = (
    "run_id", "kind", "started_at", "finished_at", "status", "cormorant_version", "model",
    "dictionary_version", "lexicon_version", "n_seen", "n_new", "n_replaced", "n_unchanged",
    "n_skipped", "n_events",
)


def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO text, NaN as null, and containers converted."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def open_for_serving(target: str | Path) -> Store:
    """Open an existing store; a DuckDB path that does not exist is an error, not a new file."""
    text = str(target)
    if "://" not in text and text != ":memory:" and not Path(text).expanduser().exists():
        raise StoreError(f"no store at {text}: create one with `cormorant ingest`")
    return open_store(target)


def _offsets(span: tuple[int, int] | None, text: str | None, sentence: str,
             sentence_start: int | None) -> list[int] | None:
    """A document span as offsets into its sentence, or None when it lies outside it."""
    if span is None or span[0] is None or span[1] is None:
        return None
    if sentence_start is not None:
        a, b = span[0] - sentence_start, span[1] - sentence_start
        if 0 <= a < b <= len(sentence) and (not text or sentence[a:b] == text):
            return [a, b]
    # No sentence row (or it disagrees): fall back to a unique occurrence of the text.
    if text and sentence.count(text) == 1:
        a = sentence.index(text)
        return [a, a + len(text)]
    return None


def evidence(ev: Event, row: dict[str, Any]) -> dict[str, Any]:
    """One stored mention: its published record plus what a reader needs to check it."""
    out = ev.to_dict()
    start = row.get("sentence_start")
    highlights: list[dict[str, Any]] = []
    for role, actor in (("source", ev.source), ("target", ev.target)):
        if actor is None:
            continue
        highlights.append({
            "role": role, "text": actor.text, "span": list(actor.span),
            "offsets": _offsets(actor.span, actor.text, ev.sentence, start),
            "code": actor.code, "country": actor.country, "sector": actor.sector,
            "entry": actor.entry, "resolved_from": actor.resolved_from,
        })
    highlights.append({
        "role": "trigger", "text": ev.trigger.text, "span": list(ev.trigger.span),
        "offsets": _offsets(ev.trigger.span, ev.trigger.text, ev.sentence, start),
    })
    if ev.location is not None:
        loc = ev.location
        highlights.append({
            "role": "place", "text": loc.text, "span": list(loc.span),
            "offsets": _offsets(loc.span, loc.text, ev.sentence, start),
            "name": loc.name, "country": loc.country, "lat": loc.lat, "lon": loc.lon,
            "geonameid": loc.geonameid, "metonymic": loc.metonymic,
        })
    out.update({
        "cameo_name": _cameo_name(ev.cameo),
        "extras": ev.extras,
        "sentence_start": start,
        "highlights": highlights,
        "doc": {"title": row.get("doc_title"), "url": row.get("doc_url"),
                "date": row.get("doc_date")},
    })
    return jsonable(out)


def _cameo_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return default_ontology().cameo(code).name
    except KeyError:
        return None


class EventService:
    """Read-only answers over one store; safe to call from several threads at once.

    ``timeout``: seconds one query may run before it is stopped (``QueryTimeoutError``).
    """

    def __init__(self, store: Store, *, owns_store: bool = False,
                 timeout: float | None = None) -> None:
        self.store = store
        self.owns_store = owns_store
        self.reader = Reader(store, timeout)
        self.tables = M.Precomputed(self.reader)
        # Writes (ingest through the API) take turns; reads go on meanwhile.
        self.write_lock = threading.Lock()
        self._versions: dict[str, str] | None = None

    @classmethod
    def open(cls, target: str | Path, *, timeout: float | None = None) -> EventService:
        return cls(open_for_serving(target), owns_store=True, timeout=timeout)

    def close(self) -> None:
        self.tables.close()
        self.reader.close()
        if self.owns_store:
            self.store.close()

    def warm(self) -> None:
        """Do the slow first-time work now (at server start): versions, precomputed tables."""
        self.current_versions()
        self.tables.warm()

    def changed(self) -> None:
        """The store was written to: precomputed tables are stale."""
        self.tables.invalidate()

    # -- helpers -----------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.reader.rows(sql, params)

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """Read-only SQL as an Arrow table, for endpoints outside this class (``views``),
        through the same reader (own cursor per thread, time limit) as the endpoints here."""
        table: pa.Table = self.reader.arrow(sql, params)
        return table

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Read-only SQL as a list of dicts (see ``arrow``)."""
        return self.reader.rows(sql, params)

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self._rows(sql, params)
        return next(iter(rows[0].values())) if rows else None

    # -- endpoints ---------------------------------------------------------------------------

    def events(self, q: EventQuery, page: Page) -> dict[str, Any]:
        """One page of rows (mentions or merged events), the total, and the next page's cursor."""
        # One row more than asked says whether a next page exists.
        rows_q = q.replace(limit=page.limit + 1, offset=page.offset, after=page.after,
                           group_by=None, by=None)
        fast = self.tables.for_query(rows_q)
        if fast is not None:
            rows = self._page(rows_q, fast[1])
        else:
            # The store pages inside its query, so merged events link only this page's mentions.
            sql, params = build_sql(rows_q)
            rows = self._rows(sql, params)
        if fast is not None and q.level == "events":
            source, params = M.source_sql(q, fast[1])
            total = int(self._scalar(f"SELECT COUNT(*) AS n FROM {source} t", params) or 0)
        else:
            total = self._total(q)
        more = len(rows) > page.limit
        rows = rows[:page.limit]
        if fast is not None and q.level == "events":
            self._link(rows, fast[0])
        cursor = encode_cursor(rows[-1]["date"], rows[-1]["event_id"]) if more and rows else None
        return jsonable({
            "ok": True, "level": q.level, "total": total, "limit": page.limit,
            "offset": page.offset, "next_cursor": cursor, "query": describe(q), "events": rows,
        })

    def _page(self, q: EventQuery, table: str, eid: str | None = None) -> list[dict[str, Any]]:
        """Rows of a precomputed table: a page of them (or the merged event ``eid``)."""
        sql, params = M.page_sql(q, table, eid=eid)
        found = [r["r"] for r in self._rows(sql, params)]
        return self._rows(M.read_sql(table), [min(found), max(found), found]) if found else []

    def _total(self, q: EventQuery) -> int:
        if q.level == "mentions":
            where, params = where_clause(q)
            return int(self._scalar(f"SELECT COUNT(*) AS n FROM events{where}", params) or 0)
        # The grouped form skips the document join and aggregates the rows form carries,
        # which makes counting merged events an order of magnitude cheaper.
        sql, params = build_sql(q.replace(limit=None, group_by="year", by=None))
        return int(self._scalar(f"SELECT SUM(n_events) AS n FROM ({sql}) t", params) or 0)

    def counts(self, q: EventQuery, limit: int) -> dict[str, Any]:
        """Counts per period and/or dimension; ``truncated`` when more groups exist."""
        q = q.replace(limit=limit + 1)
        # Mentions are counted in the store's compressed table: faster to scan than the copy.
        built = self.tables.for_merged(q)
        if built is not None:
            source, params = M.source_sql(q, built.merged)
            sql = group_select(q, "", f"{source} t", "SUM(mention_count)")
        else:
            sql, params = build_sql(q)
        rows = self._rows(sql, params)
        truncated = len(rows) > limit
        rows = rows[:limit]
        keys = (["period"] if q.group_by else []) + list(BY_DIMENSIONS.get(q.by or "", ()))
        return jsonable({
            "ok": True, "level": q.level, "group_by": q.group_by, "by": q.by, "keys": keys,
            "query": describe(q), "truncated": truncated, "limit": limit, "rows": rows,
        })

    def places(self, q: EventQuery, limit: int) -> dict[str, Any]:
        """Located rows grouped by place (name, country, gazetteer id), busiest first."""
        built = self.tables.for_merged(q)
        if built is not None:
            source, params = M.source_sql(q, built.merged)
        elif q.level == "mentions":  # straight from the table: no document join needed
            where, params = where_clause(q)
            source = f"(SELECT * FROM events{where})"
        else:
            sql, params = build_sql(q.replace(limit=None, group_by=None, by=None))
            source = f"({sql})"
        # A place is a gazetteer entry: its mentions share one point (the mean, should
        # a store hold slightly different coordinates for it).
        rows = self._rows(
            "SELECT location_name AS name, location_country AS country, geonameid, "
            "AVG(lat) AS lat, AVG(lon) AS lon, COUNT(*) AS n_events, "
            "AVG(goldstein) AS mean_goldstein "
            f"FROM {source} t WHERE lat IS NOT NULL AND lon IS NOT NULL "
            "GROUP BY location_name, location_country, geonameid "
            f"ORDER BY n_events DESC, name, geonameid LIMIT {int(limit) + 1}", params)
        truncated = len(rows) > limit
        return jsonable({
            "ok": True, "level": q.level, "query": describe(q), "truncated": truncated,
            "limit": limit, "places": rows[:limit],
        })

    def _link(self, rows: list[dict[str, Any]], built: M.Tables) -> None:
        """Add the mention and document links to merged rows of the precomputed table."""
        wanted = [r for row in rows for r in row.get("mention_rows") or []]
        mentions = self._rows(M.MENTION_LINKS_SQL.format(table=built.mentions),
                              [min(wanted), max(wanted), wanted]) if wanted else []
        M.link_mentions(rows, mentions)

    def _mentions(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """Evidence of mentions by id."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        found = self._rows(f"{_MENTION_SQL}WHERE e.event_id IN ({marks}) "
                           "ORDER BY e.date NULLS LAST, e.event_id", list(ids))
        return [evidence(event_from_row(r), r) for r in found]

    def event(self, event_id: str, narrow: EventQuery | None = None) -> dict[str, Any]:
        """A mention (by its id) or a merged event (by its events-level id) with evidence.

        Without a ``window``, an events-level id is looked up in the precomputed merged
        events. With one, ids come from merging mentions; ``narrow`` (filters that the
        event's own mentions all pass, such as its dates, code and actors) makes that
        search cheaper on a large store. Its ``window`` must be the one the id came from.
        """
        mentions = self._mentions([event_id])
        if mentions:
            return {"ok": True, "level": "mentions", "event": mentions[0], "mentions": mentions}
        q = (narrow or EventQuery()).replace(level="events", group_by=None, by=None, limit=None)
        built = self.tables.for_merged(q)
        if built is not None:
            rows = self._page(q, built.merged, eid=event_id)
        else:
            sql, params = build_sql(q)
            rows = self._rows(f"SELECT * FROM ({sql}) t WHERE event_id = ?", [*params, event_id])
        if not rows:
            raise NotFoundError(f"no event or mention with id {event_id!r}")
        row = rows[0]
        if built is None:
            return {"ok": True, "level": "events", "event": jsonable(row),
                    "mentions": self._mentions(row.get("mention_ids") or [])}
        # One read gives both the evidence and the links of the merged row.
        linked = row["mention_rows"]
        found = self._rows(f"SELECT rowid, * FROM {built.mentions} WHERE rowid BETWEEN ? AND ? "
                           "AND rowid = ANY(?) ORDER BY date NULLS LAST, event_id",
                           [min(linked), max(linked), linked])
        M.link_mentions(rows, found)
        return {"ok": True, "level": "events", "event": jsonable(row),
                "mentions": [evidence(event_from_row(r), r) for r in found]}

    def document(self, doc_id: str) -> dict[str, Any]:
        """A document's text, sentence spans, actors and events (spans index ``text``)."""
        docs = self._rows(f"SELECT {', '.join(_DOCUMENT_COLUMNS)} FROM documents WHERE doc_id = ?",
                          [doc_id])
        if not docs:
            raise NotFoundError(f"no document with id {doc_id!r}")
        sentences = self._rows(
            "SELECT sentence_index, start_char, end_char FROM sentences WHERE doc_id = ? "
            "ORDER BY sentence_index", [doc_id])
        actors = self._rows(
            "SELECT actor_index, text, code, country, sector, start_char, end_char, entry, "
            "resolved_from FROM actors WHERE doc_id = ? ORDER BY actor_index", [doc_id])
        events = self._rows(f"{_MENTION_SQL}WHERE e.doc_id = ? "
                            "ORDER BY e.sentence_index, e.trigger_start, e.event_id", [doc_id])
        return jsonable({
            "ok": True,
            "document": docs[0],
            "sentences": [[s["start_char"], s["end_char"]] for s in sentences],
            "actors": [{**{k: a[k] for k in ("text", "code", "country", "sector", "entry",
                                             "resolved_from")},
                        "span": [a["start_char"], a["end_char"]]} for a in actors],
            "events": [evidence(event_from_row(r), r) for r in events],
        })

    def current_versions(self) -> dict[str, str]:
        """The bundled dictionary and lexicon versions (hashed once per service)."""
        if self._versions is None:
            self._versions = {"dictionary_version": dictionary_version(),
                              "lexicon_version": lexicon_version()}
        return self._versions

    def meta(self) -> dict[str, Any]:
        """Version, counts, date range, coding versions, and the vocabularies of the filters."""
        counts = {t: int(self._scalar(f"SELECT COUNT(*) AS n FROM {t}") or 0)
                  for t in ("documents", "sentences", "actors", "events", "ingest_runs")}
        counts["skipped_documents"] = int(self._scalar(
            "SELECT COUNT(*) AS n FROM documents WHERE status = 'skipped'") or 0)
        span = self._rows("SELECT MIN(date) AS min, MAX(date) AS max, "
                          "COUNT(*) FILTER (WHERE lat IS NOT NULL) AS located FROM events")[0]
        runs = self._rows(f"SELECT {', '.join(_RUN_COLUMNS)} FROM ingest_runs "
                          "ORDER BY run_id DESC LIMIT 10")
        current = self.current_versions()
        stale = self._scalar(
            "SELECT COUNT(*) AS n FROM documents d LEFT JOIN ingest_runs r ON r.run_id = d.run_id "
            "WHERE d.status = 'coded' AND (r.run_id IS NULL "
            "OR r.dictionary_version IS DISTINCT FROM ? OR r.lexicon_version IS DISTINCT FROM ?)",
            [current["dictionary_version"], current["lexicon_version"]])
        onto = default_ontology()
        roots = [{"code": c.code, "name": c.name} for c in sorted(
            onto.cameo_codes.values(), key=lambda c: c.code) if len(c.code) == 2]
        return jsonable({
            "ok": True,
            "cormorant_version": __version__,
            "store": {"backend": self.store.kind},  # no file path or URL: clients need neither
            # Whether pages come from the precomputed tables yet (built after start and ingest).
            "precomputed": self.tables.current() is not None,
            "counts": {**counts, "located_events": span["located"]},
            "date_range": {"min": span["min"], "max": span["max"]},
            "versions": {
                "bundled": current,
                "documents_on_other_versions": int(stale or 0),
                "runs": runs,
            },
            "vocabulary": {
                "filters": list(FILTERS), "levels": list(LEVELS), "periods": list(PERIODS),
                "by": list(BY_DIMENSIONS), "cameo_roots": roots,
                "plover": list(PLOVER_CATEGORIES), "quad_classes": QUAD_NAMES,
            },
        })
