"""Event queries: filters, the deduplicated events level, and group-bys, as SQL.

The SQL is the dialect DuckDB and PostgreSQL share (window functions, ``FILTER``,
``array_agg(... ORDER BY ...)``, ``date_trunc``, ``md5``), so both backends run
the same text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from cormorant.errors import QueryError
from cormorant.ontology import normalise_plover

LEVELS = ("mentions", "events")
PERIODS = ("day", "week", "month", "year")
BY_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "dyad": ("source_code", "target_code"),
    "source": ("source_code",),
    "target": ("target_code",),
    "code": ("cameo",),
    "root": ("cameo_root",),
    "plover": ("plover",),
    "quad": ("quad_class",),
    "country": ("location_country",),
    "source-country": ("source_country",),
    "target-country": ("target_country",),
}

_MULTI = (
    "actor", "source", "target", "country", "source_country", "target_country", "sector",
    "cameo", "root", "plover", "place", "doc_id",
)

# The mention columns a row result carries, with the document's URL/source/title.
MENTION_COLUMNS: tuple[str, ...] = (
    "event_id", "doc_id", "sentence_index", "date", "date_precision",
    "source_text", "source_code", "source_country", "source_sector",
    "cameo", "cameo_root", "plover", "plover_mode", "quad_class", "goldstein",
    "target_text", "target_code", "target_country", "target_sector",
    "location_name", "location_country", "location_admin1", "location_feature",
    "lat", "lon", "geonameid", "negated", "hypothetical", "trigger_text", "rule",
    "sentence",
)
_DOC_COLUMNS = ("doc_url", "doc_source", "doc_title")

# Dedup key: same source, target, code and polarity; dates chained within the window.
_KEY = (
    "COALESCE(source_code, '')", "COALESCE(target_code, '')", "cameo", "negated", "hypothetical",
)


@dataclass(frozen=True)
class EventQuery:
    """Filters and shape of a query; every filter is optional and they combine with AND.

    Multi-valued filters accept one value or a sequence and match any of them.
    Actor codes match hierarchically (``USA`` matches ``USAGOV``); so do CAMEO
    codes (``19`` matches ``190``..``196``). ``level="events"`` merges mentions
    of one event (see ``docs/store.md``); ``window`` is its date window in days.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    actor: tuple[str, ...] = ()  # source or target actor code
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    country: tuple[str, ...] = ()  # source or target actor country
    source_country: tuple[str, ...] = ()
    target_country: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()  # source or target sector
    cameo: tuple[str, ...] = ()
    root: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    quad_class: tuple[int, ...] = ()
    place: tuple[str, ...] = ()  # place name or its country code
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    text: str | None = None  # substring of the sentence, case-insensitive
    doc_id: tuple[str, ...] = ()
    include_negated: bool = True
    include_hypothetical: bool = True
    level: str = "mentions"
    window: int = 0
    group_by: str | None = None  # day | week | month | year
    by: str | None = None  # a key of BY_DIMENSIONS
    limit: int | None = None
    offset: int = 0  # rows to skip before ``limit`` (paging)
    # Keyset paging: only rows after this (date, id) in the row order (date, undated last, id).
    after: tuple[dt.date | None, str] | None = None

    def __post_init__(self) -> None:
        for name in _MULTI:
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            cleaned = tuple(str(v).strip() for v in value if str(v).strip())
            object.__setattr__(self, name, cleaned)
        for name in ("actor", "source", "target", "country", "source_country",
                     "target_country", "sector"):
            object.__setattr__(self, name, tuple(v.upper() for v in getattr(self, name)))
        object.__setattr__(self, "plover", tuple(normalise_plover(p) for p in self.plover))
        quads = (self.quad_class,) if isinstance(self.quad_class, int) else self.quad_class
        try:
            object.__setattr__(self, "quad_class", tuple(int(q) for q in quads))
        except (TypeError, ValueError) as e:
            raise QueryError(f"quad class must be 1-4, got {self.quad_class!r}") from e
        self._validate()

    def _validate(self) -> None:
        if self.level not in LEVELS:
            raise QueryError(f"level must be one of {', '.join(LEVELS)}, got {self.level!r}")
        if self.group_by is not None and self.group_by not in PERIODS:
            raise QueryError(f"group-by must be one of {', '.join(PERIODS)}, got {self.group_by!r}")
        if self.by is not None and self.by not in BY_DIMENSIONS:
            raise QueryError(f"by must be one of {', '.join(BY_DIMENSIONS)}, got {self.by!r}")
        if any(q not in (1, 2, 3, 4) for q in self.quad_class):
            raise QueryError(f"quad class must be 1-4, got {self.quad_class!r}")
        for code in self.cameo + self.root:
            if not code.isdigit():
                raise QueryError(f"CAMEO codes are digits, got {code!r}")
        if self.start and self.end and self.start > self.end:
            raise QueryError(f"start {self.start} is after end {self.end}")
        if self.bbox is not None:
            if len(self.bbox) != 4:
                raise QueryError("bbox needs four numbers: min lon, min lat, max lon, max lat")
            w, s, e, n = self.bbox
            if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
                raise QueryError(f"bbox {self.bbox} is not min lon, min lat, max lon, max lat")
        if not isinstance(self.window, int) or self.window < 0:
            raise QueryError(f"window must be a whole number of days >= 0, got {self.window!r}")
        if self.limit is not None and (not isinstance(self.limit, int) or self.limit < 0):
            raise QueryError(f"limit must be a whole number >= 0, got {self.limit!r}")
        if not isinstance(self.offset, int) or self.offset < 0:
            raise QueryError(f"offset must be a whole number >= 0, got {self.offset!r}")
        if self.after is not None and (len(self.after) != 2 or not isinstance(self.after[1], str)):
            raise QueryError(f"after must be (date or None, id), got {self.after!r}")

    @property
    def grouped(self) -> bool:
        return self.group_by is not None or self.by is not None

    def replace(self, **changes: Any) -> EventQuery:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return EventQuery(**values)


