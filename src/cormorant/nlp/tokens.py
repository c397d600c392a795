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

import numpy
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IS_ALPHA,
    IS_SPACE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.tokens import Doc

TABLE_KEY = "cormorant.token_table"
_ATTRS = [LOWER, POS, TAG, DEP, HEAD, SENT_START, LEMMA, ENT_IOB, ENT_TYPE, IS_ALPHA, IS_SPACE,
          ORTH]
_HEAD, _SENT_START = 4, 5


@dataclass(frozen=True, slots=True)
class TokenTable:
    """Attribute hashes by token index (``pos``: the ``spacy.symbols`` id), plus structure."""

    n: int
    lower: list[int]
    pos: list[int]
    tag: list[int]
    dep: list[int]
    head: list[int]  # absolute index of the head (a root is its own head)
    sent_start: list[int]  # 1 where ``Token.is_sent_start`` is true
    lemma: list[int]
    is_alpha: list[int]
    is_space: list[int]
    orth: list[int]  # the token's text
    sents: list[tuple[int, int]]  # (start, end) of every sentence, as ``doc.sents``
    sent_of: list[int]  # sentence number of every token
    ents: list[tuple[int, int, str]]  # (start, end, label) of every entity, as ``doc.ents``


def build_table(doc: Doc) -> TokenTable:
    """Compute the table of ``doc`` and store it on the doc."""
    n = len(doc)
    if not n:
        table = TokenTable(n=0, lower=[], pos=[], tag=[], dep=[], head=[], sent_start=[],
                           lemma=[], is_alpha=[], is_space=[], orth=[], sents=[], sent_of=[],
                           ents=[])
        doc.user_data[TABLE_KEY] = table
        return table
    arr = doc.to_array(_ATTRS)
    # HEAD is a signed offset stored unsigned; make it an absolute index.
    head = (arr[:, _HEAD].astype(numpy.int64) + numpy.arange(n)).tolist()
    starts = arr[:, _SENT_START] == 1
    if "sents" in doc.user_hooks:
        sents = [(s.start, s.end) for s in doc.sents]
        sent_of = [0] * n
        for k, (s, e) in enumerate(sents):
            sent_of[s:e] = [k] * (e - s)
    else:
        # The same boundaries as ``Doc.sents``: a token after the first with sent_start 1.
        # (No boundaries at all make one sentence, where ``Doc.sents`` would refuse.)
        starts[0] = False
        bounds = [0, *(numpy.flatnonzero(starts).tolist()), n]
        sents = list(zip(bounds[:-1], bounds[1:], strict=True))
        sent_of = numpy.cumsum(starts).tolist()
    cols = arr.T.tolist()
    table = TokenTable(
        n=n, lower=cols[0], pos=cols[1], tag=cols[2], dep=cols[3], head=head,
        sent_start=cols[_SENT_START], lemma=cols[6], is_alpha=cols[9], is_space=cols[10],
        orth=cols[11], sents=sents, sent_of=sent_of, ents=_ents(doc, arr[:, 7], arr[:, 8]),
    )
    doc.user_data[TABLE_KEY] = table
    return table


def token_table(doc: Doc) -> TokenTable:
    """The stored table of ``doc``, built if missing or stale (the doc changed length)."""
    table = doc.user_data.get(TABLE_KEY)
    if isinstance(table, TokenTable) and table.n == len(doc):
        return table
    return build_table(doc)


def _ents(doc: Doc, iob: numpy.ndarray, ent_type: numpy.ndarray) -> list[tuple[int, int, str]]:
    # As ``Doc.ents``: B (3) with a type opens an entity, which runs until the next token
    # that is not I (1); O (2), missing (0) and any B close it.
    opens = numpy.flatnonzero((iob == 3) & (ent_type != 0))
    if not len(opens):
        return []
    breaks = numpy.append(numpy.flatnonzero(iob != 1), len(iob))
    ends = breaks[numpy.searchsorted(breaks, opens, side="right")]
    strings = doc.vocab.strings
    labels = ent_type[opens].tolist()
    return [(s, e, strings[lab]) for s, e, lab in zip(opens.tolist(), ends.tolist(), labels,
                                                        strict=True)]
