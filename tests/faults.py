"""Helpers for the fault tests: a child process that ingests synthetic documents, and a
check that a store holds whole documents, each once."""

from __future__ import annotations

import subprocess
import sys

PER_DOC = 6
BATCH = 7

# argv: target n kill_at pause. Ingests `n` synthetic coded documents in batches of BATCH;
# SIGKILLs itself when asked for document `kill_at` (-1: never); sleeps `pause` seconds
# per document (to hold the store open); says "progress" once the first batch is in.
INGEST = f"""
import os, signal, sys, time
from cormorant.errors import CormorantError
from cormorant.store import open_store
from cormorant.store.bench import synthetic_coded_documents

target, n, kill_at, pause = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])

def items():
    for i, cd in enumerate(synthetic_coded_documents(n, {PER_DOC}, seed=11)):
        if i == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if i == {BATCH} + 1:
            print("progress", flush=True)
        if pause:
            time.sleep(pause)
        yield cd

try:
    with open_store(target) as store:
        report = store.ingest(items(), batch_size={BATCH})
except CormorantError as e:
    print(f"error: {{e}}", file=sys.stderr)
    sys.exit(1)
print("done", report.new, report.unchanged, flush=True)
"""


def start(target: str, n: int, kill_at: int = -1, pause: float = 0.0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", INGEST, target, str(n), str(kill_at), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(target: str, n: int, kill_at: int = -1, pause: float = 0.0) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", INGEST, target, str(n), str(kill_at), str(pause)],
                          capture_output=True, text=True, timeout=300, check=False)


def check_whole(target: str, n: int) -> int:
    """Every stored document is whole and stored once; returns how many there are."""
    from cormorant.store import open_store

    with open_store(target) as store:
        counts = store.counts()
        stored = counts["documents"]
        assert stored <= n
        assert counts["events"] == stored * PER_DOC
        assert counts["sentences"] == stored * PER_DOC
        assert counts["actors"] == stored * PER_DOC * 2
        assert len(store.sql("SELECT event_id FROM events GROUP BY event_id HAVING COUNT(*) > 1")) == 0
        assert len(store.sql("SELECT doc_id FROM documents GROUP BY doc_id HAVING COUNT(*) > 1")) == 0
        bad = store.sql(
            "SELECT d.doc_id FROM documents d LEFT JOIN "
            "(SELECT doc_id, COUNT(*) AS n FROM events GROUP BY doc_id) e ON e.doc_id = d.doc_id "
            "WHERE COALESCE(e.n, 0) <> d.n_events")
        assert len(bad) == 0
        orphans = store.sql("SELECT e.doc_id FROM events e LEFT JOIN documents d "
                            "ON d.doc_id = e.doc_id WHERE d.doc_id IS NULL")
        assert len(orphans) == 0
        # Batches commit in input order, so what is stored is a prefix of the input.
        ids = sorted(store.sql("SELECT doc_id FROM documents")["doc_id"])
        assert ids == [f"syn-{i:06d}" for i in range(stored)]
    return stored
