"""Shared fixtures: the ../shared data directory and one real pipeline per session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("CORMORANT_SHARED", REPO.parent / "shared"))
FIXTURES = Path(__file__).parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the ../shared data set, present in CI")
    return path


@pytest.fixture(scope="session")
def coder():
    """One real pipeline (the spaCy model plus every cormorant component)."""
    from cormorant import Coder

    c = Coder()
    c.nlp  # noqa: B018 - build it once, here
    return c


@pytest.fixture(scope="session")
def nlp(coder):
    return coder.nlp


# -- PostgreSQL: a throwaway cluster on a loopback port, for the store tests ----------------

def _postgres_bin_dir() -> Path | None:
    import glob
    import shutil

    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for d in candidates:
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    return None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server():
    """Base URL of a PostgreSQL server started for this session, removed afterwards."""
    import shutil
    import subprocess
    import tempfile

    bindir = _postgres_bin_dir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: "
                    "install Debian's postgresql package (.ci/run does)")
    root = Path(tempfile.mkdtemp(prefix="cormorant-pg-"))
    as_postgres = _as_postgres_user(root)
    port = _free_port()
    data = root / "data"

    def run(*args: str) -> None:
        done = subprocess.run(as_postgres(list(args)), capture_output=True, text=True,
                              timeout=60, check=False)
        if done.returncode != 0:
            log = (root / "log").read_text() if (root / "log").exists() else ""
            pytest.fail(f"{Path(args[0]).name} failed: {done.stderr.strip()} {log[-2000:]}")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--no-sync")
        opts = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
            "-o", opts, "start")
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                        "-w", "stop"]), capture_output=True, timeout=60, check=False)
        shutil.rmtree(root, ignore_errors=True)


def _as_postgres_user(root: Path):
    """Run commands as the 'postgres' user when we are root (initdb refuses root)."""
    import os
    import shlex
    import shutil

    if os.geteuid() != 0:
        return lambda args: args
    import pwd

    try:
        pw = pwd.getpwnam("postgres")
    except KeyError:
        shutil.rmtree(root)
        pytest.skip("running as root and there is no 'postgres' user to run initdb as")
    os.chown(root, pw.pw_uid, pw.pw_gid)
    runuser = shutil.which("runuser")
    if runuser:
        return lambda args: [runuser, "-u", "postgres", "--", *args]
    return lambda args: ["su", "postgres", "-c", shlex.join(args)]


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the session's PostgreSQL server."""
    import psycopg

    url = new_postgres_database(postgres_server)
    yield url
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def new_postgres_database(server: str, prefix: str = "t") -> str:
    """Create an empty database on the test server and return its URL."""
    import uuid

    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """The same store tests against DuckDB (a file) and PostgreSQL (a real server)."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return str(tmp_path / "store.duckdb")
