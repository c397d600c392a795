"""PLOVER gold-standard records (``plover_gsr_*.json``): category, source, target.

Scoring, per record (one gold event each):

- *event*: some coded event has the gold PLOVER category;
- *source*: some coded event of that category has a source matching a gold source
  (country code equal, or the coded code starts with the gold code, e.g. ``IGO``),
  over records whose gold has a source;
- *target*: the same for targets, over records whose gold has a target;
- *triple*: one coded event matches category, source and (where gold has one) target;
- *precision*: coded events whose category is the record's gold category, over all coded events.

Every figure is given for the whole file and for its ``tune`` and ``check`` halves
(:mod:`cormorant.evaluate.split`); the confusion table and errors cover the records scored.

When no event has the gold category, source and target are judged on any coded event,
so actor accuracy is measured even where the category is wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError
from cormorant.evaluate.report import by_half, halves_table, tag_half
from cormorant.evaluate.split import selected
from cormorant.ontology import PLOVER_CATEGORIES, normalise_plover
from cormorant.records import Actor, CodedDocument, Document, Event, Skipped

if TYPE_CHECKING:
    from rich.console import Console

    from cormorant.coding import Coder
    from cormorant.evaluate import EvalOptions

# Typos in the gold's country codes.
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NONE = "NONE"


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold records with categories and actor codes normalised; DOCUMENT entries dropped."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EvaluationError(f"{path}: not a PLOVER gold JSON file: {e}") from e
    if not isinstance(data, list):
        raise EvaluationError(f"{path}: expected a JSON list of records")
    records = []
    for raw in data:
        if not isinstance(raw, dict) or raw.get("event") == "DOCUMENT" or not raw.get("text"):
            continue
        category = normalise_plover(str(raw.get("event", "")))
        if category not in PLOVER_CATEGORIES:
            raise EvaluationError(f"{path}: record {raw.get('id')}: unknown category {raw.get('event')!r}")
        records.append({
            "id": raw.get("id"),
            "text": raw["text"],
            "date": raw.get("date"),
            "category": category,
            "sources": _codes(raw.get("source")),
            "targets": _codes(raw.get("target")),
        })
    if not records:
        raise EvaluationError(f"{path}: no gold records found")
    return records


def _codes(actors: Any) -> list[str]:
    if not isinstance(actors, list):
        return []
    out = []
    for a in actors:
        if isinstance(a, dict) and a.get("code"):
            code = str(a["code"]).strip().upper()
            out.append(CODE_FIXES.get(code, code))
    return out


def actor_matches(actor: Actor | None, gold_codes: list[str]) -> bool:
    if actor is None:
        return False
    for g in gold_codes:
        if actor.country == g or actor.code.startswith(g):
            return True
    return False


def score_record(gold: dict[str, Any], events: tuple[Event, ...]) -> dict[str, Any]:
    cat = gold["category"]
    of_cat = [e for e in events if e.plover == cat]
    pool = of_cat or list(events)
    has_source, has_target = bool(gold["sources"]), bool(gold["targets"])
    source_ok = any(actor_matches(e.source, gold["sources"]) for e in pool) if has_source else None
    target_ok = any(actor_matches(e.target, gold["targets"]) for e in pool) if has_target else None
    triple_ok = any(
        (not has_source or actor_matches(e.source, gold["sources"]))
        and (not has_target or actor_matches(e.target, gold["targets"]))
        for e in of_cat
    )
    predicted = of_cat[0].plover if of_cat else (events[0].plover or NONE if events else NONE)
    return {
        "id": gold["id"],
        "gold": cat,
        "predicted": predicted,
        "event": bool(of_cat),
        "source": source_ok,
        "target": target_ok,
        "triple": triple_ok,
        "n_events": len(events),
        "n_correct_events": len(of_cat),
        "gold_sources": gold["sources"],
        "gold_targets": gold["targets"],
        "coded": [
            {"plover": e.plover, "cameo": e.cameo, "source": e.source.code if e.source else None,
             "target": e.target.code if e.target else None, "trigger": e.trigger.text,
             "rule": e.rule, "negated": e.negated, "hypothetical": e.hypothetical}
            for e in events
        ],
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    with_source = [r for r in rows if r["source"] is not None]
    with_target = [r for r in rows if r["target"] is not None]
    n_events = sum(r["n_events"] for r in rows)
    correct_events = sum(r["n_correct_events"] for r in rows)
    return {
        "records": n,
        "event_accuracy": _ratio(sum(r["event"] for r in rows), n),
        "source_accuracy": _ratio(sum(bool(r["source"]) for r in with_source), len(with_source)),
        "records_with_source": len(with_source),
        "target_accuracy": _ratio(sum(bool(r["target"]) for r in with_target), len(with_target)),
        "records_with_target": len(with_target),
        "triple_accuracy": _ratio(sum(r["triple"] for r in rows), n),
        "events": n_events,
        "events_per_record": _ratio(n_events, n),
        "precision": _ratio(correct_events, n_events),
        "records_without_events": sum(1 for r in rows if r["n_events"] == 0),
    }


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def confusion(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter[str]] = {}
    for r in rows:
        table.setdefault(r["gold"], Counter())[r["predicted"]] += 1
    return {g: dict(c) for g, c in sorted(table.items())}


def run(gold_path: Path, coder: Coder, options: EvalOptions | None = None) -> dict[str, Any]:
    which = options.half if options else "all"
    gold = [g for g in load_gold(gold_path) if selected(g["id"], which)]
    docs = [Document(id=str(g["id"]), text=g["text"]) for g in gold]
    rows = []
    for g, res in zip(gold, coder.code_many(docs), strict=True):
        events: tuple[Event, ...] = res.events if isinstance(res, CodedDocument) else ()
        row = tag_half(score_record(g, events), g["id"])
        if isinstance(res, Skipped):
            row["skipped"] = res.reason
        rows.append(row)
    return {
        "format": "plover-gsr",
        "gold": str(gold_path),
        "half": which,
        "summary": summarise(rows),
        "halves": by_half(rows, which, summarise),
        "confusion": confusion(rows),
        "errors": common_errors(rows),
        "records": rows,
    }


def common_errors(rows: list[dict[str, Any]], top: int = 10) -> list[dict[str, Any]]:
    """The commonest (gold -> predicted) category confusions and actor misses."""
    c: Counter[str] = Counter()
    for r in rows:
        if not r["event"]:
            c[f"category {r['gold']} coded as {r['predicted']}"] += 1
        if r["source"] is False:
            c["source missed"] += 1
        if r["target"] is False:
            c["target missed"] += 1
    return [{"error": k, "count": v} for k, v in c.most_common(top)]


def render(report: dict[str, Any], console: Console) -> None:
    from rich.table import Table

    console.print(halves_table(report, f"PLOVER gold standard: {report['gold']}"))
    cats = sorted({p for row in report["confusion"].values() for p in row} | set(report["confusion"]))
    ct = Table("gold \\ coded", *cats, title="Confusion (gold rows, coded columns)")
    for g, row in report["confusion"].items():
        ct.add_row(g, *[str(row.get(p, "")) for p in cats])
    console.print(ct)
    et = Table("commonest errors", "count")
    for e in report["errors"]:
        et.add_row(e["error"], str(e["count"]))
    console.print(et)
