"""Lexicon coverage of actor-linked predicates (hand-written sentences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cormorant import Coder, CoderConfig
from cormorant.cli import main
from cormorant.events.coverage import CoverageReport, coverage, doc_predicates
from cormorant.records import Document


def _statuses(coder: Coder, text: str) -> dict[str, str]:
    nlp = coder.nlp
    ev = nlp.get_pipe("cormorant_events")
    return {key: status for key, status, _ in doc_predicates(nlp(text), ev.lexicon, ev.words)}


def test_events_coverage_report_share():
    r = CoverageReport(3, {"coded": 5, "known": 2, "declared": 1, "unknown": 2})
    assert r.linked == 10 and r.unknown_share == 0.2
    assert r.to_dict()["unknown_share"] == 0.2


@pytest.mark.slow
def test_events_coverage_statuses(coder):
    got = _statuses(coder, "Chinese police arrested two Japanese diplomats in Beijing.")
    assert got == {"arrest": "coded"}
    # A verb the lexicon has no frame for, linking two actors.
    got = _statuses(coder, "The Japanese government outwitted the Chinese government.")
    assert got == {"outwit": "unknown"}


@pytest.mark.slow
def test_events_coverage_looks_up_the_fixed_lemma(coder):
    # The model lemmatises "rated" as "rat"; coverage looks up the lemma the coder uses.
    got = _statuses(coder, "The Japanese government rated the Chinese government above Brazil.")
    assert got == {"rate": "declared"}


@pytest.mark.slow
def test_events_coverage_declared_nonevent(tmp_path):
    f = tmp_path / "lex.yaml"
    f.write_text(yaml.safe_dump({"entries": [
        {"id": "outwit.none", "lemma": "outwit", "cameo": "none"}]}), "utf-8")
    c = Coder(CoderConfig(lexicon_files=(f,), geoparse=False))
    assert _statuses(c, "The Japanese government outwitted the Chinese government.") == {
        "outwit": "declared"}


@pytest.mark.slow
def test_events_coverage_counts_unknown_with_location(coder):
    docs = [Document(id="d1", text="Kenya outwitted Uganda. Kenya outwitted Tanzania."),
            Document(id="d2", text="Police in Lagos arrested three Ghanaian traders.")]
    r = coverage(coder.nlp, docs, top=5)
    assert r.documents == 2 and r.counts["unknown"] == 2 and r.counts["coded"] == 1
    assert r.top[0].key == "outwit" and r.top[0].count == 2
    assert (r.top[0].doc_id, r.top[0].start, r.top[0].end) == ("d1", 0, 23)


@pytest.mark.slow
def test_events_coverage_cli(tmp_path: Path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "Kenya outwitted Uganda."}) + "\n", "utf-8")
    res = CliRunner().invoke(main, ["lexicon", "coverage", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["counts"]["unknown"] == 1 and out["top_unknown"][0]["predicate"] == "outwit"
