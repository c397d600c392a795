"""Seeded kill -9 trials against DuckDB and PostgreSQL: nothing lost, nothing duplicated.

Each trial kills one ingest at a document chosen by the seed (mid-batch) and a second
at a random moment after writing began (often mid-commit); after each kill the store
holds whole documents only, a prefix of the input; then a rerun stores every document
exactly once. ``make test`` runs a few trials per backend; ``make soak`` runs
``CORMORANT_KILL_TRIALS`` (25) per backend.
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest

import faults

TRIALS = int(os.environ.get("CORMORANT_KILL_TRIALS", "2"))
N_DOCS = 150


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request):
    return request.param


@pytest.fixture
def target(backend, tmp_path, request):
    if backend == "postgres":
        return request.getfixturevalue("postgres_url")
    return str(tmp_path / "kill.duckdb")


def _kill_after_progress(target: str, rng: random.Random) -> bool:
    """Start an ingest, SIGKILL it a random moment after its first batch; True if it died so."""
    proc = faults.start(target, N_DOCS)
    assert proc.stdout is not None and proc.stderr is not None
    line = proc.stdout.readline()
    if line.strip() == "progress":
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
    code = proc.wait(timeout=300)
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert code in (0, -signal.SIGKILL), err
    return code == -signal.SIGKILL


@pytest.mark.parametrize("seed", range(TRIALS))
def test_reliability_kill_trial(target: str, seed: int) -> None:
    rng = random.Random(seed)
    kill_at = rng.randrange(faults.BATCH, N_DOCS)
    first = faults.run(target, N_DOCS, kill_at=kill_at)
    assert first.returncode == -signal.SIGKILL, first.stderr
    # Every batch before the kill is stored whole; the open batch left nothing.
    assert faults.check_whole(target, N_DOCS) == kill_at // faults.BATCH * faults.BATCH
    _kill_after_progress(target, rng)
    before = faults.check_whole(target, N_DOCS)
    done = faults.run(target, N_DOCS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["done", str(N_DOCS - before), str(before)]
    assert faults.check_whole(target, N_DOCS) == N_DOCS
