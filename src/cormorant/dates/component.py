"""The ``cormorant_dates`` spaCy component: a date and precision for every event.

For each ``EventMention`` the temporal expressions of its sentence (spaCy DATE/TIME
entities, plus weekday, month and day words the recogniser missed) are resolved against
``doc._.document_date``. Preference: an expression attached to the trigger in the
dependency tree, then one governing a clause above the trigger, then the nearest other
one; finer precision first. "A day later" takes the last date mentioned before it.
Otherwise the document date (precision ``day``); with neither, no date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from cormorant.dates.parse import parse_date
from cormorant.dates.resolve import Resolved, day_offset, resolve_expression
from cormorant.errors import DictionaryError
from cormorant.nlp.extensions import register_extensions
from cormorant.nlp.mentions import EventMention
from cormorant.nlp.tokens import TokenTable, token_table

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_ENT_LABELS = frozenset({"DATE", "TIME"})
_MAX_DEPTH = 12


@dataclass(frozen=True)
class Cues:
    """The word lists of ``data/cues.yaml``."""

    words: frozenset[str]  # day words, weekdays, months
    modifiers: frozenset[str]
    future_aux: frozenset[str]
    future_governors: frozenset[str]
    isolating_deps: frozenset[str]
    clock_after: frozenset[str] = frozenset()  # "1900 hours", "1800 GMT": a time, not a year
    clock_before: frozenset[str] = frozenset()  # "at 1900": a time

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Cues:
        try:
            words = {*data["day_words"], *data["weekdays"], *data["months"]}
            return cls(
                words=frozenset(str(w).lower() for w in words),
                modifiers=frozenset(str(w).lower() for w in data["modifiers"]),
                future_aux=frozenset(str(w).lower() for w in data["future_aux"]),
                future_governors=frozenset(str(w).lower() for w in data["future_governors"]),
                isolating_deps=frozenset(str(w) for w in data["isolating_deps"]),
                clock_after=frozenset(str(w).lower() for w in data.get("clock_after", ())),
                clock_before=frozenset(str(w).lower() for w in data.get("clock_before", ())),
            )
        except (KeyError, TypeError) as e:
            raise DictionaryError(f"bad date cue table: {e}") from e

    def to_data(self) -> dict[str, Any]:
        return {
            "day_words": sorted(self.words), "weekdays": [], "months": [],
            "modifiers": sorted(self.modifiers), "future_aux": sorted(self.future_aux),
            "future_governors": sorted(self.future_governors),
            "isolating_deps": sorted(self.isolating_deps),
            "clock_after": sorted(self.clock_after), "clock_before": sorted(self.clock_before),
        }


def load_cues() -> Cues:
    text = resources.files("cormorant.dates").joinpath("data/cues.yaml").read_text("utf-8")
    try:
        return Cues.from_data(yaml.safe_load(text))
    except yaml.YAMLError as e:
        raise DictionaryError(f"dates/data/cues.yaml is not valid YAML: {e}") from e


@dataclass(frozen=True)
class _Expr:
    """A temporal expression in a sentence and where it hangs in the parse."""

    span: Span
    text: str
    governor: Token | None  # the verb (or root) the expression attaches to
    chain: frozenset[int]  # token indices on the way up from the expression to the root
    isolated: bool  # inside a relative clause, noun modifier clause or appositive


class DateResolver:
    def __init__(self, nlp: Language, name: str = "cormorant_dates") -> None:
        self.name = name
        self.cues: Cues | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None
    ) -> None:
        self.cues = load_cues()

    def __call__(self, doc: Doc) -> Doc:
        events: list[EventMention] = doc._.events or []
        if not events:
            return doc
        cues = self.cues if self.cues is not None else load_cues()
        if self.cues is None:
            self.cues = cues
        anchor = _as_date(doc._.document_date)
        per_sentence: dict[int, list[_Expr]] = {}
        table = token_table(doc)
        for ev in events:
            if ev.date is not None or not 0 <= ev.trigger_start < len(doc):
                continue
            start, end = table.sents[table.sent_of[ev.trigger_start]]
            exprs = per_sentence.get(start)
            if exprs is None:
                exprs = per_sentence[start] = _expressions(doc, table, start, end, cues)
            found = _resolve_event(doc, ev, exprs, anchor, cues, table)
            if found is not None:
                (date, precision), text, how = found
                ev.date, ev.date_precision = date, precision
                ev.notes["date_expr"] = text
                ev.notes["date_rule"] = how
            elif anchor is not None:
                ev.date, ev.date_precision = anchor, "day"
                ev.notes["date_rule"] = "document"
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        cues = self.cues if self.cues is not None else load_cues()
        (p / "cues.json").write_text(json.dumps(cues.to_data(), indent=1), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DateResolver:
        try:
            data = json.loads((Path(path) / "cues.json").read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise DictionaryError(f"cannot read the date cues saved in {path}: {e}") from e
        self.cues = Cues.from_data(data)
        return self


def _as_date(value: object) -> dt.date | None:
    """The document date as a ``date`` (a datetime or an ISO-like string is accepted)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def _expressions(doc: Doc, table: TokenTable, sent_start: int, sent_end: int,
                 cues: Cues) -> list[_Expr]:
    """DATE/TIME entities of the sentence (tokens ``sent_start:sent_end``), and cue words
    outside them."""
    spans: list[Span] = [doc[s:e] for s, e, label in table.ents
                         if label in _ENT_LABELS and s >= sent_start and e <= sent_end]
    covered = {i for e in spans for i in range(e.start, e.end)}
    strings = doc.vocab.strings
    lower = table.lower
    for i in range(sent_start, sent_end):
        if i in covered:
            continue
        low = strings[lower[i]]
        if low not in cues.words:
            continue
        if low == "may" and doc[i].tag_ != "NNP":
            continue
        spans.append(doc[i:i + 1])
    out = []
    for span in sorted(spans, key=lambda s: s.start):
        if _clock_time(doc, span, sent_start, sent_end, cues):
            continue
        start = span.start
        if start > sent_start and doc[start - 1].lower_ in cues.modifiers:
            start -= 1
        text = doc[start:span.end].text
        governor, chain, isolated = _attachment(span.root, cues)
        out.append(_Expr(span, text, governor, chain, isolated))
    return out