def _any_of(column: str, values: Iterable[Any], params: list[Any]) -> str:
    vals = list(values)
    params.extend(vals)
    return f"{column} IN ({', '.join('?' for _ in vals)})"


def _prefix_of(columns: tuple[str, ...], values: tuple[str, ...], params: list[Any]) -> str:
    parts = []
    for col in columns:
        for v in values:
            parts.append(f"starts_with({col}, CAST(? AS TEXT))")
            params.append(v)
    return "(" + " OR ".join(parts) + ")"


def _either(columns: tuple[str, ...], values: tuple[str, ...], params: list[Any]) -> str:
    return "(" + " OR ".join(_any_of(c, values, params) for c in columns) + ")"


def where_clause(q: EventQuery) -> tuple[str, list[Any]]:
    """The mention filters of ``q`` as a WHERE clause over ``events``."""
    conds: list[str] = []
    params: list[Any] = []
    if q.start is not None:
        conds.append("date >= ?")
        params.append(q.start)
    if q.end is not None:
        conds.append("date <= ?")
        params.append(q.end)
    if q.actor:
        conds.append(_prefix_of(("source_code", "target_code"), q.actor, params))
    if q.source:
        conds.append(_prefix_of(("source_code",), q.source, params))
    if q.target:
        conds.append(_prefix_of(("target_code",), q.target, params))
    if q.country:
        conds.append(_either(("source_country", "target_country"), q.country, params))
    if q.source_country:
        conds.append(_any_of("source_country", q.source_country, params))
    if q.target_country:
        conds.append(_any_of("target_country", q.target_country, params))
    if q.sector:
        conds.append(_either(("source_sector", "target_sector"), q.sector, params))
    if q.cameo:
        conds.append(_prefix_of(("cameo",), q.cameo, params))
    if q.root:
        conds.append(_any_of("cameo_root", [r.zfill(2) for r in q.root], params))
    if q.plover:
        conds.append(_any_of("plover", q.plover, params))
    if q.quad_class:
        conds.append(_any_of("quad_class", q.quad_class, params))
    if q.place:
        parts = []
        for p in q.place:
            parts.append("(lower(location_name) = lower(CAST(? AS TEXT)) "
                         "OR location_country = upper(CAST(? AS TEXT)))")
            params.extend([p, p])
        conds.append("(" + " OR ".join(parts) + ")")
    if q.bbox is not None:
        w, s, e, n = q.bbox
        conds.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        params.extend([float(w), float(e), float(s), float(n)])
    if q.text:
        conds.append("strpos(lower(sentence), lower(CAST(? AS TEXT))) > 0")
        params.append(q.text)
    if q.doc_id:
        conds.append(_any_of("doc_id", q.doc_id, params))
    if not q.include_negated:
        conds.append("NOT negated")
    if not q.include_hypothetical:
        conds.append("NOT hypothetical")
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def after_clause(q: EventQuery, date: str, key: str, params: list[Any]) -> str | None:
    """The keyset condition ``q.after`` puts on rows ordered by ``date NULLS LAST, key``."""
    if q.after is None:
        return None
    day, last = q.after
    if day is None:
        params.append(last)
        return f"({date} IS NULL AND {key} > ?)"
    params.extend([day, day, last])
    return f"({date} > ? OR {date} IS NULL OR ({date} = ? AND {key} > ?))"


