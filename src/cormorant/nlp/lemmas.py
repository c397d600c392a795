"""``cormorant_lemmatizer``: spaCy's English rule lemmatizer, one memo lookup a token.

spaCy's rule lemmatizer already caches its answer by (form, POS, morphology), but still
builds a ``Token``, its ``MorphAnalysis`` and a key tuple for every token, and sets the lemma
through the string store: on news text that is most of its time. This subclass reads the
same three values for the whole document in one array, keeps the lemma's hash per key, asks
spaCy's own ``lemmatize`` only for keys it has not seen, and writes the lemmas back in one
array. The lemma of a token is spaCy's (same tables, same rules, same key), so the
annotations do not change; serialisation is the parent's (the lookup tables).

spaCy's ``rule_lemmatize`` tests each candidate form with ``form in index``, and the index
tables are lists (57,528 forms in the largest): a linear scan per suffix rule, most of the
lemmatizer's time on a key's first sight. ``rule_lemmatize`` here is spaCy's with the index
held as a set.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors, Warnings
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline.lemmatizer import lemmatizer_score
from spacy.tokens import Doc, Token


class FastLemmatizer(EnglishLemmatizer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (orth, pos, morph) -> lemma hash; as spaCy's own cache, one entry per key seen.
        self._memo: dict[tuple[int, int, int], int] = {}
        # POS -> the index table's forms as a set, for the table object they came from.
        self._index_sets: dict[str, frozenset[str]] = {}
        self._index_of: object = None

    def _index(self, index_table: Any, univ_pos: str) -> frozenset[str]:
        if index_table is not self._index_of:  # new tables (initialize, from_disk)
            self._index_sets, self._index_of = {}, index_table
        found = self._index_sets.get(univ_pos)
        if found is None:
            found = self._index_sets[univ_pos] = frozenset(index_table.get(univ_pos, ()))
        return found

    def rule_lemmatize(self, token: Token) -> list[str]:
        """spaCy's ``Lemmatizer.rule_lemmatize`` (3.8), the index looked up as a set."""
        cache_key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        if cache_key in self.cache:
            return self.cache[cache_key]
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            if univ_pos == "":
                warnings.warn(Warnings.W108, stacklevel=2)
            return [string.lower()]
        if self.is_base_form(token):
            return [string.lower()]
        index_table = self.lookups.get_table("lemma_index", {})
        exc_table = self.lookups.get_table("lemma_exc", {})
        rules_table = self.lookups.get_table("lemma_rules", {})
        if not any((index_table.get(univ_pos), exc_table.get(univ_pos),
                    rules_table.get(univ_pos))):
            return [string] if univ_pos == "propn" else [string.lower()]
        index = self._index(index_table, univ_pos)
        exceptions = exc_table.get(univ_pos, {})
        rules = rules_table.get(univ_pos, {})
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        self.cache[cache_key] = forms
        return forms

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
