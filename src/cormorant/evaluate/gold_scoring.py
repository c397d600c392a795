"""Scoring sentence-level event gold: matching, summaries, confusion, errors, bootstrap.

Events are compared at three levels: the CAMEO root; root and source country; root, source
and target country. Within a sentence, coded events are matched one to one with gold events
(the largest matching, so each gold and each coded event counts at most once). A gold side
with no country (null actor, or a sector code alone such as ``GOV``) is not judged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cormorant.records import Actor, Event

__all__ = [
    "LEVELS", "Item", "coded_country", "coded_item", "common_errors", "confusion", "gold_country",
    "intervals", "max_matching", "score_sentence", "summarise",
]

LEVELS: tuple[str, ...] = ("root", "root_source", "triple")
NONE = "none"
# Code prefixes that name an organisation, not a country: the organisation (prefix plus its
# three-letter abbreviation, e.g. IGOUNO) stands in for the country.
ORG_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS"})
# Sector codes that may stand alone when the actor's country is unknown.
SECTORS = frozenset({
    "GOV", "MIL", "COP", "JUD", "LEG", "PTY", "OPP", "REB", "BUS", "MED", "CVL", "REF", "LAB",
    "EDU", "HLH", "AGR", "ELI", "SPY", "CRM", "HRI", "ENV", "DEV", "RAD", "INS", "SEP", "UAF",
    "REL", "MOD", "SET", "IGO", "NGO",
})


@dataclass(frozen=True, slots=True)
class Item:
    """An event reduced to what is scored: code, root, source and target country keys."""

    code: str
    root: str
    source: str | None
    target: str | None


def _org_key(code: str) -> str:
    return code[:6] if len(code) >= 6 else code[:3]


def gold_country(code: str | None) -> str | None:
    """The country key of a gold actor code; None when the gold names no country."""
    if not code:
        return None
    code = code.strip().upper()
    if code[:3] in ORG_PREFIXES:
        return _org_key(code)
    if code[:3] in SECTORS or len(code) < 3:
        return None
    return code[:3]


def coded_country(actor: Actor | None) -> str | None:
    """The country key of a coded actor (its sector code when it has no country)."""
    if actor is None:
        return None
    if actor.code[:3] in ORG_PREFIXES:
        return _org_key(actor.code)
    return actor.country or actor.code[:3] or None


def coded_item(e: Event) -> Item:
    return Item(e.cameo, e.cameo_root, coded_country(e.source), coded_country(e.target))


def _side(gold: str | None, coded: str | None) -> bool:
    # Gold "IGO" alone accepts any IGO; a country key must be equal.
    return gold is None or (coded is not None and coded.startswith(gold))


def _ok(level: str) -> Callable[[Item, Item], bool]:
    def ok(g: Item, c: Item) -> bool:
        if g.root != c.root:
            return False
        if level == "root":
            return True
        if not _side(g.source, c.source):
            return False
        return level == "root_source" or _side(g.target, c.target)
    return ok


def max_matching(gold: Sequence[Item], coded: Sequence[Item], ok: Callable[[Item, Item], bool],
                 gold_free: Sequence[int] | None = None,
                 coded_free: Sequence[int] | None = None) -> list[tuple[int, int]]:
    """The largest one-to-one matching of gold to coded indices (augmenting paths)."""
    gs = list(range(len(gold))) if gold_free is None else list(gold_free)
    cs = list(range(len(coded))) if coded_free is None else list(coded_free)
    owner: dict[int, int] = {}  # coded index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for c in cs:
            if c in seen or not ok(gold[g], coded[c]):
                continue
            seen.add(c)
            if c not in owner or augment(owner[c], seen):
                owner[c] = g
                return True
        return False

    for g in gs:
        augment(g, set())
    return sorted((g, c) for c, g in owner.items())


def score_sentence(gold: Sequence[Item], coded: Sequence[Item]) -> dict[str, Any]:
    """Per-level counts ``[matched, gold, coded]``, root pairs, confusion cells and errors."""
    counts = {lv: [len(max_matching(gold, coded, _ok(lv))), len(gold), len(coded)] for lv in LEVELS}
    # Root pairs for actor accuracy and the confusion table: prefer pairs that also agree on
    # actors (triple first, then source); within a root any pairing is as large as another.
    pairs: list[tuple[int, int]] = []
    for lv in ("triple", "root_source", "root"):
        used_g, used_c = {g for g, _ in pairs}, {c for _, c in pairs}
        pairs += max_matching(gold, coded, _ok(lv),
                              [i for i in range(len(gold)) if i not in used_g],
                              [i for i in range(len(coded)) if i not in used_c])
    pairs.sort()
    cells: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    actor = {"source": [0, 0], "target": [0, 0]}  # [right, judged]
    for g, c in pairs:
        cells[(gold[g].root, coded[c].root)] += 1
        for side in ("source", "target"):
            gk, ck = getattr(gold[g], side), getattr(coded[c], side)
            if gk is None:
                continue
            actor[side][1] += 1
            if _side(gk, ck):
                actor[side][0] += 1
            else:
                errors.append(f"{side} country wrong" if ck else f"{side} missing")
    left_g = [gold[i] for i in range(len(gold)) if i not in {g for g, _ in pairs}]
    left_c = [coded[i] for i in range(len(coded)) if i not in {c for _, c in pairs}]
    for g_item, c_item in zip(left_g, left_c, strict=False):
        cells[(g_item.root, c_item.root)] += 1
        errors.append(f"root {g_item.root} coded as {c_item.root}")
    for g_item in left_g[len(left_c):]:
        cells[(g_item.root, NONE)] += 1
        errors.append(f"missed {g_item.code}")
    for c_item in left_c[len(left_g):]:
        cells[(NONE, c_item.root)] += 1
        errors.append(f"spurious {c_item.code}")
    if not gold and not coded:
        cells[(NONE, NONE)] += 1
    return {
        "counts": counts,
        "actor": actor,
        "pairs": [list(p) for p in pairs],
        "confusion": [[g, c, n] for (g, c), n in sorted(cells.items())],
        "errors": errors,
    }


def _prf(tp: float, n_gold: float, n_coded: float) -> tuple[float, float, float]:
    p = tp / n_coded if n_coded else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Totals over sentence rows (as made by the format module)."""
    out: dict[str, Any] = {
        "sentences": len(rows),
        "sentences_with_gold_events": sum(1 for r in rows if r["n_gold"]),
        "sentences_with_coded_events": sum(1 for r in rows if r["n_coded"]),
        "gold_events": sum(r["n_gold"] for r in rows),
        "coded_events": sum(r["n_coded"] for r in rows),
        "excluded_events": sum(r["n_excluded"] for r in rows),
    }
    for lv in LEVELS:
        tp, ng, nc = (sum(r["counts"][lv][i] for r in rows) for i in range(3))
        p, r_, f = _prf(tp, ng, nc)
        out.update({f"{lv}_precision": round(p, 4), f"{lv}_recall": round(r_, 4),
                    f"{lv}_f1": round(f, 4)})
    out["event_sentence_accuracy"] = _ratio(
        sum(1 for r in rows if bool(r["n_gold"]) == bool(r["n_coded"])), len(rows))
    for side in ("source", "target"):
        right = sum(r["actor"][side][0] for r in rows)
        judged = sum(r["actor"][side][1] for r in rows)
        out[f"{side}_country_accuracy"] = _ratio(right, judged)
        out[f"{side}_country_n"] = judged
    return out


