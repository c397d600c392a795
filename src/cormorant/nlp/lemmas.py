"""``cormorant_lemmatizer``: spaCy's English rule lemmatizer, one memo lookup a token.

spaCy's rule lemmatizer already caches its answer by (form, POS, morphology), but still
builds a ``Token``, its ``MorphAnalysis`` and a key tuple for every token, and sets the lemma
through the string store: on news text that is most of its time. This subclass reads the
same three values for the whole document in one array, keeps the lemma's hash per key, asks
spaCy's own ``lemmatize`` only for keys it has not seen, and writes the lemmas back in one
array. The lemma of a token is spaCy's (same tables, same rules, same key), so the
annotations do not change; serialisation is the parent's (the lookup tables).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline.lemmatizer import lemmatizer_score
from spacy.tokens import Doc


class FastLemmatizer(EnglishLemmatizer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (orth, pos, morph) -> lemma hash; as spaCy's own cache, one entry per key seen.
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            rows: Any = doc.to_array([ORTH, POS, MORPH, LEMMA])  # uint64, one row a token
            lemmas = rows[:, 3:4].copy()  # one column, as from_array takes it
            memo, add = self._memo, self.vocab.strings.add
            for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
                if lemma and not self.overwrite:
                    continue  # set before (the attribute ruler's exceptions)
                found = memo.get((orth, pos, morph))
                if found is None:
                    found = memo[(orth, pos, morph)] = add(self.lemmatize(doc[i])[0])
                lemmas[i, 0] = found
            doc.from_array([LEMMA], lemmas)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's handler decides (raises by default)
            error_handler(self.name, self, [doc], e)
            return doc


@Language.factory("cormorant_lemmatizer", assigns=["token.lemma"],
                  default_config={"mode": "rule", "overwrite": False}, default_score_weights={})
def make_fast_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> FastLemmatizer:
    scorer: Callable[..., Any] = lemmatizer_score
    return FastLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite, scorer=scorer)
