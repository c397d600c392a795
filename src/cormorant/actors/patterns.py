"""Phrase patterns from dictionary entries, and the matchers that find them.

Two phrase tables: one on ``LOWER`` (most names and every role noun, so lower-case text is
coded too) and one on ``ORTH`` for names that are only names when written as such
(acronyms like "US" or "WHO", people's surnames). A match is labelled ``(slot, entry id)``
where the slot says which field of the entry matched (name, demonym, capital, seat, agent,
actor, person, discard).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from cormorant.actors.dictionary import Entry
from cormorant.actors.phrases import Label, PhraseTable, PhraseTokenizer
from cormorant.base.tokens import token_table

# Demonyms ending like these are their own plural ("Chinese", "British", "Swiss").
_INVARIANT_ENDINGS = ("ese", "sh", "ch", "ss", "s", "x", "z")


@dataclass(frozen=True)
class Pattern:
    text: str
    slot: str
    entry_id: str
    exact: bool


def pluralise(phrase: str) -> str:
    """Plural of the head of an English noun phrase (regular rules and -man).

    The head is the last word, or the word before "of" ("heads of state").
    """
    if " of " in phrase:
        before, _, after = phrase.partition(" of ")
        return f"{pluralise(before)} of {after}"
    if phrase.endswith("."):
        return phrase
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if low.endswith("man") and low not in ("german", "human", "roman", "ottoman", "oman"):
        plural = last[:-3] + ("MEN" if last.isupper() else "men")
    elif low.endswith("person"):
        plural = last[:-6] + "people"
    elif low.endswith("child"):
        plural = last + "ren"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif low.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def _demonym_plural(word: str) -> str | None:
    low = word.lower()
    if low.endswith(_INVARIANT_ENDINGS) or low.endswith("man") or low.endswith("men"):
        return None
    return pluralise(word)


def _variants(phrase: str) -> set[str]:
    """Spacing variants: multi-word phrases also hyphenated, hyphenated ones also spaced."""
    out = {phrase}
    if " " in phrase and phrase.count(" ") <= 2:
        out.add(phrase.replace(" ", "-"))
    if "-" in phrase:
        out.add(phrase.replace("-", " "))
    return out


def _is_exact(name: str, entry: Entry) -> bool:
    if entry.type == "person" or name in entry.exact:
        return True
    # Acronyms without dots ("US", "WHO", "CAR") are words in lower case. (``isupper``
    # first: it is False for most names; it lets uncased letters through, the loop not.)
    return name.isupper() and "." not in name and all(c.isupper() for c in name if c.isalpha())


def _acronym(name: str) -> bool:
    """An all-capital single word of four letters or more ("NATO", not "UN" or "WHO")."""
    return len(name) >= 4 and name.isalpha() and name.isupper()


def entry_patterns(entry: Entry) -> Iterator[Pattern]:
    """Every phrase an entry contributes, with its slot."""
    if entry.type == "agent":
        for noun in entry.names:
            # Nouns listed under `exact` are roles only in a name ("the Labour Party").
            exact = noun in entry.exact
            for form in {noun, pluralise(noun)}:
                for v in _variants(form):
                    yield Pattern(v, "agent", entry.id, exact)
        return
    slot_of = {"country": "name", "actor": "actor", "person": "person", "discard": "discard"}
    fields: list[tuple[str, Iterable[str]]] = [(slot_of[entry.type], entry.names)]
    if entry.type == "country":
        demonyms: set[str] = set()
        for d in entry.demonyms:
            demonyms.add(d)
            plural = _demonym_plural(d)
            if plural:
                demonyms.add(plural)
        fields += [("demonym", sorted(demonyms)), ("capital", entry.capitals),
                   ("seat", entry.seats)]
    for slot, names in fields:
        for name in names:
            exact = _is_exact(name, entry)
            for v in _variants(name):
                yield Pattern(v, slot, entry.id, exact)
            if exact and _acronym(name):
                # British style writes longer acronyms as names: "Nato", "Opec", "Unicef".
                yield Pattern(name.capitalize(), slot, entry.id, True)


class Matchers:
    """The two phrase tables (``LOWER`` and ``ORTH``) built from entries.

    They give what two spaCy ``PhraseMatcher``s over the same phrases gave, in the same
    order, for a fraction of the build time and memory (see ``cormorant.actors.phrases``).
    """

    def __init__(self, nlp: Language, entries: Iterable[Entry]) -> None:
        by_key: dict[tuple[Label, bool], set[str]] = {}
        for entry in entries:
            for p in entry_patterns(entry):
                by_key.setdefault(((p.slot, p.entry_id), p.exact), set()).add(p.text)
        tokenize = PhraseTokenizer(nlp)
        lower: list[tuple[Label, tuple[int, ...]]] = []
        exact: list[tuple[Label, tuple[int, ...]]] = []
        # Key by key, each key's phrases sorted: the order they went into the matchers.
        for (label, is_exact), texts in by_key.items():
            for text in sorted(texts):
                (exact if is_exact else lower).append((label, tokenize.ids(text, lower=not is_exact)))
        self.lower = PhraseTable.build(lower)
        self.exact = PhraseTable.build(exact)

    def __call__(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """``(start, end, slot, entry_id)`` of every match, sorted by position."""
        if not len(doc):
            return []
        # The lower-case forms are in the document's token table already.
        lower, orth = token_table(doc).lower, doc.to_array(ORTH).tolist()
        out = [(start, end, slot, eid)
               for table, ids in ((self.lower, lower), (self.exact, orth))
               for start, end, (slot, eid) in table.find(ids)]
        out.sort(key=lambda m: (m[0], -m[1]))
        return out
