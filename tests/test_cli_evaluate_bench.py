"""``cormorant evaluate`` and ``cormorant bench`` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cormorant.cli import main

BENCH_KEYS = {
    "docs", "sentences", "words", "load_s", "parse_only_words_per_s", "full_words_per_s", "ratio",
    "coding_only_sentences_per_s", "peak_rss_mb", "full_cpu_s", "full_cpu_s_per_1k_words",
    "full_words_per_cpu_s",
}


def _gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps([
        {"id": "r1", "event": "DEMAND", "text": "Kenya demanded that Uganda release the detained traders.",
         "source": [{"actorText": "Kenya", "code": "KEN"}], "target": [{"actorText": "Uganda", "code": "UGA"}]},
        {"id": "r2", "event": "FIGHT", "text": "Sudanese troops shelled rebel positions near Juba on Monday.",
         "source": [{"actorText": "Sudanese troops", "code": "SDN"}], "target": ""},
    ]))
    return path


@pytest.fixture
def runner(coder, monkeypatch) -> CliRunner:
    import cormorant.cli.evaluate as evaluate_cli

    monkeypatch.setattr(evaluate_cli, "make_coder", lambda *_: coder)
    return CliRunner()


@pytest.mark.slow
def test_cli_evaluate_plover_gsr_json(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["evaluate", str(_gold(tmp_path)), "--format", "plover-gsr", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["summary"]["records"] == 2
    assert [r["id"] for r in report["records"]] == ["r1", "r2"]
    assert report["records"][0]["event"] is True  # a REQUEST was coded for "demanded"
    assert set(report["confusion"]) == {"REQUEST", "ASSAULT"}


@pytest.mark.slow
def test_cli_evaluate_table(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["evaluate", str(_gold(tmp_path)), "--format", "plover-gsr"])
    assert res.exit_code == 0, res.output
    assert "event_accuracy" in res.stdout and "Confusion" in res.stdout


def test_cli_evaluate_bad_gold_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    res = CliRunner().invoke(main, ["evaluate", str(bad), "--format", "plover-gsr"])
    assert res.exit_code == 1
    assert "Error:" in res.output and "Traceback" not in res.output


def test_cli_evaluate_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["evaluate", str(_gold(tmp_path)), "--format", "nope"])
    assert res.exit_code == 2


@pytest.mark.slow
def test_cli_evaluate_half_check(runner: CliRunner, tmp_path: Path) -> None:
    from cormorant.evaluate.split import half

    res = runner.invoke(main, ["evaluate", str(_gold(tmp_path)), "--format", "plover-gsr",
                               "--half", "check", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["half"] == "check" and list(report["halves"]) == ["check"]
    assert [r["id"] for r in report["records"]] == [i for i in ("r1", "r2") if half(i) == "check"]


@pytest.fixture
def stub_runner(monkeypatch) -> CliRunner:
    import cormorant.cli.evaluate as evaluate_cli
    from test_evaluate_cormorant_gold import STUB

    monkeypatch.setattr(evaluate_cli, "make_coder", lambda *_: STUB)
    return CliRunner()


def test_cli_evaluate_cormorant_gold_table_and_json(stub_runner: CliRunner, tmp_path: Path) -> None:
    from test_evaluate_cormorant_gold import gold_lines, write

    gold = str(write(tmp_path / "g.jsonl", *gold_lines()))
    res = stub_runner.invoke(main, ["evaluate", gold, "--format", "cormorant-gold"])
    assert res.exit_code == 0, res.output
    for text in ("tune", "check", "all", "root_precision", "triple_f1", "Root confusion", "spurious 061"):
        assert text in res.stdout
    res = stub_runner.invoke(main, ["evaluate", gold, "--format", "cormorant-gold", "--json"])
    report = json.loads(res.stdout)
    assert report["format"] == "cormorant-gold" and report["summary"]["sentences"] == 3
    assert set(report["intervals"]) == {"tune", "check", "all"}


def test_cli_evaluate_corpus_option(stub_runner: CliRunner, tmp_path: Path) -> None:
    from test_evaluate_cormorant_gold import ARREST, write

    corpus = write(tmp_path / "c.jsonl", {"id": "d1", "text": ARREST})
    gold = str(write(tmp_path / "g.jsonl", {"corpus": "mine", "doc_id": "d1", "start": 0,
                                            "end": len(ARREST), "events": []}))
    res = stub_runner.invoke(main, ["evaluate", gold, "--format", "cormorant-gold", "--json",
                                    "--corpus", f"mine={corpus}"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["records"][0]["id"] == f"d1:0-{len(ARREST)}"
    res = stub_runner.invoke(main, ["evaluate", gold, "--format", "cormorant-gold"])
    assert res.exit_code == 1 and "corpus 'mine' is not known" in res.output
    res = stub_runner.invoke(main, ["evaluate", gold, "--format", "cormorant-gold", "--corpus", "mine"])
    assert res.exit_code == 2 and "NAME=PATH" in res.output


def test_cli_evaluate_half_needs_a_halved_format(stub_runner: CliRunner, tmp_path: Path) -> None:
    res = stub_runner.invoke(main, ["evaluate", str(_gold(tmp_path)), "--format", "lgl", "--half", "tune"])
    assert res.exit_code == 1 and "no tune/check halves" in res.output


@pytest.mark.slow
def test_cli_bench_json_on_the_shipped_sample() -> None:
    res = CliRunner().invoke(main, ["bench", "--docs", "6", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert BENCH_KEYS <= set(report)
    assert report["docs"] == 6 and report["words"] > 0 and report["sentences"] > 0
    assert 0 < report["ratio"] and report["peak_rss_mb"] > 0
    assert report["full_cpu_s"] > 0 and report["full_words_per_cpu_s"] > 0


@pytest.mark.parametrize("value", ["0", "1,x", ","])
def test_cli_bench_workers_rejects_bad_counts(value: str) -> None:
    res = CliRunner().invoke(main, ["bench", "--workers", value])
    assert res.exit_code == 2 and "--workers" in res.output


def test_cli_bench_workers_not_with_store() -> None:
    res = CliRunner().invoke(main, ["bench", "--workers", "1,2", "--store"])
    assert res.exit_code == 2 and "--store" in res.output


@pytest.mark.slow
def test_cli_bench_workers_json_one_worker() -> None:
    """The scaling report's shape on a one-worker local cluster (two would double the cost)."""
    res = CliRunner().invoke(main, ["bench", "--workers", "1", "--docs", "4", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    run = report["runs"]["1"]
    assert report["docs"] == 4 and report["speedup"] == 1.0 and report["speedup_of"] == [1, 1]
    assert run["code_s"] > 0 and run["words_per_s"] > 0 and run["events"] > 0
    assert run["model_load_s"] > 0 and len(run["worker_peak_rss_mb"]) == 1
    assert run["worker_cpu_ms_per_doc"] > 0 and run["client_cpu_ms_per_doc"] >= 0


def test_cli_bench_dictionaries_not_with_store() -> None:
    res = CliRunner().invoke(main, ["bench", "--store", "--dictionaries", "petrarch:x"])
    assert res.exit_code == 2 and "--dictionaries" in res.output
