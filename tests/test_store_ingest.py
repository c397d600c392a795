"""Store ingest: schema and migrations, idempotency, replacement, skipped inputs, recode.

Every test runs against DuckDB and against a real PostgreSQL server (``store_url``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import pytest

from cormorant.config import CoderConfig
from cormorant.errors import MigrationError, QueryError, StoreError
from cormorant.records import CodedDocument, Document, Skipped
from cormorant.store import EventQuery, RunInfo, open_store
from cormorant.store.bench import synthetic_coded_documents
from cormorant.store.schema import MIGRATIONS, Migration
from cormorant.store.versions import dictionary_version, lexicon_version
from store_records import ROWS, coded, event, sample_documents


def test_store_migrations_recorded_in_order(store_url):
    with open_store(store_url) as store:
        names = [name for name, _ in store.migrations()]
        assert names == [m.name for m in MIGRATIONS]
        assert all(applied is not None for _, applied in store.migrations())
    with open_store(store_url) as store:  # reopening applies nothing twice
        assert store.migrate() == []


def test_store_new_migration_applied_once(store_url):
    extra = (*MIGRATIONS, Migration("0099_test_note", ("CREATE TABLE notes (x INTEGER)",)))
    with open_store(store_url) as store:
        assert store.migrate(extra) == ["0099_test_note"]
        assert store.migrate(extra) == []
        assert [n for n, _ in store.migrations()][-1] == "0099_test_note"
    # An older cormorant (knowing fewer migrations) refuses the store rather than guess.
    with pytest.raises(MigrationError, match="another cormorant"):
        open_store(store_url)


def test_store_failed_migration_leaves_no_trace(store_url):
    bad = (*MIGRATIONS, Migration("0098_broken", ("CREATE TABLE t1 (x INTEGER)", "NOT SQL AT ALL")))
    with open_store(store_url) as store:
        with pytest.raises(MigrationError, match="0098_broken"):
            store.migrate(bad)
        assert "0098_broken" not in [n for n, _ in store.migrations()]
        assert store.migrate((*MIGRATIONS, Migration("0098_broken", ("CREATE TABLE t1 (x INTEGER)",)))) \
            == ["0098_broken"]


def test_store_stores_every_field_of_the_event_record(store_url):
    items = sample_documents()
    with open_store(store_url) as store:
        report = store.ingest(items, batch_size=2)
        stored = {e.event_id: e for e in store.events()}
    originals = {e.event_id: e for cd in items if isinstance(cd, CodedDocument) for e in cd.events}
    assert set(stored) == set(ROWS)
    for eid, ev in originals.items():
        assert stored[eid].to_dict() == ev.to_dict()
        assert stored[eid].extras == {"note": "hand-built"}
        assert stored[eid].source == ev.source  # entry ids survive too
    assert (report.new, report.skipped, report.events) == (4, 1, 8)


def test_store_documents_sentences_actors_and_runs(store_url):
    with open_store(store_url) as store:
        report = store.ingest(sample_documents(), RunInfo(dictionary_version="d1",
                                                           lexicon_version="l1", model="m"))
        docs = store.table("documents").set_index("doc_id")
        assert docs.loc["b", "status"] == "coded"
        assert docs.loc["b", "n_events"] == 2 and docs.loc["b", "n_sentences"] == 2
        assert docs.loc["b", "url"] == "https://example.org/b"
        assert docs.loc["b", "title"] == "Title b"
        assert len(docs.loc["b", "text_hash"]) == 32
        sentences = store.sql("SELECT * FROM sentences WHERE doc_id = 'b' ORDER BY sentence_index")
        assert list(sentences["text"]) == [ROWS["e3"]["sentence"], ROWS["e4"]["sentence"]]
        assert store.counts()["actors"] == 15  # e8 has no source
        runs = store.table("ingest_runs")
        assert list(runs["status"]) == ["complete"]
        run = runs.iloc[0]
        assert (run["dictionary_version"], run["lexicon_version"], run["model"]) == ("d1", "l1", "m")
        assert (run["n_new"], run["n_skipped"], run["n_events"]) == (4, 1, 8)
        assert run["run_id"] == report.run_id


def test_store_skipped_documents_kept_with_reason(store_url):
    with open_store(store_url) as store:
        store.ingest(sample_documents())
        docs = store.table("documents").set_index("doc_id")
        row = docs.loc["/data/broken.bin"]
        assert (row["status"], row["reason"], row["detail"]) == ("skipped", "binary",
                                                                  "NUL bytes at offset 12")
        assert store.counts()["skipped_documents"] == 1
        # A skipped input with the id of a stored document does not erase it.
        report = store.ingest([Skipped("/data/a.txt", "unreadable", "gone", doc_id="a")])
        assert report.skipped == 1
        assert store.table("documents").set_index("doc_id").loc["a", "status"] == "coded"
        assert len(store.query(EventQuery(doc_id=("a",)))) == 2


def test_store_ingest_is_idempotent(store_url):
    docs = list(synthetic_coded_documents(30, 3, seed=3))
    with open_store(store_url) as store:
        first = store.ingest(docs, batch_size=8)
        before = store.sql("SELECT * FROM events ORDER BY event_id")
        counts = store.counts()
        again = store.ingest(docs, batch_size=8)
        assert (first.new, first.events) == (30, 90)
        assert (again.new, again.replaced, again.unchanged, again.events) == (0, 0, 30, 0)
        after = store.sql("SELECT * FROM events ORDER BY event_id")
        assert before.drop(columns="run_id").equals(after.drop(columns="run_id"))
        assert set(after["run_id"]) == {first.run_id}  # nothing was rewritten
        assert {k: v for k, v in store.counts().items() if k != "ingest_runs"} == \
            {k: v for k, v in counts.items() if k != "ingest_runs"}


def test_store_changed_text_replaces_old_events(store_url):
    with open_store(store_url) as store:
        store.ingest(synthetic_coded_documents(10, 3, seed=5))
        changed = list(synthetic_coded_documents(10, 2, seed=6, version=1))[:4]
        report = store.ingest(changed)
        assert (report.replaced, report.new, report.events) == (4, 0, 8)
        assert store.counts()["documents"] == 10
        assert store.counts()["events"] == 4 * 2 + 6 * 3
        ev = store.query(EventQuery(doc_id=("syn-000000",)))
        assert len(ev) == 2 and all("(v1)" in s for s in ev["sentence"])
        assert store.counts()["sentences"] == 4 * 2 + 6 * 3


def test_store_last_copy_in_a_batch_wins(store_url):
    a1 = coded("x", [event("x1", **{**ROWS["e1"], "doc": "x"})], text="first text")
    a2 = coded("x", [event("x2", **{**ROWS["e2"], "doc": "x"})], text="second text")
    with open_store(store_url) as store:
        report = store.ingest([a1, a2])
        assert report.seen == 1 and report.new == 1
        assert list(store.query()["event_id"]) == ["x2"]


def test_store_rejects_other_objects(store_url):
    with open_store(store_url) as store, pytest.raises(StoreError, match="CodedDocument"):
        store.ingest([Document(id="raw", text="not coded")])  # type: ignore[list-item]


def test_store_bad_target_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="unsupported database URL"):
        open_store("mysql://localhost/x")
    with pytest.raises(StoreError, match="not a directory"):
        open_store(tmp_path / "missing" / "dir" / "x.duckdb")
    with pytest.raises(QueryError, match="quad class"):
        EventQuery(quad_class=(7,))


class FakeCoder:
    """Codes a document into one event whose trigger is the text's first word."""

    def __init__(self, config: CoderConfig) -> None:
        self.config = config
        self.coded: list[str] = []

    def code_many(self, items: Iterable[Document | Skipped]) -> Iterator[CodedDocument | Skipped]:
        for item in items:
            if isinstance(item, Skipped):
                yield item
                continue
            self.coded.append(item.id)
            ev = event(f"{item.id}-r", **{**ROWS["e3"], "doc": item.id})
            ev = dataclasses.replace(ev, sentence=item.text, rule=f"fake.{self.config.model}")
            yield CodedDocument(document=item, events=(ev,), sentences=((0, len(item.text)),))