def _and(where: str, cond: str | None) -> str:
    if cond is None:
        return where
    return f"{where} AND {cond}" if where else f" WHERE {cond}"


def _limit(q: EventQuery) -> str:
    out = f" LIMIT {int(q.limit)}" if q.limit is not None else ""
    return out + (f" OFFSET {int(q.offset)}" if q.offset else "")


def _events_ctes(q: EventQuery, *, rows: bool) -> tuple[list[str], list[Any]]:
    """CTEs ``m`` (matching mentions), ``k`` (mentions with their event id ``eid``)
    and ``a`` (one row per event)."""
    where, params = where_clause(q)
    ctes = [f"m AS (SELECT * FROM events{where})"]
    key = ", ".join(_KEY)
    if q.window == 0:
        # Same-day merging needs no window functions: event_key is stored per mention.
        ctes.append("k AS (SELECT m.*, event_key AS eid FROM m)")
    else:
        # A mention starts a new event when it has no date or comes more than `window`
        # days after the previous mention with the same key; an event's id is the
        # same-day key of its first mention.
        ctes.append(
            "f AS (SELECT m.*, CASE WHEN date IS NULL OR LAG(date) OVER w IS NULL "
            f"OR date - LAG(date) OVER w > {int(q.window)} THEN 1 ELSE 0 END AS new_event "
            f"FROM m WINDOW w AS (PARTITION BY {key} ORDER BY date, event_id))")
        ctes.append(
            f"c AS (SELECT f.*, SUM(new_event) OVER (PARTITION BY {key} ORDER BY date, event_id "
            "ROWS UNBOUNDED PRECEDING) AS grp FROM f)")
        ctes.append(
            "k AS (SELECT c.*, FIRST_VALUE(event_key) OVER "
            f"(PARTITION BY {key}, grp ORDER BY date, event_id) AS eid FROM c)")
    # The representative mention: the earliest one that names a place, else the earliest.
    rep = ("MIN(CASE WHEN location_name IS NULL THEN '1' ELSE '0' END "
           "|| COALESCE(CAST(date AS TEXT), '9999-99-99') || event_id) AS rep")
    doc_count = "COUNT(DISTINCT doc_id) AS doc_count, " if rows else ""
    ctes.append(
        "a AS (SELECT eid, MIN(date) AS date, MAX(date) AS last_date, "
        f"COUNT(*) AS mention_count, {doc_count}AVG(goldstein) AS goldstein, "
        "MIN(source_code) AS source_code, MIN(target_code) AS target_code, MIN(cameo) AS cameo, "
        "MIN(cameo_root) AS cameo_root, MIN(plover) AS plover, MIN(quad_class) AS quad_class, "
        "MIN(source_country) AS source_country, MIN(target_country) AS target_country, "
        f"{rep} FROM k GROUP BY eid)")
    return ctes, params


_REP_JOIN = "JOIN m r ON r.event_id = substr(a.rep, 12)"


