"""``cormorant ingest | recode | query | export`` through click's CliRunner."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cormorant.cli import main
from cormorant.store import open_store
from store_records import ROWS, sample_documents


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.duckdb"
    with open_store(path) as s:
        s.ingest(sample_documents())
    return str(path)


def _ok(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_store_cli_query_csv_with_filters(db):
    out = _ok(["query", "--db", db, "--country", "UKR", "--quad", "4"])
    rows = list(pd.read_csv(pd.io.common.StringIO(out))["event_id"])
    assert rows == ["e3"]


def test_store_cli_query_group_and_by(db):
    out = _ok(["query", "--db", db, "--group-by", "year", "--by", "plover", "--format", "jsonl"])
    records = [json.loads(line) for line in out.splitlines()]
    assault = [r for r in records if r["plover"] == "ASSAULT"]
    assert assault == [{"period": "2024-01-01", "plover": "ASSAULT", "n_events": 2,
                        "n_mentions": 2, "mean_goldstein": -10.0}]


def test_store_cli_query_events_level_table(db):
    out = _ok(["query", "--db", db, "--level", "events", "--format", "table", "--text", "shelled"])
    assert "RUSMIL" in out and "UKRMIL" in out and "mention_count" in out


def test_store_cli_query_every_filter_option(db):
    args = ["query", "--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--actor", "RUS",
            "--source", "RUS", "--target", "UKR", "--country", "RUS", "--source-country", "RUS",
            "--target-country", "UKR", "--sector", "MIL", "--cameo", "19", "--root", "19",
            "--plover", "ASSAULT", "--quad", "4", "--place", "Kharkiv",
            "--bbox", "30,45,40,55", "--text", "artillery", "--doc", "b", "--no-negated",
            "--no-hypothetical", "--format", "jsonl"]
    records = [json.loads(line) for line in _ok(args).splitlines()]
    assert [r["event_id"] for r in records] == ["e3"]


def test_store_cli_query_parquet_needs_output(db, tmp_path):
    result = CliRunner().invoke(main, ["query", "--db", db, "--format", "parquet"])
    assert result.exit_code == 2 and "--output" in result.output
    out = tmp_path / "q.parquet"
    _ok(["query", "--db", db, "--format", "parquet", "--output", str(out), "--by", "code"])
    assert sum(pq.read_table(out).column("n_events").to_pylist()) == len(ROWS)


def test_store_cli_bad_input_is_one_line_error(db, tmp_path):
    result = CliRunner().invoke(main, ["query", "--db", "mysql://x/y"])
    assert result.exit_code == 1 and "unsupported database URL" in result.output
    result = CliRunner().invoke(main, ["query", "--db", db, "--bbox", "1,2,3"])
    assert result.exit_code == 2 and "four numbers" in result.output
    result = CliRunner().invoke(main, ["query", "--db", db, "--from", "yesterday"])
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["phoenix", "icews", "plover-json", "csv", "parquet"])
def test_store_cli_export_formats(db, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", fmt, "-o", str(out),
                                       "--level", "events"])
    assert result.exit_code == 0, result.output
    assert f"{len(ROWS)} rows written" in result.output
    assert out.stat().st_size > 0


def test_store_cli_export_partitioned(db, tmp_path):
    out = tmp_path / "lake"
    _ok(["export", "--db", db, "--format", "parquet", "-o", str(out), "--partition-by", "year"])
    assert (out / "year=2024").is_dir() and (out / "year=2023").is_dir()
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "parquet", "-o", str(out),
                                       "--partition-by", "year"])
    assert result.exit_code == 1 and "exists" in result.output



def _export(db, out, *extra):
    return CliRunner().invoke(main, ["export", "--db", db, "-o", str(out), *extra])


def test_store_cli_export_overwrite_leaves_a_users_folder(db, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    result = _export(db, folder, "--format", "csv", "--overwrite")
    assert result.exit_code == 1 and "is a directory" in result.output
    result = _export(db, folder, "--format", "parquet", "--partition-by", "year", "--overwrite")
    assert result.exit_code == 1 and "did not create" in result.output
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert (folder / "keep.txt").read_text("utf-8") == "mine"


def test_store_cli_export_overwrite_replaces_its_own_output(db, tmp_path):
    lake, csv_file = tmp_path / "lake", tmp_path / "e.csv"
    csv_file.write_text("stale\n", encoding="utf-8")
    assert _export(db, csv_file, "--format", "csv", "--overwrite").exit_code == 0
    assert len(pd.read_csv(csv_file)) == len(ROWS)
    _ok(["export", "--db", db, "--format", "parquet", "-o", str(lake), "--partition-by", "month"])
    result = _export(db, lake, "--format", "parquet", "--partition-by", "year", "--overwrite",
                     "--country", "UKR")
    assert result.exit_code == 0, result.output
    assert pq.read_table(lake).num_rows == 3 and not list(lake.rglob("month=*"))

# -- end to end with the real pipeline -------------------------------------------------------

ARTICLES = {
    "harbour.txt": "PORT SALVEN, March 3, 2024 - Police in Norway arrested two fishermen on "
                   "Tuesday after a protest at the harbour.\n",
    "summit.txt": "GENEVA, April 9, 2024 - The French president met the German chancellor in "
                  "Geneva on Monday to discuss energy prices.\n",
}


@pytest.mark.slow
def test_store_cli_ingest_end_to_end(tmp_path, coder, monkeypatch):
    import cormorant.cli.store as cli_store

    monkeypatch.setattr(cli_store, "make_coder", lambda config: coder)
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, "utf-8")
    (folder / "empty.txt").write_text("   \n", "utf-8")
    db = str(tmp_path / "e2e.duckdb")

    first = CliRunner().invoke(main, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 0, first.output
    assert "2 new, 0 replaced, 0 unchanged, 1 skipped" in first.output
    with open_store(db) as store:
        counts = store.counts()
        assert counts["documents"] == 3 and counts["skipped_documents"] == 1
        n_events = counts["events"]
        assert n_events == len(store.query())

    again = CliRunner().invoke(main, ["ingest", str(folder), "--db", db])
    assert "0 new, 0 replaced, 2 unchanged, 1 skipped" in again.output

    (folder / "summit.txt").write_text(ARTICLES["summit.txt"].replace("Monday", "Friday"), "utf-8")
    changed = CliRunner().invoke(main, ["ingest", str(folder), "--db", db])
    assert "0 new, 1 replaced, 1 unchanged" in changed.output

    recode = CliRunner().invoke(main, ["recode", "--db", db])
    assert recode.exit_code == 0 and "0 documents re-coded" in recode.output
    recode_all = CliRunner().invoke(main, ["recode", "--db", db, "--all"])
    assert "2 documents re-coded" in recode_all.output
    with open_store(db) as store:
        assert store.counts()["documents"] == 3
        runs = store.table("ingest_runs")
        assert list(runs["kind"]) == ["ingest"] * 3 + ["recode"] * 2
        assert runs["dictionary_version"].notna().all()
