"""Store queries: every filter, group-bys, deduplication, frames; DuckDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from conftest import new_postgres_database
from cormorant.errors import QueryError
from cormorant.store import EventQuery, open_store
from store_records import ROWS, coded, event, sample_documents


@pytest.fixture(scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    """One store holding the hand-built sample, per backend, for the whole module."""
    if request.param == "postgres":
        target = new_postgres_database(request.getfixturevalue("postgres_server"), "q")
    else:
        target = str(tmp_path_factory.mktemp("query") / "q.duckdb")
    s = open_store(target)
    s.ingest(sample_documents())
    yield s
    s.close()


ALL = set(ROWS)

FILTERS = [
    ("date range", dict(start=dt.date(2024, 2, 1), end=dt.date(2024, 3, 31)), {"e3", "e4", "e5"}),
    ("from only", dict(start=dt.date(2024, 3, 1)), {"e5", "e6"}),
    ("actor either role", dict(actor=("CHN",)), {"e1", "e2"}),
    ("actor full code", dict(actor=("usagov",)), {"e1"}),
    ("source actor", dict(source=("RUS",)), {"e3"}),
    ("target actor", dict(target=("UKR",)), {"e3", "e8"}),
    ("two actors", dict(source=("USA", "FRA")), {"e1", "e5", "e6"}),
    ("country either role", dict(country=("UKR",)), {"e3", "e4", "e8"}),
    ("source country", dict(source_country=("UKR",)), {"e4"}),
    ("target country", dict(target_country=("RUS",)), {"e4"}),
    ("sector", dict(sector=("MIL",)), {"e2", "e3", "e6"}),
    ("cameo with children", dict(cameo=("19",)), {"e2", "e3"}),
    ("cameo exact", dict(cameo=("195",)), {"e3"}),
    ("cameo root", dict(root=("04",)), {"e1"}),
    ("cameo root one digit", dict(root=("4",)), {"e1"}),
    ("plover", dict(plover=("ASSAULT",)), {"e2", "e3"}),
    ("plover old name", dict(plover=("fight",)), {"e2", "e3"}),
    ("quad class", dict(quad_class=(4,)), {"e2", "e3", "e6"}),
    ("cooperation quads", dict(quad_class=(1, 2)), {"e1", "e5", "e8"}),
    ("place name", dict(place=("paris",)), {"e5"}),
    ("place country", dict(place=("IRQ",)), {"e6"}),
    ("bounding box", dict(bbox=(-10.0, 35.0, 40.0, 60.0)), {"e3", "e5"}),
    ("text", dict(text="shelled"), {"e3"}),
    ("text any case", dict(text="KHARKIV"), {"e3"}),
    ("document", dict(doc_id=("b",)), {"e3", "e4"}),
    ("no negated", dict(include_negated=False), ALL - {"e7"}),
    ("no hypothetical", dict(include_hypothetical=False), ALL - {"e6"}),
    ("combined", dict(country=("UKR",), quad_class=(4,)), {"e3"}),
    ("nothing matches", dict(source=("ZZZ",)), set()),
]


@pytest.mark.parametrize(("name", "kwargs", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
def test_store_query_filter(store, name, kwargs, expected):
    rows = store.query(EventQuery(**kwargs))
    assert set(rows["event_id"]) == expected, name


def test_store_query_rows_carry_document_and_evidence(store):
    rows = store.query(EventQuery(doc_id=("b",))).set_index("event_id")
    assert rows.loc["e3", "doc_url"] == "https://example.org/b"
    assert rows.loc["e3", "doc_title"] == "Title b"
    assert rows.loc["e3", "sentence"] == ROWS["e3"]["sentence"]
    assert rows.loc["e3", "trigger_text"] == "did" and rows.loc["e3", "rule"] == "test.195"
    assert rows.loc["e3", "lat"] == pytest.approx(49.99)
    # Rows come in date order, undated last.
    assert list(store.query()["event_id"])[-1] == "e8"


def _counts(frame: pd.DataFrame, *keys: str) -> dict:
    return {tuple(None if pd.isna(r[k]) else r[k] for k in keys): r["n_events"]
            for _, r in frame.iterrows()}


def test_store_query_group_by_month(store):
    got = _counts(store.query(EventQuery(group_by="month")), "period")
    assert got == {(dt.date(2023, 12, 1),): 1, (dt.date(2024, 1, 1),): 2,
                   (dt.date(2024, 2, 1),): 2, (dt.date(2024, 3, 1),): 1,
                   (dt.date(2024, 6, 1),): 1, (None,): 1}


def test_store_query_group_by_day_week_year(store):
    day = _counts(store.query(EventQuery(group_by="day")), "period")
    assert day[(dt.date(2024, 2, 15),)] == 2 and len(day) == 7
    week = _counts(store.query(EventQuery(group_by="week")), "period")
    assert week[(dt.date(2024, 1, 8),)] == 2  # ISO weeks start on Monday
    year = _counts(store.query(EventQuery(group_by="year")), "period")
    assert year == {(dt.date(2023, 1, 1),): 1, (dt.date(2024, 1, 1),): 6, (None,): 1}


@pytest.mark.parametrize(("by", "key", "count"), [
    ("dyad", ("RUSMIL", "UKRMIL"), 1),
    ("source", ("USAGOV",), 1),
    ("target", ("UKRGOV",), 1),
    ("code", ("195",), 1),
    ("root", ("19",), 2),
    ("plover", ("ASSAULT",), 2),
    ("quad", (4,), 3),
    ("country", ("UKR",), 1),
    ("source-country", ("USA",), 2),
    ("target-country", ("UKR",), 2),
])
def test_store_query_by_dimension(store, by, key, count):
    frame = store.query(EventQuery(by=by))
    from cormorant.store import BY_DIMENSIONS

    assert _counts(frame, *BY_DIMENSIONS[by])[key] == count
    assert frame["n_events"].sum() == len(ROWS)


def test_store_query_mean_goldstein_and_combined_grouping(store):
    frame = store.query(EventQuery(by="plover", group_by="year", quad_class=(4,)))
    row = frame[frame["plover"] == "ASSAULT"].iloc[0]
    assert row["mean_goldstein"] == pytest.approx(-10.0)
    assert row["period"] == dt.date(2024, 1, 1) and row["n_mentions"] == 2


def test_store_query_frames(store):
    q = EventQuery(plover=("ASSAULT",))
    assert isinstance(store.query(q), pd.DataFrame)
    pol = store.query(q, as_="polars")
    assert isinstance(pol, pl.DataFrame) and set(pol["event_id"].to_list()) == {"e2", "e3"}
    assert isinstance(store.query(q, as_="arrow"), pa.Table)


def test_store_query_limit_and_bad_requests(store):
    assert len(store.query(EventQuery(limit=3))) == 3
    for bad in (dict(level="sentences"), dict(group_by="decade"), dict(by="colour"),
                dict(cameo=("abc",)), dict(bbox=(10.0, 0.0, 5.0, 1.0)), dict(window=-1),
                dict(start=dt.date(2024, 2, 1), end=dt.date(2024, 1, 1))):
        with pytest.raises(QueryError):
            EventQuery(**bad)


# -- deduplication ---------------------------------------------------------------------------

SAME = dict(src=("RUSMIL", "RUS", "MIL"), tgt=("UKRMIL", "UKR", "MIL"), cameo="195",
            plover="ASSAULT", quad=4, g=-10.0)


def _report_docs() -> list:
    """Three outlets report one shelling; one a day late; one other event; one denial."""
    kh = ("Kharkiv", "UKR", 49.99, 36.23)
    return [
        coded("wire-1", [
            event("m1", doc="wire-1", date="2024-05-02", place=kh,
                  sentence="Russian guns shelled Kharkiv on Thursday.", **SAME),
            event("m2", doc="wire-1", date="2024-05-02", place=None, sentence_index=1,
                  sentence="The shelling of the city went on for hours.", **SAME),
        ], url="https://wire.example/1"),
        coded("paper-2", [
            event("m3", doc="paper-2", date="2024-05-02", place=None,
                  sentence="Kharkiv came under Russian artillery fire.", **SAME),
            event("m4", doc="paper-2", date="2024-05-02", src=SAME["src"], tgt=SAME["tgt"],
                  cameo="111", plover="ACCUSE", quad=3, g=-2.0, place=None, sentence_index=1,
                  sentence="Ukraine's army blamed Russian units."),
        ], url="https://paper.example/2"),
        coded("blog-3", [
            event("m5", doc="blog-3", date="2024-05-03", place=None,
                  sentence="Yesterday's shelling of Kharkiv was reported late.", **SAME),
            event("m6", doc="blog-3", date="2024-05-02", place=None, negated=True,
                  sentence_index=1, sentence="Moscow said it did not shell Kharkiv.", **SAME),
        ], url="https://blog.example/3"),
    ]


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def dedup_store(request, tmp_path):
    target = (request.getfixturevalue("postgres_url") if request.param == "postgres"
              else str(tmp_path / "d.duckdb"))
    with open_store(target) as s:
        s.ingest(_report_docs())
        yield s


def test_store_dedup_merges_mentions_across_documents(dedup_store):
    events = dedup_store.query(EventQuery(level="events"))
    assert len(events) == 4  # the shelling (3 mentions), its late report, the accusation, the denial
    main = events[events["mention_count"] == 3].iloc[0]
    assert list(main["mention_ids"]) == ["m1", "m2", "m3"]
    assert list(main["doc_ids"]) == ["paper-2", "wire-1"]
    assert main["doc_count"] == 2
    assert main["date"] == dt.date(2024, 5, 2)
    assert main["location_name"] == "Kharkiv"  # the representative mention names the place
    assert set(main["doc_url"].split(";")) == {"https://wire.example/1", "https://paper.example/2"}
    assert sorted(main["sentence_ids"]) == ["paper-2_0", "wire-1_0", "wire-1_1"]
    # Reversible: the mentions are all still there.
    assert len(dedup_store.query(EventQuery(level="mentions"))) == 6


def test_store_dedup_window_joins_next_day(dedup_store):
    events = dedup_store.query(EventQuery(level="events", window=1, include_negated=False))
    assert len(events) == 2
    main = events[events["cameo"] == "195"].iloc[0]
    assert main["mention_count"] == 4 and main["last_date"] == dt.date(2024, 5, 3)


def test_store_dedup_event_ids_are_stable(dedup_store, tmp_path):
    ids = set(dedup_store.query(EventQuery(level="events"))["event_id"])
    with open_store(tmp_path / "other.duckdb") as other:
        other.ingest(list(reversed(_report_docs())), batch_size=1)
        assert set(other.query(EventQuery(level="events"))["event_id"]) == ids


def test_store_dedup_group_counts(dedup_store):
    frame = dedup_store.query(EventQuery(level="events", by="code"))
    got = {r["cameo"]: (r["n_events"], r["n_mentions"]) for _, r in frame.iterrows()}
    assert got == {"195": (3, 5), "111": (1, 1)}
    mentions = dedup_store.query(EventQuery(level="mentions", by="code"))
    assert dict(zip(mentions["cameo"], mentions["n_events"], strict=True)) == {"195": 5, "111": 1}


def test_store_lookup_document_and_event(dedup_store):
    from cormorant.errors import NotFoundError

    doc = dedup_store.document("wire-1")
    assert doc["url"] == "https://wire.example/1" and doc["status"] == "coded"
    assert [e["event_id"] for e in doc["events"]] == ["m1", "m2"]
    by_mention = dedup_store.event("m3")
    assert by_mention["mention_count"] == 3
    assert [m["event_id"] for m in by_mention["mentions"]] == ["m1", "m2", "m3"]
    assert dedup_store.event(by_mention["event_id"]) == by_mention
    with pytest.raises(NotFoundError):
        dedup_store.document("nope")
    with pytest.raises(NotFoundError):
        dedup_store.event("nope")


@pytest.mark.parametrize("level", ["mentions", "events"])
def test_store_query_pages_with_limit_and_offset(store, level):
    everything = list(store.query(EventQuery(level=level))["event_id"])
    pages = [list(store.query(EventQuery(level=level, limit=3, offset=o))["event_id"])
             for o in (0, 3, 6)]
    assert sum(pages, []) == everything
    with pytest.raises(QueryError):
        EventQuery(offset=-1)


def test_store_query_after_pages_by_keyset(tmp_path):
    """``after`` continues the row order after a row, like ``offset`` but at any depth."""
    from cormorant.store import EventQuery, open_store
    from cormorant.store.bench import synthetic_coded_documents

    with open_store(tmp_path / "k.duckdb") as store:
        store.ingest(synthetic_coded_documents(30, 3, seed=5, days=10))
        for level in ("mentions", "events"):
            everything = store.query(EventQuery(level=level), as_="arrow").to_pylist()
            walked, after = [], None
            while True:
                page = store.query(EventQuery(level=level, limit=7, after=after),
                                   as_="arrow").to_pylist()
                walked += [r["event_id"] for r in page]
                if len(page) < 7:
                    break
                after = (page[-1]["date"], page[-1]["event_id"])
            assert walked == [r["event_id"] for r in everything]
            assert len(walked) > 40
