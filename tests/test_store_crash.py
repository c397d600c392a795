"""Crash safety: kill an ingesting process (SIGKILL), run again, every document stored once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from cormorant.store import open_store

N_DOCS = 120
EVENTS_PER_DOC = 6

# Ingests synthetic documents; optionally SIGKILLs itself when asked for document `kill_at`
# (mid-batch, after some batches were committed), and prints progress for timed kills.
SCRIPT = """
import os, signal, sys
from cormorant.store import open_store
from cormorant.store.bench import synthetic_coded_documents

target, n, kill_at, per_doc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def items():
    for i, cd in enumerate(synthetic_coded_documents(n, per_doc, seed=11)):
        if i == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if i == 40:
            print("progress", flush=True)
        yield cd

with open_store(target) as store:
    store.ingest(items(), batch_size=7)
print("done", flush=True)
"""


def _run(target: str, n: int, kill_at: int = -1, per_doc: int = EVENTS_PER_DOC,
         ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, target, str(n), str(kill_at), str(per_doc)],
                          capture_output=True, text=True, timeout=120, check=False)


def _check_exactly_once(target: str, n: int, per_doc: int = EVENTS_PER_DOC) -> int:
    """Every stored document is whole and stored once; returns how many there are."""
    with open_store(target) as store:
        counts = store.counts()
        stored = counts["documents"]
        assert stored <= n
        assert counts["events"] == stored * per_doc
        assert counts["sentences"] == stored * per_doc
        assert counts["actors"] == stored * per_doc * 2
        dup = store.sql("SELECT event_id FROM events GROUP BY event_id HAVING COUNT(*) > 1")
        assert len(dup) == 0
        # No partial documents: each document row matches the events stored for it.
        bad = store.sql(
            "SELECT d.doc_id FROM documents d LEFT JOIN "
            "(SELECT doc_id, COUNT(*) AS n FROM events GROUP BY doc_id) e ON e.doc_id = d.doc_id "
            "WHERE COALESCE(e.n, 0) <> d.n_events")
        assert len(bad) == 0
        orphans = store.sql(
            "SELECT e.doc_id FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
            "WHERE d.doc_id IS NULL")
        assert len(orphans) == 0
    return stored


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return str(tmp_path / "crash.duckdb")


def test_store_crash_mid_batch_then_rerun(target):
    killed = _run(target, N_DOCS, kill_at=23)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open_store(target) as store:
        # Three whole batches of 7 were committed; the open batch left nothing behind.
        assert store.counts()["documents"] == 21
        assert store.counts()["events"] == 21 * EVENTS_PER_DOC
        assert list(store.table("ingest_runs")["status"]) == ["running"]  # honest record
    done = _run(target, N_DOCS)
    assert done.returncode == 0, done.stderr
    assert _check_exactly_once(target, N_DOCS) == N_DOCS
    with open_store(target) as store:
        run = store.table("ingest_runs").iloc[-1]
        assert (run["n_unchanged"], run["n_new"], run["status"]) == (21, N_DOCS - 21, "complete")


def test_store_crash_at_random_moments_then_rerun(tmp_path):
    """SIGKILL from outside at random times during writes; the rerun completes exactly once."""
    target = str(tmp_path / "timed.duckdb")
    n, per_doc = 1500, 10
    rng = random.Random(5)
    kills = 0
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-c", SCRIPT, target, str(n), "-1", str(per_doc)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "progress" once writing is under way
        if line.strip() == "progress":
            time.sleep(rng.uniform(0.0, 0.4))
            os.kill(proc.pid, signal.SIGKILL)
        kills += proc.wait(timeout=120) == -signal.SIGKILL
        proc.stdout.close()
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.stderr.close()
        assert proc.returncode in (0, -signal.SIGKILL), f"attempt {attempt}: {err}"
        _check_exactly_once(target, n, per_doc)  # whole documents only, even right after a kill
    assert kills >= 1
    done = _run(target, n, per_doc=per_doc)
    assert done.returncode == 0, done.stderr
    assert _check_exactly_once(target, n, per_doc) == n
