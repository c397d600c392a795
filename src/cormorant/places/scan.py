"""Gazetteer scans over a document's capitalised tokens: the notable names the model
missed, and the small towns of the document's own area (a second, local pass)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from spacy.symbols import PROPN
from spacy.tokens import Doc

from cormorant.places.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_CONTINENT,
    KIND_COUNTRY,
    KIND_OTHER,
    Entry,
    Gazetteer,
    haversine_km,
    normalize,
)
from cormorant.places.toponym import (
    DATELINE_FOLLOWERS,
    NAME_PUNCT,
    OTHER_LABELS,
    DocView,
    Toponym,
    dotted,
)
from cormorant.places.words import PlaceWords


def scan(gaz: Gazetteer, view: DocView, taken: list[bool],
          accept: Callable[[int, int], bool], add: Callable[[int, int], object]) -> None:
    """Longest gazetteer names over capitalised tokens not yet taken, left to right."""
    text, starts, ends, caps = view.text, view.starts, view.ends, view.caps
    words, alpha, names, glued = view.words, view.alpha, view.names, view.glued_starts
    n_tok = len(words)
    max_words = gaz.max_words
    if view.scan_starts is None:
        view.scan_starts = _scan_starts(gaz, view)
    resume = 0
    for i in view.scan_starts:
        if i < resume or taken[i]:
            continue
        # The longest run of name-like tokens from i bounds the n-grams worth trying.
        run = i
        while run < n_tok and run - i < max_words and not taken[run] and (
                alpha[run] or words[run] in NAME_PUNCT or words[run].endswith(".")):
            run += 1
        # A word no name starts with starts none here, unless glued to the next one.
        if i in glued and (run == i + 1 or ends[i] < starts[i + 1]):
            continue
        hit = None
        start = starts[i]
        for j in range(run, i, -1):
            if j - 1 not in caps:
                continue
            known = names.get((i, j))
            if known is None:
                key = normalize(text[start:ends[j - 1]])
                # A bare county name ("DuPage Sheriff") is left to ``accept`` to judge.
                known = names[(i, j)] = gaz.has(key) or gaz.has(key + " county")
            if not known:
                continue
            if accept(i, j):
                hit = (i, j)
                break
        if hit:
            add(*hit)
            resume = hit[1]


def _scan_starts(gaz: Gazetteer, view: DocView) -> list[int]:
    """The tokens where ``scan`` may find a name: capitalised words other than "The"
    (which starts no name: "the hague" is looked up as "hague" anyway), less those no key
    of the gazetteer starts with, unless glued to a next word that may extend them."""
    words, alpha, starts, ends = view.words, view.alpha, view.starts, view.ends
    n_tok = len(words)
    out: list[int] = []
    for i, key1 in view.caps.items():
        w = words[i]
        if not (alpha[i] or dotted(w)) or w.lower() == "the":
            continue
        if key1 != "the" and not gaz.may_start(key1):
            if i + 1 == n_tok or ends[i] < starts[i + 1] or not _name_like(view, i + 1):
                continue
            view.glued_starts.add(i)
        out.append(i)
    return out


def _name_like(view: DocView, k: int) -> bool:
    """Token ``k`` may be part of a name."""
    w = view.words[k]
    return bool(view.alpha[k]) or w in NAME_PUNCT or w.endswith(".")


def detect_local(doc: Doc, gaz: Gazetteer, toponyms: list[Toponym], lex: PlaceWords,
                 local_km: float, view: DocView | None = None,
                 home_region: str | None = None) -> list[Toponym]:
    """Small towns of the document's own area that the first pass left out as not notable:
    local news names its neighbourhood ("the Cottonport area"). ``home_region``: the region
    of the story's source, when known, is its area too."""
    votes: Counter[str] = Counter(t.pick.admin1 for t in toponyms if t.pick and t.pick.admin1)
    home = {a for a, n in votes.items() if n >= 2 and n == max(votes.values())}
    if home_region is not None:
        home.add(home_region)
    points = [(t.pick.lat, t.pick.lon) for t in toponyms
              if t.pick and t.pick.kind in (KIND_CITY, KIND_ADMIN2)]
    if not home and not points:
        return []
    v = view or DocView.of(doc)
    words = v.words
    taken = [False] * len(words)
    for t in toponyms:
        for k in range(t.start, t.end):
            taken[k] = True
    blocked = [False] * len(words)
    for ent, label in zip(v.ents, v.labels, strict=True):
        if label in OTHER_LABELS:
            for k in range(ent.start, ent.end):
                blocked[k] = True
    added: list[Toponym] = []

    def local(e: Entry) -> bool:
        if e.kind not in (KIND_CITY, KIND_ADMIN2):
            return False
        if e.admin1 in home:
            return True
        return any(haversine_km(e.lat, e.lon, la, lo) < local_km for la, lo in points)

    def accept(i: int, j: int) -> bool:
        text = v.span_text(i, j)
        if any(blocked[i:j]) or normalize(text) in gaz.not_places:
            return False
        w = words[i]
        if j - i == 1 and not dotted(w) and (v.pos[i] != PROPN or v.is_stop[i] or len(w) < 3):
            return False
        return any(local(e) for e, alt in v.lookup(gaz, text) if not alt)

    def add(i: int, j: int) -> None:
        text = v.span_text(i, j)
        cands: list[tuple[Entry, bool]] = [
            (e, alt) for e, alt in v.lookup(gaz, text) if not alt and local(e)]
        added.append(Toponym(i, j, text, cands, "local"))
        for k in range(i, j):
            taken[k] = True

    scan(gaz, v, taken, accept, add)
    # A local town the model took for a person ("Alexandria", "Gainesville").
    for ent, label in zip(v.ents, v.labels, strict=True):
        if label != "PERSON" or any(taken[ent.start:ent.end]):
            continue
        before = words[ent.start - 1].lower().rstrip(".") if ent.start > 0 else ""
        if before in lex.titles:
            continue
        root = ent.root
        if root.dep_ == "nsubj" and root.head.lemma_ in lex.speech_verbs:
            continue
        text = v.span_text(ent.start, ent.end)
        if normalize(text) in gaz.not_places:
            continue
        if any(local(e) for e, alt in v.lookup(gaz, text) if not alt):
            add(ent.start, ent.end)
    added.sort(key=lambda t: t.start)
    return added


