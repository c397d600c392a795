"""Inter-annotator agreement on event gold, and building a cormorant-gold file from annotations.

Annotation files are JSON lines ``{"sid", "events": [{"code", "source", "source_text",
"target", "target_text", "trigger_text"}]}``. Agreement is Cohen's kappa on each sentence's
label: the sorted set of its event roots reduced to the first root, or ``none``; and on
event / no event. The gold file keeps no text: actor and trigger texts become character
offsets into the sentence (first occurrence).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cormorant.errors import EvaluationError
from cormorant.evaluate.jsonl import read_objects

__all__ = ["agreement", "cohen_kappa", "read_annotations", "sentence_label", "to_gold",
           "write_gold"]

NONE = "none"
EVENT_FIELDS = (("source_text", "source_span"), ("target_text", "target_span"),
                ("trigger_text", "trigger_span"))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for where, _, row in read_objects(path):
        if "sid" not in row:
            raise EvaluationError(f"{where}: needs a 'sid'")
        rows.append(row)
    return rows


def read_annotations(path: Path) -> dict[str, list[dict[str, Any]]]:
    """``{sid: events}`` in file order; a sentence listed twice is an error."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in _jsonl(path):
        sid = str(row["sid"])
        events = row.get("events")
        if not isinstance(events, list):
            raise EvaluationError(f"{path}: {sid}: 'events' must be a list")
        if sid in out:
            raise EvaluationError(f"{path}: sentence {sid} annotated twice")
        out[sid] = events
    return out


def sentence_label(events: Sequence[dict[str, Any]]) -> str:
    """The first of the sentence's sorted event roots, or ``none``."""
    roots = sorted({str(e.get("code", ""))[:2] for e in events if e.get("code")})
    return roots[0] if roots else NONE


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two equally long label sequences (1.0 when both agree on one label)."""
    if len(a) != len(b) or not a:
        raise EvaluationError("kappa needs two non-empty label lists of equal length")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def agreement(path_a: Path, path_b: Path) -> dict[str, Any]:
    """Kappa and raw agreement of two annotators over the sentences both coded."""
    a, b = read_annotations(path_a), read_annotations(path_b)
    sids = [s for s in a if s in b]
    if not sids:
        raise EvaluationError(f"{path_a} and {path_b} have no sentence in common")
    la = [sentence_label(a[s]) for s in sids]
    lb = [sentence_label(b[s]) for s in sids]
    ea = [x != NONE for x in la]
    eb = [x != NONE for x in lb]
    return {
        "sentences": len(sids),
        "only_in_a": len(a) - len(sids),
        "only_in_b": len(b) - len(sids),
        "root_kappa": round(cohen_kappa(la, lb), 4),
        "root_agreement": round(sum(x == y for x, y in zip(la, lb, strict=True)) / len(sids), 4),
        "event_kappa": round(cohen_kappa([str(x) for x in ea], [str(x) for x in eb]), 4),
        "event_agreement": round(sum(x == y for x, y in zip(ea, eb, strict=True)) / len(sids), 4),
        "a_sentences_with_events": sum(ea),
        "b_sentences_with_events": sum(eb),
        "a_events": sum(len(a[s]) for s in sids),
        "b_events": sum(len(b[s]) for s in sids),
    }


def _offsets(text: str, phrase: Any, where: str) -> list[int] | None:
    if phrase is None or phrase == "":
        return None
    i = text.find(str(phrase))
    if i < 0:
        raise EvaluationError(f"{where}: {phrase!r} is not in the sentence")
    return [i, i + len(str(phrase))]


def to_gold(adjudicated: Path, sentences: Path,
            corpora: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """cormorant-gold lines (header first) from adjudicated annotations and the sentence file.

    ``sentences`` has ``{sid, corpus, doc_id, start, end, text}`` lines; the text is used only
    to find offsets and is not written.
    """
    ann = read_annotations(adjudicated)
    header: dict[str, Any] = {"format": "cormorant-gold", "version": 1}
    if corpora:
        header["corpora"] = corpora
    out: list[dict[str, Any]] = [header]
    for s in _jsonl(sentences):
        sid = str(s["sid"])
        if sid not in ann:
            raise EvaluationError(f"{adjudicated}: sentence {sid} has no annotation")
        text = s.get("text")
        if not isinstance(text, str):
            raise EvaluationError(f"{sentences}: sentence {sid} has no text")
        events = []
        for i, e in enumerate(ann.pop(sid)):
            where = f"{sid}: event {i}"
            ev: dict[str, Any] = {"code": str(e.get("code", "")),
                                  "source": e.get("source"), "target": e.get("target")}
            for text_key, span_key in EVENT_FIELDS:
                ev[span_key] = _offsets(text, e.get(text_key), where)
            events.append(ev)
        out.append({"id": sid, "corpus": s.get("corpus"), "doc_id": s.get("doc_id"),
                    "start": s.get("start"), "end": s.get("end"), "events": events})
    if ann:
        raise EvaluationError(f"{adjudicated}: {len(ann)} annotated sentences are not in {sentences}")
    return out


def write_gold(lines: Sequence[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
