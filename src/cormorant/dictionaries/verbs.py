"""Reader for PETRARCH verb dictionaries (the TABARI-derived format of PETRARCH 1 and 2).

- ``&NAME`` opens a synonym set; its ``+WORD`` / ``+&OTHER`` lines follow.
- ``--- NAME [CODE] ---`` opens a verb block; ``VERB {IRREGULAR FORMS}`` and
  ``VERB [CODE]`` lines name its verbs (multi-word verbs mark the inflected word with
  ``+``: ``+SPEAK_UP``, ``HAND_+PICK``); regular forms (-S, -ED, -ING) are generated.
- ``- LOWER * UPPER [CODE]`` patterns: words before ``*`` precede the verb, words after it
  follow; ``_`` joins words that must be adjacent; ``$`` source, ``+`` target, ``^`` skip,
  ``%`` compound actor, ``&SET`` any phrase of a set; parentheses (PETRARCH2) are dropped.
  ``[A:B]`` codes A for source->target and B for target->source (``[:B]`` only the
  latter); ``[---]`` codes nothing.
- ``~ a (a b ATTACK) SAY = a b 015`` transformations (PETRARCH2's TRANSFORMATIONS section)
  are read and kept (``VerbDictionary.transformations``); ``dictionaries.transforms``
  resolves their verb names and the event coder applies them (``events.transform``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cormorant.dictionaries.lines import ReadError, content_lines, phrase_words
from cormorant.dictionaries.model import (
    Pattern,
    PatternElem,
    Problem,
    Source,
    Transformation,
    VerbBlock,
    VerbForm,
)

__all__ = ["VerbDictionary", "parse_transformation", "read_verbs", "regular_forms"]

_HEADER = re.compile(r"^-{3}\s*(.*?)\s*((?:\[[^\]]*\]\s*)*)-{3}\s*$")
_CODE = re.compile(r"\[([^\]]*)\]")
_EVENT_CODE = re.compile(r"[0-9A-Za-z]{0,5}(?::[0-9A-Za-z]{1,5})?|-{3}|\+{3}|#{3}|\?{3}")
MARKERS = frozenset({"$", "+", "^", "%"})
_TRANSFORM = re.compile(
    r"^~\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*$")


class VerbDictionary:
    """Synonym sets and verb blocks of one or more verb files."""

    def __init__(self) -> None:
        self.synsets: dict[str, list[tuple[str, ...]]] = {}
        self.blocks: list[VerbBlock] = []
        self.transformations: list[Transformation] = []

    def expand(self, name: str, seen: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
        """Phrases of a synonym set, nested sets expanded (cycles cut)."""
        out: list[tuple[str, ...]] = []
        for phrase in self.synsets.get(name, ()):
            if len(phrase) == 1 and phrase[0].startswith("&"):
                inner = phrase[0][1:]
                if inner not in seen:
                    out.extend(self.expand(inner, seen | {name}))
            else:
                out.append(phrase)
        return out


def regular_forms(word: str) -> tuple[str, ...]:
    """Base, -S, -ED and -ING forms of a regular English verb (upper case)."""
    if word.endswith("E"):
        return (word, word + "S", word + "D", word[:-1] + "ING")
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return (word, word[:-1] + "IES", word[:-1] + "IED", word + "ING")
    if word.endswith(("S", "SH", "CH", "X", "Z")):
        return (word, word + "ES", word + "ED", word + "ING")
    return (word, word + "S", word + "ED", word + "ING")


def _verb_words(text: str) -> tuple[tuple[str, ...], int]:
    """Words of a (multi-word) verb and the index of the inflected one (marked ``+``)."""
    raw = [w for w in re.split(r"[\s_]+", text.strip().upper()) if w]
    if not raw:
        raise ReadError("empty verb")
    head = next((i for i, w in enumerate(raw) if w.startswith("+")), 0)
    words = tuple(w.lstrip("+") for w in raw)
    if not all(words):
        raise ReadError(f"bad verb {text!r}")
    return words, head


def _verb_form(text: str, source: Source) -> VerbForm:
    code: str | None = None
    codes = _CODE.findall(text)
    text = _CODE.sub(" ", text)
    if codes:
        code = _event_code(codes[0])
    irregular: list[str] = []
    m = re.search(r"\{([^}]*)\}", text)
    if m:
        irregular = m.group(1).split()
        text = text[:m.start()] + text[m.end():]
    if "{" in text or "}" in text:
        raise ReadError("unbalanced { }")
    words, head = _verb_words(text)
    forms = [(*words[:head], f, *words[head + 1:]) for f in regular_forms(words[head])]
    for form in irregular:
        forms.append(_verb_words(form)[0])
    return VerbForm(words, head, tuple(dict.fromkeys(forms)), code, source)


def _event_code(body: str) -> str:
    code = body.strip().upper().rstrip("?")
    if not code or not _EVENT_CODE.fullmatch(code):
        raise ReadError(f"bad event code [{body}]")
    return code


def _side(text: str) -> tuple[PatternElem, ...]:
    """Elements of one side of a pattern, in text order; ``tight`` = joined to the previous by ``_``."""
    out: list[PatternElem] = []
    for chunk in text.split():
        parts = chunk.split("_")
        for i, part in enumerate(parts):
            if not part:
                continue
            out.append(PatternElem(part.upper(), tight=i > 0))
    return tuple(out)


def parse_pattern(text: str, source: Source) -> Pattern:
    """One ``- ... * ... [CODE]`` line (without the leading ``-``)."""
    codes = _CODE.findall(text)
    if len(codes) != 1:
        raise ReadError("a pattern needs exactly one [CODE]")
    body = _CODE.sub(" ", text).replace("(", " ").replace(")", " ")
    if body.count("*") != 1:
        raise ReadError("a pattern needs exactly one * for the verb")
    lower_t, upper_t = body.split("*")
    lower_tight_to_verb = lower_t.endswith("_")
    upper_tight_to_verb = upper_t.startswith("_")
    lower = list(_side(lower_t))
    upper = list(_side(upper_t))
    # Lower elements are stored from the verb outwards: tight means next to the one before
    # it in that order (the verb for the first).
    rev: list[PatternElem] = []
    for i in range(len(lower) - 1, -1, -1):
        tight = lower_tight_to_verb if i == len(lower) - 1 else lower[i + 1].tight
        rev.append(PatternElem(lower[i].text, tight))
    if upper:
        upper[0] = PatternElem(upper[0].text, upper_tight_to_verb)
    return Pattern(tuple(rev), tuple(upper), _event_code(codes[0]), source)


def parse_transformation(text: str, source: Source) -> Transformation:
    """``~ a (a b ATTACK) SAY = a b 015`` (a comment after ``#`` is already gone)."""
    m = _TRANSFORM.match(text)
    if not m:
        raise ReadError("bad transformation (~ a (b c VERB) VERB = a b CODE)")
    outer, in_src, in_tgt, in_verb, out_verb, r_src, r_tgt, r_code = m.groups()
    return Transformation(outer, (in_src, in_tgt, in_verb.upper()), out_verb.upper(),
                          (r_src, r_tgt, r_code.upper()), source)


def read_verbs(path: Path, problems: list[Problem], into: VerbDictionary | None = None) -> VerbDictionary:
    """Read one verb file into ``into`` (or a new dictionary); bad lines go to ``problems``."""
    d = into or VerbDictionary()
    synset: str | None = None
    block: _Block | None = None

    def close() -> None:
        if block is not None:
            d.blocks.append(VerbBlock(block.name, block.code, tuple(block.verbs),
                                      tuple(block.patterns), block.source))

    for n, line, _ in content_lines(path, problems):
        text = line.strip()
        src = Source(path.name, n)
        try:
            if text.startswith("~"):
                d.transformations.append(parse_transformation(text, src))
                continue
            if text.startswith("---"):
                m = _HEADER.match(text)
                if not m:
                    raise ReadError("bad verb block header (--- VERB [CODE] ---)")
                close()
                codes = _CODE.findall(m.group(2))
                synset = None
                block = _Block(m.group(1), _event_code(codes[0]) if codes else "---", src)
            elif text.startswith("&"):
                synset = text[1:].split()[0].rstrip("_").upper()
                d.synsets.setdefault(synset, [])
            elif text.startswith("- "):
                if block is None:
                    raise ReadError("pattern outside a verb block")
                synset = None
                block.patterns.append(parse_pattern(text[1:], src))
            elif synset is not None and text.startswith("+"):
                d.synsets[synset].append(phrase_words(text[1:].replace("_", " "))
                                         if not text[1:].startswith("&")
                                         else (text[1:].split()[0].rstrip("_").upper(),))
            elif block is not None and not block.patterns:
                block.verbs.append(_verb_form(text, src))
            elif block is not None:
                raise ReadError("verb line after the block's patterns")
            else:
                raise ReadError("line outside any synonym set or verb block")
        except ReadError as e:
            problems.append(Problem(path.name, n, str(e)))
    close()
    return d


@dataclass
class _Block:
    """A verb block while it is being read."""

    name: str
    code: str
    source: Source
    verbs: list[VerbForm] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
