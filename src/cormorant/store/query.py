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


def _mentions_sql(q: EventQuery, *, with_documents: bool) -> tuple[str, list[Any]]:
    where, params = where_clause(q)
    if not with_documents:
        return f"SELECT * FROM events{where}", params
    cols = ", ".join(f"e.{c}" for c in MENTION_COLUMNS)
    sql = (
        f"SELECT {cols}, COALESCE(d.url, d.source) AS doc_url, d.source AS doc_source, "
        f"d.title AS doc_title FROM (SELECT * FROM events{where}) e "
        "LEFT JOIN documents d ON d.doc_id = e.doc_id"
    )
    return sql, params


def _events_sql(q: EventQuery, *, with_documents: bool) -> tuple[str, list[Any]]:
    """Merge mentions into events: same key, dates chained within ``q.window`` days."""
    base, params = _mentions_sql(q, with_documents=with_documents)
    key = ", ".join(_KEY)
    # A mention starts a new event when it has no date or is more than `window`
    # days after the previous mention with the same key.
    flagged = (
        f"SELECT m.*, CASE WHEN date IS NULL OR LAG(date) OVER w IS NULL "
        f"OR date - LAG(date) OVER w > {int(q.window)} THEN 1 ELSE 0 END AS new_event "
        f"FROM ({base}) m WINDOW w AS (PARTITION BY {key} ORDER BY date, event_id)"
    )
    grouped = (
        f"SELECT f.*, SUM(new_event) OVER (PARTITION BY {key} ORDER BY date, event_id "
        f"ROWS UNBOUNDED PRECEDING) AS grp FROM ({flagged}) f"
    )
    # The representative mention: the earliest one that names a place, else the earliest.
    ranked = (
        f"SELECT g.*, ROW_NUMBER() OVER (PARTITION BY {key}, grp "
        f"ORDER BY (location_name IS NULL), date, event_id) AS rn FROM ({grouped}) g"
    )

    def rep(col: str, alias: str | None = None) -> str:
        return f"MIN({col}) FILTER (WHERE rn = 1) AS {alias or col}"

    doc_aggs = ""
    if with_documents:
        doc_aggs = (
            ", string_agg(DISTINCT doc_url, ';' ORDER BY doc_url) AS doc_url"
            ", MIN(doc_source) FILTER (WHERE rn = 1) AS doc_source"
            ", MIN(doc_title) FILTER (WHERE rn = 1) AS doc_title"
        )
    sql = (
        "SELECT substr(md5(concat_ws('|', COALESCE(source_code, ''), COALESCE(target_code, ''), "
        "cameo, CAST(negated AS TEXT), CAST(hypothetical AS TEXT), CAST(MIN(date) AS TEXT), "
        "CASE WHEN MIN(date) IS NULL THEN MIN(event_id) END)), 1, 16) AS event_id, "
        f"{rep('doc_id')}, {rep('sentence_index')}, MIN(date) AS date, MAX(date) AS last_date, "
        f"{rep('date_precision')}, "
        f"{rep('source_text')}, source_code, {rep('source_country')}, {rep('source_sector')}, "
        f"cameo, {rep('cameo_root')}, {rep('plover')}, {rep('plover_mode')}, "
        f"{rep('quad_class')}, {rep('goldstein')}, "
        f"{rep('target_text')}, target_code, {rep('target_country')}, {rep('target_sector')}, "
        f"{rep('location_name')}, {rep('location_country')}, {rep('location_admin1')}, "
        f"{rep('location_feature')}, {rep('lat')}, {rep('lon')}, {rep('geonameid')}, "
        f"negated, hypothetical, {rep('trigger_text')}, {rep('rule')}, {rep('sentence')}, "
        "COUNT(*) AS mention_count, COUNT(DISTINCT doc_id) AS doc_count, "
        "array_agg(event_id ORDER BY date, event_id) AS mention_ids, "
        "array_agg(DISTINCT doc_id ORDER BY doc_id) AS doc_ids, "
        "array_agg(doc_id || '_' || CAST(sentence_index AS TEXT) ORDER BY date, event_id) "
        f"AS sentence_ids{doc_aggs} "
        f"FROM ({ranked}) r GROUP BY {key}, source_code, target_code, grp"
    )
    return sql, params


def build_sql(q: EventQuery) -> tuple[str, list[Any]]:
    """The SQL and parameters answering ``q`` (rows, or counts per group)."""
    if not q.grouped:
        body = _events_sql if q.level == "events" else _mentions_sql
        sql, params = body(q, with_documents=True)
        sql = f"SELECT * FROM ({sql}) x ORDER BY date NULLS LAST, event_id"
    else:
        body = _events_sql if q.level == "events" else _mentions_sql
        sql, params = body(q, with_documents=False)
        keys: list[str] = []
        if q.group_by == "day":
            keys.append("date AS period")
        elif q.group_by is not None:
            keys.append(f"CAST(date_trunc('{q.group_by}', date) AS DATE) AS period")
        if q.by is not None:
            keys.extend(BY_DIMENSIONS[q.by])
        exprs = [k.rsplit(" AS ", 1)[0] for k in keys]
        mentions = "SUM(mention_count)" if q.level == "events" else "COUNT(*)"
        sql = (
            f"SELECT {', '.join(keys)}, COUNT(*) AS n_events, {mentions} AS n_mentions, "
            f"AVG(goldstein) AS mean_goldstein FROM ({sql}) x "
            f"GROUP BY {', '.join(exprs)} "
        )
        order = ["period NULLS LAST"] if q.group_by else []
        order.append("n_events DESC")
        order.extend(f"{c} NULLS LAST" for c in BY_DIMENSIONS.get(q.by or "", ()))
        sql += "ORDER BY " + ", ".join(order)
    if q.limit is not None:
        sql += f" LIMIT {int(q.limit)}"
    return sql, params
