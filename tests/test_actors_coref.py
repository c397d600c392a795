"""Coreference helpers on hand-built documents (no model needed)."""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

from cormorant.actors.coref import _title_propn


def test_actors_coref_title_case_proper_nouns_only():
    words = ["Mr", "Smith", "said", "ALLEN", "and", "paris", "Rome", "Talks", "."]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "PROPN", "NOUN", "PUNCT"]
    doc = Doc(English().vocab, words=words, pos=pos)
    # Not upper case ("ALLEN"), lower case ("paris") or a title-case common noun ("Talks").
    assert _title_propn(doc) == [0, 1, 6]
