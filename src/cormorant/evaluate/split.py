"""The fixed tune/check split of every development set.

Rule: a record is in ``check`` when the first byte of the SHA-1 of its id (UTF-8) is odd,
and in ``tune`` otherwise. The rule depends on nothing but the id, so the halves never move
when a gold file is reordered or grows. Work only from ``tune`` errors; report both.
"""

from __future__ import annotations

import hashlib
from typing import Literal

__all__ = ["HALVES", "WHICH", "Half", "Which", "half", "halves_of", "selected"]

Half = Literal["tune", "check"]
HALVES: tuple[Half, Half] = ("tune", "check")


def half(record_id: object) -> Half:
    """``"tune"`` or ``"check"`` for a record id (any value; its ``str`` is hashed)."""
    digest = hashlib.sha1(str(record_id).encode("utf-8")).digest()
    return "check" if digest[0] & 1 else "tune"


Which = Literal["tune", "check", "all"]
WHICH: tuple[Which, ...] = ("tune", "check", "all")


def selected(record_id: object, which: Which) -> bool:
    """Whether a record is scored when restricting to ``which`` (``all`` keeps every record)."""
    if which not in WHICH:
        raise ValueError(f"half must be one of {', '.join(WHICH)}, not {which!r}")
    return which == "all" or half(record_id) == which


def halves_of(which: Which) -> tuple[Half, ...]:
    """The halves reported side by side for a restriction (``all`` reports both)."""
    return HALVES if which == "all" else (which,)
