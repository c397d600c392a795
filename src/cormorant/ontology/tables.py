"""Loading and looking up the CAMEO and PLOVER tables."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from cormorant.errors import DictionaryError

PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# Names used by PLOVER v0.5 (and its gold standard) mapped to the 2021 manual's.
_PLOVER_OLD_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


def normalise_plover(name: str) -> str:
    """Map an old PLOVER name to its 2021 equivalent (upper-cased)."""
    up = name.strip().upper()
    return _PLOVER_OLD_NAMES.get(up, up)


def quad_class_of_root(root: str) -> int:
    """CAMEO quad class of a two-digit root (GDELT/Phoenix convention)."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    plover: str | None
    plover_mode: str | None
    plover_context: str | None = None  # free "context" column of the 2021 table

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class PloverMode:
    id: str
    definition: str


@dataclass(frozen=True)
class PloverCategory:
    id: str
    quad: int  # PLOVER's own quad category (differs from CAMEO's for RETREAT, SANCTION)
    definition: str
    modes: tuple[PloverMode, ...] = ()

    @property
    def mode_ids(self) -> frozenset[str]:
        return frozenset(m.id for m in self.modes)


@dataclass(frozen=True)
class Ontology:
    cameo_codes: dict[str, CameoCode]
    plover_categories: dict[str, PloverCategory] = field(default_factory=dict)

    def cameo(self, code: str) -> CameoCode:
        """The entry for ``code``; unknown leaf codes fall back to their nearest parent."""
        c = code
        while c:
            entry = self.cameo_codes.get(c)
            if entry is not None:
                return entry
            c = c[:-1]
        raise KeyError(f"unknown CAMEO code {code!r}")

    def plover(self, name: str) -> PloverCategory:
        """A PLOVER category by current or v0.5 name."""
        key = normalise_plover(name)
        try:
            return self.plover_categories[key]
        except KeyError as e:
            raise KeyError(f"unknown PLOVER category {name!r}") from e

    def __contains__(self, code: object) -> bool:
        return code in self.cameo_codes

    @classmethod
    def from_data(
        cls, data: list[dict[str, Any]], plover: list[dict[str, Any]] | None = None
    ) -> Ontology:
        codes: dict[str, CameoCode] = {}
        for item in data:
            entry = _cameo_entry(item)
            if entry.code in codes:
                raise DictionaryError(f"duplicate CAMEO code {entry.code!r} in the table")
            codes[entry.code] = entry
        categories = {c.id: c for c in (_plover_entry(p) for p in plover or [])}
        return cls(codes, categories)


def _cameo_entry(item: dict[str, Any]) -> CameoCode:
    try:
        code = str(item["code"])
        entry = CameoCode(
            code=code,
            name=str(item["name"]),
            goldstein=float(item["goldstein"]),
            quad_class=int(item["quad_class"]),
            plover=normalise_plover(item["plover"]) if item.get("plover") else None,
            plover_mode=item.get("plover_mode") or None,
            plover_context=item.get("plover_context") or None,
        )
    except (KeyError, TypeError, ValueError) as e:
        raise DictionaryError(f"bad CAMEO table entry {item!r}: {e}") from e
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise DictionaryError(f"bad CAMEO code {code!r}: two to four digits expected")
    if not -10.0 <= entry.goldstein <= 10.0:
        raise DictionaryError(f"CAMEO {code}: Goldstein score {entry.goldstein} not in [-10, 10]")
    if entry.plover is not None and entry.plover not in PLOVER_CATEGORIES:
        raise DictionaryError(f"CAMEO {code}: unknown PLOVER category {entry.plover!r}")
    return entry


def _plover_entry(item: dict[str, Any]) -> PloverCategory:
    try:
        name = normalise_plover(str(item["id"]))
        modes = tuple(
            PloverMode(str(m["id"]), str(m.get("definition", ""))) for m in item.get("modes") or []
        )
        cat = PloverCategory(name, int(item["quad"]), str(item["definition"]), modes)
    except (KeyError, TypeError, ValueError) as e:
        raise DictionaryError(f"bad PLOVER table entry {item!r}: {e}") from e
    if name not in PLOVER_CATEGORIES:
        raise DictionaryError(f"unknown PLOVER category {name!r}")
    return cat


def _read_yaml(name: str) -> Any:
    text = resources.files("cormorant.ontology").joinpath(f"data/{name}").read_text("utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DictionaryError(f"ontology table {name} is not valid YAML: {e}") from e


@functools.cache
def default_ontology() -> Ontology:
    """The bundled tables (read once; the object is immutable)."""
    return Ontology.from_data(
        _read_yaml("cameo.yaml")["codes"], _read_yaml("plover.yaml")["categories"]
    )
