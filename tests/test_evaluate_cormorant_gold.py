"""The cormorant-gold format: loading, corpus resolution, a stub-coded run, the real model."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from cormorant.errors import EvaluationError
from cormorant.evaluate import EvalOptions, evaluate
from cormorant.evaluate.cormorant_gold import load_gold, resolve_corpus
from cormorant.evaluate.split import half
from cormorant.records import Actor, CodedDocument, Document, Skipped
from test_records_schema import make_event

ARREST = "Kenyan police arrested two Somali traders in Nairobi on Monday."
MARKET = "Shares of the bakery chain rose three percent in early trading."
VISIT = "The French foreign minister visited Beijing last week."
KENCOP = Actor("Kenyan police", "KENCOP", "KEN", "COP", (0, 13))
SOMBUS = Actor("Somali traders", "SOMBUS", "SOM", "BUS", (27, 41))
FRAGOV = Actor("The French foreign minister", "FRAGOV", "FRA", "GOV", (0, 27))
CHN = Actor("Beijing", "CHNGOV", "CHN", "GOV", (36, 43))


def write(path: Path, *lines: dict) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return path


def gold_lines() -> list[dict]:
    return [
        {"format": "cormorant-gold", "version": 1},
        {"id": "s-arrest", "text": ARREST, "events": [
            {"code": "173", "source": "KENCOP", "target": "SOMBUS", "source_span": [0, 13],
             "target_span": [27, 41], "trigger_span": [14, 22]}]},
        {"id": "s-market", "text": MARKET, "events": []},
        {"id": "s-visit", "text": VISIT, "events": [{"code": "042", "source": "FRAGOV", "target": "CHN"}]},
    ]


class StubCoder:
    """Codes fixed events per document id (what a coder would return)."""

    def __init__(self, events: dict[str, tuple]) -> None:
        self.events = events

    def code_many(self, items: Iterable[Document | Skipped]) -> Iterator[CodedDocument | Skipped]:
        for d in items:
            assert isinstance(d, Document)
            yield CodedDocument(d, self.events.get(d.id, ()))


STUB = StubCoder({
    "s-arrest": (make_event(source=KENCOP, target=SOMBUS, cameo="173", cameo_root="17"),),
    # The market sentence gets a spurious event; the visit gets the wrong target country
    # and a negated event, which is left out.
    "s-market": (make_event(source=None, target=None, cameo="061", cameo_root="06"),),
    "s-visit": (make_event(source=FRAGOV, target=KENCOP, cameo="042", cameo_root="04"),
                make_event(source=FRAGOV, target=CHN, cameo="111", cameo_root="11", negated=True)),
})


def test_evaluate_cormorant_gold_loads_inline_text(tmp_path: Path) -> None:
    recs = load_gold(write(tmp_path / "g.jsonl", *gold_lines()))
    assert [r.id for r in recs] == ["s-arrest", "s-market", "s-visit"]
    assert recs[0].events[0].root == "17" and recs[0].events[0].trigger_span == (14, 22)
    assert recs[1].events == () and recs[2].events[0].target == "CHN"


def test_evaluate_cormorant_gold_run_with_stub_coder(tmp_path: Path) -> None:
    report = evaluate("cormorant-gold", write(tmp_path / "g.jsonl", *gold_lines()), STUB)  # type: ignore[arg-type]
    s = report["summary"]
    assert (s["sentences"], s["gold_events"], s["coded_events"], s["excluded_events"]) == (3, 2, 3, 1)
    assert s["root_precision"] == round(2 / 3, 4) and s["root_recall"] == 1.0
    assert s["root_source_precision"] == round(2 / 3, 4)
    assert s["triple_precision"] == round(1 / 3, 4) and s["triple_recall"] == 0.5
    assert s["event_sentence_accuracy"] == round(2 / 3, 4)
    assert s["source_country_accuracy"] == 1.0 and s["target_country_accuracy"] == 0.5
    assert report["confusion"]["all"] == {"04": {"04": 1}, "17": {"17": 1}, "none": {"06": 1}}
    errs = {e["error"] for e in report["errors"]["all"]}
    assert errs == {"spurious 061", "target country wrong"}
    assert set(report["intervals"]["all"]) >= {"root_precision", "triple_f1"}
    assert [r["half"] for r in report["records"]] == [half(i) for i in ("s-arrest", "s-market", "s-visit")]
    for h, part in report["halves"].items():
        assert part["sentences"] == sum(1 for r in report["records"] if r["half"] == h)


def test_evaluate_cormorant_gold_half_restricts_scoring(tmp_path: Path) -> None:
    path = write(tmp_path / "g.jsonl", *gold_lines())
    full = evaluate("cormorant-gold", path, STUB)  # type: ignore[arg-type]
    for which in ("tune", "check"):
        rep = evaluate("cormorant-gold", path, STUB, EvalOptions(half=which))  # type: ignore[arg-type]
        assert list(rep["halves"]) == [which]
        assert all(r["half"] == which for r in rep["records"])
        assert rep["summary"] == full["halves"][which]


def _corpus(tmp_path: Path) -> Path:
    return write(tmp_path / "news.jsonl", {"id": "d1", "text": "Headline here. " + ARREST},
                 {"id": "d2", "text": MARKET})


def test_evaluate_cormorant_gold_reads_text_from_corpus(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    path = write(tmp_path / "g.jsonl",
                 {"format": "cormorant-gold", "version": 1, "corpora": {"news": "news.jsonl"}},
                 {"corpus": "news", "doc_id": "d1", "start": 15, "end": 15 + len(ARREST),
                  "events": [{"code": "173", "source": "KENCOP", "target": None}]},
                 {"corpus": "news", "doc_id": "d2", "start": 0, "end": 10, "events": []})
    recs = load_gold(path)  # the header's relative path, found beside the gold file
    assert recs[0].text == ARREST and recs[0].id == f"d1:15-{15 + len(ARREST)}"
    assert recs[1].text == MARKET[:10] and recs[1].corpus == "news"
    assert load_gold(path, {"news": str(corpus)})[0].text == ARREST


def test_evaluate_cormorant_gold_missing_corpus_is_a_clear_error(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.jsonl", {"corpus": "elsewhere", "doc_id": "d1", "start": 0, "end": 5,
                                        "events": []})
    with pytest.raises(EvaluationError, match=r"corpus 'elsewhere' is not known; give it with --corpus"):
        load_gold(path)
    with pytest.raises(EvaluationError, match=r"corpus 'elsewhere': file .*nope.jsonl does not exist"):
        load_gold(path, {"elsewhere": str(tmp_path / "nope.jsonl")})
    with pytest.raises(EvaluationError, match=r"corpus 'reuters' not found \(tried .*\); give it with --corpus reuters=PATH"):
        resolve_corpus("reuters", {}, {"reuters": "missing/reuters.jsonl"}, tmp_path)


def test_evaluate_cormorant_gold_default_corpus_relative_to_cwd(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # ../shared/gold/multicoped_train.jsonl from a working directory beside "shared".
    shared = tmp_path / "shared" / "gold"
    shared.mkdir(parents=True)
    corpus = write(shared / "multicoped_train.jsonl", {"id": "m1", "text": VISIT})
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")
    assert resolve_corpus("multicoped", {}, {}, tmp_path).resolve() == corpus.resolve()


@pytest.mark.parametrize(("line", "message"), [
    ({"id": "a", "text": ARREST, "events": [{"code": "99"}]}, "not a CAMEO event code"),
    ({"id": "a", "text": ARREST, "events": [{"code": "173", "source_span": [5, 500]}]}, "bad span"),
    ({"id": "a", "text": ARREST, "events": [{"code": "173", "source": 7}]}, "actor code must be a string"),
    ({"id": "a", "text": ARREST}, "'events' must be a list"),
    ({"text": ARREST, "events": []}, "needs an 'id'"),
    ({"id": "a", "events": []}, "needs 'text', or 'corpus'"),
    ({"format": "other-gold"}, "header is not cormorant-gold"),
])
def test_evaluate_cormorant_gold_rejects_bad_lines(tmp_path: Path, line: dict, message: str) -> None:
    with pytest.raises(EvaluationError, match=message):
        load_gold(write(tmp_path / "g.jsonl", line, {"id": "z", "text": MARKET, "events": []}))


def test_evaluate_cormorant_gold_rejects_duplicates_and_empty(tmp_path: Path) -> None:
    line = {"id": "a", "text": ARREST, "events": []}
    with pytest.raises(EvaluationError, match="duplicate sentence id"):
        load_gold(write(tmp_path / "g.jsonl", line, line))
    with pytest.raises(EvaluationError, match="no gold sentences"):
        load_gold(write(tmp_path / "e.jsonl", {"format": "cormorant-gold", "version": 1}))


@pytest.mark.slow
def test_evaluate_cormorant_gold_real_model(coder, tmp_path: Path) -> None:
    report = evaluate("cormorant-gold", write(tmp_path / "g.jsonl", *gold_lines()), coder)
    by_id = {r["id"]: r for r in report["records"]}
    assert by_id["s-arrest"]["counts"]["root"][0] == 1  # the arrest is found
    assert report["summary"]["sentences"] == 3 and report["summary"]["root_recall"] > 0


def test_evaluate_cormorant_gold_docs_example_loads(tmp_path: Path) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "evaluation.md").read_text("utf-8")
    block = docs.split("```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.jsonl"
    path.write_text(block, "utf-8")
    recs = load_gold(path)
    assert [len(r.events) for r in recs] == [1, 0, 1]
    ev = recs[0].events[0]
    for span, text in ((ev.source_span, "Kenyan police"), (ev.target_span, "Somali traders"),
                       (ev.trigger_span, "arrested")):
        assert span is not None and recs[0].text[span[0]:span[1]] == text
