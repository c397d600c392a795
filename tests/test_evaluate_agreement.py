"""Annotator agreement and building the gold file from adjudicated annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cormorant.errors import EvaluationError
from cormorant.evaluate.agreement import agreement, cohen_kappa, sentence_label, to_gold, write_gold
from cormorant.evaluate.cormorant_gold import load_gold

S1 = "Troops shelled rebel positions outside the town on Tuesday."
S2 = "The company said profits rose in the third quarter."


def write(path: Path, *lines: dict) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return path


def ev(code: str, **kw: str | None) -> dict:
    return {"code": code, **kw}


def test_evaluate_agreement_sentence_label() -> None:
    assert sentence_label([]) == "none"
    assert sentence_label([ev("190"), ev("173"), ev("1712")]) == "17"


def test_evaluate_agreement_kappa_by_hand() -> None:
    # 4 items; observed 3/4; expected (2*1 + 2*3)/16 = 0.5; kappa = (0.75 - 0.5) / 0.5.
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]) == pytest.approx(0.5)
    assert cohen_kappa(["x", "x"], ["x", "x"]) == 1.0
    assert cohen_kappa(["a", "b"], ["b", "a"]) == pytest.approx(-1.0)
    with pytest.raises(EvaluationError):
        cohen_kappa(["a"], [])


def test_evaluate_agreement_two_annotators(tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl",
              {"sid": "1", "events": [ev("190")]}, {"sid": "2", "events": []},
              {"sid": "3", "events": [ev("173")]}, {"sid": "4", "events": []})
    b = write(tmp_path / "b.jsonl",
              {"sid": "1", "events": [ev("193")]}, {"sid": "2", "events": []},
              {"sid": "3", "events": [ev("112")]}, {"sid": "4", "events": [ev("010")]},
              {"sid": "5", "events": []})
    r = agreement(a, b)
    assert r["sentences"] == 4 and r["only_in_b"] == 1 and r["only_in_a"] == 0
    # Labels a: 19 none 17 none; b: 19 none 11 01 -> observed 2/4.
    assert r["root_agreement"] == 0.5
    assert r["root_kappa"] == pytest.approx((0.5 - 3 / 16) / (1 - 3 / 16), abs=1e-4)
    # Event yes/no: a: T F T F; b: T F T T -> observed 3/4, expected (2*3 + 2*1)/16.
    assert r["event_agreement"] == 0.75 and r["event_kappa"] == pytest.approx(0.5, abs=1e-4)
    assert (r["a_events"], r["b_events"]) == (2, 3)


def test_evaluate_agreement_to_gold_offsets_not_text(tmp_path: Path) -> None:
    sentences = write(tmp_path / "sentences.jsonl",
                      {"sid": "d1:10-69", "corpus": "news", "doc_id": "d1", "start": 10, "end": 69, "text": S1},
                      {"sid": "d2:0-51", "corpus": "news", "doc_id": "d2", "start": 0, "end": 51, "text": S2})
    adjudicated = write(tmp_path / "adj.jsonl",
                        {"sid": "d1:10-69", "events": [
                            ev("190", source="MIL", source_text="Troops", target="REB",
                               target_text="rebel positions", trigger_text="shelled")]},
                        {"sid": "d2:0-51", "events": []})
    lines = to_gold(adjudicated, sentences, {"news": "news.jsonl"})
    assert lines[0] == {"format": "cormorant-gold", "version": 1, "corpora": {"news": "news.jsonl"}}
    (event,) = lines[1]["events"]
    assert event == {"code": "190", "source": "MIL", "target": "REB", "source_span": [0, 6],
                     "target_span": [15, 30], "trigger_span": [7, 14]}
    assert S1[15:30] == "rebel positions"
    out = tmp_path / "gold.jsonl"
    write_gold(lines, out)
    assert "Troops" not in out.read_text("utf-8") and "profits" not in out.read_text("utf-8")
    # The written file reads back through the corpus it points into.
    write(tmp_path / "news.jsonl", {"id": "d1", "text": "0123456789" + S1}, {"id": "d2", "text": S2})
    recs = load_gold(out)
    assert recs[0].text == S1 and recs[0].id == "d1:10-69" and recs[0].events[0].source_span == (0, 6)


def test_evaluate_agreement_to_gold_errors(tmp_path: Path) -> None:
    sentences = write(tmp_path / "s.jsonl", {"sid": "x", "corpus": "c", "doc_id": "d", "start": 0,
                                             "end": 51, "text": S2})
    missing = write(tmp_path / "a.jsonl", {"sid": "y", "events": []})
    with pytest.raises(EvaluationError, match="has no annotation"):
        to_gold(missing, sentences)
    bad_text = write(tmp_path / "b.jsonl", {"sid": "x", "events": [ev("010", source_text="Mr Nobody")]})
    with pytest.raises(EvaluationError, match="not in the sentence"):
        to_gold(bad_text, sentences)
    twice = write(tmp_path / "c.jsonl", {"sid": "x", "events": []}, {"sid": "x", "events": []})
    with pytest.raises(EvaluationError, match="annotated twice"):
        to_gold(twice, sentences)
