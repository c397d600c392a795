"""The memoised lemmatizer gives exactly spaCy's English rule lemmas."""

from __future__ import annotations

import pytest
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.tokens import Doc

from cormorant.nlp.lemmas import FastLemmatizer

# (word, POS, morphology): inflected, base and irregular forms, proper nouns, spaces.
TOKENS = [
    ("Rebels", "NOUN", "Number=Plur"), ("attacked", "VERB", "Tense=Past|VerbForm=Fin"),
    ("two", "NUM", "NumType=Card"), ("villages", "NOUN", "Number=Plur"), ("and", "CCONJ", ""),
    ("were", "AUX", "Mood=Ind|Tense=Past|VerbForm=Fin"), ("fleeing", "VERB", "Aspect=Prog|Tense=Pres|VerbForm=Part"),
    ("the", "DET", "Definite=Def|PronType=Art"), ("Lagos", "PROPN", "Number=Sing"),
    ("police", "NOUN", "Number=Sing"), (".", "PUNCT", "PunctType=Peri"), ("\n\n", "SPACE", ""),
    ("Ministers", "NOUN", "Number=Plur"), ("met", "VERB", "Tense=Past|VerbForm=Fin"),
    ("better", "ADJ", "Degree=Cmp"), ("children", "NOUN", "Number=Plur"), ("went", "VERB", "Tense=Past|VerbForm=Fin"),
    # The same words again: the second time they come from the memo.
    ("villages", "NOUN", "Number=Plur"), ("attacked", "VERB", "Aspect=Perf|Tense=Past|VerbForm=Part"),
    ("Rebels", "PROPN", "Number=Plur"), ("met", "VERB", "Tense=Past|VerbForm=Fin"),
]


def _doc(vocab, lemma_first: str | None = None) -> Doc:
    words, pos, morphs = zip(*TOKENS, strict=True)
    doc = Doc(vocab, words=list(words), pos=list(pos), morphs=list(morphs))
    if lemma_first is not None:
        doc[0].lemma_ = lemma_first  # as the attribute ruler's exceptions do
    return doc


@pytest.mark.slow
@pytest.mark.parametrize("overwrite", [False, True])
def test_nlp_lemmas_same_as_spacys_rule_lemmatizer(nlp, overwrite) -> None:
    lookups = nlp.get_pipe("lemmatizer").lookups
    ref = EnglishLemmatizer(nlp.vocab, None, mode="rule", overwrite=overwrite)
    fast = FastLemmatizer(nlp.vocab, None, mode="rule", overwrite=overwrite)
    ref.lookups = fast.lookups = lookups
    for lemma_first in (None, "insurgent"):
        want = [t.lemma_ for t in ref(_doc(nlp.vocab, lemma_first))]
        for _ in range(2):  # cold, then from the memo
            assert [t.lemma_ for t in fast(_doc(nlp.vocab, lemma_first))] == want
    assert want[:4] == (["rebel", "attack", "two", "village"] if overwrite
                        else ["insurgent", "attack", "two", "village"])


@pytest.mark.slow
def test_nlp_lemmas_pipeline_uses_the_memoised_lemmatizer(nlp) -> None:
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    doc = nlp("The rebels attacked two villages.")
    assert [t.lemma_ for t in doc][:5] == ["the", "rebel", "attack", "two", "village"]


# Forms whose lemma depends on the index tables: suffix rules give several candidates and
# the index picks ("leaves" -> "leaf", "axes"), or none is known (invented words).
INDEXED = [
    ("leaves", "NOUN", "Number=Plur"), ("axes", "NOUN", "Number=Plur"),
    ("wolves", "NOUN", "Number=Plur"), ("crises", "NOUN", "Number=Plur"),
    ("glorbs", "NOUN", "Number=Plur"), ("hoping", "VERB", "Aspect=Prog|Tense=Pres|VerbForm=Part"),
    ("hopped", "VERB", "Tense=Past|VerbForm=Fin"), ("ceased", "VERB", "Tense=Past|VerbForm=Fin"),
    ("flurbed", "VERB", "Tense=Past|VerbForm=Fin"), ("bigger", "ADJ", "Degree=Cmp"),
    ("happiest", "ADJ", "Degree=Sup"), ("faster", "ADV", "Degree=Cmp"),
    ("U.N.", "PROPN", "Number=Sing"), ("3rd", "ADJ", "Degree=Pos"), ("re-elected", "VERB", "Tense=Past|VerbForm=Fin"),
]


@pytest.mark.slow
def test_nlp_lemmas_rule_lemmatize_same_candidates_as_spacys(nlp) -> None:
    lookups = nlp.get_pipe("lemmatizer").lookups
    ref = EnglishLemmatizer(nlp.vocab, None, mode="rule")
    fast = FastLemmatizer(nlp.vocab, None, mode="rule")
    ref.lookups = fast.lookups = lookups
    words, pos, morphs = zip(*(TOKENS + INDEXED), strict=True)
    doc = Doc(nlp.vocab, words=list(words), pos=list(pos), morphs=list(morphs))
    for token in doc:
        assert fast.rule_lemmatize(token) == ref.rule_lemmatize(token), token.text
    assert fast.rule_lemmatize(doc[len(TOKENS)])[0] == "leaf"
