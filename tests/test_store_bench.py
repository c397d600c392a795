"""The store benchmark's behaviour (small sizes; no wall-time assertions here).

Timings belong to ``cormorant bench --store [--max-query-seconds S]``, which runs
1,000,000 events and can fail on a query over budget.
"""

from __future__ import annotations

import json

import pytest

from cormorant.errors import BenchError
from cormorant.store.bench import (
    check_query_budget,
    ingest_benchmark,
    store_benchmark,
    synthetic_events_table,
)


def test_store_bench_reports_every_query(tmp_path):
    result = store_benchmark(8_000, repeat=1, ingest_docs=50)
    json.dumps(result)  # JSON-ready
    assert result["events"] == 8_000 and result["documents"] == 1_000
    assert 0 < result["dedup_events_same_day"] < 8_000  # repeated reports merge
    assert len(result["queries"]) >= 10
    assert all(q["seconds"] >= 0 and q["rows"] >= 0 for q in result["queries"])
    assert any(q["rows"] > 0 for q in result["queries"])
    assert result["max_query_seconds"] == max(q["seconds"] for q in result["queries"])
    assert result["ingest"]["documents"] == 50 and result["ingest"]["rerun_unchanged"] == 50


def test_store_bench_query_budget_names_the_slow_queries():
    report = {"queries": [{"name": "fast", "seconds": 0.01}, {"name": "by month", "seconds": 2.5}]}
    check_query_budget(report, 3.0)
    with pytest.raises(BenchError, match="by month 2.5 s") as err:
        check_query_budget(report, 1.0)
    assert "fast" not in str(err.value)


def test_store_bench_synthetic_table_shape():
    table = synthetic_events_table(5000, seed=2)
    assert table.num_rows == 5000
    assert set(table.column("quad_class").to_pylist()) <= {1, 2, 3, 4}
    assert table.column("date").null_count == 0


@pytest.mark.postgres
def test_store_bench_ingest_rate_on_postgres(postgres_url):
    result = ingest_benchmark(100, 4, target=postgres_url)
    assert result["events"] == 400 and result["rerun_unchanged"] == 100


def test_store_bench_keeps_the_store_it_builds_at_a_path(tmp_path):
    from cormorant.store import open_store

    db = tmp_path / "bench.duckdb"
    result = store_benchmark(2_000, path=db, repeat=1, ingest_docs=0)
    assert result["kept_store"] == str(db)
    with open_store(db) as store:
        assert store.counts()["events"] == 2_000
    with pytest.raises(BenchError, match="exists"):
        store_benchmark(2_000, path=db, repeat=1, ingest_docs=0)


def test_store_bench_cli_db_needs_store(tmp_path):
    from click.testing import CliRunner

    from cormorant.cli import main

    result = CliRunner().invoke(main, ["bench", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2 and "--store" in result.output
