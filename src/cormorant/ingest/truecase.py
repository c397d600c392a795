"""Case restoration for all-lowercase and ALL-CAPS texts, before parsing.

Feeds, headlines and some archives come in one case. The parser and the name finders
rely on capitals, so such a text is given back the case of known names (countries,
demonyms, capitals, organisations, people, large cities), of sentence starts, of the
pronoun "I" and of weekdays and months. Only the case of letters changes: the restored
text has the same length as the original, so every character offset stays valid.

Mixed-case text is left alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml

from cormorant.errors import DictionaryError

__all__ = ["CaseStyle", "TrueCaser", "restore_case", "text_case"]

CaseStyle = Literal["lower", "upper", "mixed"]

# A word: letters/digits with inner hyphens, dots or apostrophes ("U.S.", "al-Qaeda",
# "O'Neill"); a possessive "'s" is not part of the word ("Turkey's").
_WORD = re.compile(r"[^\W_]+(?:[.\-][^\W_]+|['\u2019](?!s\b)[^\W_]+)*\.?")
# A sentence start: the text start, or a sentence end then space, or a blank line.
_START = re.compile(r"(?:^|(?<=[.!?])[\"'\u201d)]?\s+|\n\s*\n)[\"'\u201c(]?([^\W\d_])")
# A full stop after these ends an abbreviation, not a sentence ("the U.N. war crimes court").
_ABBREVIATION = re.compile(r"(?:\b(?:[a-z]\.){2,}|\b(?:mr|mrs|ms|dr|st|gen|col|lt|sen|rep|gov|"
                           r"no|vs|jan|feb|aug|sept|oct|nov|dec)\.)\s*$")
_MIN_LETTERS = 20  # below this a text has too little evidence for its case


def text_case(text: str) -> CaseStyle:
    """``"lower"`` or ``"upper"`` when (nearly) every letter is in one case."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    total = upper + lower
    if total < _MIN_LETTERS:
        return "mixed"
    if upper <= total * 0.005:
        return "lower"
    if lower <= total * 0.02:
        return "upper"
    return "mixed"


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w.lower().rstrip(".") or w for w in words)


@dataclass(frozen=True)
class TrueCaser:
    """Restores the case of known names; build with :meth:`from_names`."""

    forms: Mapping[tuple[str, ...], str]  # lower-case word tuple -> the cased phrase
    max_words: int
    ambiguous: frozenset[str]  # single words never restored from a name list alone
    # word -> (cased form, words before it, words after it) that make it a name ("the us")
    contextual: Mapping[str, tuple[str, frozenset[str], frozenset[str]]]

    @classmethod
    def from_names(cls, names: Iterable[str]) -> TrueCaser:
        """A truecaser for ``names`` plus the bundled word list (``data/truecase.yaml``)."""
        data = _bundled()
        forms: dict[tuple[str, ...], str] = {}
        for name in [*data["words"], *names]:
            if not any(ch.isupper() for ch in name) or len(name.lower()) != len(name):
                continue
            words = _WORD.findall(name)
            if not words or " ".join(words) != " ".join(name.split()):
                continue  # punctuation we do not tokenise the same way: skip it
            forms.setdefault(_key(words), " ".join(words))
        return cls(forms, max((len(k) for k in forms), default=1), frozenset(data["ambiguous"]),
                   data["contextual"])

    def restore(self, text: str, style: CaseStyle | None = None) -> str:
        """``text`` with case restored; unchanged when its case is mixed."""
        style = style or text_case(text)
        if style == "mixed":
            return text
        chars = list(text.lower())
        matches = list(_WORD.finditer(chars_text := "".join(chars)))
        i = 0
        while i < len(matches):
            for n in range(min(self.max_words, len(matches) - i), 0, -1):
                span = matches[i:i + n]
                if any(span[j + 1].start() - span[j].end() != 1 for j in range(n - 1)):
                    continue  # names are words separated by one space
                key = _key(m.group() for m in span)
                form = self.forms.get(key)
                if n == 1 and key[0] in self.contextual:
                    form = self._in_context(key[0], matches, i, chars_text)
                elif n == 1 and key[0] in self.ambiguous:
                    form = None
                if form is None:
                    continue
                start, end = span[0].start(), span[-1].end()
                _paint(chars, start, end, form, chars_text)
                i += n - 1
                break
            else:
                self._hyphenated(matches[i], chars, chars_text)
            i += 1
        for m in _START.finditer(chars_text):
            if not _ABBREVIATION.search(chars_text, 0, m.start()):
                chars[m.start(1)] = chars[m.start(1)].upper()
        for m in re.finditer(r"(?<![^\W\d_])i(?=\b|')(?![.\-])", chars_text):
            chars[m.start()] = "I"
        return "".join(chars)


    def _hyphenated(self, m: re.Match[str], chars: list[str], text: str) -> None:
        """Parts of a hyphenated word: "us-led", "anti-syria", "pro-nato"."""
        if "-" not in m.group():
            return
        pos = m.start()
        for part in m.group().split("-"):
            key = (part,)
            form = self.forms.get(key)
            if part in self.contextual:
                form = self.contextual[part][0]
            elif part in self.ambiguous:
                form = None
            if form is not None:
                _paint(chars, pos, pos + len(part), form, text)
            pos += len(part) + 1

    def _in_context(self, word: str, matches: list[re.Match[str]], i: int, text: str) -> str | None:
        """The cased form of an ambiguous word when a neighbour shows it is a name."""
        form, before, after = self.contextual[word]
        end = matches[i].end()
        if end < len(text) and text[end] == "-":
            return form  # "us-led", "us-backed"
        prev = matches[i - 1].group() if i > 0 else ""
        nxt = matches[i + 1].group() if i + 1 < len(matches) else ""
        return form if prev in before or nxt.rstrip(".") in after else None


def _paint(chars: list[str], start: int, end: int, form: str, lower_text: str) -> None:
    """Copy the case of ``form`` onto ``chars[start:end]``, letter by letter."""
    letters = [c for c in form if not c.isspace()]
    k = 0
    for pos in range(start, end):
        if lower_text[pos].isspace():
            continue
        if k < len(letters) and letters[k].lower() == lower_text[pos]:
            chars[pos] = letters[k]
        k += 1


@functools.cache
def _bundled() -> dict[str, Any]:
    """Weekdays, months and other always-capitalised words; ambiguous words, and the
    neighbours that make some of them names (``data/truecase.yaml``)."""
    path = "data/truecase.yaml"
    try:
        data = yaml.safe_load(resources.files("cormorant.ingest").joinpath(path).read_text("utf-8"))
        words = tuple(str(e["form"]) for e in data["words"])
        ambiguous = tuple(str(e["id"]).lower() for e in data["ambiguous"])
        contextual = {
            str(e["id"]).lower(): (str(e["form"]), frozenset(e.get("after", ())),
                                   frozenset(e.get("before", ())))
            for e in data["contextual"]
        }
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as e:
        raise DictionaryError(f"cormorant/ingest/{path}: {e}") from e
    return {"words": words, "ambiguous": ambiguous, "contextual": contextual}


def restore_case(text: str, names: Iterable[str] = ()) -> str:
    """One-off restoration (builds a truecaser; reuse :class:`TrueCaser` for many texts)."""
    return TrueCaser.from_names(names).restore(text)
