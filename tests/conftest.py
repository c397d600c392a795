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
