"""The event lexicon: frames over the dependency parse that map to CAMEO codes.

The format is documented in ``docs/lexicon.md``. Entries are read from the bundled
``data/lexicon/*.yaml`` (one file per CAMEO root) plus any user files (``--lexicon PATH``);
a user entry replaces a bundled one with the same ``id``. Matching is a dict lookup keyed by ``(pos, lemma)``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cormorant.datafiles import load_items
from cormorant.errors import DictionaryEntryError, DictionaryError

POS_VALUES = ("verb", "noun", "adj")
TARGET_VALUES = ("object", "prep", "none")
GOVERNS_VALUES = (
    "intent", "pledge", "threat", "refuse", "demand", "appeal", "report", "pass", "absorb",
    "deny", "speculate",
)
MODES = (
    "intent", "pledge", "threat", "refuse", "demand", "appeal", "yield_appeal", "yield_demand",
)
# The code of a declared non-event frame: when it matches, the word codes nothing
# ("fight for market share", "attack of flu").
NONEVENT = "none"
# Prepositions whose object may be the target when an entry does not list its own.
DEFAULT_TARGET_PREPS: tuple[str, ...] = ("to", "with", "against", "toward", "towards", "on")
_KEYS = {
    "id", "lemma", "pos", "particle", "object", "prep", "cameo", "target", "target_preps",
    "governs", "needs_target", "secondary", "note", "example", "possessor", "clause",
    "reciprocal",
}
POSSESSOR_VALUES = ("source", "target")


@dataclass(frozen=True)
class Entry:
    """One lexicon frame."""

    id: str
    lemma: str
    cameo: str
    pos: str = "verb"
    particle: tuple[str, ...] = ()
    object: tuple[tuple[str, ...], ...] = ()  # each alternative is a tuple of lemmas
    prep: str | None = None
    target: str = "object"
    target_preps: tuple[str, ...] = DEFAULT_TARGET_PREPS
    governs: str | None = None
    needs_target: bool = False
    secondary: bool = False
    note: str = ""
    example: str = ""  # a sentence that codes this frame (checked by the tests)
    possessor: str = "source"  # nouns: "the rebels' attack" (source), "X's arrest" (target)
    clause: bool = False  # only with a that-clause complement: "conceded that ...", not "conceded"
    reciprocal: bool = False  # each side acts on the other: "X and Y clashed"

    @property
    def nonevent(self) -> bool:
        """A declared non-event: the sense of the word that is no political event."""
        return self.cameo == NONEVENT

    @functools.cached_property
    def object_index(self) -> tuple[dict[str, tuple[tuple[str, ...], ...]], frozenset[str]]:
        """The ``object`` alternatives by each of their words, and the one-word ones: a
        phrase can only match an alternative that contains its head."""
        by_word: dict[str, list[tuple[str, ...]]] = {}
        for alt in self.object:
            for w in dict.fromkeys(alt):
                by_word.setdefault(w, []).append(alt)
        return ({w: tuple(alts) for w, alts in by_word.items()},
                frozenset(alt[0] for alt in self.object if len(alt) == 1))

    @property
    def specificity(self) -> int:
        """More constrained frames are tried first."""
        return 2 * bool(self.object) + bool(self.particle) + bool(self.prep) + self.clause

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "lemma": self.lemma, "cameo": self.cameo}
        if self.pos != "verb":
            d["pos"] = self.pos
        if self.particle:
            d["particle"] = list(self.particle)
        if self.object:
            d["object"] = [" ".join(o) for o in self.object]
        if self.prep:
            d["prep"] = self.prep
        if self.target != "object":
            d["target"] = self.target
        if self.target_preps != DEFAULT_TARGET_PREPS:
            d["target_preps"] = list(self.target_preps)
        if self.governs:
            d["governs"] = self.governs
        if self.needs_target:
            d["needs_target"] = True
        if self.secondary:
            d["secondary"] = True
        if self.note:
            d["note"] = self.note
        if self.example:
            d["example"] = self.example
        if self.possessor != "source":
            d["possessor"] = self.possessor
        if self.clause:
            d["clause"] = True
        if self.reciprocal:
            d["reciprocal"] = True
        return d


def _str_list(value: Any, where: str, key: str,
              groups: Mapping[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """A list of lower-cased words; an item ``"@name"`` stands for the named group."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and groups is not None:
        expanded: list[Any] = []
        for v in value:
            if isinstance(v, str) and v.startswith("@"):
                try:
                    expanded.extend(groups[v[1:]])
                except KeyError as e:
                    raise DictionaryEntryError(f"{where}: {key!r}: no word group {v!r}") from e
            else:
                expanded.append(v)
        value = expanded
    if isinstance(value, list) and any(isinstance(v, bool) for v in value):
        raise DictionaryEntryError(
            f"{where}: {key!r} holds a YAML boolean: quote words like \"on\", \"off\", \"no\""
        )
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DictionaryEntryError(f"{where}: {key!r} must be a string or a list of strings")
    return tuple(v.strip().lower() for v in value)


