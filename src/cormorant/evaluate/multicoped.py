"""Multi-CoPED sentences (``multicoped_*.jsonl``): source/target spans and penta class.

Each gold line is ``{id, text, source_spans, target_spans, penta_class, ...}`` with
character spans. Scoring, per sentence:

- *event source / target*: some coded event's source (target) span overlaps a gold
  source (target) span; this is the headline figure;
- *any actor source / target*: some coded actor mention overlaps the gold span (what the
  actor stage alone finds, whatever the event coder makes of it);
- *penta*: where the gold has a class, the class of the coded event (the one whose source
  or target matches the gold, else the first) equals it. Penta classes: 0 statement
  (CAMEO roots 01-02), 1 verbal cooperation (03-05), 2 material cooperation (06-08),
  3 verbal conflict (09-13), 4 material conflict (14-20). A sentence with no event counts
  as wrong.

Every figure is given for the whole file and for its ``tune`` and ``check`` halves
(:mod:`cormorant.evaluate.split`, on the record id).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError
from cormorant.evaluate.jsonl import read_objects
from cormorant.evaluate.report import by_half, fmt_value, halves_table, tag_half
from cormorant.evaluate.split import selected
from cormorant.records import Actor, CodedDocument, Document, Event

if TYPE_CHECKING:
    from rich.console import Console

    from cormorant.coding import Coder
    from cormorant.evaluate import EvalOptions

SpanT = tuple[int, int]


def penta_class(cameo_root: str) -> int | None:
    """Penta class of a two-digit CAMEO root, None if it is not one."""
    try:
        root = int(cameo_root[:2])
    except ValueError:
        return None
    if 1 <= root <= 2:
        return 0
    if 3 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


def _spans(value: Any, where: str) -> list[SpanT]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise EvaluationError(f"{where}: spans must be a list of [start, end] pairs")
    out = []
    for pair in value:
        if not (isinstance(pair, list | tuple) and len(pair) == 2
                and all(isinstance(x, int) for x in pair) and pair[0] <= pair[1]):
            raise EvaluationError(f"{where}: bad span {pair!r}")
        out.append((pair[0], pair[1]))
    return out


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold sentences with their spans and class; malformed lines raise ``EvaluationError``."""
    records = []
    for where, n, raw in read_objects(path):
        if not isinstance(raw.get("text"), str) or "source_spans" not in raw:
            raise EvaluationError(f"{where}: not a Multi-CoPED record (needs text and source_spans)")
        penta = raw.get("penta_class")
        if penta is not None and penta not in (0, 1, 2, 3, 4):
            raise EvaluationError(f"{where}: penta_class {penta!r} is not 0-4 or null")
        records.append({
            "id": str(raw.get("id", n)),
            "text": raw["text"],
            "sources": _spans(raw.get("source_spans"), where),
            "targets": _spans(raw.get("target_spans"), where),
            "penta": penta,
        })
    if not records:
        raise EvaluationError(f"{path}: no gold records found")
    return records


def overlaps(span: SpanT, gold: Iterable[SpanT]) -> bool:
    return any(span[0] < g[1] and g[0] < span[1] for g in gold)


def _actor_hits(actor: Actor | None, gold: list[SpanT]) -> bool:
    return actor is not None and overlaps(actor.span, gold)


def score_record(gold: dict[str, Any], coded: CodedDocument | None) -> dict[str, Any]:
    events: tuple[Event, ...] = coded.events if coded else ()
    actors: tuple[Actor, ...] = coded.actors if coded else ()
    src, tgt = gold["sources"], gold["targets"]
    best = next((e for e in events if _actor_hits(e.source, src) or _actor_hits(e.target, tgt)),
                events[0] if events else None)
    predicted = penta_class(best.cameo_root) if best else None
    return {
        "id": gold["id"],
        "event_source": any(_actor_hits(e.source, src) for e in events) if src else None,
        "event_target": any(_actor_hits(e.target, tgt) for e in events) if tgt else None,
        "actor_source": any(overlaps(a.span, src) for a in actors) if src else None,
        "actor_target": any(overlaps(a.span, tgt) for a in actors) if tgt else None,
        "gold_penta": gold["penta"],
        "penta": predicted,
        "penta_ok": (predicted == gold["penta"]) if gold["penta"] is not None else None,
        "n_events": len(events),
        "n_actors": len(actors),
        "coded": [
            {"cameo": e.cameo, "source": e.source.text if e.source else None,
             "target": e.target.text if e.target else None, "trigger": e.trigger.text,
             "rule": e.rule}
            for e in events
        ],
        "actors": [{"text": a.text, "code": a.code, "span": list(a.span)} for a in actors],
    }


def _rate(rows: list[dict[str, Any]], key: str) -> tuple[float, int]:
    scored = [r[key] for r in rows if r[key] is not None]
    return (round(sum(scored) / len(scored), 4) if scored else 0.0), len(scored)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"records": len(rows)}
    for key in ("event_source", "event_target", "actor_source", "actor_target", "penta_ok"):
        rate, n = _rate(rows, key)
        name = "penta_accuracy" if key == "penta_ok" else f"{key}_overlap"
        out[name] = rate
        out[f"{name}_n"] = n
    out["records_without_events"] = sum(1 for r in rows if r["n_events"] == 0)
    out["events_per_record"] = round(sum(r["n_events"] for r in rows) / len(rows), 4) if rows else 0.0
    return out


def run(gold_path: Path, coder: Coder, options: EvalOptions | None = None) -> dict[str, Any]:
    which = options.half if options else "all"
    gold = [g for g in load_gold(gold_path) if selected(g["id"], which)]
    docs = [Document(id=g["id"], text=g["text"]) for g in gold]
    rows = []
    for g, res in zip(gold, coder.code_many(docs), strict=True):
        coded = res if isinstance(res, CodedDocument) else None
        row = tag_half(score_record(g, coded), g["id"])
        if coded is None:
            row["skipped"] = getattr(res, "reason", "error")
        rows.append(row)
    return {"format": "multicoped", "gold": str(gold_path), "half": which,
            "summary": summarise(rows), "halves": by_half(rows, which, summarise), "records": rows}


def render(report: dict[str, Any], console: Console) -> None:
    def cell(key: str, _half: str, s: dict[str, Any]) -> str:
        n = s.get(f"{key}_n")
        return fmt_value(s.get(key)) + ("" if n is None else f" (n={n})")

    console.print(halves_table(report, f"Multi-CoPED: {report['gold']}",
                               skip=lambda k: k.endswith("_n"), cell=cell))
