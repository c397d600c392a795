"""Evaluation against gold standards, one module per gold format.

Each format module exposes ``run(gold_path, coder, options) -> dict`` returning a JSON-ready
report ``{"format", "gold", "half", "summary": {...}, "halves": {"tune": {...}, "check":
{...}}, "records": [...], ...}`` and ``render(report, console)`` for the terminal. Records are
assigned to the ``tune`` or ``check`` half by :func:`cormorant.evaluate.split.half` on their id;
``summary`` covers every scored record and ``halves`` the same figures per half.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError
from cormorant.evaluate.split import WHICH, Which

if TYPE_CHECKING:
    from rich.console import Console

    from cormorant.coding import Coder

__all__ = ["FORMATS", "EvalOptions", "evaluate", "render"]

# Format name -> module under cormorant.evaluate.
FORMATS: dict[str, str] = {
    "plover-gsr": "plover_gsr",
    "multicoped": "multicoped",
    "cormorant-gold": "cormorant_gold",
    "event-location": "event_location",
    "lgl": "lgl",
    "petrarch-xml": "petrarch_xml",
}
# Formats whose records are split into tune and check halves.
HALVED = frozenset({"plover-gsr", "multicoped", "cormorant-gold", "event-location",
                    "petrarch-xml"})


@dataclass(frozen=True, slots=True)
class EvalOptions:
    """How to evaluate: which half to score, corpus files, bootstrap settings."""

    half: Which = "all"
    # (name, path) pairs for gold formats that point into corpus files (cormorant-gold).
    corpora: tuple[tuple[str, str], ...] = ()
    resamples: int = 1000
    seed: int = 20261203


def _module(fmt: str) -> ModuleType:
    try:
        name = FORMATS[fmt]
    except KeyError as e:
        raise EvaluationError(
            f"unknown gold format {fmt!r}; choose from {', '.join(sorted(FORMATS))}"
        ) from e
    return importlib.import_module(f"cormorant.evaluate.{name}")


def evaluate(fmt: str, gold_path: str | Path, coder: Coder,
             options: EvalOptions | None = None) -> dict[str, Any]:
    """Score ``coder`` on a gold file of format ``fmt``."""
    options = options or EvalOptions()
    if options.half not in WHICH:
        raise EvaluationError(f"half must be one of {', '.join(WHICH)}, not {options.half!r}")
    path = Path(gold_path)
    if not path.is_file():
        raise EvaluationError(f"gold file {path} does not exist")
    module = _module(fmt)
    report: dict[str, Any]
    if fmt in HALVED:
        report = module.run(path, coder, options)
    else:
        if options.half != "all":
            raise EvaluationError(f"format {fmt} has no tune/check halves; use --half all")
        report = module.run(path, coder)
    return report


def render(report: dict[str, Any], console: Console) -> None:
    _module(report["format"]).render(report, console)
