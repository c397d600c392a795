"""The token table reads sentences and entities from the token arrays: the same values as
``doc.sents`` and ``doc.ents``, on hand-built documents (no model needed)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from cormorant.base.tokens import build_table

WORDS = ["Ann", "Lee", "met", "Acme", "Bank", "Zed", "Corp", "in", "Oslo", "today", "."]


@pytest.mark.parametrize("ents", [
    ["B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "B-ORG", "I-ORG", "O", "B-GPE", "B-DATE", "O"],
    ["O"] * 11,
    ["B-GPE", "O", "O", "O", "O", "O", "O", "O", "O", "O", "B-GPE"],  # first and last token
    ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG",
     "I-ORG"],  # one entity over the whole document
    ["O", "B-PERSON", "I-PERSON", "", "B-ORG", "I-ORG", "", "O", "B-GPE", "", "B-DATE"],  # missing tags
])
def test_base_tokens_entities_as_doc_ents(ents):
    doc = Doc(Vocab(), words=WORDS, ents=ents)
    assert build_table(doc).ents == [(e.start, e.end, e.label_) for e in doc.ents]


@pytest.mark.parametrize("starts", [
    [True, False, False, True, False, False, False, True, False, False, False],
    [True] + [False] * 10,
    [True] * 11,
    [True, False, False, False, False, False, False, False, False, False, True],
])
def test_base_tokens_sentences_as_doc_sents(starts):
    doc = Doc(Vocab(), words=WORDS, sent_starts=starts)
    table = build_table(doc)
    assert table.sents == [(s.start, s.end) for s in doc.sents]
    assert table.sent_of == [k for k, s in enumerate(doc.sents) for _ in s]


def test_base_tokens_no_boundaries_is_one_sentence():
    doc = Doc(Vocab(), words=WORDS)
    assert build_table(doc).sents == [(0, len(WORDS))]


def test_base_tokens_empty_document():
    table = build_table(Doc(Vocab(), words=[]))
    assert (table.n, table.sents, table.ents) == (0, [], [])
