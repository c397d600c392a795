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

SPIN_FOR = 30.0  # seconds a "runaway" document spins if nothing stops it (the test then fails)


def _spinning_pipeline():
    """A blank pipeline whose one component spins on any text containing SPIN."""
    import time

    import spacy
    from spacy.language import Language

    from cormorant.base.extensions import register_extensions

    register_extensions()
    if "cormorant_test_spin" not in Language.factories:
        @Language.component("cormorant_test_spin")
        def spin(doc):
            if "SPIN" in doc.text:
                end = time.monotonic() + SPIN_FOR
                while time.monotonic() < end:
                    pass
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("cormorant_test_spin")
    return nlp


def test_coding_limits_runaway_document_is_skipped_as_timeout() -> None:
    import signal

    from cormorant import Coder, CoderConfig
    from cormorant.records import CodedDocument, Document, Skipped

    before = signal.getsignal(signal.SIGALRM)
    coder = Coder(CoderConfig(max_seconds=0.2, truecase="off"), nlp=_spinning_pipeline())
    docs = [Document("a", "A calm text."), Document("b", "It will SPIN now."),
            Document("c", "Calm again.")]
    results = list(coder.code_many(docs))
    assert [type(r) for r in results] == [CodedDocument, Skipped, CodedDocument]
    skipped = results[1]
    assert isinstance(skipped, Skipped)
    assert (skipped.reason, skipped.doc_id) == ("timeout", "b")
    assert "max_seconds" in skipped.detail
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_coding_limits_big_document_is_skipped_as_too_large() -> None:
    from cormorant import Coder, CoderConfig
    from cormorant.records import CodedDocument, Document, Skipped

    coder = Coder(CoderConfig(max_bytes=100, truecase="off"), nlp=_spinning_pipeline())
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


def test_coding_limits_no_timer_outside_the_main_thread() -> None:
    """Off the main thread no SIGALRM can be used: the block runs, unlimited, and unharmed."""
    import threading

    from cormorant.coding import time_limit

    seen: list[object] = []

    def work() -> None:
        with time_limit(0.001):
            seen.append(sum(range(10_000)))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == [sum(range(10_000))]


def test_coding_limits_time_limit_leaves_a_running_timer_alone() -> None:
    import signal

    from cormorant.coding import time_limit

    def theirs(signum, frame):
        raise AssertionError("the caller's timer fired")

    previous = signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 60)
    try:
        with time_limit(0.001):
            pass
        assert signal.getsignal(signal.SIGALRM) is theirs
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