def parse_entry(raw: Any, where: str, groups: Mapping[str, tuple[str, ...]] | None = None) -> Entry:
    """Validate one raw mapping; ``where`` names the file and entry for errors.

    ``groups``: named word lists (``data/lexicon/groups.yaml``) that ``"@name"`` items
    in ``object`` and ``particle`` stand for; the bundled groups by default.
    """
    if groups is None:
        groups = bundled_groups()
    if not isinstance(raw, Mapping):
        raise DictionaryEntryError(f"{where}: an entry must be a mapping, got {raw!r}")
    unknown = set(raw) - _KEYS
    if unknown:
        raise DictionaryEntryError(f"{where}: unknown key(s) {sorted(unknown)}")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise DictionaryEntryError(f"{where}: missing 'id'")
    where = f"{where} (id {entry_id})"
    lemma = raw.get("lemma")
    if not isinstance(lemma, str) or not lemma.strip():
        raise DictionaryEntryError(f"{where}: missing 'lemma'")
    cameo = raw.get("cameo")
    if isinstance(cameo, int):
        raise DictionaryEntryError(f"{where}: write 'cameo' as a quoted string (\"0{cameo}\"?)")
    if cameo != NONEVENT and (
            not isinstance(cameo, str) or not cameo.isdigit() or not 2 <= len(cameo) <= 4):
        raise DictionaryEntryError(
            f"{where}: 'cameo' must be a 2-4 digit code string, or \"none\" for a non-event")
    pos = raw.get("pos", "verb")
    if pos not in POS_VALUES:
        raise DictionaryEntryError(f"{where}: 'pos' must be one of {POS_VALUES}")
    target = raw.get("target", "object")
    if target not in TARGET_VALUES:
        raise DictionaryEntryError(f"{where}: 'target' must be one of {TARGET_VALUES}")
    possessor = raw.get("possessor", "source")
    if possessor not in POSSESSOR_VALUES:
        raise DictionaryEntryError(f"{where}: 'possessor' must be one of {POSSESSOR_VALUES}")
    governs = raw.get("governs")
    if governs is not None and governs not in GOVERNS_VALUES:
        raise DictionaryEntryError(f"{where}: 'governs' must be one of {GOVERNS_VALUES}")
    prep = raw.get("prep")
    if prep is not None and (not isinstance(prep, str) or not prep.strip()):
        raise DictionaryEntryError(f"{where}: 'prep' must be a string")
    for flag in ("needs_target", "secondary", "clause", "reciprocal"):
        if not isinstance(raw.get(flag, False), bool):
            raise DictionaryEntryError(f"{where}: {flag!r} must be true or false")
    preps = _str_list(raw.get("target_preps"), where, "target_preps")
    return Entry(
        id=entry_id.strip(),
        lemma=lemma.strip().lower(),
        cameo=cameo,
        pos=pos,
        particle=_str_list(raw.get("particle"), where, "particle", groups),
        object=tuple(tuple(o.split())
                     for o in _str_list(raw.get("object"), where, "object", groups)),
        prep=prep.strip().lower() if prep else None,
        target=target,
        target_preps=preps if "target_preps" in raw else DEFAULT_TARGET_PREPS,
        governs=governs,
        needs_target=bool(raw.get("needs_target", False)),
        secondary=bool(raw.get("secondary", False)),
        note=str(raw.get("note", "")),
        example=str(raw.get("example", "")),
        possessor=possessor,
        clause=bool(raw.get("clause", False)),
        reciprocal=bool(raw.get("reciprocal", False)),
    )


def parse_entries(data: Any, where: str) -> list[Entry]:
    """The entries of one parsed file (a mapping with ``entries``, or a bare list)."""
    items = data.get("entries") if isinstance(data, Mapping) else data
    if not isinstance(items, list):
        raise DictionaryError(f"{where}: expected a list of entries (or a mapping with 'entries')")
    entries = [parse_entry(raw, f"{where}: entry {i + 1}") for i, raw in enumerate(items)]
    return _unique(entries, where)


def _unique(entries: list[Entry], where: str) -> list[Entry]:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise DictionaryEntryError(f"{where}: duplicate id {e.id!r}")
        seen.add(e.id)
    return entries


