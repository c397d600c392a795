"""Store exports, each read back and checked: Phoenix, ICEWS, PLOVER JSON, CSV, Parquet."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cormorant.errors import ExportOutputError, QueryError
from cormorant.store import EventQuery, open_store
from cormorant.store.export import ICEWS_COLUMNS, MARKER, PHOENIX_COLUMNS
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


# -- what --overwrite may replace ------------------------------------------------------------

def _user_folder(path):
    path.mkdir()
    (path / "thesis.tex").write_text("years of work", encoding="utf-8")
    (path / "notes").mkdir()
    (path / "notes" / "a.txt").write_text("more", encoding="utf-8")
    return path


def test_store_export_overwrite_keeps_a_users_folder(store, tmp_path):
    folder = _user_folder(tmp_path / "data")
    with pytest.raises(ExportOutputError, match="directory"):
        store.export("csv", folder, overwrite=True)
    with pytest.raises(ExportOutputError, match="did not create"):
        store.export("parquet", folder, partition_by="year", overwrite=True)
    assert (folder / "thesis.tex").read_text("utf-8") == "years of work"
    assert (folder / "notes" / "a.txt").is_file()


def test_store_export_overwrite_replaces_a_file(store, tmp_path):
    out = tmp_path / "e.tsv"
    out.write_text("old contents\n", encoding="utf-8")
    report = store.export("phoenix", out, overwrite=True)
    assert report.rows == len(ROWS)
    assert "old contents" not in out.read_text("utf-8")
    assert tuple(_tsv(out).columns) == PHOENIX_COLUMNS


def test_store_export_overwrite_replaces_a_marked_dataset(store, tmp_path):
    out = tmp_path / "lake"
    store.export("parquet", out, partition_by="month")
    assert (out / MARKER).is_file()
    report = store.export("parquet", out, EventQuery(plover=("ASSAULT",)), partition_by="year",
                          overwrite=True)
    assert report.rows == 2 and pq.read_table(out).num_rows == 2
    assert not list(out.rglob("month=*"))  # the earlier month partitions are gone
    assert json.loads((out / MARKER).read_text("utf-8"))["partition_by"] == "year"


def test_store_export_overwrite_refuses_a_marked_dataset_with_other_files(store, tmp_path):
    out = tmp_path / "lake"
    store.export("parquet", out, partition_by="year")
    (out / "README.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportOutputError, match="README.txt"):
        store.export("parquet", out, partition_by="year", overwrite=True)
    assert (out / "README.txt").is_file() and (out / "year=2024").is_dir()


def test_store_export_overwrite_refuses_a_file_where_a_dataset_goes(store, tmp_path):
    out = tmp_path / "lake"
    out.write_text("a file", encoding="utf-8")
    with pytest.raises(ExportOutputError, match="not a directory"):
        store.export("parquet", out, partition_by="year", overwrite=True)
    assert out.read_text("utf-8") == "a file"


def test_store_export_streams_batches_from_any_fetch(tmp_path):
    """``export`` takes only a fetch function; each batch is written as it comes."""
    from cormorant.store.export import export

    rows = {"event_id": ["x1", "x2", "x3"], "date": [None] * 3, "n": [1, 2, 3]}
    calls = []

    def fetch(sql, params):
        calls.append(sql)
        return pa.table(rows).to_reader(max_chunksize=1)

    report = export(fetch, "csv", tmp_path / "f.csv", EventQuery())
    assert report.rows == 3 and len(calls) == 1
    assert list(pd.read_csv(tmp_path / "f.csv")["n"]) == [1, 2, 3]
