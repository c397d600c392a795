"""Person names the dictionaries do not list: PERSON entities and "Mr. X" forms."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from cormorant.actors.recognize import Seg, positions
from cormorant.actors.words import ActorWords
from cormorant.nlp.tokens import token_table


def add_person_names(doc: Doc, segs: list[Seg], w: ActorWords) -> list[Seg]:
    """PERSON entities and "Mr. X" not already matched become ``pname`` segments."""
    covered = {i: s for s in segs for i in range(s.start, s.end)}
    new: list[Seg] = []
    for ent_start, ent_end, label in token_table(doc).ents:
        if label != "PERSON":
            continue
        i = ent_start
        while i < ent_end:
            if i in covered or not _name_token(doc[i]):
                i += 1
                continue
            j = i
            while j < ent_end and j not in covered and _name_token(doc[j]):
                j += 1
            new.append(Seg(i, j, "pname"))
            i = j
    # Merge a pname into an adjacent dictionary person match ("George" + "Bush").
    merged = sorted(segs + new, key=lambda s: s.start)
    out: list[Seg] = []
    for s in merged:
        prev = out[-1] if out else None
        if prev is not None and prev.end == s.start and {prev.slot, s.slot} == {"person", "pname"}:
            person = prev if prev.slot == "person" else s
            out[-1] = Seg(prev.start, s.end, "person", person.entries)
            continue
        out.append(s)
    return _honorifics(doc, out, w)


def _name_token(t: Token) -> bool:
    return t.is_alpha and t.text[:1].isupper() or (t.text in ("-", ".") and t.i > 0)


def _honorifics(doc: Doc, segs: list[Seg], w: ActorWords) -> list[Seg]:
    starts = {s.start: k for k, s in enumerate(segs)}
    covered = {i for s in segs for i in range(s.start, s.end)}
    extra: list[Seg] = []
    for i in positions(doc, w.honorifics):
        t = doc[i]
        if t.i + 1 >= len(doc):
            continue
        nxt = t.i + 1
        if nxt in starts and segs[starts[nxt]].slot in ("pname", "person"):
            seg = segs[starts[nxt]]
            seg.start, seg.honorific = t.i, True
            continue
        if nxt in covered or not (doc[nxt].is_alpha and doc[nxt].text[:1].isupper()):
            continue
        end = nxt
        while end < len(doc) and end not in covered and doc[end].is_alpha \
                and doc[end].text[:1].isupper():
            end += 1
        extra.append(Seg(t.i, end, "pname", honorific=True))
    return sorted(segs + extra, key=lambda s: s.start) if extra else segs
