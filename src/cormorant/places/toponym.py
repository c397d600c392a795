"""The shared state of geoparsing: a detected toponym, a per-document view of the tokens,
and the word lists and helpers detection and resolution both read."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_ALPHA, IS_STOP, ORTH, POS, SPACY, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from cormorant.places.gazetteer import KIND_ADMIN1, KIND_COUNTRY, Entry, Gazetteer, normalize

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A gazetteer hit inside an entity of these labels is ignored. Names of organisations
# ("Gainesville Police Department") do contain toponyms, so ORG is not among them.
OTHER_LABELS = frozenset({"PERSON", "LANGUAGE", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                          "ORDINAL", "CARDINAL"})
DATELINE_FOLLOWERS = frozenset({",", "(", "-", "\u2014", "\u2013", "--", ":"})
_VIEW_ATTRS = [ORTH, SPACY, IDX, IS_ALPHA, IS_STOP, POS, TAG]
_TAG_POS = get_string_id("POS")  # the tag of a possessive ending


@dataclass(slots=True)
class Toponym:
    """A detected toponym (tokens ``start:end``) while it is being resolved."""

    start: int
    end: int
    text: str
    candidates: list[tuple[Entry, bool]]
    source: str  # "ner", "gazetteer", "demonym", "qualified", "abbrev", "local"
    qualifier: Entry | None = None  # the region or country after "City, ..."
    pick: Entry | None = None
    score: float = 0.0
    scores: dict[int, float] = field(default_factory=dict)



# Tokens that may sit inside a name ("St.", "Winston-Salem", "Martha's", "A&M").
NAME_PUNCT = frozenset({".", "-", "'", "&"})


def dotted(w: str) -> bool:
    """An abbreviation like "U.S." or "S.C." (letters and full stops)."""
    return len(w) >= 3 and w.endswith(".") and w.replace(".", "").isalpha()


@dataclass(slots=True)
class DocView:
    """Token attributes the detectors read many times, as plain lists computed once per
    document: building a spaCy ``Token`` for each look costs more than the look itself."""

    text: str  # doc.text joins every token on each call: read it once
    ents: list[Span]
    labels: list[str]  # label of each entity
    words: list[str]  # token texts
    starts: list[int]  # start character of each token
    ends: list[int]  # end character of each token
    caps: dict[int, str]  # the tokens that start with a capital letter -> their keys
    alpha: list[int]
    is_stop: list[int]
    pos: list[int]  # universal part-of-speech symbol ids
    tag: list[int]  # fine-grained tag string ids
    # (i, j) -> whether tokens i:j are a gazetteer name (or one with "County" after it)
    names: dict[tuple[int, int], bool] = field(default_factory=dict)
    looked_up: dict[str, list[tuple[Entry, bool]]] = field(default_factory=dict)
    scan_starts: list[int] | None = None  # where a gazetteer name may start (``scan``)
    # those of them that start a name only together with the word glued to them
    glued_starts: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        ents = list(doc.ents)
        cols: list[list[int]] = doc.to_array(_VIEW_ATTRS).T.tolist() if len(doc) else [
            [] for _ in _VIEW_ATTRS]
        orth, spaces, starts, alpha, is_stop, pos, tag = cols
        strings = doc.vocab.strings
        # As Token.text and Doc.text do, without making a Token for each.
        words = [strings[o] for o in orth]
        text = "".join([w + " " if sp else w for w, sp in zip(words, spaces, strict=True)])
        return cls(text, ents, [e.label_ for e in ents], words, starts,
                   [a + len(w) for a, w in zip(starts, words, strict=True)],
                   # normalize() of a word of letters only is its case-folded form
                   {i: w.casefold() if alpha[i] else normalize(w) for i, w in enumerate(words)
                    if w[:1].isupper()},
                   alpha, is_stop, pos, tag)

    def lookup(self, gaz: Gazetteer, name: str) -> list[tuple[Entry, bool]]:
        """``gaz.lookup(name)``, once per name and document (the list is shared: read it)."""
        found = self.looked_up.get(name)
        if found is None:
            found = self.looked_up[name] = gaz.lookup(name)
        return found

    def span_text(self, i: int, j: int) -> str:
        """The text of tokens ``i:j``, as ``doc[i:j].text``."""
        return self.text[self.starts[i]:self.ends[j - 1]] if j > i else ""


def clean_span(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner or lowercase modifier and a trailing possessive."""
    words, alpha = view.words, view.alpha
    while start < end and (words[start].lower() in {"the", "a", "an"} or
                           (words[start].islower() and alpha[start]) or
                           not alpha[start] and start not in view.caps):
        start += 1
    while end > start and (view.tag[end - 1] == _TAG_POS or words[end - 1] in {"'s", "'", ","}):
        end -= 1
    return start, end


def region_of(cands: list[tuple[Entry, bool]]) -> Entry | None:
    regs = [e for e, alt in cands if e.kind in (KIND_ADMIN1, KIND_COUNTRY) and not alt]
    if not regs:
        return None
    return max(regs, key=lambda e: (e.kind == KIND_ADMIN1, e.population))


def within(e: Entry, region: Entry) -> bool:
    if e.index == region.index:
        return False
    if region.kind == KIND_COUNTRY:
        return e.country == region.country
    return e.country == region.country and e.admin1 == region.admin1

