"""Faults during ingest: a full disk, a read-only store, a write refused by the server,
PostgreSQL restarted mid-ingest, two ingests into one DuckDB file at once.

Each leaves a clear one-line error, a store of whole documents (a prefix of the input)
and a rerun that completes. The disk faults are real: a small tmpfs mounted by the test
(root only; skipped elsewhere).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import faults
from cormorant.errors import StoreError
from cormorant.store import open_store


def _mount(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30, check=False)


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 1 MiB tmpfs, unmounted afterwards (needs root and a mount that works)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    where = Path(tempfile.mkdtemp(prefix="cormorant-disk-"))
    done = _mount(["-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)])
    if done.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30, check=False)
        where.rmdir()


def _error_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr  # no traceback
    return lines[0]


def test_reliability_faults_full_disk_duckdb(small_disk: Path) -> None:
    target = str(small_disk / "full.duckdb")
    n = 600  # about 200 fit in 1 MiB
    err = _error_line(faults.run(target, n))
    assert "No space left on device" in err
    assert _mount(["-o", "remount,size=64m", str(small_disk)]).returncode == 0
    stored = faults.check_whole(target, n)
    assert 0 < stored < n
    done = faults.run(target, n)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["done", str(n - stored), str(stored)]
    assert faults.check_whole(target, n) == n


def test_reliability_faults_read_only_duckdb(small_disk: Path) -> None:
    assert _mount(["-o", "remount,size=64m", str(small_disk)]).returncode == 0
    target = str(small_disk / "ro.duckdb")
    assert faults.run(target, 30).returncode == 0
    assert _mount(["-o", "remount,ro", str(small_disk)]).returncode == 0
    err = _error_line(faults.run(target, 60))
    assert "Read-only file system" in err
    assert _mount(["-o", "remount,rw", str(small_disk)]).returncode == 0
    assert faults.check_whole(target, 60) == 30
    assert faults.run(target, 60).returncode == 0
    assert faults.check_whole(target, 60) == 60


def test_reliability_faults_second_duckdb_writer_is_refused(tmp_path: Path) -> None:
    target = str(tmp_path / "busy.duckdb")
    n = 120
    first = faults.start(target, n, pause=0.02)
    assert first.stdout is not None and first.stderr is not None
    assert first.stdout.readline().strip() == "progress"  # the first holds the store open
    second = faults.run(target, n)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    first.stdout.close()
    first.stderr.close()
    err = _error_line(second)
    assert "in use by another process (PID" in err
    assert faults.check_whole(target, n) == n
    again = faults.run(target, n)
    assert again.returncode == 0 and again.stdout.split()[-3:] == ["done", "0", str(n)]


@pytest.mark.postgres
def test_reliability_faults_read_only_postgres(postgres_url: str) -> None:
    import psycopg

    assert faults.run(postgres_url, 30).returncode == 0
    server, name = postgres_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
        con.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    err = _error_line(faults.run(postgres_url, 60))
    assert "read-only transaction" in err
    with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
        con.execute(f"ALTER DATABASE {name} RESET default_transaction_read_only")
    assert faults.check_whole(postgres_url, 60) == 30
    assert faults.run(postgres_url, 60).returncode == 0
    assert faults.check_whole(postgres_url, 60) == 60


@pytest.mark.postgres
def test_reliability_faults_postgres_refuses_a_write_mid_ingest(postgres_url: str) -> None:
    """The server refuses one batch (as it would on a full disk): the batch rolls back whole."""
    n = 60
    assert faults.run(postgres_url, 1).returncode == 0  # creates the tables
    with open_store(postgres_url) as store:
        store.backend.execute("ALTER TABLE events ADD CONSTRAINT refuse_one "
                              "CHECK (doc_id <> 'syn-000030')")
    err = _error_line(faults.run(postgres_url, n))
    assert "refuse_one" in err
    assert faults.check_whole(postgres_url, n) == 28  # four whole batches of 7
    with open_store(postgres_url) as store:
        store.backend.execute("ALTER TABLE events DROP CONSTRAINT refuse_one")
    assert faults.run(postgres_url, n).returncode == 0
    assert faults.check_whole(postgres_url, n) == n


@pytest.fixture
def private_postgres() -> Iterator[tuple[str, object]]:
    """A PostgreSQL server of this test's own (it gets restarted), and a restart function."""
    import conftest

    bindir = conftest._postgres_bin_dir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found")
    root = Path(tempfile.mkdtemp(prefix="cormorant-pg-restart-"))
    as_postgres = conftest._as_postgres_user(root)
    port = conftest._free_port()
    data = root / "data"

    def pg(*args: str) -> None:
        done = subprocess.run(as_postgres(list(args)), capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr

    opts = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off")
    try:
        pg(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
           "--no-sync")
        pg(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o", opts, "start")

        def restart() -> None:
            pg(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
               "-m", "fast", "-o", opts, "restart")

        yield f"postgresql://postgres@127.0.0.1:{port}/postgres", restart
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                        "-w", "stop"]), capture_output=True, timeout=60, check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.postgres
def test_reliability_faults_postgres_restarted_mid_ingest(private_postgres) -> None:
    url, restart = private_postgres
    n = 200
    proc = faults.start(url, n, pause=0.02)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == "progress"
    restart()  # type: ignore[operator]
    code = proc.wait(timeout=300)
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err
    stored = faults.check_whole(url, n)
    assert 0 < stored < n
    with open_store(url) as store:
        assert list(store.table("ingest_runs")["status"]) == ["running"]  # it never finished
    done = faults.run(url, n)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["done", str(n - stored), str(stored)]
    assert faults.check_whole(url, n) == n


def test_reliability_faults_store_error_is_a_store_error(tmp_path: Path) -> None:
    """A store that is not a database is refused with StoreError, not a crash."""
    bogus = tmp_path / "not-a-db.duckdb"
    bogus.write_bytes(b"this is not a DuckDB file" * 100)
    with pytest.raises(StoreError):
        open_store(bogus)
    assert bogus.read_bytes().startswith(b"this is not")  # left as it was
