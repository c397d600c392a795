"""Hostile inputs (tests/hostile.py) through the readers, the coder and the CLI.

Every input is accounted for, coded or skipped with its expected reason; nothing
raises, and no traceback reaches the user.
"""

from __future__ import annotations

import collections
import json
import pathlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from cormorant.cli import main
from cormorant.ingest import read_documents
from cormorant.records import Document, Skipped
from hostile import GOOD, Case, build_corpus, outcome_of, unreadable_paths

# Small enough that the 20,000-token sentence is cut off quickly, ample for a short text.
TEST_SECONDS = 3.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[Case]]:
    root = tmp_path_factory.mktemp("hostile")
    return root / "inputs", build_corpus(root)


@pytest.fixture
def locked(corpus, monkeypatch) -> set[str]:
    """Opening the 'locked' file raises PermissionError (root could read a mode-000 file)."""
    paths = unreadable_paths(corpus[1])
    real_open = pathlib.Path.open

    def guarded(self, *args, **kwargs):
        if str(self) in paths:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded)
    return paths


def _check(cases: list[Case], outcomes: list[tuple[str, str]]) -> collections.Counter[str]:
    """Each case seen exactly once with an allowed outcome, and nothing else seen."""
    by_source = {c.source: c for c in cases}
    seen = collections.Counter(s for s, _ in outcomes)
    assert not [s for s in seen if s not in by_source], "results for inputs nobody wrote"
    assert [c.name for c in cases if seen[c.source] != 1] == []
    wrong = [(by_source[s].name, o) for s, o in outcomes if not by_source[s].allows(o)]
    assert wrong == []
    return collections.Counter(o for _, o in outcomes)


def test_reliability_hostile_readers_account_for_every_input(corpus, locked) -> None:
    root, cases = corpus
    items = list(read_documents([root]))
    counts = _check(cases, [outcome_of(i) for i in items])
    assert counts["too-large"] == 2 and counts["binary"] >= 4 and counts["unreadable"] == 5
    docs = {d.source: d for d in items if isinstance(d, Document)}
    # Wrong encodings are decoded, not garbled; controls and surrogates are gone.
    assert docs[str(root / "utf16le-nobom.txt")].text == GOOD
    assert docs[str(root / "utf16be-nobom.txt")].text == GOOD
    assert "São Paulo" in docs[str(root / "latin1-labelled-utf8.html")].text
    assert "Café" in docs[str(root / "mixed-encodings.txt")].text
    assert "Zürich — “quoted”" in docs[str(root / "mixed-encodings.txt")].text
    for d in docs.values():
        assert "\x00" not in d.text
        d.text.encode("utf-8")
        d.id.encode("utf-8")
    ids = [d.id for d in docs.values()]
    assert len(ids) == len(set(ids)) and {"dup", "dup-2"} <= set(ids)


def test_reliability_hostile_reader_size_limit_is_configurable(corpus) -> None:
    root, cases = corpus
    big = str(root / "big.txt")
    one = list(read_documents([big], max_bytes=60_000_000))
    assert isinstance(one[0], Document)
    lines = list(read_documents([root / "records.jsonl"], max_bytes=1000))
    reasons = {outcome_of(i)[0].rsplit(":", 1)[1]: outcome_of(i)[1] for i in lines}
    assert reasons["13"] == reasons["14"] == reasons["15"] == "too-large"
    assert reasons["1"] == "coded"


def test_reliability_hostile_stdin_over_the_limit_is_skipped() -> None:
    import io

    stream = io.TextIOWrapper(io.BytesIO(b"Police detained two men. " * 100))
    [item] = read_documents(["-"], stdin=stream, max_bytes=1000)
    assert isinstance(item, Skipped) and item.reason == "too-large"


def test_reliability_hostile_stdin_json_lines_stream_under_a_per_line_limit() -> None:
    """JSON lines on stdin are limited per line, so a long stream of records still flows."""
    import io

    records = [json.dumps({"id": f"r{i}", "text": GOOD}).encode() for i in range(3000)]
    records[1500] = json.dumps({"id": "huge", "text": "x" * 5000}).encode()
    data = b"\n".join(records)
    assert len(data) > 100_000  # the whole stream is far over the limit below
    stream = io.TextIOWrapper(io.BytesIO(data))
    items = list(read_documents(["-"], stdin=stream, max_bytes=2000))
    assert len(items) == 3000
    assert [outcome_of(i)[1] for i in items].count("coded") == 2999
    assert isinstance(items[1500], Skipped) and items[1500].reason == "too-large"
    assert items[1500].source == "-:1501" and items[2999].id == "r2999"


