"""Helpers for the per-root lexicon tests: the frame ids of some CAMEO roots' files."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

import yaml


def frame_ids(roots: Iterable[str]) -> frozenset[str]:
    """Ids of the event frames (not declared non-events) in the files of ``roots``."""
    wanted = tuple(roots)
    folder = resources.files("cormorant.events").joinpath("data/lexicon")
    ids: set[str] = set()
    for f in folder.iterdir():
        if f.name.endswith(".yaml") and f.name[:2] in wanted:
            ids |= {e["id"] for e in yaml.safe_load(f.read_text("utf-8"))["entries"]
                    if e.get("cameo") != "none"}
    return frozenset(ids)


def fired(coder, text: str, ids: frozenset[str]) -> list[tuple[str, str]]:
    """(rule, code) of the events ``text`` codes with one of the frames ``ids``."""
    coded = coder.code_text(text, doc_id="nonevent", date=None)
    return sorted((e.rule, e.cameo) for e in coded.events if e.rule in ids)
