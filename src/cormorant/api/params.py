"""Query-string parameters: one table of definitions, used to parse requests and to write OpenAPI.

Every problem raises ``QueryError`` (HTTP 400): an unknown parameter, a single
parameter given twice, a value of the wrong type, too many values. Multi-valued
filters take repeated parameters (``actor=USA&actor=CHN``) or commas
(``actor=USA,CHN``), at most ``MAX_VALUES`` values in all.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from cormorant.errors import QueryError
from cormorant.ontology import PLOVER_CATEGORIES
from cormorant.store import BY_DIMENSIONS, LEVELS, PERIODS, EventQuery

MAX_VALUES = 50  # values of one multi-valued filter: a 5,000-value list once stalled a server
MAX_TEXT = 200  # characters of one free-text value
MAX_OFFSET = 10_000  # deeper pages use the keyset ``cursor``
MAX_WINDOW = 365
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
DEFAULT_GROUP_LIMIT = 1000
MAX_GROUP_LIMIT = 10000

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only
_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")
# Old PLOVER names the store maps to the 2021 ones (see ontology.normalise_plover).
_PLOVER_OLD = ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT")


@dataclass(frozen=True)
class Param:
    """One query parameter: how it is parsed and how OpenAPI describes it.

    ``kind``: ``date``, ``int``, ``bool``, ``text``, ``enum`` (one of ``choices``,
    any case), ``bbox`` or ``cursor``. ``multi`` filters take up to ``MAX_VALUES``
    values; ``pattern`` (a regex each value must match) applies to ``text``.
    """

    name: str
    kind: str
    doc: str
    multi: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    low: int | None = None
    high: int | None = None
    default: Any = None
    max_length: int = MAX_TEXT

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of one value (OpenAPI 3.1)."""
        s: dict[str, Any]
        if self.kind == "date":
            s = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        elif self.kind == "int":
            s = {"type": "integer"}
            if self.low is not None:
                s["minimum"] = self.low
            if self.high is not None:
                s["maximum"] = self.high
        elif self.kind == "bool":
            s = {"type": "boolean"}
        elif self.kind == "enum":
            s = {"type": "string", "enum": list(self.choices)}
        elif self.kind == "bbox":
            s = {"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$",
                 "examples": ["30,45,40,55"]}
        else:
            s = {"type": "string", "minLength": 1, "maxLength": self.max_length}
            if self.pattern:
                s["pattern"] = f"^(?:{self.pattern})$"
        if self.default is not None:
            s["default"] = self.default
        if self.multi:
            return {"type": "array", "items": s, "maxItems": MAX_VALUES}
        return s


def dictionary_sectors() -> tuple[str, ...]:
    """Every sector the bundled actor dictionaries can produce (slow: loads them)."""
    from cormorant.actors.dictionary import NON_STATE_PREFIXES, bundled_entries, split_code

    entries = bundled_entries()
    countries = [e.code for e in entries if e.type == "country"]
    found = set(NON_STATE_PREFIXES)
    for e in entries:
        found.update(s for s in [e.sector] if s)
        for code in (e.code, *(r.code for r in e.roles)):
            found.update(s for s in [split_code(code, countries)[1]] if s and code)
    return tuple(sorted(found))


@functools.cache
def known_sectors() -> tuple[str, ...]:
    """The actor sectors the ``sector`` filter accepts (``data/sectors.yaml``)."""
    text = resources.files("cormorant.api").joinpath("data/sectors.yaml").read_text("utf-8")
    return tuple(sorted(entry["code"] for entry in yaml.safe_load(text)))


def _filters(sectors: tuple[str, ...]) -> tuple[Param, ...]:
    code = r"[A-Za-z0-9]{1,40}"
    return (
        Param("start", "date", "First date, YYYY-MM-DD, inclusive."),
        Param("end", "date", "Last date, YYYY-MM-DD, inclusive."),
        Param("actor", "text", "Actor code as source or target; a prefix (USA matches USAGOV).",
              multi=True, pattern=code),
        Param("source", "text", "Source actor code (prefix).", multi=True, pattern=code),
        Param("target", "text", "Target actor code (prefix).", multi=True, pattern=code),
        Param("country", "text", "Actor country (ISO3) as source or target.", multi=True,
              pattern="[A-Za-z]{3}"),
        Param("source_country", "text", "Source actor country (ISO3).", multi=True,
              pattern="[A-Za-z]{3}"),
        Param("target_country", "text", "Target actor country (ISO3).", multi=True,
              pattern="[A-Za-z]{3}"),
        Param("sector", "enum", "Actor sector as source or target.", multi=True, choices=sectors),
        Param("cameo", "text", "CAMEO code and its children (19 matches 190 to 196).",
              multi=True, pattern="[0-9]{1,4}"),
        Param("root", "text", "CAMEO root code, 1 to 20 (4 and 04 are the same).", multi=True,
              pattern="[0-9]{1,2}"),
        Param("plover", "enum", "PLOVER category (old names such as FIGHT map to the 2021 names).",
              multi=True, choices=PLOVER_CATEGORIES + _PLOVER_OLD),
        Param("quad_class", "int", "Quad class 1 to 4.", multi=True, low=1, high=4),
        Param("place", "text", "Place name (any case) or its country code (ISO3).", multi=True,
              max_length=100),
        Param("doc_id", "text", "Document id.", multi=True),
        Param("bbox", "bbox", "min_lon,min_lat,max_lon,max_lat"),
        Param("text", "text", "A substring of the sentence, case-insensitive."),
        Param("level", "enum", "mentions: one row per coded mention; events: mentions of one "
              "event merged.", choices=LEVELS, default="mentions"),
        Param("window", "int", "The events level's date window in days.", low=0, high=MAX_WINDOW,
              default=0),
        Param("include_negated", "bool", "false leaves negated events out.", default=True),
        Param("include_hypothetical", "bool", "false leaves hypothetical events out.",
              default=True),
    )


