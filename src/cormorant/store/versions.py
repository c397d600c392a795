"""Content versions of the dictionaries and lexicon a run coded with.

A version is a short hash over the file names and bytes of the bundled data
plus the user's extra files, so editing any entry gives a new version and
``cormorant recode`` knows which stored documents are stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from cormorant.__about__ import __version__
from cormorant.config import CoderConfig
from cormorant.errors import ConfigError

_DATA_SUFFIXES = (".yaml", ".yml", ".jsonl", ".json", ".txt", ".csv", ".tsv")


def _bundled(package: str) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, name + "/")
            elif child.name.endswith(_DATA_SUFFIXES):
                files.append((f"{package}:{name}", child.read_bytes()))

    root = resources.files(package).joinpath("data")
    if root.is_dir():
        walk(root, "")
    return files


def _user(paths: Iterable[Path]) -> list[tuple[str, bytes]]:
    out = []
    for p in paths:
        try:
            out.append((f"user:{Path(p).name}", Path(p).read_bytes()))
        except OSError as e:
            raise ConfigError(f"cannot read {p}: {e}") from e
    return out


def _digest(files: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:12]


def dictionary_version(config: CoderConfig | None = None) -> str:
    """Hash of the bundled actor dictionaries and the user's actor files (in order)."""
    config = config or CoderConfig()
    return _digest(_bundled("cormorant.actors") + _user(config.actor_files) + _petrarch(config))


def lexicon_version(config: CoderConfig | None = None) -> str:
    """Hash of the bundled event lexicon, the CAMEO/PLOVER tables and the user's lexicon files."""
    config = config or CoderConfig()
    files = _bundled("cormorant.events") + _bundled("cormorant.ontology")
    return _digest(files + _user(config.lexicon_files) + _petrarch(config))


def _petrarch(config: CoderConfig) -> list[tuple[str, bytes]]:
    """The PETRARCH dictionary files and how they join (empty, so no change, without them)."""
    if not config.dictionaries:
        return []
    from cormorant.dictionaries.load import resolve_paths

    paths = [p for spec in config.dictionaries for p in resolve_paths(spec)]
    return [("petrarch-mode", config.dictionary_mode.encode("utf-8")), *_user(paths)]


@dataclass(frozen=True)
class RunInfo:
    """What a run coded with, recorded in ``ingest_runs``."""

    kind: str = "ingest"  # ingest | recode
    dictionary_version: str | None = None
    lexicon_version: str | None = None
    model: str | None = None
    cormorant_version: str = __version__


def run_info_for(config: CoderConfig | None = None, kind: str = "ingest") -> RunInfo:
    config = config or CoderConfig()
    return RunInfo(
        kind=kind,
        dictionary_version=dictionary_version(config),
        lexicon_version=lexicon_version(config),
        model=config.model,
    )
