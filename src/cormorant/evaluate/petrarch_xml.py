"""PETRARCH unit-test records (``<Validation>`` XML): coded with PETRARCH dictionaries.

Each ``<Sentence id date category>`` has a ``<Parse>`` (Penn Treebank brackets) and its
expected ``<EventCoding sourcecode targetcode eventcode>`` (or ``noevents="True"``, or
``error="..."``). The sentence is coded by the PETRARCH-style coder
(:mod:`cormorant.dictionaries.coder`) over that parse, with the dictionaries the file's
``<Environment>`` names (looked for beside the gold file and in ``../reference/petrarch2``)
unless the coder's config gives ``dictionaries``.

Per record, as PETRARCH's validation counts it: *exact* when the coded (source, target,
event) set equals the expected set (no events for ``noevents``; the same error for an
``error`` record), *partial* when they share at least one coding, else *failed*. Figures
per category and per tune/check half (:mod:`cormorant.evaluate.split`, on the record id).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError
from cormorant.evaluate.report import by_half, fmt_value, tag_half
from cormorant.evaluate.split import selected

if TYPE_CHECKING:
    from rich.console import Console

    from cormorant.coding import Coder
    from cormorant.evaluate import EvalOptions

__all__ = ["environment_files", "load_gold", "render", "run", "score", "summarise"]

Coding = tuple[str, str, str]
ENV_TAGS = ("Verbfile", "Actorfile", "Agentfile", "Discardfile")


def _date(text: str | None) -> dt.date | None:
    t = (text or "").strip()
    try:
        return dt.date(int(t[:4]), int(t[4:6]), int(t[6:8])) if len(t) == 8 else None
    except ValueError:
        return None


def load_gold(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The records and the dictionary file names of the ``<Environment>``."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise EvaluationError(f"{path}: not a PETRARCH validation file: {e}") from e
    env = root.find("Environment")
    files = [] if env is None else [
        (env.findtext(tag) or "").strip() for tag in ENV_TAGS if (env.findtext(tag) or "").strip()]
    records = []
    for n, s in enumerate(root.iter("Sentence"), 1):
        rid = s.get("id") or f"record-{n}"
        expected: list[Coding] = []
        error = None
        for ec in s.findall("EventCoding"):
            if ec.get("error"):
                error = ec.get("error")
            elif ec.get("eventcode"):
                expected.append((ec.get("sourcecode") or "", ec.get("targetcode") or "",
                                 ec.get("eventcode") or ""))
        records.append({
            "id": rid, "category": (s.get("category") or "").upper(),
            "date": _date(s.get("date")), "text": " ".join((s.findtext("Text") or "").split()),
            "parse": s.findtext("Parse") or "", "expected": expected, "error": error,
        })
    return records, files


def environment_files(gold_path: Path, names: list[str]) -> list[Path]:
    """The Environment's dictionaries, found beside the gold or in ``../reference/petrarch2``."""
    out = []
    for name in names:
        for folder in (gold_path.parent, gold_path.parent.parent / "reference" / "petrarch2"):
            if (folder / name).is_file():
                out.append(folder / name)
                break
        else:
            raise EvaluationError(f"dictionary {name} named by {gold_path} not found")
    return out


def score(expected: list[Coding], expected_error: str | None, coded: list[Coding],
          error: str | None) -> str:
    """``exact``, ``partial`` or ``failed`` for one record."""
    if expected_error or error:
        return "exact" if expected_error == error else "failed"
    want, got = set(expected), set(coded)
    if want == got:
        return "exact"
    return "partial" if want & got else "failed"


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def counts(rs: list[dict[str, Any]]) -> dict[str, Any]:
        n = len(rs)
        c = {k: sum(1 for r in rs if r["result"] == k) for k in ("exact", "partial", "failed")}
        return {"records": n, **c, "exact_share": round(c["exact"] / n, 4) if n else 0.0}

    out = counts(rows)
    cats = sorted({r["category"] for r in rows})
    out["by_category"] = {c: counts([r for r in rows if r["category"] == c]) for c in cats}
    return out


def run(gold_path: Path, coder: Coder, options: EvalOptions | None = None) -> dict[str, Any]:
    from cormorant.dictionaries.coder import PetrarchCoder
    from cormorant.dictionaries.load import load_set

    which = options.half if options else "all"
    records, env = load_gold(gold_path)
    specs = list(coder.config.dictionaries) or [str(p) for p in environment_files(gold_path, env)]
    pset = load_set(specs)
    pcoder = PetrarchCoder(pset)
    rows = []
    for r in records:
        if not selected(r["id"], which):
            continue
        res = pcoder.code_parse(r["parse"], r["date"])
        coded = [(e.source, e.target, e.code) for e in res.events]
        rows.append(tag_half({
            "id": r["id"], "category": r["category"], "text": r["text"],
            "expected": [list(c) for c in r["expected"]], "expected_error": r["error"],
            "coded": [{"source": e.source, "target": e.target, "code": e.code, "verb": e.verb,
                       "pattern": e.pattern,
                       **({"transformation": e.transformation} if e.transformation else {})}
                      for e in res.events],
            "error": res.error,
            "result": score(r["expected"], r["error"], coded, res.error),
        }, r["id"]))
    summary = summarise(rows)
    return {"format": "petrarch-xml", "gold": str(gold_path), "half": which,
            "dictionaries": specs,
            "dictionary_problems": [str(p) for p in [*pset.problems, *pcoder.transform_problems]],
            **{k: summary[k] for k in ("records", "exact", "partial", "failed", "exact_share",
                                       "by_category")},
            "summary": summary, "halves": by_half(rows, which, summarise), "records_detail": rows}


def render(report: dict[str, Any], console: Console) -> None:
    from rich.table import Table

    halves = report["halves"]
    cols = [*halves, "all"] if len(halves) > 1 else list(halves)
    stats = {**halves, "all": report["summary"]}
    t = Table("category", *[f"{h} exact/n" for h in cols],
              title=f"PETRARCH unit tests: {report['gold']}")
    cats = sorted(report["summary"]["by_category"])
    for c in cats:
        t.add_row(c, *[_cell(stats[h]["by_category"].get(c)) for h in cols])
    t.add_row("ALL", *[_cell(stats[h]) for h in cols])
    console.print(t)
    for h in cols:
        s = stats[h]
        console.print(f"{h}: exact {s['exact']}, partial {s['partial']}, failed {s['failed']} "
                      f"of {s['records']} (exact share {fmt_value(s['exact_share'])})")


def _cell(s: dict[str, Any] | None) -> str:
    if not s:
        return ""
    return f"{s['exact']}/{s['records']} ({s['exact_share']:.0%})"