@functools.cache
def filter_params() -> tuple[Param, ...]:
    """The filters every listing endpoint takes (``EventQuery``'s fields)."""
    return _filters(known_sectors())


FILTERS: tuple[str, ...] = (
    "start", "end", "actor", "source", "target", "country", "source_country", "target_country",
    "sector", "cameo", "root", "plover", "quad_class", "place", "doc_id", "bbox", "text", "level",
    "window", "include_negated", "include_hypothetical",
)

LIMIT = Param("limit", "int", "Rows per page.", low=0, high=MAX_LIMIT, default=DEFAULT_LIMIT)
OFFSET = Param("offset", "int", f"Rows to skip (at most {MAX_OFFSET}; page deeper with cursor).",
               low=0, high=MAX_OFFSET, default=0)
CURSOR = Param("cursor", "cursor", "Keyset paging: the next_cursor of the previous page.",
               max_length=400)
GROUP_LIMIT = Param("limit", "int", "Groups at most.", low=0, high=MAX_GROUP_LIMIT,
                    default=DEFAULT_GROUP_LIMIT)
GROUP_BY = Param("group_by", "enum", "Count per period.", choices=PERIODS)
BY = Param("by", "enum", "Count per dimension.", choices=tuple(BY_DIMENSIONS))
CODE_PARAMS = (
    Param("format", "enum", "The body's format; auto: from the Content-Type, else detected.",
          choices=("auto", "text", "html", "jsonl"), default="auto"),
    Param("id", "text", "Document id of a text or HTML body.", max_length=200),
    Param("date", "date", "Date of documents that carry none, YYYY-MM-DD."),
)


# The explorer's views (``views.py``): network, map and export.
MAX_EDGES = 2000
MAX_CELLS = 10000
MAX_EXPORT_ROWS = 5_000_000
NODES = Param("nodes", "enum", "Network nodes: a country, or a country and sector.",
              choices=("country", "country-sector"), default="country")
EDGE_LIMIT = Param("limit", "int", "Edges at most (the busiest).", low=1, high=MAX_EDGES,
                   default=80)
CELL = Param("cell", "text", "Grid cell size in degrees, 0.001 to 10 (default 0.1).",
             pattern=r"[0-9]{0,2}(?:\.[0-9]{1,4})?", max_length=8)
CELL_LIMIT = Param("limit", "int", "Cells at most (the busiest).", low=1, high=MAX_CELLS,
                   default=2000)
EXPORT_FORMAT = Param("format", "enum", "File format of the download.",
                      choices=("csv", "jsonl", "parquet"), default="csv")
EXPORT_LIMIT = Param("limit", "int", "Rows at most.", low=0, high=MAX_EXPORT_ROWS,
                     default=MAX_EXPORT_ROWS)


def endpoint_params(endpoint: str) -> tuple[Param, ...]:
    """The parameters of one endpoint: ``events``, ``counts``, ``places``, ``event``, ``code``,
    ``network``, ``map``, ``export``."""
    filters = filter_params()
    if endpoint == "network":
        return (*filters, NODES, EDGE_LIMIT)
    if endpoint == "map":
        return (*filters, CELL, CELL_LIMIT)
    if endpoint == "export":
        return (*filters, EXPORT_FORMAT, EXPORT_LIMIT)
    if endpoint == "events":
        return (*filters, LIMIT, OFFSET, CURSOR)
    if endpoint == "counts":
        return (*filters, GROUP_BY, BY, GROUP_LIMIT)
    if endpoint == "places":
        return (*filters, GROUP_LIMIT)
    if endpoint == "event":
        return tuple(p for p in filters if p.name != "level")
    if endpoint == "code":
        return CODE_PARAMS
    return ()


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int = 0
    after: tuple[dt.date | None, str] | None = None  # keyset: the last row of the previous page


# -- parsing ---------------------------------------------------------------------------------


