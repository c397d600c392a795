"""Scoring of sentence-level event gold: countries, matching, summaries, bootstrap."""

from __future__ import annotations

import pytest

from cormorant.evaluate.gold_scoring import (
    Item,
    coded_country,
    common_errors,
    confusion,
    gold_country,
    intervals,
    max_matching,
    score_sentence,
    summarise,
)
from cormorant.records import Actor


def row(gold: list[Item], coded: list[Item]) -> dict:
    r = {"n_gold": len(gold), "n_coded": len(coded), "n_excluded": 0}
    r.update(score_sentence(gold, coded))
    return r


@pytest.mark.parametrize(("code", "key"), [
    ("INDCOP", "IND"), ("usa", "USA"), ("IGOUNO", "IGOUNO"), ("IGO", "IGO"), ("NGOAMN", "NGOAMN"),
    ("REB", None), ("GOV", None), (None, None), ("", None),
])
def test_evaluate_gold_scoring_gold_country(code: str | None, key: str | None) -> None:
    assert gold_country(code) == key


def test_evaluate_gold_scoring_coded_country() -> None:
    assert coded_country(Actor("Washington", "USAGOV", "USA", "GOV", (0, 10))) == "USA"
    assert coded_country(Actor("the UN", "IGOUNO", None, "IGO", (0, 6))) == "IGOUNO"
    assert coded_country(Actor("police", "COP", None, "COP", (0, 6))) == "COP"
    assert coded_country(None) is None


def test_evaluate_gold_scoring_levels() -> None:
    gold = [Item("173", "17", "KEN", "SOM")]
    r = score_sentence(gold, [Item("173", "17", "KEN", "UGA")])
    assert r["counts"] == {"root": [1, 1, 1], "root_source": [1, 1, 1], "triple": [0, 1, 1]}
    assert r["actor"] == {"source": [1, 1], "target": [0, 1]}
    assert r["errors"] == ["target country wrong"]


def test_evaluate_gold_scoring_null_gold_side_is_not_judged() -> None:
    r = score_sentence([Item("190", "19", None, None)], [Item("190", "19", "SYR", "TUR")])
    assert r["counts"]["triple"] == [1, 1, 1]
    assert r["actor"] == {"source": [0, 0], "target": [0, 0]}


def test_evaluate_gold_scoring_igo_prefix_accepts_any_igo() -> None:
    r = score_sentence([Item("042", "04", "IGO", None)], [Item("042", "04", "IGOUNO", None)])
    assert r["counts"]["root_source"] == [1, 1, 1]


def test_evaluate_gold_scoring_matching_is_one_to_one() -> None:
    # Two coded arrests and one gold arrest: one match, one spurious event.
    r = score_sentence([Item("173", "17", "KEN", None)],
                       [Item("173", "17", "KEN", None), Item("173", "17", "KEN", None)])
    assert r["counts"]["root"] == [1, 1, 2]
    assert r["errors"] == ["spurious 173"]


def test_evaluate_gold_scoring_matching_is_largest_not_first_come() -> None:
    # Gold 0 accepts either coded event, gold 1 only the first: a first-come pairing would
    # give gold 0 the first and leave gold 1 unmatched.
    gold = [Item("190", "19", None, None), Item("190", "19", "SYR", None)]
    coded = [Item("190", "19", "SYR", None), Item("190", "19", "TUR", None)]
    assert len(max_matching(gold, coded, lambda g, c: g.root == c.root and
                            (g.source is None or g.source == c.source))) == 2
    assert score_sentence(gold, coded)["counts"]["root_source"] == [2, 2, 2]


def test_evaluate_gold_scoring_confusion_and_errors() -> None:
    rows = [
        row([Item("173", "17", "KEN", None)], [Item("112", "11", "KEN", None)]),
        row([Item("042", "04", "FRA", "CHN")], []),
        row([], [Item("010", "01", "USA", None)]),
        row([], []),
    ]
    assert confusion(rows) == {"04": {"none": 1}, "17": {"11": 1}, "none": {"01": 1, "none": 1}}
    errs = {e["error"]: e["count"] for e in common_errors(rows)}
    assert errs == {"root 17 coded as 11": 1, "missed 042": 1, "spurious 010": 1}
    s = summarise(rows)
    assert s["root_precision"] == 0.0 and s["gold_events"] == 2 and s["coded_events"] == 2
    assert s["event_sentence_accuracy"] == 0.5  # sentences 1 and 4 agree on event / no event


def test_evaluate_gold_scoring_summary_prf() -> None:
    rows = [
        row([Item("173", "17", "KEN", "SOM")], [Item("173", "17", "KEN", "SOM"), Item("010", "01", None, None)]),
        row([Item("190", "19", "SYR", None)], []),
    ]
    s = summarise(rows)
    assert s["root_precision"] == 0.5 and s["root_recall"] == 0.5 and s["root_f1"] == 0.5
    assert s["triple_precision"] == 0.5 and s["source_country_accuracy"] == 1.0
    assert s["source_country_n"] == 1 and s["target_country_n"] == 1


def _rows(n: int) -> list[dict]:
    hit = row([Item("173", "17", "KEN", None)], [Item("173", "17", "KEN", None)])
    miss = row([Item("190", "19", "SYR", None)], [Item("010", "01", "SYR", None)])
    return [hit if i % 3 else miss for i in range(n)]


def test_evaluate_gold_scoring_bootstrap_is_deterministic() -> None:
    rows = _rows(60)
    a, b = intervals(rows, 1000, seed=7), intervals(rows, 1000, seed=7)
    assert a == b
    lo, hi = a["root_precision"]
    assert lo < summarise(rows)["root_precision"] < hi and hi - lo < 0.5
    assert intervals(rows) == intervals(rows, 1000, seed=20261203)  # the fixed default seed


def test_evaluate_gold_scoring_bootstrap_skips_undefined_resamples() -> None:
    # One sentence with a coded event among many without: resamples with no coded event have
    # no precision and are left out rather than counted as zero.
    rows = [row([Item("173", "17", None, None)], [Item("173", "17", None, None)])]
    rows += [row([], []) for _ in range(9)]
    assert intervals(rows, 500, seed=1)["root_precision"] == [1.0, 1.0]
    assert intervals([], 500) == {}
