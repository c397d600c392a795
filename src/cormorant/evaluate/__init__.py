"""Evaluation against gold standards, one module per gold format.

Each format module exposes ``run(gold_path, coder) -> dict`` returning a JSON-ready
report ``{"format", "gold", "summary": {...}, "records": [...], ...}`` and
``render(report, console)`` for the terminal.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError

if TYPE_CHECKING:
    from rich.console import Console

    from cormorant.coding import Coder

# Format name -> module under cormorant.evaluate.
FORMATS: dict[str, str] = {
    "plover-gsr": "plover_gsr",
    "multicoped": "multicoped",
    "lgl": "lgl",
}


def _module(fmt: str) -> ModuleType:
    try:
        name = FORMATS[fmt]
    except KeyError as e:
        raise EvaluationError(
            f"unknown gold format {fmt!r}; choose from {', '.join(sorted(FORMATS))}"
        ) from e
    return importlib.import_module(f"cormorant.evaluate.{name}")


def evaluate(fmt: str, gold_path: str | Path, coder: Coder) -> dict[str, Any]:
    """Score ``coder`` on a gold file of format ``fmt``."""
    path = Path(gold_path)
    if not path.is_file():
        raise EvaluationError(f"gold file {path} does not exist")
    report: dict[str, Any] = _module(fmt).run(path, coder)
    return report


def render(report: dict[str, Any], console: Console) -> None:
    _module(report["format"]).render(report, console)
