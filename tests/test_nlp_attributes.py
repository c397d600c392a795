"""The table-matching attribute ruler gives exactly spaCy's annotations."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from cormorant.nlp.attributes import FastAttributeRuler

PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["nothing", "someone"]}}]],
     "attrs": {"POS": "PRON", "MORPH": "PronType=Ind"}},
    {"patterns": [[{"TAG": "RB", "LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": -2},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"LOWER": "i", "DEP": "nsubj"}]], "attrs": {"MORPH": "Case=Nom"}},
    # A later rule overrides an earlier one on the same token.
    {"patterns": [[{"TAG": "NN", "LOWER": "nothing"}]], "attrs": {"POS": "NOUN"}},
]

WORDS = ["I", "'m", "gon", "na", "say", "nothing", "n't", "to", "someone", ";", "there", "was",
         "a", "cat", "\n\n", "I", "can", "go"]
TAGS = ["PRP", "VBP", "VBG", "TO", "VB", "NN", "RB", "TO", "NN", ":", "EX", "VBD", "DT", "NN",
        "_SP", "PRP", "MD", "VB"]
DEPS = ["nsubj", "aux", "ROOT", "aux", "xcomp", "dobj", "neg", "prep", "pobj", "punct", "expl",
        "ccomp", "det", "attr", "dep", "nsubj", "aux", "conj"]
HEADS = [2, 2, 2, 4, 2, 4, 4, 4, 7, 2, 11, 2, 13, 11, 13, 17, 17, 11]


def _annotate(ruler_class: type[AttributeRuler], patterns: list[dict]) -> list[tuple[str, str, str]]:
    nlp = spacy.blank("en")
    ruler = ruler_class(nlp.vocab)
    ruler.add_patterns(patterns)
    doc = Doc(nlp.vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)
    ruler(doc)
    return [(t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_nlp_attributes_same_annotations_as_spacy() -> None:
    assert _annotate(FastAttributeRuler, PATTERNS) == _annotate(AttributeRuler, PATTERNS)
    fast = _annotate(FastAttributeRuler, PATTERNS)
    assert fast[5][0] == "NOUN" and fast[8][0] == "PRON"  # the later rule won on "nothing"
    assert fast[2][2] == "go" and fast[3][2] == "to" and fast[6][2] == "not"
    assert fast[11][0] == "VERB" and fast[1][0] == "AUX" and fast[14][0] == "SPACE"


def test_nlp_attributes_unsupported_pattern_falls_back_to_the_matcher() -> None:
    patterns = [*PATTERNS, {"patterns": [[{"LOWER": "a"}, {"TAG": "NN", "OP": "+"}]], "attrs": {"LEMMA": "x"}}]
    assert _annotate(FastAttributeRuler, patterns) == _annotate(AttributeRuler, patterns)


@pytest.mark.slow
def test_nlp_attributes_model_patterns_identical(nlp) -> None:
    """The shipped pipeline's ruler against spaCy's with the model's own patterns."""
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, FastAttributeRuler)
    reference = AttributeRuler(nlp.vocab)
    reference.add_patterns(ruler.patterns)
    text = ("I don't think we're gonna see it, but there is hope: they'd said it wasn't theirs. "
            "Y'all ain't seen nothin' yet.  Police in Lagos have been arresting protesters who "
            "had gathered there; nobody knows whether anything will change.\n\nLet's go.")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        parsed = nlp(text)
    a, b = parsed.copy(), parsed.copy()
    ruler(a)
    reference(b)
    got = [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in a]
    assert got == [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in b]
    assert any(t.lemma_ == "not" for t in a)
