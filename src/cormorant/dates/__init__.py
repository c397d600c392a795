"""Stage 5a: resolve each event's date from the text and the document date.

The date parsers (``parse_date``, ``resolve_expression``) are plain functions and load
no spaCy; the pipeline component ``DateResolver`` (and its word lists, ``Cues``) is
imported on first use, so that ``cormorant.ingest`` can parse dates without spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cormorant.dates.parse import MONTH_RE, make_date, month_number, parse_date, weekday_number
from cormorant.dates.resolve import Resolved, day_offset, resolve_expression

if TYPE_CHECKING:
    from cormorant.dates.component import Cues, DateResolver, load_cues

__all__ = [
    "MONTH_RE", "Cues", "DateResolver", "Resolved", "day_offset", "load_cues", "make_date",
    "month_number", "parse_date", "resolve_expression", "weekday_number",
]

_COMPONENT_NAMES = ("Cues", "DateResolver", "load_cues")


def __getattr__(name: str) -> Any:
    # The component imports spaCy; load it only when one of its names is asked for.
    if name in _COMPONENT_NAMES:
        return getattr(importlib.import_module("cormorant.dates.component"), name)
    raise AttributeError(f"module 'cormorant.dates' has no attribute {name!r}")
