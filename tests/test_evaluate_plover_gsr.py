"""The PLOVER gold-standard scorer: unit tests on hand-built records, and the dev-split floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from cormorant.errors import EvaluationError
from cormorant.evaluate.plover_gsr import load_gold, score_record, summarise
from cormorant.records import Actor
from test_records_schema import make_event

USA = Actor("Washington", "USAGOV", "USA", "GOV", (0, 10))
CHN = Actor("China", "CHN", "CHN", None, (20, 25))
UN = Actor("the UN", "IGOUNO", None, "IGO", (30, 36))


def gold(category: str = "COERCE", sources: list[str] | None = None, targets: list[str] | None = None) -> dict:
    return {"id": "g", "text": "x", "category": category, "sources": sources or ["USA"], "targets": targets or []}


def test_evaluate_plover_gsr_all_correct() -> None:
    row = score_record(gold(targets=["CHN"]), (make_event(source=USA, target=CHN),))
    assert row["event"] and row["source"] and row["target"] and row["triple"]
    assert row["predicted"] == "COERCE"


def test_evaluate_plover_gsr_wrong_category_still_scores_actors() -> None:
    row = score_record(gold("AGREE", targets=["CHN"]), (make_event(source=USA, target=CHN),))
    assert not row["event"] and not row["triple"]
    assert row["source"] and row["target"]
    assert row["predicted"] == "COERCE"


def test_evaluate_plover_gsr_igo_prefix_matches() -> None:
    row = score_record(gold(sources=["IGO"]), (make_event(source=UN),))
    assert row["source"] and row["triple"]
    assert row["target"] is None  # gold has no target: not scored


def test_evaluate_plover_gsr_gold_without_source_is_not_scored() -> None:
    g = gold()
    g["sources"] = []
    row = score_record(g, (make_event(source=None),))
    assert row["source"] is None and row["triple"]
    assert summarise([row])["records_with_source"] == 0


def test_evaluate_plover_gsr_no_events() -> None:
    row = score_record(gold(), ())
    assert row["predicted"] == "NONE" and not row["event"] and not row["source"]


def test_evaluate_plover_gsr_summary_precision_and_rate() -> None:
    rows = [
        score_record(gold(), (make_event(source=USA), make_event(source=USA, cameo="042", plover="CONSULT"))),
        score_record(gold("AGREE"), ()),
    ]
    s = summarise(rows)
    assert s["records"] == 2 and s["events"] == 2
    assert s["events_per_record"] == 1.0
    assert s["precision"] == 0.5 and s["event_accuracy"] == 0.5


def test_evaluate_plover_gsr_normalises_old_names_and_typos(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps([
        {"event": "DOCUMENT", "text": "doc"},
        {"id": "a", "event": "DEMAND", "text": "t", "source": [{"code": "JAP"}], "target": ""},
        {"id": "b", "event": "FIGHT", "text": "t", "source": [{"code": "ITL"}], "target": [{"code": "VTN"}]},
        {"id": "c", "event": "DISAPPROVE", "text": "t", "source": "diplomatic"},
    ]))
    recs = load_gold(path)
    assert [r["category"] for r in recs] == ["REQUEST", "ASSAULT", "ACCUSE"]
    assert recs[0]["sources"] == ["JPN"] and recs[1]["targets"] == ["VNM"] and recs[2]["sources"] == []


def test_evaluate_plover_gsr_rejects_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(EvaluationError):
        load_gold(path)


# Floors: the figures last measured on the development split (2026-12-03: event 0.866,
# source 0.920, target 0.901, triple 0.738, precision 0.781, 1.25 events per record).
# Raise them as coding improves; a change that lowers one must say why. Event accuracy
# and precision fell from 0.872 / 0.795 when the lexicon was rewritten from the codebook
# (2,900 frames): one check-half record lost its category, and more codes compete; the
# real-news gold and Multi-CoPED rose on both halves with the same change.
DEV_FLOORS = {
    "event_accuracy": 0.865,
    "source_accuracy": 0.920,
    "target_accuracy": 0.900,
    "triple_accuracy": 0.737,
    # 0.782 before the answered object's own act was coded ("rejected the US offer" also codes
    # the offer): PLOVER records carry one gold event each, so a second true act of the
    # sentence counts against precision here, while real-news check recall rose.
    "precision": 0.755,
}
DEV_MAX_EVENTS_PER_RECORD = 2.5


@pytest.mark.slow
def test_evaluate_plover_gsr_dev_split_holds_floor(coder) -> None:
    from cormorant.evaluate import evaluate

    report = evaluate("plover-gsr", shared_path("gold", "plover_gsr_dev.json"), coder)
    s = report["summary"]
    assert s["records"] >= 160
    assert sum(h["records"] for h in report["halves"].values()) == s["records"]
    for key, floor in DEV_FLOORS.items():
        assert s[key] >= floor, f"{key} fell to {s[key]} (floor {floor})"
    assert s["events_per_record"] <= DEV_MAX_EVENTS_PER_RECORD


def _stub_gold(tmp_path: Path) -> Path:
    path = tmp_path / "g.json"
    path.write_text(json.dumps([
        {"id": f"rec-{i}", "event": "COERCE", "text": "Police detained two men.", "source": [{"code": "CHN"}]}
        for i in range(8)
    ]))
    return path


class _Stub:
    def code_many(self, docs):  # type: ignore[no-untyped-def]
        from cormorant.records import CodedDocument

        for d in docs:
            # Every other record gets the right event: the halves then differ.
            yield CodedDocument(d, (make_event(),) if int(d.id[-1]) % 2 else ())


def test_evaluate_plover_gsr_tune_and_check_side_by_side(tmp_path: Path) -> None:
    from cormorant.evaluate import EvalOptions, evaluate
    from cormorant.evaluate.split import half

    path = _stub_gold(tmp_path)
    report = evaluate("plover-gsr", path, _Stub())  # type: ignore[arg-type]
    assert list(report["halves"]) == ["tune", "check"] and report["half"] == "all"
    for h in ("tune", "check"):
        rows = [r for r in report["records"] if r["half"] == h]
        assert rows and all(half(r["id"]) == h for r in rows)
        assert report["halves"][h] == summarise(rows)
        only = evaluate("plover-gsr", path, _Stub(), EvalOptions(half=h))  # type: ignore[arg-type]
        assert list(only["halves"]) == [h] and only["summary"] == report["halves"][h]
    assert report["summary"]["records"] == 8