def gazetteer_only_ok(view: DocView, i: int, j: int, gaz: Gazetteer, blocked: list[bool],
                      min_population: float) -> bool:
    """Tokens ``i:j``, a gazetteer name the model did not tag, count as a place: a notable
    one (a country, region or feature, or a town of ``min_population``), or a dateline."""
    if any(blocked[i:j]):
        return False
    text = view.span_text(i, j)
    if normalize(text) in gaz.not_places:
        return False
    if j - i == 1:
        w = view.words[i]
        if w.isupper() and len(w) >= 4 and j < len(view.words) \
                and view.words[j] in DATELINE_FOLLOWERS:
            # A dateline: "BEIRUT, Lebanon (AP) -", "TORRINGTON -".
            return any(e.kind == KIND_CITY for e, alt in view.lookup(gaz, w) if not alt)
        if w.isupper() and len(w) == 2 and view.alpha[i]:
            # "EU", "UK": a two-letter name counts only for a curated country or region.
            return any(not alt and e.kind in (KIND_COUNTRY, KIND_OTHER)
                       for e, alt in view.lookup(gaz, text))
        if not dotted(w) and (view.pos[i] != PROPN or view.is_stop[i] or len(w) < 3):
            return False
    best = 0.0
    for e, alt in view.lookup(gaz, text):
        if alt:
            continue
        if e.kind in (KIND_COUNTRY, KIND_ADMIN1, KIND_CONTINENT, KIND_OTHER, KIND_ADMIN2):
            return True
        best = max(best, e.population)
    return best >= min_population