def test_store_ingest_documents_codes_only_what_changed(store_url):
    coder = FakeCoder(CoderConfig())
    docs = [Document(id=f"d{i}", text=f"Report number {i}.") for i in range(5)]
    with open_store(store_url) as store:
        first = store.ingest_documents(docs, coder)  # type: ignore[arg-type]
        assert (first.new, first.events) == (5, 5)
        docs[2] = Document(id="d2", text="Report number 2, corrected.")
        coder.coded.clear()
        second = store.ingest_documents(
            [*docs, Skipped("/x/y.pdf", "format", "unsupported")], coder)  # type: ignore[arg-type]
        assert coder.coded == ["d2"]  # unchanged documents never reach the coder
        assert (second.unchanged, second.replaced, second.skipped, second.seen) == (4, 1, 1, 6)
        runs = store.table("ingest_runs")
        assert list(runs["dictionary_version"]) == [dictionary_version()] * 2
        assert list(runs["lexicon_version"]) == [lexicon_version()] * 2


def test_store_recode_after_dictionary_change(store_url, tmp_path):
    docs = [Document(id=f"d{i}", text=f"Report number {i}.") for i in range(4)]
    with open_store(store_url) as store:
        store.ingest_documents(docs, FakeCoder(CoderConfig()))  # type: ignore[arg-type]
        nothing = store.recode(FakeCoder(CoderConfig()))  # type: ignore[arg-type]
        assert nothing.replaced == 0
        extra = tmp_path / "my_actors.yaml"
        extra.write_text("- id: mine\n  names: [Someone]\n  code: XYZ\n", "utf-8")
        config = CoderConfig(actor_files=(extra,), model="other")
        coder = FakeCoder(config)
        report = store.recode(coder)  # type: ignore[arg-type]
        assert sorted(coder.coded) == ["d0", "d1", "d2", "d3"]
        assert (report.replaced, report.events) == (4, 4)
        assert set(store.query()["rule"]) == {"fake.other"}
        run = store.table("ingest_runs").iloc[-1]
        assert run["kind"] == "recode" and run["dictionary_version"] == dictionary_version(config)
        assert run["dictionary_version"] != dictionary_version()
        assert store.recode(FakeCoder(config)).replaced == 0  # now up to date  # type: ignore[arg-type]
        assert store.recode(FakeCoder(config), everything=True).replaced == 4  # type: ignore[arg-type]
        assert store.counts()["events"] == 4