@pytest.mark.slow
def test_reliability_hostile_coder_accounts_for_every_input(corpus, locked, nlp) -> None:
    from cormorant import Coder, CoderConfig

    root, cases = corpus
    coder = Coder(CoderConfig(max_seconds=TEST_SECONDS), nlp=nlp)
    results = list(coder.code_many(read_documents([root])))
    counts = _check(cases, [outcome_of(r) for r in results])
    assert counts["coded"] >= sum(c.outcomes == {"coded"} for c in cases) >= 20
    assert counts["error"] == 0


def _runner(monkeypatch, nlp) -> CliRunner:
    """Commands build their coder from the options given, around the session's pipeline."""
    import cormorant.cli.code as code_cli
    import cormorant.cli.store as store_cli
    from cormorant import Coder

    def make(config, all_mentions=False):
        return Coder(config.with_(merge_mentions=not all_mentions), nlp=nlp)

    monkeypatch.setattr(code_cli, "make_coder", make)
    monkeypatch.setattr(store_cli, "make_coder", make)
    return CliRunner()


def _skips_in(stderr: str) -> list[tuple[str, str]]:
    """(source, reason) of each ``skipped SOURCE: REASON (DETAIL)`` line."""
    out = []
    for line in stderr.splitlines():
        if line.startswith("skipped "):
            source, _, rest = line[len("skipped "):].partition(": ")
            out.append((source, rest.split(" ", 1)[0]))
    return out


WIDE = {"COLUMNS": "100000"}  # rich wraps standard error at 80 columns otherwise


@pytest.mark.slow
def test_reliability_hostile_cli_code(corpus, locked, nlp, monkeypatch) -> None:
    root, cases = corpus
    res = _runner(monkeypatch, nlp).invoke(
        main, ["code", str(root), "--format", "jsonl", "--max-seconds", str(TEST_SECONDS)], env=WIDE)
    assert res.exit_code == 0, res.output
    assert res.exception is None and "Traceback" not in res.stderr
    skips = _skips_in(res.stderr)
    skipped_sources = {s for s, _ in skips}
    _check([c for c in cases if c.source in skipped_sources], skips)
    must_skip = [c.name for c in cases if "coded" not in c.outcomes and c.source not in skipped_sources]
    assert must_skip == []
    coded = len(cases) - len(skips)
    assert f"{coded} documents coded" in res.stderr and f"{len(skips)} skipped" in res.stderr
    events = [json.loads(line) for line in res.stdout.splitlines()]
    assert events and all(e["trigger"]["text"] in e["sentence"] for e in events)


@pytest.mark.slow
def test_reliability_hostile_cli_ingest_stores_every_input(corpus, locked, nlp, monkeypatch,
                                                          store_url) -> None:
    from cormorant.store import open_store

    root, cases = corpus
    db = store_url
    res = _runner(monkeypatch, nlp).invoke(
        main, ["ingest", str(root), "--db", db, "--max-seconds", str(TEST_SECONDS)], env=WIDE)
    assert res.exit_code == 0, res.output
    assert res.exception is None and "Traceback" not in res.stderr
    skips = _skips_in(res.stderr)
    with open_store(db) as store:
        docs = store.table("documents")
        runs = store.table("ingest_runs")
    assert list(runs["status"]) == ["complete"]
    assert int(runs["n_seen"].iloc[0]) == len(cases)
    assert int(runs["n_skipped"].iloc[0]) == len(skips)
    # One row per input: the coded documents and the skipped ones, with their reasons.
    assert len(docs) == len(cases)
    assert (docs["status"] == "skipped").sum() == len(skips)


def test_reliability_hostile_unlistable_directory_is_reported(tmp_path, monkeypatch) -> None:
    import os

    (tmp_path / "ok.txt").write_text(GOOD)
    sub = tmp_path / "closed"
    sub.mkdir()
    (sub / "hidden-by-fault.txt").write_text(GOOD)
    real_scandir = os.scandir

    def refusing(path="."):
        if str(path) == str(sub):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    out = [outcome_of(i) for i in read_documents([tmp_path])]
    assert sorted(out) == sorted([(str(tmp_path / "ok.txt"), "coded"), (str(sub), "unreadable")])