def confusion(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Gold root (rows) by coded root (columns), with ``none`` for misses and spurious events."""
    table: dict[str, Counter[str]] = {}
    for r in rows:
        for g, c, n in r["confusion"]:
            table.setdefault(g, Counter())[c] += n
    return {g: dict(sorted(c.items())) for g, c in sorted(table.items())}


def common_errors(rows: Sequence[dict[str, Any]], top: int = 10) -> list[dict[str, Any]]:
    c = Counter(e for r in rows for e in r["errors"])
    return [{"error": k, "count": v} for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def intervals(rows: Sequence[dict[str, Any]], resamples: int = 1000,
              seed: int = 20261203) -> dict[str, list[float]]:
    """Bootstrap 95% intervals of each P/R/F1, resampling sentences with a fixed seed."""
    n = len(rows)
    if n == 0 or resamples <= 0:
        return {}
    counts = np.array([[r["counts"][lv] for lv in LEVELS] for r in rows], dtype=np.int64)
    rng = np.random.default_rng(seed)
    # Each resample is a multinomial count of how often each sentence was drawn.
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples)
    sums = (weights @ counts.reshape(n, -1)).reshape(resamples, len(LEVELS), 3).astype(float)
    tp, ng, nc = sums[..., 0], sums[..., 1], sums[..., 2]
    # A resample with no coded (gold) events has no precision (recall): left out, not zero.
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(nc > 0, tp / nc, np.nan)
        r = np.where(ng > 0, tp / ng, np.nan)
        f = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)
        f = np.where(np.isnan(p) | np.isnan(r), np.nan, f)
    out: dict[str, list[float]] = {}
    for i, lv in enumerate(LEVELS):
        for name, arr in (("precision", p), ("recall", r), ("f1", f)):
            col = arr[:, i][~np.isnan(arr[:, i])]
            if col.size:
                lo, hi = np.percentile(col, [2.5, 97.5])
                out[f"{lv}_{name}"] = [round(float(lo), 4), round(float(hi), 4)]
    return out