def read_file(path: str | Path) -> list[Entry]:
    """Entries from a YAML (``.yaml``/``.yml``) or JSON-lines (``.jsonl``) file."""
    p = Path(path)
    entries = [parse_entry(raw, where) for where, raw in load_items(p, what="lexicon file")]
    return _unique(entries, str(p))


@functools.cache
def bundled_groups() -> dict[str, tuple[str, ...]]:
    """The packaged named word lists (``data/lexicon/groups.yaml``)."""
    f = resources.files("cormorant.events").joinpath("data/lexicon/groups.yaml")
    data = yaml.safe_load(f.read_text("utf-8"))
    raw = data.get("groups") if isinstance(data, Mapping) else None
    if not isinstance(raw, Mapping):
        raise DictionaryError("cormorant/events/data/lexicon/groups.yaml: expected 'groups'")
    return {str(k): _str_list(v, "groups.yaml", str(k)) for k, v in raw.items()}


@functools.cache
def bundled_entries() -> tuple[Entry, ...]:
    """The packaged lexicon (read once; immutable): the files of ``data/lexicon/``, one
    per CAMEO root, in name order. Ids are unique across all of them."""
    folder = resources.files("cormorant.events").joinpath("data/lexicon")
    files = sorted((f for f in folder.iterdir()
                    if f.name.endswith(".yaml") and f.name != "groups.yaml"),
                   key=lambda f: f.name)
    entries: list[Entry] = []
    for f in files:
        entries += parse_entries(yaml.safe_load(f.read_text("utf-8")),
                                 f"cormorant/events/data/lexicon/{f.name}")
    return tuple(_unique(entries, "cormorant/events/data/lexicon"))


@functools.cache
def bundled_modes() -> dict[str, dict[str, str]]:
    """The packaged polarity/modality tables (``data/modality.yaml``)."""
    text = resources.files("cormorant.events").joinpath("data/modality.yaml").read_text("utf-8")
    return parse_modes(yaml.safe_load(text))


def parse_modes(data: Any) -> dict[str, dict[str, str]]:
    modes = data.get("modes") if isinstance(data, Mapping) else None
    if not isinstance(modes, Mapping) or set(modes) != set(MODES):
        raise DictionaryError(f"modality table must define exactly the modes {MODES}")
    out: dict[str, dict[str, str]] = {}
    for mode, table in modes.items():
        if not isinstance(table, Mapping):
            raise DictionaryError(f"modality table {mode!r} must be a mapping")
        out[mode] = {str(k): str(v) for k, v in table.items()}
    return out


def merge(base: Iterable[Entry], *overrides: Iterable[Entry]) -> list[Entry]:
    """Later entries replace earlier ones with the same id; order is kept otherwise."""
    by_id: dict[str, Entry] = {}
    for group in (base, *overrides):
        for e in group:
            by_id[e.id] = e
    return list(by_id.values())


class Lexicon:
    """Entries indexed by ``(pos, lemma)``, most specific frame first."""

    def __init__(self, entries: Iterable[Entry], modes: dict[str, dict[str, str]]) -> None:
        self.entries: list[Entry] = list(entries)
        self.modes = modes
        index: dict[tuple[str, str], list[Entry]] = {}
        for e in self.entries:
            index.setdefault((e.pos, e.lemma), []).append(e)
        self.index: dict[tuple[str, str], tuple[Entry, ...]] = {
            k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in index.items()
        }
        self.by_id: dict[str, Entry] = {e.id: e for e in self.entries}
        # Every lemma with a frame, of any part of speech: a token whose lemma is not
        # here has no frame, so most tokens are ruled out by one set look-up.
        self.lemmas: frozenset[str] = frozenset(lemma for _, lemma in self.index)

    def candidates(self, pos: str, lemma: str) -> tuple[Entry, ...]:
        return self.index.get((pos, lemma), ())

    def transform(self, mode: str, code: str) -> str | None:
        """The code ``code`` takes in ``mode``, or None to keep it and set a flag."""
        table = self.modes[mode]
        for n in range(len(code), -1, -1):
            value = table.get(code[:n])
            if value is not None:
                return None if value == "keep" else value
        return None

    @classmethod
    def load(cls, extra_files: Iterable[str | Path] = ()) -> Lexicon:
        extra = [read_file(p) for p in extra_files]
        return cls(merge(bundled_entries(), *extra), bundled_modes())

    def to_data(self) -> dict[str, Any]:
        return {"entries": [e.to_dict() for e in self.entries], "modes": self.modes}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Lexicon:
        return cls(parse_entries(data["entries"], "serialised lexicon"), parse_modes(data))
