"""The base package imports no stage, and no stage module sits under ``nlp`` any more."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cormorant"
STAGES = ("ingest", "nlp", "actors", "events", "dates", "places", "store", "api", "web",
          "cli", "evaluate", "coding", "distributed")
BASE = sorted((SRC / "base").glob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("path", BASE, ids=[p.name for p in BASE])
def test_base_layering_imports_no_stage(path: Path):
    bad = {m for m in _imports(path)
           if any(m == f"cormorant.{s}" or m.startswith(f"cormorant.{s}.") for s in STAGES)}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_base_layering_stages_do_not_import_pipeline():
    # Only the top (coding, nlp.pipeline, cli, bench, evaluate) builds pipelines.
    for stage in ("actors", "events", "dates", "places", "ingest", "store"):
        for path in (SRC / stage).rglob("*.py"):
            assert "cormorant.nlp.pipeline" not in _imports(path), path
