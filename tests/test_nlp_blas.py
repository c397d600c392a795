"""Parsing with numpy's BLAS in one thread, in runs of a bounded number of tokens."""

from __future__ import annotations

import pickle

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from threadpoolctl import threadpool_info

from cormorant.coding import parse_batches
from cormorant.nlp.blas import BlasThreads


def _docs(lengths: list[int]) -> list[Doc]:
    vocab = spacy.blank("en").vocab
    return [Doc(vocab, words=[f"w{i}"] * n) for i, n in enumerate(lengths)]


@pytest.mark.parametrize(("lengths", "limit", "expected"), [
    ([3, 3, 3, 3], 6, [[3, 3], [3, 3]]),
    ([3, 3, 3], 7, [[3, 3], [3]]),
    ([10, 2, 2], 5, [[10], [2, 2]]),      # a document over the limit goes alone
    ([2, 10, 2], 5, [[2], [10], [2]]),
    ([1, 1, 1], 100, [[1, 1, 1]]),
    ([], 5, []),
])
def test_blas_parse_batches_cut_by_tokens_in_order(lengths, limit, expected) -> None:
    docs = _docs(lengths)
    parts = list(parse_batches(docs, limit))
    assert [[len(d) for d in part] for part in parts] == expected
    assert [d for part in parts for d in part] == docs


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_blas_threads_limited_inside_and_restored_after() -> None:
    numpy.ones((2, 2)) @ numpy.ones((2, 2))  # numpy's BLAS is loaded
    before = _blas_threads()
    assert before
    limiter = BlasThreads(1)
    with limiter.limited():
        assert _blas_threads() == [1] * len(before)
    assert _blas_threads() == before


def test_blas_threads_pickle_after_use() -> None:
    limiter = BlasThreads(1)
    with limiter.limited():
        pass
    copy = pickle.loads(pickle.dumps(limiter))
    with copy.limited():
        assert _blas_threads() and set(_blas_threads()) == {1}


@pytest.mark.slow
def test_blas_pipeline_multiplies_with_numpy_not_blis(nlp) -> None:
    from thinc.api import Model

    trained = [name for name, proc in nlp.pipeline if isinstance(getattr(proc, "model", None), Model)]
    assert {"tok2vec", "tagger", "parser", "ner"} <= set(trained)
    for name in trained:
        layers = list(nlp.get_pipe(name).model.walk())
        assert all(layer.ops.use_blis is False for layer in layers), name
