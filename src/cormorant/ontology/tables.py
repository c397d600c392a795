"""Loading and looking up the CAMEO and PLOVER tables."""

from __future__ import annotations

import functools
from dataclasses import dataclass
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


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    plover: str | None
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class Ontology:
    cameo_codes: dict[str, CameoCode]

    def cameo(self, code: str) -> CameoCode:
        """The entry for ``code``; unknown leaf codes fall back to their nearest parent."""
        c = code
        while c:
            entry = self.cameo_codes.get(c)
            if entry is not None:
                return entry
            c = c[:-1]
        raise KeyError(f"unknown CAMEO code {code!r}")

    def __contains__(self, code: object) -> bool:
        return code in self.cameo_codes

    @classmethod
    def from_data(cls, data: list[dict[str, Any]]) -> Ontology:
        codes: dict[str, CameoCode] = {}
        for item in data:
            try:
                code = str(item["code"])
                codes[code] = CameoCode(
                    code=code,
                    name=str(item["name"]),
                    goldstein=float(item["goldstein"]),
                    quad_class=int(item["quad_class"]),
                    plover=item.get("plover"),
                    plover_mode=item.get("plover_mode") or None,
                )
            except (KeyError, TypeError, ValueError) as e:
                raise DictionaryError(f"bad CAMEO table entry {item!r}: {e}") from e
        return cls(codes)


@functools.cache
def default_ontology() -> Ontology:
    """The bundled tables (read once; the object is immutable)."""
    text = resources.files("cormorant.ontology").joinpath("data/cameo.yaml").read_text("utf-8")
    return Ontology.from_data(yaml.safe_load(text)["codes"])
