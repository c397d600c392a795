"""Store exports, each read back and checked: Phoenix, ICEWS, PLOVER JSON, CSV, Parquet."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from cormorant.errors import QueryError
from cormorant.store import EventQuery, open_store
from cormorant.store.export import ICEWS_COLUMNS, PHOENIX_COLUMNS
from store_records import ROWS, sample_documents


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    target = (request.getfixturevalue("postgres_url") if request.param == "postgres"
              else str(tmp_path / "x.duckdb"))
    with open_store(target) as s:
        s.ingest(sample_documents())
        yield s


def _tsv(path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)


def test_store_export_phoenix(store, tmp_path):
    out = tmp_path / "events.tsv"
    report = store.export("phoenix", out)
    assert report.rows == len(ROWS)
    df = _tsv(out).set_index("EventID")
    assert tuple(df.reset_index().columns) == PHOENIX_COLUMNS
    e3 = df.loc["e3"]
    assert (e3["Date"], e3["Year"], e3["Month"], e3["Day"]) == ("20240215", "2024", "2", "15")
    assert (e3["SourceActorFull"], e3["SourceActorEntity"], e3["SourceActorRole"]) == \
        ("RUSMIL", "RUS", "MIL")
    assert (e3["TargetActorFull"], e3["EventCode"], e3["EventRootCode"]) == ("UKRMIL", "195", "19")
    assert (e3["QuadClass"], float(e3["GoldsteinScore"])) == ("4", -10.0)
    assert (e3["LocationName"], e3["CountryCode"], float(e3["Lat"])) == ("Kharkiv", "UKR", 49.99)
    assert (e3["SentenceID"], e3["URLs"], e3["NewsSources"]) == \
        ("b_0", "https://example.org/b", "example.org")
    assert df.loc["e8", "Date"] == "" and df.loc["e8", "SourceActorFull"] == ""


def test_store_export_icews(store, tmp_path):
    out = tmp_path / "icews.tsv"
    store.export("icews", out, EventQuery(plover=("ASSAULT",)))
    df = _tsv(out).set_index("Event ID")
    assert tuple(df.reset_index().columns) == ICEWS_COLUMNS
    assert set(df.index) == {"e2", "e3"}
    e3 = df.loc["e3"]
    assert e3["Event Date"] == "2024-02-15" and e3["CAMEO Code"] == "195"
    assert e3["Source Country"] == "Russia" and e3["Target Country"] == "Ukraine"
    assert e3["Country"] == "Ukraine" and e3["City"] == "Kharkiv"
    assert e3["Story ID"] == "b" and e3["Sentence Number"] == "1"
    assert float(e3["Intensity"]) == -10.0 and e3["Event Text"]  # the CAMEO name
    assert e3["Source Sectors"] == "MIL" and e3["Publisher"] == "example.org"


def test_store_export_plover_json(store, tmp_path):
    out = tmp_path / "plover.jsonl"
    report = store.export("plover-json", out)
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert report.rows == len(records) == len(ROWS)
    by_id = {r["id"]: r for r in records}
    r = by_id["e3"]
    assert (r["date"], r["event"], r["cameo"]) == ("2024-02-15", "ASSAULT", "195")
    assert r["source"] == {"text": "the source", "code": "RUSMIL", "country": "RUS", "sector": "MIL"}
    assert r["target"]["code"] == "UKRMIL"
    assert r["location"]["name"] == "Kharkiv" and r["location"]["lat"] == pytest.approx(49.99)
    assert r["text"] == ROWS["e3"]["sentence"] and isinstance(r["context"], list)
    assert by_id["e8"]["source"] is None and by_id["e8"]["date"] is None
    assert by_id["e7"]["negated"] is True


def test_store_export_csv_events_level(store, tmp_path):
    out = tmp_path / "events.csv"
    store.export("csv", out, EventQuery(level="events"))
    df = pd.read_csv(out)
    assert len(df) == len(ROWS)  # no two sample mentions report the same event
    assert {"mention_count", "mention_ids", "doc_ids"} <= set(df.columns)
    assert set(df["mention_ids"]) == set(ROWS)


def test_store_export_csv_mentions(store, tmp_path):
    out = tmp_path / "m.csv"
    store.export("csv", out, EventQuery(country=("UKR",)))
    df = pd.read_csv(out)
    assert set(df["event_id"]) == {"e3", "e4", "e8"}
    assert df.set_index("event_id").loc["e4", "sentence"] == ROWS["e4"]["sentence"]


def test_store_export_parquet_file(store, tmp_path):
    out = tmp_path / "events.parquet"
    store.export("parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == len(ROWS)
    assert set(table.column("event_id").to_pylist()) == set(ROWS)
    assert str(table.schema.field("date").type) == "date32[day]"


def test_store_export_parquet_partitioned_reads_in_duckdb_polars_pyarrow(store, tmp_path):
    out = tmp_path / "lake"
    report = store.export("parquet", out, partition_by="month")
    assert (out / "year=2024" / "month=02").is_dir()
    assert report.rows == len(ROWS)
    glob = str(out / "**" / "*.parquet")
    con = duckdb.connect()
    got = con.execute(
        f"SELECT year, month, COUNT(*) FROM read_parquet('{glob}', hive_partitioning = true) "
        "GROUP BY ALL ORDER BY ALL").fetchall()
    assert (2024, 2, 2) in [(int(y), int(m), n) for y, m, n in got if y is not None
                            and str(y).isdigit()]
    frame = pl.read_parquet(glob, hive_partitioning=True)
    assert frame.height == len(ROWS)
    assert frame.filter(pl.col("event_id") == "e3")["cameo"].to_list() == ["195"]
    assert pq.read_table(out).num_rows == len(ROWS)  # pyarrow (and so Spark) read the tree
    years = {p.name for p in out.iterdir()}
    assert {"year=2023", "year=2024"} <= years


def test_store_export_refuses_to_overwrite_and_bad_requests(store, tmp_path):
    out = tmp_path / "e.csv"
    store.export("csv", out)
    with pytest.raises(QueryError, match="exists"):
        store.export("csv", out)
    assert store.export("csv", out, overwrite=True).rows == len(ROWS)
    with pytest.raises(QueryError, match="parquet"):
        store.export("csv", tmp_path / "p", partition_by="year")
    with pytest.raises(QueryError, match="unknown export format"):
        store.export("xml", tmp_path / "x.xml")
    with pytest.raises(QueryError, match="group"):
        store.export("csv", tmp_path / "g.csv", EventQuery(group_by="month"))
