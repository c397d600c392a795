"""Dictionary phrases as a look-up table of token-id sequences, and the scan that finds them.

This does what spaCy's ``PhraseMatcher`` did for the actor stage, without its build cost:
the matcher needs a ``Doc`` per phrase (``nlp.make_doc``, which makes a lexeme for every new
word), which for the ~78,000 phrases of the Phoenix set took about 5 s of CPU and some 100 MB.
Here a phrase is a tuple of string-store
ids (``LOWER`` or ``ORTH`` values), and its tokens come from ``PhraseTokenizer``, which
splits plain names itself and asks the spaCy tokenizer only about the rest.

The matches are the ``PhraseMatcher``'s, in its order: every phrase at every start,
shorter ones first, and the keys of one phrase in the order of the matcher's hash table
(``preshed``'s, replayed on the same insertions), so the coding downstream is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from preshed.maps import PreshMap
from spacy.strings import get_string_id

__all__ = ["Label", "PhraseTable", "PhraseTokenizer"]

Label = tuple[str, str]  # (slot, entry id)
SEP = "\t"
# A piece the tokenizer may keep whole, or split only at its hyphens: letters, single
# hyphens between them. Anything else (dots, digits, apostrophes) goes to spaCy.
_PLAIN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WORDS = re.compile(r"(?:[^\W\d_]|-)+")  # letters and hyphens only


class PhraseTokenizer:
    """The tokens spaCy's tokenizer gives a dictionary phrase, mostly without calling it.

    A phrase of single-space-separated plain pieces (letters, hyphens between letters) is
    split here when the tokenizer's own rules agree: no special case for the piece, no
    prefix or suffix, no URL/token match, and infixes exactly at its hyphens ("Bosnia-
    Herzegovina" gives "Bosnia", "-", "Herzegovina"). Every other phrase is tokenized by
    ``make_doc``. If the tokenizer has special cases made of words and hyphens or spaces
    (which it would apply across such pieces), or is not spaCy's, everything goes to it.
    """

    def __init__(self, nlp: Any) -> None:
        self.make_doc = nlp.make_doc
        tok = nlp.tokenizer
        self.rules: frozenset[str] = frozenset(getattr(tok, "rules", None) or ())
        self.prefix = getattr(tok, "prefix_search", None)
        self.suffix = getattr(tok, "suffix_search", None)
        self.infix = getattr(tok, "infix_finditer", None)
        self.whole = [m for m in (getattr(tok, "token_match", None), getattr(tok, "url_match", None)) if m]
        self.enabled = all(hasattr(tok, a) for a in ("rules", "prefix_search", "suffix_search",
                                                     "infix_finditer")) \
            and not any(self._spans_pieces(k) for k in self.rules)
        self._pieces: dict[str, tuple[str, ...] | None] = {}
        # word -> its id, word -> its lower case's id (one int object per string: the
        # tables share them)
        self._orth: dict[str, int] = {}
        self._lower: dict[str, int] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        """The tokens of ``text``."""
        words = self.split(text)
        return words if words is not None else tuple(t.text for t in self.make_doc(text))

    def split(self, text: str) -> tuple[str, ...] | None:
        """The tokens of ``text`` if it can be split without spaCy, else None."""
        if not self.enabled:
            return None
        pieces = self._pieces
        out: list[str] = []
        for piece in text.split(" "):
            words = pieces[piece] if piece in pieces else pieces.setdefault(
                piece, self._split_piece(piece))
            if words is None:
                return None
            out += words
        return tuple(out)

    def ids(self, text: str, *, lower: bool) -> tuple[int, ...]:
        """The ``LOWER`` (or else ``ORTH``) ids of the tokens of ``text``."""
        words = self.split(text)
        if words is None:
            doc = self.make_doc(text)
            return tuple(t.lower if lower else t.orth for t in doc)
        cache = self._lower if lower else self._orth
        out = []
        for w in words:
            found = cache.get(w)
            if found is None:
                found = cache[w] = self._id(w.lower() if lower else w)
            out.append(found)
        return tuple(out)

    def _id(self, word: str) -> int:
        """The id of ``word``, the same int object for every word that has it."""
        found = self._orth.get(word)
        if found is None:
            found = self._orth[word] = get_string_id(word)
        return found

    def _spans_pieces(self, rule: str) -> bool:
        """A special case the tokenizer could apply to the tokens of plain pieces: one
        with an inner space, or of letters and hyphens that its rules would split."""
        inner = rule.strip()
        if any(c.isspace() for c in inner):
            return True
        if not _WORDS.fullmatch(inner):
            return False
        return "-" in inner or any(bool(f and f(inner)) for f in (self.prefix, self.suffix)) \
            or bool(self.infix and any(True for _ in self.infix(inner)))

    def _split_piece(self, piece: str) -> tuple[str, ...] | None:
        if not _PLAIN.fullmatch(piece) or piece in self.rules:
            return None
        if (self.prefix and self.prefix(piece)) or (self.suffix and self.suffix(piece)):
            return None
        for match in self.whole:
            if match(piece):
                return None
        if "-" not in piece:
            if self.infix:
                for _ in self.infix(piece):
                    return None
            return (piece,)
        parts = piece.split("-")
        hyphens, at = [], -1
        for part in parts[:-1]:
            at += len(part) + 1
            hyphens.append((at, at + 1))
        if not self.infix or [(m.start(), m.end()) for m in self.infix(piece)] != hyphens:
            return None
        words: list[str] = []
        for part in parts:
            words += [part, "-"]
        return tuple(words[:-1])


class PhraseTable:
    """Token-id tuples -> labels, with the lengths of the phrases each first token starts."""

    def __init__(self, phrases: dict[tuple[int, ...], tuple[Label, ...]]) -> None:
        self.phrases = phrases
        lengths: dict[int, set[int]] = {}
        for ids in phrases:
            lengths.setdefault(ids[0], set()).add(len(ids))
        self.lengths = {first: tuple(sorted(ns)) for first, ns in lengths.items()}

    @classmethod
    def build(cls, items: Iterable[tuple[Label, tuple[int, ...]]]) -> PhraseTable:
        """From ``(label, token ids)`` in the order they would be added to a PhraseMatcher."""
        first: dict[tuple[int, ...], Label] = {}
        more: dict[tuple[int, ...], list[Label]] = {}  # phrases of several labels (few)
        for label, ids in items:
            if not ids:
                continue
            seen = first.get(ids)
            if seen is None:
                first[ids] = label
            elif ids in more:
                more[ids].append(label)
            elif seen != label:
                more[ids] = [seen, label]
            # (the same label again changes nothing: a matcher's map just sets the key again,
            # and it never grows on that, as it grows as soon as it is full enough)
        one: dict[Label, tuple[Label, ...]] = {}  # one 1-tuple per label
        phrases: dict[tuple[int, ...], tuple[Label, ...]] = {}
        for ids, label in first.items():
            phrases[ids] = one.get(label) or one.setdefault(label, (label,))
        for ids, labels in more.items():
            phrases[ids] = _matcher_order(labels)
        return cls(phrases)

    def find(self, ids: list[int]) -> list[tuple[int, int, Label]]:
        """``(start, end, label)`` of every phrase in ``ids``: by start, shorter first."""
        out: list[tuple[int, int, Label]] = []
        n = len(ids)
        phrases, lengths = self.phrases, self.lengths
        # Few tokens start a phrase: find them in one pass, then try their lengths.
        for i in [i for i, first in enumerate(ids) if first in lengths]:
            for k in lengths[ids[i]]:
                if i + k > n:
                    break
                labels = phrases.get(tuple(ids[i:i + k]))
                if labels:
                    out.extend((i, i + k, label) for label in labels)
        return out


def _matcher_order(labels: list[Label]) -> tuple[Label, ...]:
    """The distinct labels in the order a PhraseMatcher yields them for one phrase: the
    iteration order of its ``preshed`` map after the same insertions."""
    by_hash = {get_string_id(slot + SEP + eid): (slot, eid) for slot, eid in labels}
    table = PreshMap()  # the matcher's phrase-end maps start at 8 cells too
    for slot, eid in labels:
        table[get_string_id(slot + SEP + eid)] = 0
    return tuple(by_hash[key] for key in table.keys())
