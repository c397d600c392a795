"""The event-location format: loading, scoring right / none / wrong, and the bundled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cormorant.errors import EvaluationError
from cormorant.evaluate import evaluate
from cormorant.evaluate.event_location import load_gold
from cormorant.records import CodedDocument, Place, Trigger
from test_records_schema import make_event

TEXT = "Police fired tear gas at protesters in the Kibera district of Nairobi on Monday."
KIBERA = Place("Kibera", (43, 49), "Kibera", "KEN", -1.31, 36.78, None)
LAGOS = Place("Lagos", (0, 6), "Lagos", "NGA", 6.45, 3.39, None)


def write(path: Path, *rows: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def gold(path: Path) -> Path:
    base = {"text": TEXT, "trigger": "fired", "place": "Kibera", "city": "Nairobi", "country": "KEN"}
    return write(path, {"id": "a", **base}, {"id": "b", **base}, {"id": "c", **base},
                 {"id": "d", **base})


class Stub:
    """Codes a fixed location (or none, or no event) per sentence id."""

    def __init__(self, places: dict) -> None:
        self.places = places

    def code_many(self, docs):
        for d in docs:
            loc = self.places.get(d.id, "no event")
            if loc == "no event":
                yield CodedDocument(d, ())
                continue
            ev = make_event(trigger=Trigger("fired", (7, 12)), location=loc)
            yield CodedDocument(d, (ev,))


def test_evaluate_event_location_scores_each_kind(tmp_path):
    stub = Stub({"a": KIBERA, "b": None, "c": LAGOS})  # d: no event on the trigger
    r = evaluate("event-location", gold(tmp_path / "g.jsonl"), stub)  # type: ignore[arg-type]
    kinds = {row["id"]: (row["event"], row["location"]) for row in r["records"]}
    assert kinds == {"a": (True, "right"), "b": (True, "none"), "c": (True, "wrong"),
                     "d": (False, None)}
    s = r["summary"]
    assert s["event_found"] == 0.75 and s["location_accuracy"] == round(1 / 3, 4)
    assert set(r["halves"]) <= {"tune", "check"}


@pytest.mark.parametrize(("row", "message"), [
    ({"id": "x", "text": TEXT, "trigger": "fired"}, "need id, text, trigger and place"),
    ({"id": "x", "text": TEXT, "trigger": "shot", "place": "Kibera"}, "not in the text"),
])
def test_evaluate_event_location_rejects_bad_lines(tmp_path, row, message):
    with pytest.raises(EvaluationError, match=message):
        load_gold(write(tmp_path / "g.jsonl", row))


def test_evaluate_event_location_bundled_set_loads():
    path = Path(__file__).resolve().parents[1] / "src/cormorant/evaluate/data/event_location.jsonl"
    rows = load_gold(path)
    assert len(rows) == 160
    assert all(r["text"][r["place"][0]:r["place"][1]] == r["place_text"] for r in rows)
