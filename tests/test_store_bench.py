"""The store benchmark (small sizes here; `cormorant bench --store` runs 1,000,000 events)."""

from __future__ import annotations

import json

import pytest

from cormorant.store.bench import ingest_benchmark, store_benchmark, synthetic_events_table


def test_store_bench_reports_every_query(tmp_path):
    result = store_benchmark(20_000, repeat=1, ingest_docs=200)
    json.dumps(result)  # JSON-ready
    assert result["events"] == 20_000 and result["documents"] == 2_500
    assert 0 < result["dedup_events_same_day"] < 20_000  # repeated reports merge
    assert len(result["queries"]) >= 10
    assert all(q["seconds"] >= 0 and q["rows"] >= 0 for q in result["queries"])
    assert result["max_query_seconds"] < 5
    assert result["ingest"]["documents"] == 200 and result["ingest"]["rerun_unchanged"] == 200


def test_store_bench_synthetic_table_shape():
    table = synthetic_events_table(5000, seed=2)
    assert table.num_rows == 5000
    assert set(table.column("quad_class").to_pylist()) <= {1, 2, 3, 4}
    assert table.column("date").null_count == 0


@pytest.mark.postgres
def test_store_bench_ingest_rate_on_postgres(postgres_url):
    result = ingest_benchmark(100, 4, target=postgres_url)
    assert result["events"] == 400 and result["rerun_unchanged"] == 100
