"""Each package's curated ``__all__`` names exist, and importing the light ones loads no spaCy."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PACKAGES = ["store", "ingest", "dates", "api", "web", "cli", "ontology", "nlp"]


@pytest.mark.parametrize("name", PACKAGES)
def test_package_api_all_names_resolve(name: str) -> None:
    module = importlib.import_module(f"cormorant.{name}")
    assert module.__all__, f"cormorant.{name} has an empty __all__"
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing, f"cormorant.{name}.__all__ names {missing} it does not define"


def test_package_api_date_parsing_loads_no_spacy() -> None:
    code = ("import sys, cormorant.ingest, cormorant.dates as d; "
            "assert d.parse_date('2024-01-02'); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
