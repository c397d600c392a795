"""Reading the project's data files: YAML lists and JSON lines, one item per entry.

Actor dictionaries and event lexicons share this format (see docs/dictionaries.md and
docs/lexicon.md); each item comes back with where it stands, for error messages.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from cormorant.errors import DictionaryEntryError, DictionaryError

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
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DictionaryError(f"{path}: not valid YAML: {e}") from e
    if data is None:
        return []
    if isinstance(data, Mapping) and "entries" in data:
        data = data["entries"]
    if not isinstance(data, list):
        raise DictionaryError(f"{path}: expected a list of entries (or a mapping with 'entries')")
    return [(f"{path}: entry {n}", raw) for n, raw in enumerate(data, 1)]
