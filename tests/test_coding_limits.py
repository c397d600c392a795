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


# -- per-document limits: size (max_bytes) and time (max_seconds) -----------------------------

LIMIT = 0.2  # max_seconds in these tests
SLOW_FOR = 1.0  # how long a slow document sleeps in a component: always over LIMIT


def _slow_pipeline():
    """A blank pipeline whose middle component sleeps on any text containing SLOW (and
    the sentencizer after it, so the limit is checked once more after the slow call)."""
    import time

    import spacy
    from spacy.language import Language

    from cormorant.base.extensions import register_extensions

    register_extensions()
    if "cormorant_test_slow" not in Language.factories:
        @Language.component("cormorant_test_slow")
        def slow(doc):
            if "SLOW" in doc.text:
                time.sleep(SLOW_FOR)
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("cormorant_test_slow")
    nlp.add_pipe("sentencizer")
    return nlp


def _code_three(coder):
    from cormorant.records import Document

    docs = [Document("a", "A calm text."), Document("b", "It will be SLOW now."),
            Document("c", "Calm again.")]
    return list(coder.code_many(docs))


def _assert_b_timed_out(results) -> None:
    from cormorant.records import CodedDocument, Skipped

    assert [type(r) for r in results] == [CodedDocument, Skipped, CodedDocument]
    skipped = results[1]
    assert isinstance(skipped, Skipped)
    assert (skipped.reason, skipped.doc_id) == ("timeout", "b")
    assert "max_seconds" in skipped.detail


def test_coding_limits_slow_document_is_skipped_as_timeout() -> None:
    import signal

    from cormorant import Coder, CoderConfig

    before = signal.getsignal(signal.SIGALRM)
    coder = Coder(CoderConfig(max_seconds=LIMIT, truecase="off"), nlp=_slow_pipeline())
    _assert_b_timed_out(_code_three(coder))
    # No signal handler or timer is used at all.
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_coding_limits_slow_document_is_skipped_in_a_worker_thread() -> None:
    """As on a Dask worker thread, where no SIGALRM timer could be used."""
    from concurrent.futures import ThreadPoolExecutor

    from cormorant import Coder, CoderConfig

    coder = Coder(CoderConfig(max_seconds=LIMIT, truecase="off"), nlp=_slow_pipeline())
    with ThreadPoolExecutor(1) as pool:
        results = pool.submit(_code_three, coder).result()
    _assert_b_timed_out(results)


def test_coding_limits_no_limit_codes_the_slow_document() -> None:
    from cormorant import Coder, CoderConfig
    from cormorant.records import CodedDocument

    coder = Coder(CoderConfig(max_seconds=None, truecase="off"), nlp=_slow_pipeline())
    assert [type(r) for r in _code_three(coder)] == [CodedDocument] * 3


def test_coding_limits_timeout_never_raises_in_a_gc_callback() -> None:
    """The limit passing while a garbage-collection callback runs raises nothing there
    (no "unraisable exception"): the document is skipped cleanly at the next safe point."""
    import gc
    import sys
    import time

    from spacy.language import Language

    from cormorant import Coder, CoderConfig
    from cormorant.records import Document, Skipped

    collecting: list[bool] = []

    def in_gc(phase: str, info: dict) -> None:
        if phase == "start" and collecting:
            time.sleep(LIMIT)  # the limit passes in here, not in the component's own code

    if "cormorant_test_gc" not in Language.factories:
        @Language.component("cormorant_test_gc")
        def collect(doc):
            if "GC" in doc.text:
                collecting.append(True)
                try:
                    for _ in range(5):
                        gc.collect()
                finally:
                    collecting.clear()
            return doc

    nlp = _slow_pipeline()
    nlp.add_pipe("cormorant_test_gc", first=True)
    unraisable: list[object] = []
    old_hook, sys.unraisablehook = sys.unraisablehook, unraisable.append
    gc.callbacks.append(in_gc)
    try:
        coder = Coder(CoderConfig(max_seconds=LIMIT, truecase="off"), nlp=nlp)
        results = list(coder.code_many([Document("g", "GC runs here."), Document("h", "Fine.")]))
    finally:
        gc.callbacks.remove(in_gc)
        sys.unraisablehook = old_hook
    assert unraisable == []
    assert isinstance(results[0], Skipped) and results[0].reason == "timeout"
    assert not isinstance(results[1], Skipped)


def test_coding_limits_deadline_checks_at_safe_points_only() -> None:
    """A Deadline only raises from check(), once its clock is past the end."""
    from cormorant.deadline import Deadline
    from cormorant.errors import DocumentTimeoutError

    now = [100.0]
    deadline = Deadline(2.0, clock=lambda: now[0])
    deadline.check()
    now[0] = 102.0
    deadline.check()  # at the end, not past it
    now[0] = 102.5
    assert deadline.passed()
    with pytest.raises(DocumentTimeoutError, match="longer than 2 s"):
        deadline.check()
    never = Deadline(None, clock=lambda: now[0])
    now[0] = 1e12
    never.check()
    assert not never.passed()


def test_coding_limits_big_document_is_skipped_as_too_large() -> None:
    from cormorant import Coder, CoderConfig
    from cormorant.records import CodedDocument, Document, Skipped

    coder = Coder(CoderConfig(max_bytes=100, truecase="off"), nlp=_slow_pipeline())
    small = Document("small", "x" * 100)
    wide = Document("wide", "\u00e9" * 60)  # 60 characters, 120 bytes
    out = list(coder.code_many([small, wide]))
    assert isinstance(out[0], CodedDocument)
    assert isinstance(out[1], Skipped) and out[1].reason == "too-large"
    assert "120 bytes" in out[1].detail


@pytest.mark.parametrize("change", [{"max_seconds": 0}, {"max_seconds": -1.0}, {"max_bytes": 0}])
def test_coding_limits_bad_limits_are_config_errors(change) -> None:
    from cormorant import Coder, CoderConfig
    from cormorant.errors import ConfigError

    with pytest.raises(ConfigError, match="must be positive"):
        Coder(CoderConfig(**change))
