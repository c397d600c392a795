"""The fixed tune/check split of every development set.

Rule: a record is in ``check`` when the first byte of the SHA-1 of its id (UTF-8) is odd,
and in ``tune`` otherwise. The rule depends on nothing but the id, so the halves never move
when a gold file is reordered or grows. Work only from ``tune`` errors; report both.
"""

from __future__ import annotations

import hashlib
from typing import Literal

__all__ = ["HALVES", "Half", "half"]

Half = Literal["tune", "check"]
HALVES: tuple[Half, Half] = ("tune", "check")


def half(record_id: object) -> Half:
    """``"tune"`` or ``"check"`` for a record id (any value; its ``str`` is hashed)."""
    digest = hashlib.sha1(str(record_id).encode("utf-8")).digest()
    return "check" if digest[0] & 1 else "tune"
