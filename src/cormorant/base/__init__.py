"""The base layer every stage may import, and which imports none of them.

- ``mentions``: the mutable Doc-level mention types components fill (actors, places,
  events), turned into frozen records at the edge;
- ``tokens``: the per-document token table shared by the stages;
- ``extensions``: the ``Doc`` extensions cormorant's components write to;
- ``dateparse``: absolute date parsing (ISO, "May 9, 2002", "09-MAY-2002");
- ``dateline``: news datelines ("SHENYANG, China, May 9 (Reuters) -").
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cormorant.base.dateline import find_dateline
from cormorant.base.dateparse import parse_date
from cormorant.base.mentions import ActorMention, EventMention, PlaceMention

if TYPE_CHECKING:
    from cormorant.base.extensions import register_extensions
    from cormorant.base.tokens import TokenTable, token_table

__all__ = [
    "ActorMention", "EventMention", "PlaceMention", "TokenTable", "find_dateline",
    "parse_date", "register_extensions", "token_table",
]

# These import spaCy; date and dateline parsing (used by ingest) must not.
_LAZY = {"register_extensions": "extensions", "TokenTable": "tokens", "token_table": "tokens"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"cormorant.base.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'cormorant.base' has no attribute {name!r}")
