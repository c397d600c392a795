"""The Coder's guard against over-long texts: clipped at a sentence end, and said so."""

from __future__ import annotations

import logging

import pytest


@pytest.mark.slow
def test_coding_over_long_text_is_clipped_with_a_warning(nlp, caplog) -> None:
    from cormorant import Coder, CoderConfig

    coder = Coder(CoderConfig(max_chars=60), nlp=nlp)
    text = "Police detained two men in Lagos on Monday. Kenya protested to Uganda on Tuesday."
    with caplog.at_level(logging.WARNING, logger="cormorant.coding"):
        result = coder.code_text(text, doc_id="long")
    assert [e.cameo for e in result.events] == ["173"]
    assert "long: coded the first 43 of 81 characters" in caplog.text