def _values(items: Mapping[str, list[str]], p: Param) -> list[str]:
    raw = items.get(p.name, [])
    if not p.multi:
        if len(raw) > 1:
            raise QueryError(f"parameter {p.name!r} given {len(raw)} times; give it once")
        value = raw[0].strip() if raw else ""
        return [value] if value else []
    out = [v.strip() for value in raw for v in value.split(",") if v.strip()]
    if len(out) > MAX_VALUES:
        raise QueryError(f"{p.name} takes at most {MAX_VALUES} values, got {len(out)}")
    return out


def _one(p: Param, value: str) -> Any:
    """One value of ``p`` parsed, or ``QueryError``."""
    if len(value) > max(p.max_length, 40):
        raise QueryError(f"{p.name} is longer than {p.max_length} characters")
    if p.kind == "date":
        return parse_date(p.name, value)
    if p.kind == "int":
        return _int(p, value)
    if p.kind == "bool":
        low = value.lower()
        if low in _TRUE or low in _FALSE:
            return low in _TRUE
        raise QueryError(f"{p.name} must be true or false, got {value!r}")
    if p.kind == "enum":
        up = value.upper() if p.name in ("sector", "plover") else value
        if up not in p.choices:
            shown = ", ".join(p.choices[:30]) + (", ..." if len(p.choices) > 30 else "")
            raise QueryError(f"{p.name} must be one of {shown}; got {value!r}")
        return up
    if p.kind == "bbox":
        return _bbox(value)
    if p.kind == "cursor":
        return decode_cursor(value)
    if p.pattern and not re.fullmatch(p.pattern, value):
        raise QueryError(f"{p.name} {value[:60]!r} is not valid: {p.doc}")
    return value


def parse_date(name: str, value: str) -> dt.date:
    """Exactly ``YYYY-MM-DD`` (``fromisoformat`` alone also takes ``20240101`` and week dates)."""
    if not _DATE.fullmatch(value):
        raise QueryError(f"{name} must be a date YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise QueryError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from e


def _int(p: Param, value: str) -> int:
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", value):
        raise QueryError(f"{p.name} must be a whole number, got {value[:40]!r}")
    n = int(value)
    if (p.low is not None and n < p.low) or (p.high is not None and n > p.high):
        raise QueryError(f"{p.name} must be between {p.low} and {p.high}, got {n}")
    return n


def _bbox(value: str) -> tuple[float, float, float, float]:
    message = f"bbox needs four numbers min_lon,min_lat,max_lon,max_lat, got {value!r}"
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError as e:
        raise QueryError(message) from e
    if len(parts) != 4:
        raise QueryError(message)
    return parts[0], parts[1], parts[2], parts[3]


def encode_cursor(date: dt.date | str | None, event_id: str) -> str:
    """The keyset position after a row, as an opaque URL-safe token."""
    day = date.isoformat() if isinstance(date, dt.date) else date
    raw = json.dumps([day, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[dt.date | None, str]:
    bad = QueryError("cursor is not one this API gave out; start again without it")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        day, event_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as e:
        raise bad from e
    if not isinstance(event_id, str) or not (day is None or isinstance(day, str)):
        raise bad
    return (parse_date("cursor", day) if day is not None else None), event_id


def check_known(items: Mapping[str, list[str]], allowed: Iterable[str]) -> None:
    """Reject parameters the endpoint does not take (a typo would silently widen a query)."""
    allowed = tuple(dict.fromkeys(allowed))
    unknown = sorted(set(items) - set(allowed))
    if unknown:
        raise QueryError(
            f"unknown parameter {unknown[0][:60]!r}; this endpoint takes: "
            f"{', '.join(allowed) or 'none'}")


def parse(items: Mapping[str, list[str]], params: Sequence[Param]) -> dict[str, Any]:
    """Every parameter of ``params`` parsed (defaults filled in); unknown ones are refused."""
    check_known(items, (p.name for p in params))
    out: dict[str, Any] = {}
    for p in params:
        values = [_one(p, v) for v in _values(items, p)]
        out[p.name] = tuple(values) if p.multi else (values[0] if values else p.default)
    return out


def event_query(v: Mapping[str, Any], **shape: Any) -> EventQuery:
    """Parsed filters as an ``EventQuery`` (``shape``: group_by, by, ...)."""
    return EventQuery(**{name: v[name] for name in FILTERS if name in v}, **shape)


def events_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, Page]:
    v = parse(items, endpoint_params("events"))
    if v["cursor"] is not None and v["offset"]:
        raise QueryError("give offset or cursor, not both")
    return event_query(v), Page(limit=v["limit"], offset=v["offset"], after=v["cursor"])


def counts_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, int]:
    v = parse(items, endpoint_params("counts"))
    if v["group_by"] is None and v["by"] is None:
        raise QueryError("counts need group_by (day, week, month, year), by (e.g. dyad), or both")
    return event_query(v, group_by=v["group_by"], by=v["by"]), v["limit"]


def places_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, int]:
    v = parse(items, endpoint_params("places"))
    return event_query(v), v["limit"]


def event_request(items: Mapping[str, list[str]]) -> EventQuery:
    """The window and narrowing filters of a single-event request (see ``EventService.event``)."""
    return event_query(parse(items, endpoint_params("event")))


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
