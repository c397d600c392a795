"""The Multi-CoPED scorer: unit tests on hand-built records, and one run over the gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from cormorant.errors import EvaluationError
from cormorant.evaluate.multicoped import load_gold, overlaps, penta_class, score_record, summarise
from cormorant.records import Actor, CodedDocument, Document
from test_records_schema import make_event

TEXT = "Kenyan police arrested two Somali traders in Nairobi."
POLICE = Actor("Kenyan police", "KENCOP", "KEN", "COP", (0, 13))
TRADERS = Actor("Somali traders", "SOMBUS", "SOM", "BUS", (27, 41))


def gold(sources: list[tuple[int, int]], targets: list[tuple[int, int]], penta: int | None = 4) -> dict:
    return {"id": "g", "text": TEXT, "sources": sources, "targets": targets, "penta": penta}


def coded(*events, actors=(POLICE, TRADERS)) -> CodedDocument:  # type: ignore[no-untyped-def]
    return CodedDocument(Document("g", TEXT), tuple(events), tuple(actors))


@pytest.mark.parametrize(("root", "klass"), [
    ("01", 0), ("02", 0), ("04", 1), ("05", 1), ("07", 2), ("08", 2), ("11", 3), ("13", 3),
    ("14", 4), ("19", 4), ("20", 4), ("xx", None), ("99", None),
])
def test_evaluate_multicoped_penta_class(root: str, klass: int | None) -> None:
    assert penta_class(root) == klass


def test_evaluate_multicoped_overlap_is_strict_on_touching_spans() -> None:
    assert overlaps((0, 5), [(4, 9)])
    assert not overlaps((0, 5), [(5, 9)])
    assert not overlaps((0, 5), [])


def test_evaluate_multicoped_event_and_actor_overlap() -> None:
    ev = make_event(source=POLICE, target=TRADERS, cameo="173")
    row = score_record(gold([(0, 13)], [(23, 41)]), coded(ev))
    assert row["event_source"] and row["event_target"]
    assert row["actor_source"] and row["actor_target"]
    assert row["penta"] == 4 and row["penta_ok"]


def test_evaluate_multicoped_actor_found_but_event_misses() -> None:
    ev = make_event(source=TRADERS, target=None, cameo="040", cameo_root="04")
    row = score_record(gold([(0, 13)], [(23, 41)], penta=4), coded(ev))
    assert row["event_source"] is False and row["event_target"] is False
    assert row["actor_source"] and row["actor_target"]
    assert row["penta"] == 1 and row["penta_ok"] is False


def test_evaluate_multicoped_unscored_parts_are_none() -> None:
    row = score_record(gold([(0, 13)], [], penta=None), None)
    assert row["event_target"] is None and row["actor_target"] is None and row["penta_ok"] is None
    assert row["event_source"] is False and row["n_events"] == 0


def test_evaluate_multicoped_summary_counts_only_scored_records() -> None:
    rows = [
        score_record(gold([(0, 13)], []), coded(make_event(source=POLICE, cameo="173"))),
        score_record(gold([(0, 13)], [(23, 41)], penta=None), coded()),
    ]
    s = summarise(rows)
    assert s["records"] == 2
    assert s["event_source_overlap"] == 0.5 and s["event_source_overlap_n"] == 2
    assert s["event_target_overlap_n"] == 1 and s["event_target_overlap"] == 0.0
    assert s["penta_accuracy_n"] == 1 and s["penta_accuracy"] == 1.0
    assert s["records_without_events"] == 1


def test_evaluate_multicoped_run_reports_halves(tmp_path: Path) -> None:
    from cormorant.evaluate import EvalOptions, evaluate
    from cormorant.evaluate.split import half

    path = tmp_path / "g.jsonl"
    path.write_text("".join(json.dumps({"id": f"m{i}", "text": TEXT, "source_spans": [[0, 13]],
                                        "target_spans": [], "penta_class": 4}) + "\n"
                            for i in range(6)), "utf-8")

    class Stub:
        def code_many(self, docs):  # type: ignore[no-untyped-def]
            for d in docs:
                yield CodedDocument(d, (make_event(source=POLICE, cameo="173"),) if d.id in ("m0", "m1") else (),
                                    (POLICE,))

    report = evaluate("multicoped", path, Stub())  # type: ignore[arg-type]
    for h, s in report["halves"].items():
        ids = [r["id"] for r in report["records"] if r["half"] == h]
        assert s["records"] == len(ids) and all(half(i) == h for i in ids)
    check = evaluate("multicoped", path, Stub(), EvalOptions(half="check"))  # type: ignore[arg-type]
    assert check["summary"] == report["halves"]["check"]


def test_evaluate_multicoped_load_gold_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "g.jsonl"
    good.write_text(json.dumps({"id": "a", "text": TEXT, "source_spans": [[0, 13]],
                                "target_spans": [], "penta_class": None}) + "\n\n", "utf-8")
    (rec,) = load_gold(good)
    assert rec["sources"] == [(0, 13)] and rec["targets"] == [] and rec["penta"] is None
    for line, message in [
        ("{nope", "not a JSON object"),
        (json.dumps({"id": "a", "text": TEXT}), "not a Multi-CoPED record"),
        (json.dumps({"text": TEXT, "source_spans": [[5, 1]]}), "bad span"),
        (json.dumps({"text": TEXT, "source_spans": [], "penta_class": 7}), "penta_class"),
    ]:
        bad = tmp_path / "bad.jsonl"
        bad.write_text(line + "\n", "utf-8")
        with pytest.raises(EvaluationError, match=message):
            load_gold(bad)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", "utf-8")
    with pytest.raises(EvaluationError, match="no gold records"):
        load_gold(empty)


@pytest.mark.slow
@pytest.mark.shared
def test_evaluate_multicoped_gold(coder) -> None:
    from cormorant.evaluate import evaluate

    path = shared_path("gold", "multicoped_train.jsonl")
    report = evaluate("multicoped", path, coder)
    s = report["summary"]
    assert report["format"] == "multicoped" and s["records"] == len(report["records"]) > 1000
    assert sum(h["records"] for h in report["halves"].values()) == s["records"]
    # Floors at the figures last measured (2026-12-03): the event-level overlaps the issue
    # targets (0.75 / 0.65), what the actor stage alone finds, and penta-class accuracy.
    # Actor source overlap is 0.001 under its old floor: "US-backed forces" are no longer
    # US forces, and Multi-CoPED sometimes marks the sponsor.
    assert s["event_source_overlap"] >= 0.847
    assert s["event_target_overlap"] >= 0.696
    assert s["actor_source_overlap"] >= 0.964
    assert s["actor_target_overlap"] >= 0.844
    assert s["penta_accuracy"] >= 0.776
