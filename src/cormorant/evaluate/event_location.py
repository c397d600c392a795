"""Event location: given an event coded on the marked trigger, is its place right?

Gold format (JSON lines, one sentence each, documented in ``docs/evaluation.md``)::

    {"id": "loc-001", "text": "...", "trigger": "fired", "place": "Kibera",
     "city": "Nairobi", "country": "KEN"}

``trigger`` and ``place`` are substrings of ``text`` (their first occurrence counts);
``city`` names the containing city of a district or landmark (or is null). A coded event
*is on the trigger* when its trigger span overlaps the gold trigger. Its location is

- ``right``: the location's text span overlaps the gold place, or its name is the gold
  place or the containing city (the most specific place that resolves, with its city);
- ``none``: the event has no location;
- ``wrong``: any other place.

``location_accuracy`` is right / events on the trigger; ``event_found`` the share of
sentences with an event on the trigger. Every figure is given for the tune and check halves.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError
from cormorant.evaluate.jsonl import read_objects
from cormorant.evaluate.report import by_half, halves_table, tag_half
from cormorant.evaluate.split import selected
from cormorant.records import CodedDocument, Document, Event

if TYPE_CHECKING:
    from rich.console import Console

    from cormorant.coding import Coder
    from cormorant.evaluate import EvalOptions

__all__ = ["load_gold", "render", "run", "score_record"]


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold sentences, each with the character spans of its trigger and place."""
    out: list[dict[str, Any]] = []
    for where, _, raw in read_objects(path):
        try:
            text, trigger, place = str(raw["text"]), str(raw["trigger"]), str(raw["place"])
            rid = str(raw["id"])
        except KeyError as e:
            raise EvaluationError(f"{where}: need id, text, trigger and place: {e}") from e
        t, p = text.find(trigger), text.find(place)
        if t < 0 or p < 0:
            raise EvaluationError(f"{where}: trigger or place is not in the text")
        out.append({"id": rid, "text": text, "trigger": (t, t + len(trigger)),
                    "place": (p, p + len(place)), "place_text": place,
                    "city": raw.get("city"), "country": raw.get("country")})
    if not out:
        raise EvaluationError(f"{path}: no gold sentences")
    return out


def _overlap(a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_record(g: dict[str, Any], events: tuple[Event, ...]) -> dict[str, Any]:
    on = [e for e in events if _overlap(e.trigger.span, g["trigger"])]
    row: dict[str, Any] = {"id": g["id"], "event": bool(on), "location": None, "coded": None}
    if not on:
        return row
    loc = on[0].location
    if loc is None:
        row["location"] = "none"
        return row
    names = {g["place_text"].lower()} | ({str(g["city"]).lower()} if g.get("city") else set())
    right = _overlap(loc.span, g["place"]) or loc.name.lower() in names \
        or loc.text.lower() in names
    row["location"] = "right" if right else "wrong"
    row["coded"] = loc.text
    return row


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    found = [r for r in rows if r["event"]]
    kinds = Counter(r["location"] for r in found)

    def share(k: str) -> float:
        return round(kinds[k] / len(found), 4) if found else 0.0

    return {
        "sentences": n,
        "event_found": round(len(found) / n, 4) if n else 0.0,
        "location_accuracy": share("right"),
        "location_none": share("none"),
        "location_wrong": share("wrong"),
    }


def run(gold_path: Path, coder: Coder, options: EvalOptions | None = None) -> dict[str, Any]:
    which = options.half if options else "all"
    gold = [g for g in load_gold(gold_path) if selected(g["id"], which)]
    docs = [Document(id=g["id"], text=g["text"]) for g in gold]
    rows = []
    for g, res in zip(gold, coder.code_many(docs), strict=True):
        events = res.events if isinstance(res, CodedDocument) else ()
        rows.append(tag_half(score_record(g, events), g["id"]))
    return {
        "format": "event-location", "gold": str(gold_path), "half": which,
        "summary": summarise(rows), "halves": by_half(rows, which, summarise),
        "records": rows,
    }


def render(report: dict[str, Any], console: Console) -> None:
    console.print(halves_table(report, f"Event location: {report['gold']}"))