def _clock_time(doc: Doc, span: Span, sent_start: int, sent_end: int, cues: Cues) -> bool:
    """A four-digit clock time read as a year: "at 1900", "1900 hours", "1800 GMT"."""
    first = span[0]
    if not (first.like_num and len(first.text) == 4 and first.text.isdigit()):
        return False
    if len(span) > 1 and span[1].lower_ in cues.clock_after:
        return True
    after = doc[span.end].lower_ if span.end < sent_end else ""
    before = doc[span.start - 1].lower_ if span.start > sent_start else ""
    return after in cues.clock_after or before in cues.clock_before


def _attachment(tok: Token, cues: Cues) -> tuple[Token | None, frozenset[int], bool]:
    """The verb a token hangs from, the path up to the root, and whether the path up to
    that verb crosses a relative/noun-modifier clause or an appositive."""
    path = [tok]
    t = tok
    for _ in range(_MAX_DEPTH):
        if t.head is t:
            break
        t = t.head
        path.append(t)
    governor: Token | None = None
    isolated = False
    for i, t in enumerate(path):
        if i > 0 and t.pos_ in ("VERB", "AUX"):
            governor = t
        if t.dep_ in cues.isolating_deps:
            isolated = True
        if governor is not None:
            break
    return governor, frozenset(t.i for t in path), isolated


def _is_future(verb: Token | None, cues: Cues) -> bool:
    """``will meet``, ``is going to meet``, ``plans to meet``, ``is due to meet``."""
    if verb is None:
        return False
    for child in verb.children:
        if child.dep_ != "aux":
            continue
        if child.lower_ in cues.future_aux:
            return True
        if child.lower_ == "to" and verb.dep_ in ("xcomp", "advcl", "acl"):
            head = verb.head
            if head.lemma_.lower() in cues.future_governors or head.lower_ in cues.future_governors:
                return True
    return False


def _trigger_verb(doc: Doc, ev: EventMention) -> Token:
    tok = doc[ev.trigger_start]
    return tok if tok.pos_ in ("VERB", "AUX") or tok.head is tok else tok.head


def _resolve_event(
    doc: Doc, ev: EventMention, exprs: list[_Expr], anchor: dt.date | None, cues: Cues,
    table: TokenTable | None = None,
) -> tuple[Resolved, str, str] | None:
    trigger = set(range(ev.trigger_start, max(ev.trigger_end, ev.trigger_start + 1)))
    trig_tok = doc[ev.trigger_start]
    ancestors = {a.i for a in trig_tok.ancestors}
    ranked: list[tuple[tuple[int, int, int], Resolved, str, str]] = []
    follow: list[tuple[int, _Expr, int]] = []
    for ex in exprs:
        gov = ex.governor
        below = gov is not None and gov.i not in trigger and trig_tok.is_ancestor(gov)
        if trigger & ex.chain and not below:
            rank, how = 0, "attached"
        elif below and gov is not None and _coordinated(gov, trigger):
            rank, how = 1, "shared"  # "scaled the wall and entered the consulate Wednesday"
        elif below:
            continue  # it dates a clause under the trigger, not the trigger
        elif gov is not None and gov.i in ancestors:
            rank, how = 1, "governing"
        elif ex.isolated:
            continue
        else:
            rank, how = 2, "sentence"
        distance = abs(ex.span.start - ev.trigger_start)
        verb = ex.governor if rank else _trigger_verb(doc, ev)
        res = resolve_expression(ex.text, anchor, future=_is_future(verb, cues))
        if res is not None:
            ranked.append(((rank, _PRECISION_RANK.get(res[1], 9), distance), res, ex.text, how))
            continue
        offset = day_offset(ex.text)
        if offset is not None:
            follow.append((rank * 1000 + distance, ex, offset))
    if ranked:
        _, res, text, how = min(ranked, key=lambda r: r[0])
        return res, text, how
    if follow:
        _, ex, offset = min(follow, key=lambda f: f[0])
        prev = _previous_date(doc, ex.span.start, anchor, table)
        if prev is not None:
            (date, precision), _ = prev
            if precision == "day":
                date = date + dt.timedelta(days=offset)
            return (date, precision), ex.text, "follow"
    return None


def _coordinated(tok: Token, trigger: set[int]) -> bool:
    """``tok`` is a conjunct of the trigger (only ``conj`` links between them)."""
    t = tok
    for _ in range(_MAX_DEPTH):
        if t.dep_ != "conj" or t.head is t:
            return False
        t = t.head
        if t.i in trigger:
            return True
    return False


def _previous_date(doc: Doc, before: int, anchor: dt.date | None,
                   table: TokenTable | None = None) -> tuple[Resolved, str] | None:
    """The last resolvable date expression before token ``before``."""
    ents = (table or token_table(doc)).ents
    for start, end, label in reversed(ents):
        if end > before or label not in _ENT_LABELS:
            continue
        text = doc[start:end].text
        res = resolve_expression(text, anchor)
        if res is not None:
            return res, text
    return None


@Language.factory("cormorant_dates")
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return DateResolver(nlp, name)
