"""Reading the project's data files: YAML lists and JSON lines, one item per entry.

Actor dictionaries and event lexicons share this format (see docs/dictionaries.md and
docs/lexicon.md); each item comes back with where it stands, for error messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cormorant.errors import DictionaryEntryError, DictionaryError

# libyaml's loader when PyYAML was built with it: the same result, several times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JSONL_SUFFIXES = (".jsonl", ".ndjson")


def load_items(path: Path, text: str | None = None, *, what: str = "data file") -> list[tuple[str, Any]]:
    """``(where, item)`` pairs from a YAML list (or a mapping with ``entries``) or a JSON-lines file."""
    if text is None:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise DictionaryError(f"cannot read {what} {path}: {e}") from e
    if path.suffix.lower() in JSONL_SUFFIXES:
        items = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                items.append((f"{path}:{n}", json.loads(line)))
            except json.JSONDecodeError as e:
                raise DictionaryEntryError(f"{path}:{n}: not a JSON object: {e.msg}") from e
        return items
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as e:
        raise DictionaryError(f"{path}: not valid YAML: {e}") from e
    if data is None:
        return []
    if isinstance(data, Mapping) and "entries" in data:
        data = data["entries"]
    if not isinstance(data, list):
        raise DictionaryError(f"{path}: expected a list of entries (or a mapping with 'entries')")
    return [(f"{path}: entry {n}", raw) for n, raw in enumerate(data, 1)]


def word_lists(data: Any, names: Iterable[str], where: str) -> dict[str, frozenset[str]]:
    """Named word lists (a mapping of list name -> words) that must give exactly ``names``."""
    wanted = set(names)
    if not isinstance(data, Mapping) or set(data) != wanted:
        raise DictionaryError(f"{where} must name exactly the lists {sorted(wanted)}")
    out: dict[str, frozenset[str]] = {}
    for k in sorted(wanted):
        words = data[k]
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DictionaryError(f"{where}: {k!r} must be a list of words")
        out[k] = frozenset(words)
    return out


def package_yaml(package: str, name: str) -> Any:
    """A YAML data file shipped in ``package`` (e.g. ``data/words.yaml``), parsed."""
    text = resources.files(package).joinpath(name).read_text("utf-8")
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as e:
        raise DictionaryError(f"{package}/{name} is not valid YAML: {e}") from e
