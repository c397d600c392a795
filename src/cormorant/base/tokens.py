"""Per-document token attributes as plain Python lists, computed once and shared.

The coding stages look at many tokens but need only a few attributes of most of them.
Creating a spaCy ``Token`` per look (``for t in doc``, ``doc[i]``) costs more than the
decision itself, and ``doc.ents``/``doc.sents`` build new spans on every call. A
``TokenTable`` holds, for one document, the attribute hashes of every token (one
``Doc.to_array`` call), its sentences and its entities, so a stage can skip uninteresting
tokens with list and set look-ups and build ``Token`` objects only for the rest.

The table is kept in ``doc.user_data`` (``TABLE_KEY``). The actor stage, the first after
the parse, rebuilds it; later stages reuse it (``token_table``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc

TABLE_KEY = "cormorant.token_table"
_ATTRS = [LOWER, POS, TAG, LEMMA, SENT_START]


@dataclass(frozen=True, slots=True)
class TokenTable:
    """Attribute hashes by token index (``pos``: the ``spacy.symbols`` id), plus structure."""

    n: int
    lower: list[int]
    pos: list[int]
    tag: list[int]
    lemma: list[int]
    sent_start: list[int]  # 1 where ``Token.is_sent_start`` is true
    sents: list[tuple[int, int]]  # (start, end) of every sentence, as ``doc.sents``
    sent_of: list[int]  # sentence number of every token
    ents: list[tuple[int, int, str]]  # (start, end, label) of every entity, as ``doc.ents``


def build_table(doc: Doc) -> TokenTable:
    """Compute the table of ``doc`` and store it on the doc."""
    n = len(doc)
    if n:
        lower, pos, tag, lemma, sent_start = doc.to_array(_ATTRS).T.tolist()
    else:
        lower, pos, tag, lemma, sent_start = [], [], [], [], []
    if not n:
        sents: list[tuple[int, int]] = []
    elif doc.has_annotation("SENT_START"):
        sents = [(s.start, s.end) for s in doc.sents]
    else:
        sents = [(0, n)]  # no boundaries at all: one sentence (``Doc.sents`` would refuse)
    sent_of = [0] * n
    for k, (s, e) in enumerate(sents):
        sent_of[s:e] = [k] * (e - s)
    table = TokenTable(
        n=n, lower=lower, pos=pos, tag=tag, lemma=lemma, sent_start=sent_start, sents=sents,
        sent_of=sent_of, ents=[(e.start, e.end, e.label_) for e in doc.ents],
    )
    doc.user_data[TABLE_KEY] = table
    return table


def token_table(doc: Doc) -> TokenTable:
    """The stored table of ``doc``, built if missing or stale (the doc changed length)."""
    table = doc.user_data.get(TABLE_KEY)
    if isinstance(table, TokenTable) and table.n == len(doc):
        return table
    return build_table(doc)
