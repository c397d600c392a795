"""The segmenter: datelines and paragraph breaks are sentence boundaries the parser keeps."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_nlp_segment_dateline_is_its_own_sentence(nlp) -> None:
    doc = nlp("KIGALI, March 3 - Rebels attacked a police station on Monday, officials said.")
    sents = [s.text for s in doc.sents]
    assert sents[0] == "KIGALI, March 3 -"
    rebels = next(t for t in doc if t.text == "Rebels")
    assert rebels.dep_ == "nsubj" and rebels.head.text == "attacked"


@pytest.mark.slow
def test_nlp_segment_paragraph_break_ends_a_sentence(nlp) -> None:
    doc = nlp("Officials met in Accra on Monday\n\nThe talks ended without a deal.")
    assert [s.text.strip() for s in doc.sents][-1] == "The talks ended without a deal."


@pytest.mark.slow
def test_nlp_segment_dateline_city_is_not_an_actor(coder) -> None:
    res = coder.code_text("ISLAMABAD, May 2 - Pakistan protested to India on Tuesday, officials said.")
    assert res.events
    assert all(e.source is None or e.source.text != "ISLAMABAD" for e in res.events)
    assert any(e.source is not None and e.source.country == "PAK" for e in res.events)
