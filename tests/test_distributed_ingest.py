"""Ingest on a real local Dask cluster (two worker processes): workers code, this process
writes. A worker killed mid-run loses nothing; a writer stopped mid-run loses nothing that
a rerun does not store, and a rerun duplicates nothing."""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cormorant.config import CoderConfig
from cormorant.records import CodedDocument, Document
from cormorant.store import open_store

pytestmark = pytest.mark.slow

SENTENCES = [
    "Police in Nairobi arrested twelve protesters outside parliament on Monday.",
    "The French foreign minister met his German counterpart in Berlin to discuss trade.",
    "Rebels attacked an army base near the northern border, killing four soldiers.",
    "Japan offered emergency aid to Indonesia after the floods.",
    "The Brazilian government rejected the union's demand for higher wages.",
    "Russian troops shelled the town overnight, local officials said.",
    "President Lula called for new talks with Argentina on the river dispute.",
    "Students in Seoul protested against the new education law.",
    "Egypt condemned the air strike and summoned the Israeli ambassador.",
    "The Kenyan court sentenced the former mayor to five years in prison.",
]
DATE = dt.date(2024, 3, 4)


def _docs() -> list[Document]:
    return [Document(id=f"doc-{i:02d}", text=t, date=DATE, source="test")
            for i, t in enumerate(SENTENCES)]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client

    from cormorant.distributed import local_cluster, preload

    with local_cluster(2) as cluster, Client(cluster) as c:
        preload(c, CoderConfig())
        yield c


def _stored_events(path: Path) -> list[tuple[str, str]]:
    with open_store(path) as store:
        rows = store.sql("SELECT event_id, cameo FROM events ORDER BY event_id")
    return [tuple(r) for r in rows.values.tolist()]


def _expected_events(coder: Any) -> list[tuple[str, str]]:
    coded = [r for r in coder.code_many(_docs()) if isinstance(r, CodedDocument)]
    return sorted((e.event_id, e.cameo) for cd in coded for e in cd.events)


def _profiling_on() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


def _malloc_and_blas_environ() -> tuple[str | None, str | None]:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OPENBLAS_NUM_THREADS")


def test_distributed_code_on_cluster_gives_what_one_process_gives(client: Any, coder: Any) -> None:
    """Workers ship coded documents back without their text; the client puts its own back,
    so the records are equal to a single process's, text included."""
    from cormorant.distributed import code_on_cluster
    from cormorant.records import Skipped

    docs: list[Document | Skipped] = [*_docs()[:4], Skipped("bad.txt", "binary"), *_docs()[4:]]
    on_cluster = list(code_on_cluster(docs, client, CoderConfig(), partition_size=3))
    assert on_cluster == list(coder.code_many(docs))
    assert [r.document.text for r in on_cluster if isinstance(r, CodedDocument)] == SENTENCES
    # The local cluster's workers run without Dask's sampling profiler.
    assert set(client.run(_profiling_on).values()) == {False}
    # ... and without Dask's malloc trim threshold (a quarter of a worker's CPU went to page
    # faults with it), but still with the one BLAS thread the nanny sets.
    assert set(client.run(_malloc_and_blas_environ).values()) == {(None, "1")}


def test_distributed_ingest_survives_a_killed_worker(client: Any, coder: Any, tmp_path: Path) -> None:
    from cormorant.distributed import ClusterCoder

    killed: list[int] = []

    def kill_a_busy_worker(n_done: int) -> None:
        if n_done != 1:
            return
        pids = client.run(os.getpid)
        busy = [w for w, keys in client.processing().items() if keys] or list(pids)
        killed.append(pids[busy[0]])
        os.kill(pids[busy[0]], signal.SIGKILL)

    path = tmp_path / "events.duckdb"
    cluster_coder = ClusterCoder(client, CoderConfig(), partition_size=1, max_in_flight=4,
                                 on_partition=kill_a_busy_worker)
    with open_store(path) as store:
        report = store.ingest_documents(_docs(), cluster_coder, batch_size=3)
    assert killed, "no worker was killed"
    assert killed[0] not in client.run(os.getpid).values()
    assert (report.new, report.seen, report.skipped) == (len(SENTENCES), len(SENTENCES), 0)
    events = _stored_events(path)
    assert events == _expected_events(coder)
    assert len(events) >= len(SENTENCES) // 2

    # A rerun codes nothing again and stores nothing twice.
    with open_store(path) as store:
        again = store.ingest_documents(_docs(), ClusterCoder(client, CoderConfig()), batch_size=3)
        assert store.counts()["documents"] == len(SENTENCES)
    assert (again.new, again.unchanged) == (0, len(SENTENCES))
    assert _stored_events(path) == events


class WriterStopped(BaseException):
    """Stands for the writer dying: not an Exception, so nothing on the way catches it."""


def test_distributed_ingest_writer_stopped_then_rerun_stores_each_once(
        client: Any, coder: Any, tmp_path: Path) -> None:
    from cormorant.distributed import ClusterCoder

    def stop_writer(n_done: int) -> None:
        if n_done == 5:
            raise WriterStopped

    path = tmp_path / "events.duckdb"
    with open_store(path) as store, pytest.raises(WriterStopped):
        store.ingest_documents(_docs(), ClusterCoder(client, CoderConfig(), partition_size=1,
                                                     on_partition=stop_writer), batch_size=2)
    with open_store(path) as store:
        partial = store.counts()["documents"]
        runs = store.sql("SELECT status FROM ingest_runs")["status"].tolist()
    # Batches of two: the four documents written before the stop are committed, the fifth not.
    assert partial == 4
    assert runs == ["failed"]

    with open_store(path) as store:
        report = store.ingest_documents(_docs(), ClusterCoder(client, CoderConfig()), batch_size=2)
        assert store.counts()["documents"] == len(SENTENCES)
    assert (report.new, report.unchanged) == (len(SENTENCES) - partial, partial)
    assert _stored_events(path) == _expected_events(coder)
