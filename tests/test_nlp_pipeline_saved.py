"""A saved cormorant pipeline loads with plain ``spacy.load(path)`` in a fresh process.

spaCy finds cormorant's factories through the ``spacy_factories`` entry points declared in
pyproject.toml. The round-trip test exposes exactly those declarations to the child
process (a throwaway ``.dist-info`` on its path), so it checks the declarations in this
checkout whether or not the installed copy is up to date.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cormorant.nlp.pipeline import FACTORIES

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
TEXT = ("Kenyan police arrested three journalists in Nairobi on Friday. "
        "The union threatened to hold a general strike unless the ministry raised wages.")

CHILD = """
import json, sys
import spacy
assert "cormorant" not in sys.modules  # nothing but spaCy's own loading brings it in
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print(json.dumps({"pipes": nlp.pipe_names, "events": [
    [e.cameo, e.rule, e.trigger_start, e.source and e.source.code, e.target and e.target.code,
     e.negated, e.hypothetical, e.notes, e.location and e.location.place.geonameid]
    for e in doc._.events]}))
"""


def _factories() -> dict[str, str]:
    data = tomllib.loads(PYPROJECT.read_text("utf-8"))
    return dict(data["project"]["entry-points"]["spacy_factories"])


def test_nlp_pipeline_entry_points_name_every_component() -> None:
    eps = _factories()
    assert set(eps) == set(FACTORIES)
    for name, target in eps.items():
        module, func = target.split(":")
        assert callable(getattr(importlib.import_module(module), func)), name


def _dist_info(site: Path) -> None:
    """A minimal distribution whose only content is the pyproject's spaCy entry points."""
    d = site / "cormorant_factories-0.dist-info"
    d.mkdir(parents=True)
    (d / "METADATA").write_text("Metadata-Version: 2.1\nName: cormorant-factories\nVersion: 0\n")
    lines = [f"{k} = {v}" for k, v in _factories().items()]
    (d / "entry_points.txt").write_text("[spacy_factories]\n" + "\n".join(lines) + "\n")


@pytest.mark.slow
def test_nlp_pipeline_saved_loads_with_plain_spacy_load(nlp, tmp_path: Path) -> None:
    import cormorant

    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    site = tmp_path / "site"
    _dist_info(site)
    src = Path(cormorant.__file__).resolve().parents[1]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(site), str(src), *filter(None, [os.environ.get("PYTHONPATH")])])
    out = subprocess.run([sys.executable, "-c", CHILD, str(saved), TEXT],
                         capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])

    doc = nlp(TEXT)
    want = [[e.cameo, e.rule, e.trigger_start, e.source and e.source.code,
             e.target and e.target.code, e.negated, e.hypothetical, e.notes,
             e.location and e.location.place.geonameid] for e in doc._.events]
    assert got["pipes"] == nlp.pipe_names
    assert want and got["events"] == want
