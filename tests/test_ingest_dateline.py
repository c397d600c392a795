"""Datelines: one definition shared by ingest, the segmenter and the places stage."""

from __future__ import annotations

import pytest

from cormorant.base.dateline import find_dateline

CASES = [
    ("GOMA, Sept 8 - Rebels attacked", "GOMA", ("Sept", 8, None, None), "Rebels"),
    ("BEIJING, May 9 (Reuters) - China said", "BEIJING", ("May", 9, None, "Reuters"), "China"),
    ("ANKARA (AP) - Turkey summoned", "ANKARA", (None, None, None, "AP"), "Turkey"),
    ("WASHINGTON - The Treasury said", "WASHINGTON", (None, None, None, None), "The"),
    ("Title line\n\nNEW YORK, June 9, 2010 -- The council voted", "NEW YORK", ("June", 9, 2010, None), "The"),
    ("KABUL, Afghanistan, Jan 3 \u2014 Officials said", "KABUL", ("Jan", 3, None, None), "Officials"),
]


@pytest.mark.parametrize(("text", "place", "parts", "next_word"), CASES)
def test_ingest_dateline_found(text: str, place: str, parts: tuple, next_word: str) -> None:
    d = find_dateline(text)
    assert d is not None
    assert d.place(text) == place
    assert (d.month, d.day, d.year, d.agency) == parts
    assert text[d.end:].startswith(next_word)


@pytest.mark.parametrize("text", [
    "Japan - which had protested - summoned the envoy.",
    "Japan summoned China's ambassador on Thursday.",
    "Beijing, May 9 - China said",  # a place in lower case without an agency is not a wire dateline
    "",
])
def test_ingest_dateline_not_found(text: str) -> None:
    assert find_dateline(text) is None


def test_ingest_dateline_only_near_the_top() -> None:
    text = "x. " * 400 + "\nGOMA, Sept 8 - Rebels attacked"
    assert find_dateline(text) is None
