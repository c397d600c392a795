"""Reading gold and annotation files in JSON lines: one object per line, with where it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cormorant.errors import EvaluationError

__all__ = ["read_objects"]


def read_objects(path: Path) -> list[tuple[str, int, dict[str, Any]]]:
    """``(where, line number, object)`` for each non-blank line; an unreadable file or a
    line that is not a JSON object raises ``EvaluationError`` naming the line."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvaluationError(f"{path}: cannot read: {e}") from e
    out: list[tuple[str, int, dict[str, Any]]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvaluationError(f"{where}: not a JSON object: {e.msg}") from e
        if not isinstance(raw, dict):
            raise EvaluationError(f"{where}: not a JSON object")
        out.append((where, n, raw))
    return out
