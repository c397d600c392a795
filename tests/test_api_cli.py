"""``cormorant serve``: options, a clean error for a missing store, and the handoff to uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from api_records import api_documents
from cormorant.cli import main
from cormorant.store import open_store


def test_api_cli_serve_help() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port"):
        assert option in result.output
    assert "127.0.0.1" in result.output and "8000" in result.output


def test_api_cli_serve_missing_store_is_a_clean_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(main, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    assert "no store at" in result.output
    assert not missing.exists()


def test_api_cli_serve_bad_port() -> None:
    result = CliRunner().invoke(main, ["serve", "--port", "70000"])
    assert result.exit_code == 2


def test_api_cli_serve_runs_uvicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = _serve(tmp_path, monkeypatch, "--host", "0.0.0.0", "--port", "8123")
    assert len(calls) == 1
    assert isinstance(calls[0]["app"], Starlette)
    assert (calls[0]["host"], calls[0]["port"]) == ("0.0.0.0", 8123)
    assert "8123" in result.output


def test_api_cli_serve_reads_db_from_environment(tmp_path: Path) -> None:
    missing = tmp_path / "from-env.duckdb"
    result = CliRunner().invoke(main, ["serve"], env={"CORMORANT_DB": str(missing)})
    assert result.exit_code == 1
    assert "from-env.duckdb" in result.output


def _serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str,
           env: dict[str, str] | None = None) -> tuple[Any, list[dict[str, Any]]]:
    db = tmp_path / "events.duckdb"
    with open_store(db) as store:
        store.ingest(api_documents())
    calls: list[dict[str, Any]] = []

    def fake_run(app: Any, **kwargs: Any) -> None:
        calls.append({"app": app, **kwargs})
        app.state.service.close()

    monkeypatch.setattr("uvicorn.run", fake_run)
    monkeypatch.delenv("CORMORANT_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--db", str(db), *args], env=env)
    assert result.exit_code == 0, result.output
    return result, calls


def test_api_cli_serve_binds_loopback_by_default(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = _serve(tmp_path, monkeypatch)
    assert calls[0]["host"] == "127.0.0.1"
    assert "warning:" not in result.output
    config = calls[0]["app"].state.config
    assert set(config.allowed_hosts) >= {"127.0.0.1", "localhost", "::1"}
    assert config.token is None


def test_api_cli_serve_warns_when_exposed_without_token(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = _serve(tmp_path, monkeypatch, "--host", "0.0.0.0")
    assert "warning:" in result.output and "--token" in result.output
    assert "0.0.0.0" in calls[0]["app"].state.config.allowed_hosts


def test_api_cli_serve_no_warning_with_token(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    result, calls = _serve(tmp_path, monkeypatch, "--host", "10.0.0.5",
                           env={"CORMORANT_TOKEN": "s3cret"})
    assert "warning:" not in result.output
    config = calls[0]["app"].state.config
    assert config.token == "s3cret" and "10.0.0.5" in config.allowed_hosts


def test_api_cli_serve_allow_host_and_timeout(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _, calls = _serve(tmp_path, monkeypatch, "--allow-host", "events.example",
                      "--allow-host", "Other.Example", "--query-timeout", "2.5")
    config = calls[0]["app"].state.config
    assert {"events.example", "127.0.0.1"} <= set(config.allowed_hosts)
    assert config.query_timeout == 2.5