def test_store_versions_follow_file_contents(tmp_path):
    f = tmp_path / "lex.yaml"
    f.write_text("- id: a\n", "utf-8")
    v1 = lexicon_version(CoderConfig(lexicon_files=(f,)))
    f.write_text("- id: b\n", "utf-8")
    v2 = lexicon_version(CoderConfig(lexicon_files=(f,)))
    assert v1 != v2 and lexicon_version() not in (v1, v2)
    assert len(v1) == 12 and dictionary_version() == dictionary_version()


def test_store_event_key_matches_its_sql_backfill(store_url):
    from cormorant.store.schema import EVENT_KEY_SQL

    with open_store(store_url) as store:
        store.ingest(sample_documents())
        keys = store.sql(f"SELECT event_id, event_key, {EVENT_KEY_SQL} AS backfill FROM events")
    assert len(keys) == len(ROWS)
    assert (keys["event_key"] == keys["backfill"]).all()
    assert keys["event_key"].str.len().eq(16).all()


def test_store_failed_run_is_recorded_and_keeps_committed_batches(store_url):
    def items():
        yield from synthetic_coded_documents(6, 2, seed=9)
        raise RuntimeError("the coder broke")

    with open_store(store_url) as store:
        with pytest.raises(RuntimeError, match="coder broke"):
            store.ingest(items(), batch_size=3)
        run = store.table("ingest_runs").iloc[-1]
        assert run["status"] == "failed" and run["n_new"] == 6
        assert store.counts()["documents"] == 6
