"""``cormorant_attribute_ruler``: spaCy's attribute ruler, matched by table look-up.

The model's attribute ruler maps tags (and some words) to POS, morphology and lemma
exceptions with 179 Matcher patterns; spaCy's Matcher tries every pattern at every
token, which made it the third costliest step of the parse. Nearly all the patterns
are single tokens keyed on TAG and LOWER, so they are indexed by those values and only
the few candidates a token can match are checked. Matches come out exactly as the
Matcher's would (same tuples, same order), and spaCy's own ``set_annotations`` applies
them, so the annotations are identical. Patterns using anything else (operators,
other attributes) fall back to the Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import attribute_ruler_score
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["FastAttributeRuler"]

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}

# (column, "eq" | "in" | "not_in", value or frozenset of values)
Test = tuple[int, str, Any]


class _Unsupported(Exception):
    """A pattern the table matcher does not handle: use spaCy's Matcher."""


class _Compiled:
    """Single-token patterns indexed by (tag, lower), tag, lower or nothing; the
    multi-token ones kept in a list."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.by_tag_lower: dict[tuple[int, int], list[tuple[int, list[Test]]]] = {}
        self.by_tag: dict[int, list[tuple[int, list[Test]]]] = {}
        self.by_lower: dict[int, list[tuple[int, list[Test]]]] = {}
        self.anywhere: list[tuple[int, list[Test]]] = []
        # Multi-token patterns by the first token's LOWER values where it has one.
        self.multi_by_lower: dict[int, list[tuple[int, list[list[Test]]]]] = {}
        self.multi: list[tuple[int, list[list[Test]]]] = []
        self.match_ids = [strings[str(i)] for i in range(len(ruler.attrs))]
        entries: list[Any] = list(ruler.patterns)
        for attr_id, entry in enumerate(entries):
            for pattern in entry["patterns"]:
                specs = [_compile_token(tok, strings) for tok in pattern]
                if len(specs) == 1:
                    self._index(attr_id, specs[0])
                elif specs:
                    lowers = _keys(specs[0], _COLUMNS["LOWER"])
                    for lo in lowers or ():
                        self.multi_by_lower.setdefault(lo, []).append((attr_id, specs))
                    if lowers is None:
                        self.multi.append((attr_id, specs))

    def _index(self, attr_id: int, spec: list[Test]) -> None:
        tags = _keys(spec, _COLUMNS["TAG"])
        lowers = _keys(spec, _COLUMNS["LOWER"])
        entry = (attr_id, spec)
        if tags is not None and lowers is not None:
            for t in tags:
                for lo in lowers:
                    self.by_tag_lower.setdefault((t, lo), []).append(entry)
        elif tags is not None:
            for t in tags:
                self.by_tag.setdefault(t, []).append(entry)
        elif lowers is not None:
            for lo in lowers:
                self.by_lower.setdefault(lo, []).append(entry)
        else:
            self.anywhere.append(entry)

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found: list[tuple[int, int, int, int]] = []
        empty: list[Any] = []
        ids = self.match_ids
        n_rows = len(rows)
        for i, row in enumerate(rows):
            tag, lower = row[0], row[1]
            for group in (self.by_tag_lower.get((tag, lower), empty), self.by_tag.get(tag, empty),
                          self.by_lower.get(lower, empty), self.anywhere):
                for attr_id, spec in group:
                    if _passes(spec, row):
                        found.append((attr_id, ids[attr_id], i, i + 1))
            for attr_id, specs in self.multi_by_lower.get(lower, empty):
                if _sequence(specs, rows, i, n_rows):
                    found.append((attr_id, ids[attr_id], i, i + len(specs)))
        for attr_id, specs in self.multi:
            for start in range(n_rows - len(specs) + 1):
                if _sequence(specs, rows, start, n_rows):
                    found.append((attr_id, ids[attr_id], start, start + len(specs)))
        found.sort()
        return found


def _compile_token(tok: dict[str, Any], strings: Any) -> list[Test]:
    tests: list[Test] = []
    for key, value in tok.items():
        col = _COLUMNS.get(key)
        if col is None:
            raise _Unsupported(key)

        def code(v: Any, key: str = key) -> int:
            if key == "IS_SPACE":
                if not isinstance(v, bool):
                    raise _Unsupported(f"{key}={v!r}")
                return int(v)
            if not isinstance(v, str):
                raise _Unsupported(f"{key}={v!r}")
            return int(strings[v]) if v else 0

        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
                raise _Unsupported(f"{key}: {value!r}")
            op, values = next(iter(value.items()))
            if op == "REGEX":
                if key == "IS_SPACE" or not isinstance(values, str):
                    raise _Unsupported(f"{key}: {value!r}")
                tests.append((col, "regex", _Regex(values, strings)))
                continue
            tests.append((col, "in" if op == "IN" else "not_in", frozenset(code(v) for v in values)))
        else:
            tests.append((col, "eq", code(value)))
    return tests


class _Regex:
    """A REGEX test on a string attribute, as the Matcher runs it (``re.search``),
    remembered per string: the same words come back all the time."""

    def __init__(self, pattern: str, strings: Any) -> None:
        self.regex = re.compile(pattern)
        self.strings = strings
        self.seen: dict[int, bool] = {}

    def __call__(self, key: int) -> bool:
        hit = self.seen.get(key)
        if hit is None:
            hit = self.seen[key] = bool(self.regex.search(self.strings[key] if key else ""))
        return hit


def _keys(spec: list[Test], col: int) -> Iterable[int] | None:
    for c, op, value in spec:
        if c == col and op == "eq":
            return (value,)
        if c == col and op == "in":
            return value
    return None


def _sequence(specs: list[list[Test]], rows: list[list[int]], start: int, n_rows: int) -> bool:
    if start + len(specs) > n_rows:
        return False
    return all(_passes(spec, rows[start + k]) for k, spec in enumerate(specs))


def _passes(spec: list[Test], row: list[int]) -> bool:
    for col, op, value in spec:
        v = row[col]
        if op == "eq":
            if v != value:
                return False
        elif op == "in":
            if v not in value:
                return False
        elif op == "not_in":
            if v in value:
                return False
        elif not value(v):
            return False
    return True


class FastAttributeRuler(AttributeRuler):
    """``AttributeRuler`` with table matching (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: _Compiled | None = None
        self._fallback = False

    def clear(self) -> None:
        super().clear()
        self._compiled, self._fallback = None, False

    def add(self, patterns: Any, attrs: dict[str, Any], index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled, self._fallback = None, False

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._compiled is None and not self._fallback:
            try:
                self._compiled = _Compiled(self)
            except _Unsupported:
                self._fallback = True
        if self._compiled is None:
            return super().match(doc)
        return self._compiled.matches(doc)

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        # spaCy's builds a Span per match to find the target token; the arithmetic is enough.
        for match in matches:
            attr_id, _, start, end = match
            index = self.indices[attr_id]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                super().set_annotations(doc, [match])  # raises spaCy's own error for it
            set_token_attrs(doc[i], self.attrs[attr_id])


@Language.factory("cormorant_attribute_ruler", default_config={"validate": False},
                  default_score_weights={})
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=attribute_ruler_score)
