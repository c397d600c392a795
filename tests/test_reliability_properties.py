"""Property-based tests (hypothesis): arbitrary input never raises, spans stay inside the text.

Bounded for CI: a fixed number of examples, no per-example deadline, and derandomized
when ``CI`` is set (the same examples every run); locally each run searches anew.
``HYPOTHESIS_EXAMPLES`` scales the counts (e.g. 10 for a long search).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cormorant.errors import IngestError
from cormorant.ingest import decode_bytes, extract_html, prepare_text, read_documents
from cormorant.records import CodedDocument, Document, Skipped

SCALE = float(os.environ.get("HYPOTHESIS_EXAMPLES", "1"))


def bounded(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None,
                    derandomize=bool(os.environ.get("CI")), database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# Words the coder reacts to, punctuation, and characters that trip tokenizers.
WORDS = ("Police", "police", "detained", "arrested", "attacked", "protesters", "Kenya", "Uganda",
         "government", "the", "in", "on", "Monday", "31", "February", "1900", "hours", "said",
         "rebels", "killed", "talks", "met", "U.S.", "Nairobi", "minister", "May", "2023",
         "yesterday", "not", "will", "\u200b", "\u202e", "\U0001f525", "\u0627\u0644\u0634\u0631\u0637\u0629",
         "e\u0301", "\ufeff", "\x00", "\t", "Dr.", "Mr.", "(", ")", '"', "'s", "-", "\u2014")
PUNCT = (" ", " ", " ", ", ", ". ", "! ", "? ", "\n", "\n\n", "; ", ": ", "...")

newsy = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCT)), max_size=60).map(
    lambda parts: "".join(w + p for w, p in parts))
texts = st.one_of(st.text(max_size=400), newsy,
                  st.tuples(newsy, st.text(max_size=80), newsy).map("".join))


@bounded(300)
@given(texts)
def test_reliability_properties_prepare_text_never_raises(text: str) -> None:
    prepared = prepare_text(text)
    assert isinstance(prepared.text, str)
    assert "\x00" not in prepared.text
    assert prepared.text == prepared.text.strip()


@bounded(300)
@given(st.binary(max_size=2000))
def test_reliability_properties_decode_raises_only_ingest_errors(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except IngestError as e:
        assert e.reason in {"binary", "encoding"}
    else:
        assert isinstance(text, str)


@bounded(100)
@given(st.one_of(texts, st.text(alphabet="<>/=\"' abcdhtmlpbody!-", max_size=300)))
def test_reliability_properties_extract_html_raises_only_format_errors(html: str) -> None:
    try:
        article = extract_html(html)
    except IngestError as e:
        assert e.reason == "format"
    else:
        assert isinstance(article.text, str)


@bounded(150)
@given(data=st.one_of(st.binary(max_size=600), texts.map(lambda t: t.encode("utf-8", "replace"))),
       suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ""]))
def test_reliability_properties_any_file_is_one_document_or_skip(
        tmp_path_factory, data: bytes, suffix: str) -> None:
    path: Path = tmp_path_factory.mktemp("prop") / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_documents([path]))
    assert items, "an input vanished"
    for item in items:
        assert isinstance(item, Document | Skipped)
        if isinstance(item, Document):
            assert item.text and "\x00" not in item.text


def _same(a: str, b: str) -> bool:
    # An all-lowercase or ALL-CAPS text is coded with its case restored (same length), so
    # its evidence may differ from the text in case only.
    return a == b or a.lower() == b.lower()


def assert_spans_inside(result: CodedDocument) -> None:
    text = result.document.text
    n = len(text)
    for s, e in result.sentences:
        assert 0 <= s <= e <= n
    for actor in result.actors:
        s, e = actor.span
        assert 0 <= s < e <= n and _same(text[s:e], actor.text)
    for place in result.places:
        s, e = place.span
        assert 0 <= s < e <= n and _same(text[s:e], place.text)
    for ev in result.events:
        s, e = ev.trigger.span
        assert 0 <= s < e <= n and _same(text[s:e], ev.trigger.text)
        assert ev.trigger.text in ev.sentence and ev.sentence.lower() in text.lower()
        for actor in (ev.source, ev.target):
            if actor is not None:
                s, e = actor.span
                assert 0 <= s < e <= n and _same(text[s:e], actor.text)
        if ev.location is not None:
            s, e = ev.location.span
            assert 0 <= s < e <= n and _same(text[s:e], ev.location.text)
        date_expr = ev.extras.get("date_expr")
        if date_expr is not None:
            assert date_expr.lower() in text.lower()


@pytest.mark.slow
@bounded(150)
@given(texts)
def test_reliability_properties_coder_never_raises_and_spans_fit(coder, text: str) -> None:
    [result] = coder.code_many([Document(id="prop", text=text)])
    assert isinstance(result, CodedDocument), result
    assert_spans_inside(result)


@pytest.mark.slow
@bounded(40)
@given(st.lists(texts, min_size=1, max_size=5))
def test_reliability_properties_coder_batch_keeps_order_and_count(coder, batch: list[str]) -> None:
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(batch)]
    results = list(coder.code_many(docs))
    assert [r.document.id for r in results if isinstance(r, CodedDocument)] == [d.id for d in docs]
    for r in results:
        assert_spans_inside(r)
