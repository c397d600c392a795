"""Actor dictionaries: load, validate and merge entries (format: docs/dictionaries.md).

Five entry types share one file format (YAML list or JSON lines, one entry per item):
``country``, ``agent``, ``actor`` (organisations, armed groups, seats), ``person`` and
``discard``. Later files override earlier entries with the same ``id``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from cormorant.datafiles import load_items
from cormorant.errors import DictionaryEntryError, DictionaryError

ENTRY_TYPES = ("country", "agent", "actor", "person", "discard")
BUNDLED_FILES = ("countries.yaml", "agents.yaml", "organisations.yaml", "people.yaml",
                 "discards.yaml")
# Codes that open with one of these are not country codes: the code has no country part.
NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS"})
SECTOR_LEN = 3


@dataclass(frozen=True)
class Role:
    """A code that applies from ``start`` to ``end`` (inclusive; None is open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """One dictionary entry. Which fields matter depends on ``type``."""

    id: str
    type: str
    code: str = ""
    sector: str | None = None
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    exact: frozenset[str] = frozenset()
    person: bool = False
    weak: bool = False
    roles: tuple[Role, ...] = ()
    origin: str = field(default="", compare=False)

    def code_on(self, day: dt.date | None) -> str:
        """The code for a document of date ``day`` (dated roles first, then the default)."""
        if day is not None:
            for role in self.roles:
                if role.covers(day):
                    return role.code
            return self.code or (self.roles[0].code if self.roles else "")
        if self.roles and not self.code:
            return self.roles[0].code
        return self.code

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "id": self.id}
        for key in ("code", "sector"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        for key in ("names", "demonyms", "capitals", "seats"):
            if getattr(self, key):
                d[key] = list(getattr(self, key))
        if self.exact:
            d["exact"] = sorted(self.exact)
        if self.person:
            d["person"] = True
        if self.weak:
            d["weak"] = True
        if self.roles:
            d["roles"] = [
                {k: v for k, v in (("code", r.code),
                                   ("from", r.start.isoformat() if r.start else None),
                                   ("to", r.end.isoformat() if r.end else None)) if v}
                for r in self.roles
            ]
        return d


def split_code(code: str, countries: Iterable[str] = ()) -> tuple[str | None, str | None]:
    """``(country, sector)`` of a CAMEO actor code: ``CHNCOP`` -> (CHN, COP), ``IGOUNO`` -> (None, IGO)."""
    head = code[:SECTOR_LEN]
    if not code:
        return None, None
    if head in NON_STATE_PREFIXES:
        return None, head
    countries = frozenset(countries)
    if countries and head not in countries:
        return None, head
    rest = code[SECTOR_LEN:SECTOR_LEN * 2]
    return head, rest or None


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DictionaryEntryError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise DictionaryEntryError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from e


def _code(value: Any, where: str, key: str = "code") -> str:
    if not isinstance(value, str) or not value.isalnum() or not value.isupper() \
            or len(value) % SECTOR_LEN:
        raise DictionaryEntryError(
            f"{where}: {key} {value!r} must be upper-case letters in groups of three (e.g. CHNGOV)")
    return value


def parse_entry(raw: Any, where: str) -> Entry:
    """Validate one raw mapping into an ``Entry`` (errors name file, line and id)."""
    if not isinstance(raw, Mapping):
        raise DictionaryEntryError(f"{where}: an entry must be a mapping, got {type(raw).__name__}")
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise DictionaryEntryError(f"{where}: entry without an 'id'")
    where = f"{where} (id {ident})"
    kind = raw.get("type")
    if kind not in ENTRY_TYPES:
        raise DictionaryEntryError(f"{where}: 'type' must be one of {', '.join(ENTRY_TYPES)}")
    names = _strings(raw.get("names"), where, "names")
    if kind == "agent":
        names = names + _strings(raw.get("nouns"), where, "nouns")
    roles = []
    for r in raw.get("roles") or []:
        if not isinstance(r, Mapping):
            raise DictionaryEntryError(f"{where}: each role must be a mapping with a code")
        role = Role(_code(r.get("code"), where, "role code"), _date(r.get("from"), where),
                    _date(r.get("to"), where))
        if role.start and role.end and role.start > role.end:
            raise DictionaryEntryError(f"{where}: role {role.code} ends before it starts")
        roles.append(role)
    code = raw.get("code") or ""
    if code:
        code = _code(code, where)
    sector = raw.get("sector")
    if sector is not None:
        sector = _code(sector, where, "sector")
    demonyms = _strings(raw.get("demonyms"), where, "demonyms")
    capitals = _strings(raw.get("capitals"), where, "capitals")
    seats = _strings(raw.get("seats"), where, "seats")
    if not (names or demonyms or capitals or seats):
        raise DictionaryEntryError(f"{where}: entry has no names to match")
    if kind == "country" and len(code) != SECTOR_LEN:
        raise DictionaryEntryError(f"{where}: a country needs a three-letter 'code'")
    if kind == "agent" and not sector:
        raise DictionaryEntryError(f"{where}: an agent needs a 'sector'")
    if kind in ("actor", "person") and not (code or roles):
        raise DictionaryEntryError(f"{where}: an {kind} needs a 'code' or 'roles'")
    return Entry(
        id=ident.strip(), type=kind, code=code, sector=sector, names=names, demonyms=demonyms,
        capitals=capitals, seats=seats,
        exact=frozenset(_strings(raw.get("exact"), where, "exact")),
        person=bool(raw.get("person", False)), weak=bool(raw.get("weak", False)),
        roles=tuple(roles), origin=where,
    )


def read_entries(path: Path, text: str | None = None) -> list[Entry]:
    """Entries of one YAML or JSONL file."""
    return [parse_entry(raw, where) for where, raw in load_items(path, text, what="actor dictionary")]


@functools.cache
def bundled_entries() -> tuple[Entry, ...]:
    """The packaged dictionaries (read-only, loaded once)."""
    out: list[Entry] = []
    root = resources.files("cormorant.actors") / "data"
    for name in BUNDLED_FILES:
        res = root / name
        out.extend(read_entries(Path(name), res.read_text("utf-8")))
    return tuple(out)


def merge(*groups: Iterable[Entry]) -> list[Entry]:
    """Entries of all groups; a later entry replaces an earlier one with the same id."""
    merged: dict[str, Entry] = {}
    for group in groups:
        for e in group:
            merged.pop(e.id, None)
            merged[e.id] = e
    return list(merged.values())


def load_entries(extra_files: Iterable[str | Path] = ()) -> list[Entry]:
    """Bundled entries overridden and extended by the user's files, in order."""
    groups: list[Iterable[Entry]] = [bundled_entries()]
    for f in extra_files:
        path = Path(f)
        if not path.is_file():
            raise DictionaryError(f"actor dictionary {path} does not exist")
        groups.append(read_entries(path))
    entries = merge(*groups)
    _check_unique_ids(entries)
    return entries


def _check_unique_ids(entries: list[Entry]) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:  # pragma: no cover - merge() guarantees it
            raise DictionaryError(f"duplicate entry id {e.id}")
        seen.add(e.id)