def _events_rows_sql(q: EventQuery) -> tuple[str, list[Any]]:
    """One row per event: the representative mention's evidence, counts and mention links."""
    ctes, params = _events_ctes(q, rows=True)
    limit = _limit(q)
    after = _and("", after_clause(q, "a.date", "a.eid", params))
    ctes.append(
        "s AS (SELECT a.eid AS event_id, r.doc_id, r.sentence_index, a.date, a.last_date, "
        "r.date_precision, r.source_text, a.source_code, r.source_country, r.source_sector, "
        "a.cameo, r.cameo_root, r.plover, r.plover_mode, r.quad_class, a.goldstein, "
        "r.target_text, a.target_code, r.target_country, r.target_sector, r.location_name, "
        "r.location_country, r.location_admin1, r.location_feature, r.lat, r.lon, r.geonameid, "
        "r.negated, r.hypothetical, r.trigger_text, r.rule, r.sentence, a.mention_count, "
        "a.doc_count, d.source AS doc_source, d.title AS doc_title "
        f"FROM a {_REP_JOIN} LEFT JOIN documents d ON d.doc_id = r.doc_id{after} "
        f"ORDER BY a.date NULLS LAST, a.eid{limit})")
    # Mention links only for the events returned (cheap under a LIMIT: page with offset).
    ctes.append(
        "x AS (SELECT k.eid, array_agg(k.event_id ORDER BY k.date, k.event_id) AS mention_ids, "
        "array_agg(DISTINCT k.doc_id ORDER BY k.doc_id) AS doc_ids, "
        "array_agg(k.doc_id || '_' || CAST(k.sentence_index AS TEXT) ORDER BY k.date, k.event_id) "
        "AS sentence_ids, string_agg(DISTINCT COALESCE(d.url, d.source), ';' "
        "ORDER BY COALESCE(d.url, d.source)) AS doc_url "
        "FROM k LEFT JOIN documents d ON d.doc_id = k.doc_id "
        "WHERE k.eid IN (SELECT event_id FROM s) GROUP BY k.eid)")
    sql = (f"WITH {', '.join(ctes)} SELECT s.*, x.mention_ids, x.doc_ids, x.sentence_ids, "
           "x.doc_url FROM s LEFT JOIN x ON x.eid = s.event_id "
           "ORDER BY s.date NULLS LAST, s.event_id")
    return sql, params


def _mentions_rows_sql(q: EventQuery) -> tuple[str, list[Any]]:
    where, params = where_clause(q)
    where = _and(where, after_clause(q, "date", "event_id", params))
    cols = ", ".join(f"e.{c}" for c in MENTION_COLUMNS)
    # Page first, then join: the documents join then touches only the rows returned.
    order = "ORDER BY date NULLS LAST, event_id"
    sql = (
        f"SELECT {cols}, COALESCE(d.url, d.source) AS doc_url, d.source AS doc_source, "
        f"d.title AS doc_title FROM (SELECT * FROM events{where} {order}{_limit(q)}) e "
        "LEFT JOIN documents d ON d.doc_id = e.doc_id "
        "ORDER BY e.date NULLS LAST, e.event_id"
    )
    return sql, params


def _grouped_sql(q: EventQuery) -> tuple[str, list[Any]]:
    if q.level == "events":
        ctes, params = _events_ctes(q, rows=False)
        if q.by == "country":  # the place is the representative mention's
            ctes.append(f"e AS (SELECT a.*, r.location_country FROM a {_REP_JOIN})")
        else:
            ctes.append("e AS (SELECT * FROM a)")
        head, source, mentions = f"WITH {', '.join(ctes)} ", "e", "SUM(mention_count)"
    else:
        where, params = where_clause(q)
        head, source, mentions = "", f"(SELECT * FROM events{where}) x", "COUNT(*)"
    return group_select(q, head, source, mentions), params


def group_select(q: EventQuery, head: str, source: str, mentions: str) -> str:
    """The counting SELECT of a grouped query over ``source`` (``head``: its WITH clause)."""
    keys: list[str] = []
    if q.group_by == "day":
        keys.append("date AS period")
    elif q.group_by is not None:
        keys.append(f"CAST(date_trunc('{q.group_by}', date) AS DATE) AS period")
    if q.by is not None:
        keys.extend(BY_DIMENSIONS[q.by])
    exprs = [k.rsplit(" AS ", 1)[0] for k in keys]
    order = ["period NULLS LAST"] if q.group_by else []
    order.append("n_events DESC")
    order.extend(f"{c} NULLS LAST" for c in BY_DIMENSIONS.get(q.by or "", ()))
    return (
        f"{head}SELECT {', '.join(keys)}, COUNT(*) AS n_events, {mentions} AS n_mentions, "
        f"AVG(goldstein) AS mean_goldstein FROM {source} GROUP BY {', '.join(exprs)} "
        f"ORDER BY {', '.join(order)}{_limit(q)}"
    )


def build_sql(q: EventQuery) -> tuple[str, list[Any]]:
    """The SQL and parameters answering ``q`` (rows, or counts per group)."""
    if q.grouped:
        return _grouped_sql(q)
    if q.level == "events":
        return _events_rows_sql(q)
    return _mentions_rows_sql(q)
