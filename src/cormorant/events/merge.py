"""The ``cormorant_merge`` component: one record per distinct event within a document.

A story often reports one event several times ("China is defending its detention of two
people...", "police ... detained two people", "when they took away two people"). Those
mentions agree on the CAMEO code, the date (or only one has a date of its own) and the polarity, and their actors are the same
or one is a more specific code of the other (``CHN`` and ``CHNCOP``). They become one event:
the one with the most specific actors is kept, and it lists the others in its notes
(``also_reported``: sentence index, trigger offsets and rule of each), so nothing is lost.

Across documents, the store's events level does the same with mention counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cormorant.nlp.extensions import register_extensions
from cormorant.nlp.mentions import ActorMention, EventMention


def _code(m: ActorMention | None) -> str | None:
    return m.code if m is not None else None


def compatible_actor(a: ActorMention | None, b: ActorMention | None) -> bool:
    """Same actor, or one code refines the other (``CHN`` < ``CHNCOP``); both absent counts."""
    ca, cb = _code(a), _code(b)
    if ca is None or cb is None:
        return ca == cb
    if ca == cb:
        return True
    short, long_ = sorted((ca, cb), key=len)
    # A bare sector ("CVL") refines nothing: only a country-bearing code may be widened.
    short_mention = a if ca == short else b
    return short_mention is not None and short_mention.country is not None and long_.startswith(short)


def compatible_date(a: EventMention, b: EventMention) -> bool:
    """Same date, or one mention has only the document's date to go on."""
    if (a.date, a.date_precision) == (b.date, b.date_precision):
        return True
    return a.notes.get("date_rule") == "document" or b.notes.get("date_rule") == "document"


def same_event(a: EventMention, b: EventMention) -> bool:
    return (
        a.cameo == b.cameo
        and a.negated == b.negated
        and a.hypothetical == b.hypothetical
        and compatible_actor(a.source, b.source)
        and compatible_actor(a.target, b.target)
        and compatible_date(a, b)
    )


def _specificity(ev: EventMention) -> tuple[int, int, int]:
    dated = int(ev.notes.get("date_rule") not in (None, "document"))
    return (len(_code(ev.source) or ""), len(_code(ev.target) or ""), dated)


def merge_mentions(events: list[EventMention]) -> list[EventMention]:
    """Merge re-mentions of one event; order follows the first mention of each."""
    groups: list[list[EventMention]] = []
    for ev in sorted(events, key=lambda e: (e.sentence_index, e.trigger_start)):
        for group in groups:
            if all(same_event(ev, other) for other in group):
                group.append(ev)
                break
        else:
            groups.append([ev])
    merged = []
    for group in groups:
        keep = max(group, key=_specificity)  # of equals, max() keeps the first in the text
        others = [e for e in group if e is not keep]
        if others:
            keep.notes["also_reported"] = "; ".join(
                f"sentence {e.sentence_index} tokens {e.trigger_start}-{e.trigger_end} ({e.rule})"
                for e in others
            )
        merged.append(keep)
    merged.sort(key=lambda e: (e.sentence_index, e.trigger_start))
    return merged


class MentionMerger:
    def __init__(self, nlp: Language, name: str = "cormorant_merge") -> None:
        self.name = name

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None) -> None:
        """Nothing to load."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.events:
            doc._.events = merge_mentions(doc._.events)
        return doc


@Language.factory("cormorant_merge")
def make_mention_merger(nlp: Language, name: str) -> MentionMerger:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return MentionMerger(nlp, name)
