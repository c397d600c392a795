"""Query-string parameters to ``EventQuery`` and paging, with strict validation.

Every problem raises ``QueryError`` (HTTP 400): an unknown parameter, a single
parameter given twice, a value of the wrong type. Multi-valued filters take
repeated parameters (``actor=USA&actor=CHN``) or commas (``actor=USA,CHN``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cormorant.errors import QueryError
from cormorant.store import EventQuery

MULTI_FILTERS: tuple[str, ...] = (
    "actor", "source", "target", "country", "source_country", "target_country", "sector",
    "cameo", "root", "plover", "quad_class", "place", "doc_id",
)
SINGLE_FILTERS: tuple[str, ...] = (
    "start", "end", "bbox", "text", "level", "window", "include_negated", "include_hypothetical",
)
FILTERS: tuple[str, ...] = MULTI_FILTERS + SINGLE_FILTERS

EVENTS_PARAMS: tuple[str, ...] = (*FILTERS, "limit", "offset")
COUNTS_PARAMS: tuple[str, ...] = (*FILTERS, "group_by", "by", "limit")
PLACES_PARAMS: tuple[str, ...] = (*FILTERS, "limit")
EVENT_PARAMS: tuple[str, ...] = tuple(f for f in FILTERS if f != "level")

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
DEFAULT_GROUP_LIMIT = 1000
MAX_GROUP_LIMIT = 10000

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int = 0


def _single(items: Mapping[str, list[str]], name: str) -> str | None:
    values = items.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise QueryError(f"parameter {name!r} given {len(values)} times; give it once")
    value = values[0].strip()
    return value or None


def _multi(items: Mapping[str, list[str]], name: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in items.get(name, []):
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def _date(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise QueryError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from e


def _int(name: str, value: str | None, default: int, low: int, high: int | None = None) -> int:
    if value is None:
        return default
    try:
        n = int(value)
    except ValueError as e:
        raise QueryError(f"{name} must be a whole number, got {value!r}") from e
    if n < low or (high is not None and n > high):
        bounds = f"between {low} and {high}" if high is not None else f">= {low}"
        raise QueryError(f"{name} must be {bounds}, got {n}")
    return n


def _bool(name: str, value: str | None, default: bool) -> bool:
    if value is None:
        return default
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise QueryError(f"{name} must be true or false, got {value!r}")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError as e:
        raise QueryError(f"bbox needs four numbers min_lon,min_lat,max_lon,max_lat, got {value!r}") from e
    if len(parts) != 4:
        raise QueryError(f"bbox needs four numbers min_lon,min_lat,max_lon,max_lat, got {value!r}")
    return parts[0], parts[1], parts[2], parts[3]


def _quads(values: tuple[str, ...]) -> tuple[int, ...]:
    try:
        return tuple(int(v) for v in values)
    except ValueError as e:
        raise QueryError(f"quad_class must be 1-4, got {','.join(values)!r}") from e


def check_known(items: Mapping[str, list[str]], allowed: Iterable[str]) -> None:
    """Reject parameters the endpoint does not take (a typo would silently widen a query)."""
    allowed = tuple(allowed)
    unknown = sorted(set(items) - set(allowed))
    if unknown:
        raise QueryError(
            f"unknown parameter {unknown[0]!r}; this endpoint takes: {', '.join(allowed) or 'none'}")


def event_query(items: Mapping[str, list[str]], **shape: Any) -> EventQuery:
    """The filters in ``items`` as an ``EventQuery`` (``shape``: group_by, by, ...)."""
    multi = {name: _multi(items, name) for name in MULTI_FILTERS}
    single = {name: _single(items, name) for name in SINGLE_FILTERS}
    return EventQuery(
        start=_date("start", single["start"]),
        end=_date("end", single["end"]),
        actor=multi["actor"], source=multi["source"], target=multi["target"],
        country=multi["country"], source_country=multi["source_country"],
        target_country=multi["target_country"], sector=multi["sector"],
        cameo=multi["cameo"], root=multi["root"], plover=multi["plover"],
        quad_class=_quads(multi["quad_class"]), place=multi["place"], doc_id=multi["doc_id"],
        bbox=_bbox(single["bbox"]), text=single["text"],
        level=single["level"] or "mentions",
        window=_int("window", single["window"], 0, 0),
        include_negated=_bool("include_negated", single["include_negated"], True),
        include_hypothetical=_bool("include_hypothetical", single["include_hypothetical"], True),
        **shape,
    )


def events_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, Page]:
    check_known(items, EVENTS_PARAMS)
    q = event_query(items)
    page = Page(
        limit=_int("limit", _single(items, "limit"), DEFAULT_LIMIT, 0, MAX_LIMIT),
        offset=_int("offset", _single(items, "offset"), 0, 0),
    )
    return q, page


def counts_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, int]:
    check_known(items, COUNTS_PARAMS)
    group_by, by = _single(items, "group_by"), _single(items, "by")
    if group_by is None and by is None:
        raise QueryError("counts need group_by (day, week, month, year), by (e.g. dyad), or both")
    q = event_query(items, group_by=group_by, by=by)
    limit = _int("limit", _single(items, "limit"), DEFAULT_GROUP_LIMIT, 0, MAX_GROUP_LIMIT)
    return q, limit


def places_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, int]:
    check_known(items, PLACES_PARAMS)
    q = event_query(items)
    limit = _int("limit", _single(items, "limit"), DEFAULT_GROUP_LIMIT, 0, MAX_GROUP_LIMIT)
    return q, limit


def event_request(items: Mapping[str, list[str]]) -> EventQuery:
    """The window and narrowing filters of a single-event request (see ``EventService.event``)."""
    check_known(items, EVENT_PARAMS)
    return event_query(items)


def no_params(items: Mapping[str, list[str]]) -> None:
    check_known(items, ())


def as_lists(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Query-string pairs grouped by name, in order."""
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


def describe(q: EventQuery) -> dict[str, Any]:
    """The filters of ``q`` that are set, as JSON (echoed back so clients see what ran)."""
    out: dict[str, Any] = {}
    for name in FILTERS:
        value = getattr(q, name)
        if name in ("include_negated", "include_hypothetical"):
            if not value:
                out[name] = False
        elif name == "window":
            if value:
                out[name] = value
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        elif isinstance(value, tuple) and value:
            out[name] = list(value)
        elif value is not None and not isinstance(value, tuple):
            out[name] = value
    out["level"] = q.level
    return out
