"""Turn dictionary matches into coded actor mentions (one pass over the matches).

The steps, each linear in the number of tokens or matches:

1. filter matches (discarded phrases, lower-case common words in cased text, role nouns
   that are not nouns here, country words inside longer person names);
2. keep the longest non-overlapping matches, plus PERSON names and "Mr. X" forms
   (``names``);
3. group adjacent matches into noun-phrase runs ("Japan 's Foreign Minister , Yoriko
   Kawaguchi"; "Hungarian and Romanian officials");
4. code each run: country from the first country word, sector from the head-most specific
   role noun, organisations and people from their entries (dated roles against the
   document date); a capital alone is an actor only when the syntax says it acts.

Within-document resolution (pronouns, "Mr. Kong", "the ministry") is in ``coref``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from cormorant.actors.dictionary import Entry, split_code
from cormorant.actors.words import ActorWords
from cormorant.base.mentions import ActorMention
from cormorant.base.tokens import token_table

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dative"})
FILLER_POS = frozenset({"ADJ", "NUM", "ADV"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Slots in priority order when two slots match exactly the same tokens.
SLOT_PRIORITY = {"actor": 0, "seat": 1, "person": 2, "name": 3, "capital": 4, "demonym": 5,
                 "agent": 6}
COUNTRY_SLOTS = frozenset({"name", "demonym", "capital", "seat"})
# The slots of the countries coordinated before a shared role noun ("Russian and US navies").
_MEMBER_SLOTS = frozenset({"demonym", "name"})


@dataclass(slots=True)
class Seg:
    """A matched stretch of tokens: which slot of which entries, or a bare person name."""

    start: int
    end: int
    slot: str  # a dictionary slot, or "pname" (a PERSON name not in the dictionary)
    entries: list[Entry] = field(default_factory=list)
    honorific: bool = False


@dataclass(slots=True)
class Run:
    segs: list[Seg]
    cc: bool = False  # joined across "and"/"," between country words
    drop: bool = False  # not an actor after all (a capital inside a longer name)

    @property
    def start(self) -> int:
        return self.segs[0].start

    @property
    def end(self) -> int:
        return self.segs[-1].end


@dataclass(slots=True)
class Candidate:
    """A coded mention, or an uncoded name that resolution may still code."""

    mention: ActorMention | None
    run: Run
    name_parts: tuple[str, ...] = ()
    person_like: bool = False
    plural: bool = False
    agent_id: str | None = None
    group: int = -1  # runs split into several members share a group id
    ethnic: bool = False  # "ethnic Albanians": coded where they live when the text says


@dataclass(frozen=True)
class Lexicon:
    entries: Mapping[str, Entry]
    countries: frozenset[str]
    words: ActorWords


def _cased(doc: Doc) -> bool:
    """Whether the text uses capitals at all (usually decided by its first word)."""
    return any(t.text != t.lower_ for t in doc)


def positions(doc: Doc, words: frozenset[str]) -> list[int]:
    """Token indices whose lower-case form is one of ``words`` (no Token objects)."""
    if not len(doc):
        return []
    ids = _hashes(words)
    return [i for i, h in enumerate(token_table(doc).lower) if h in ids]


@functools.cache
def _hashes(words: frozenset[str]) -> frozenset[int]:
    """The string-store ids of ``words`` (a pure function of fixed word lists)."""
    return frozenset(get_string_id(w) for w in words)


def filter_matches(doc: Doc, matches: list[tuple[int, int, str, str]],
                   lex: Lexicon) -> list[tuple[int, int, str, str]]:
    """Drop matches that name no actor here."""
    cased = _cased(doc)
    discard_spans = [(s, e) for s, e, slot, _ in matches if slot == "discard"]
    person_len = {i: end - start for start, end, label in token_table(doc).ents
                  if label == "PERSON" for i in range(start, end)}
    out = []
    for start, end, slot, eid in matches:
        if slot == "discard":
            continue
        if any(ds <= start and end <= de for ds, de in discard_spans):
            continue
        span = doc[start:end]
        if slot == "agent":
            if span[-1].pos_ not in NOUN_POS:
                continue
        elif cased and not _has_capital(span, lex.words):
            continue
        if slot in COUNTRY_SLOTS and person_len.get(start, 0) > end - start:
            continue  # "Chad" in "Chad Smith", "Jordan" in "Michael Jordan"
        if slot in COUNTRY_SLOTS and stance_prefixed(doc, start, lex.words):
            continue  # "an anti-Syria journalist", "pro-Iranian militias" are not theirs
        if slot in COUNTRY_SLOTS and sponsor_suffixed(doc, end, lex.words):
            continue  # "US-backed forces", "Iranian-funded militias" are not the sponsor's
        out.append((start, end, slot, eid))
    return out


def stance_prefixed(doc: Doc, start: int, w: ActorWords) -> bool:
    """"anti-X", "pro-X": a stance towards a country, not membership of it."""
    if start >= 2 and doc[start - 1].text == "-":
        return doc[start - 2].lower_ in w.stance_prefixes
    return start >= 1 and doc[start - 1].lower_.rstrip("-") in w.stance_prefixes \
        and doc[start - 1].lower_.endswith("-")


def sponsor_suffixed(doc: Doc, end: int, w: ActorWords) -> bool:
    """"X-backed", "X-funded": a country that supports an actor, not the actor's own."""
    if end + 1 < len(doc) and doc[end].text == "-":
        return doc[end + 1].lower_ in w.sponsor_suffixes
    return end < len(doc) and doc[end].lower_.lstrip("-") in w.sponsor_suffixes \
        and doc[end].text.startswith("-")


def _has_capital(span: Span, w: ActorWords) -> bool:
    for t in span:
        if t.lower_ in w.lowercase_name_words or not t.is_alpha:
            continue
        return t.text[0].isupper()
    return True


def select_segments(matches: list[tuple[int, int, str, str]], lex: Lexicon) -> list[Seg]:
    """Longest non-overlapping matches; equal spans keep the entries of the best slot."""
    by_span: dict[tuple[int, int], dict[str, list[Entry]]] = {}
    for start, end, slot, eid in matches:
        entry = lex.entries.get(eid)
        if entry is None:
            continue
        slots = by_span.setdefault((start, end), {})
        lst = slots.setdefault(slot, [])
        if entry not in lst:
            lst.append(entry)
    order = sorted(by_span, key=lambda se: (-(se[1] - se[0]), se[0]))
    taken: set[int] = set()
    segs = []
    for start, end in order:
        if any(i in taken for i in range(start, end)):
            continue
        slots = by_span[(start, end)]
        slot = min(slots, key=lambda s: SLOT_PRIORITY.get(s, 9))
        segs.append(Seg(start, end, slot, slots[slot]))
        taken.update(range(start, end))
    segs.sort(key=lambda s: s.start)
    return segs


def build_runs(doc: Doc, segs: list[Seg], w: ActorWords) -> list[Run]:
    """Group segments into noun-phrase runs."""
    runs: list[Run] = []
    for seg in segs:
        if runs and _joins(doc, runs[-1], seg, w):
            run = runs[-1]
            gap = doc[run.end:seg.start]
            if len(gap) == 1 and gap[0].lower_ in ("and", ",", "or") \
                    and run.segs[-1].slot in _MEMBER_SLOTS:
                run.cc = True
            run.segs.append(seg)
        else:
            runs.append(Run([seg]))
    out: list[Run] = []
    for run in runs:
        if run.cc and not any(s.slot == "agent" for s in run.segs):
            out.extend(Run([s]) for s in run.segs)  # "Japan and South Korea": two runs
        else:
            out.append(run)
    return out


def _joins(doc: Doc, run: Run, seg: Seg, w: ActorWords) -> bool:
    prev = run.segs[-1]
    if seg.start == prev.end:
        return not (prev.slot in ("pname", "person") and seg.slot != "pname")
    sent_start = token_table(doc).sent_start
    if any(sent_start[i] == 1 for i in range(prev.end, seg.start + 1)):
        return False
    gap = doc[prev.end:seg.start]
    if len(gap) == 1:
        g = gap[0].text
        if g in w.possessive_marks and prev.slot != "pname":
            return True
        if gap[0].lower_ in ("and", ",", "or") and (
                prev.slot == "demonym" or (prev.slot == "name" and run.cc)):
            # "Hungarian and Romanian officials", "the Russian and US navies"
            return seg.slot in _MEMBER_SLOTS
        if g == "," and seg.slot in ("pname", "person") and prev.slot == "agent" \
                and any(e.person for e in prev.entries):
            return True  # apposition: "Japan's Foreign Minister, Yoriko Kawaguchi"
    if len(gap) <= 2 and seg.slot == "agent" and prev.slot not in ("pname", "person") \
            and all(_filler(t) or (k == 0 and t.text in w.possessive_marks) for k, t in enumerate(gap)):
        return True  # "Chinese armed police", "French paper workers", "Jordan's visiting King"
    if len(gap) <= 3 and seg.slot == "agent" and prev.slot not in ("pname", "person") \
            and any(e.id == "agent.institution" for e in seg.entries) \
            and all(t.pos_ == "PROPN" and t.dep_ == "compound" for t in gap):
        return True  # a body's own name: "the U.N. Conciliation Commission"
    return False


def _filler(t: Token) -> bool:
    if t.pos_ in FILLER_POS or t.tag_ in ("VBN", "VBG"):
        return True
    return t.pos_ == "NOUN" and t.dep_ in ("compound", "amod", "nmod") and t.text.islower()


ORG_LABELS = frozenset({"ORG", "NORP", "FAC"})


@dataclass(frozen=True, slots=True, eq=False)
class Ent:
    """An entity's token span (compared by identity, like the spans it stands for)."""

    start: int
    end: int


def widen_to_entities(doc: Doc, runs: list[Run]) -> None:
    """A run inside a longer organisation name takes the whole name's span
    ("Liberian Peace Council", not "Liberian" and "Council")."""
    ents = [Ent(s, e) for s, e, label in token_table(doc).ents
            if label in ORG_LABELS and not any(doc[i].is_space for i in range(s, e))]
    if not ents:
        return
    owner: dict[int, Ent] = {i: e for e in ents for i in range(e.start, e.end)}
    by_ent: dict[int, list[Run]] = {}
    for r in runs:
        ent = owner.get(r.start)
        if ent is None or owner.get(r.end - 1) is not ent:
            continue
        first = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
        if ent.end - first > r.end - r.start:
            by_ent.setdefault(ent.start, []).append(r)
    for start, members in by_ent.items():
        if len(members) != 1 or members[0].cc:
            continue
        run = members[0]
        if all(seg.slot in ("capital", "seat") for seg in run.segs):
            # "Vienna Convention": a capital inside a longer name is neither actor nor place.
            run.drop = True
            continue
        ent = owner[start]
        first = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
        if any(r is not run and r.start < ent.end and ent.start < r.end for r in runs):
            continue
        for seg in run.segs:
            if seg.slot in ("capital", "seat"):
                seg.slot = "name"  # "White House Correspondents' Association" is only American
        run.segs[0].start = min(run.segs[0].start, first)
        run.segs[-1].end = max(run.segs[-1].end, ent.end)


def capital_is_actor(doc: Doc, start: int, end: int, w: ActorWords) -> bool:
    """Whether a capital names its government here ("Beijing said") or a place."""
    tok = doc[start:end].root
    hops = 0
    while tok.dep_ == "conj" and tok.head is not tok and hops < 5:
        tok, hops = tok.head, hops + 1
    dep = tok.dep_
    if dep == "poss":
        return tok.head.lemma_.lower() not in w.place_nouns
    if dep in SUBJECT_DEPS:
        return True
    if dep == "pobj":
        prep = tok.head
        return prep.lower_ in w.actor_preps or prep.dep_ == "agent"
    if dep == "dobj":
        return tok.head.lemma_.lower() not in w.motion_verbs
    return False


def _seg_country(seg: Seg, day: dt.date | None, lex: Lexicon) -> tuple[str, str] | None:
    if seg.slot in COUNTRY_SLOTS:
        e = seg.entries[0]
        return e.code, e.id
    if seg.slot in ("actor", "person"):
        e = seg.entries[0]
        country, _ = split_code(e.code_on(day), lex.countries)
        if country:
            return country, e.id
    return None


def _pick(entries: list[Entry], day: dt.date | None) -> Entry:
    """Among entries matching the same words, the one whose dated role covers ``day``."""
    if len(entries) > 1 and day is not None:
        for e in entries:
            if any(r.covers(day) for r in e.roles):
                return e
    return entries[0]


def _is_plural(t: Token) -> bool:
    return t.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(t.morph)


def code_runs(doc: Doc, runs: list[Run], lex: Lexicon,
              day: dt.date | None) -> tuple[list[Candidate], dict[int, tuple[str, str]]]:
    """Candidates in text order, and the countries of capitals used as places (by token)."""
    cands: list[Candidate] = []
    places: dict[int, tuple[str, str]] = {}
    group = 0
    for run in runs:
        segs = run.segs
        if run.drop:
            continue
        for s in segs:
            if len(s.entries) > 1:
                best = _pick(s.entries, day)
                s.entries = [best] + [e for e in s.entries if e is not best]
        if len(segs) == 1 and segs[0].slot == "capital":
            s = segs[0]
            if not capital_is_actor(doc, s.start, s.end, lex.words):
                for i in range(s.start, s.end):
                    places[i] = (s.entries[0].code, s.entries[0].id)
                continue
        if run.cc:
            group += 1
            cands.extend(_code_compound(doc, run, lex, day, group))
            continue
        cand = _code_run(doc, run, lex, day)
        if cand is not None:
            cands.append(cand)
    return cands, places


def _code_compound(doc: Doc, run: Run, lex: Lexicon, day: dt.date | None,
                   group: int) -> list[Candidate]:
    """'Hungarian and Romanian officials': one mention per country, sharing the role noun."""
    tail_start = next(k for k, s in enumerate(run.segs) if s.slot not in _MEMBER_SLOTS)
    tail = run.segs[tail_start:]
    members = run.segs[:tail_start]
    out = []
    for k, seg in enumerate(members):
        sub = Run([seg] + tail if k == len(members) - 1 else [seg])
        cand = _code_run(doc, Run([seg] + tail), lex, day)
        if cand is None or cand.mention is None:
            continue
        m = cand.mention
        m.start, m.end = sub.start, sub.end
        m.head = doc[run.start:run.end].root.i
        cand.run, cand.group, cand.plural = sub, group, True
        out.append(cand)
    return out


def _code_run(doc: Doc, run: Run, lex: Lexicon, day: dt.date | None) -> Candidate | None:
    segs = run.segs
    span = doc[run.start:run.end]
    head = span.root.i
    entries: list[str] = []
    country: str | None = None
    for s in segs:
        c = _seg_country(s, day, lex)
        if c is not None and s.slot in COUNTRY_SLOTS:
            country = c[0]
            entries.append(c[1])
            break
    agents = [s for s in segs if s.slot == "agent"]
    strong = [s for s in agents if not s.entries[0].weak]
    sector_seg = (strong or agents)[-1] if agents else None
    sector = sector_seg.entries[0].sector if sector_seg else None
    agent_ids = [s.entries[0].id for s in agents]
    orgs = [s for s in segs if s.slot in ("actor", "seat")]
    people = [s for s in segs if s.slot == "person"]
    pnames = [s for s in segs if s.slot == "pname"]
    name_toks = (doc[i] for s in people + pnames for i in range(s.start, s.end))
    name_parts = tuple(t.text for t in name_toks
                       if t.is_alpha and t.lower_ not in lex.words.honorifics and len(t) > 1)
    head_tok = doc[sector_seg.end - 1] if sector_seg else doc[head]
    plural = _is_plural(head_tok) if sector_seg else False
    person_like = bool(people or pnames) or (
        sector_seg is not None and any(e.person for e in sector_seg.entries) and not plural)
    cand = Candidate(None, run, name_parts, person_like, plural,
                     sector_seg.entries[0].id if sector_seg else None)
    kind = "agent"
    code: str
    if orgs:
        org = orgs[0]
        e = org.entries[0]
        if org.slot == "seat":
            base = e.code + "GOV"
        else:
            base = e.code_on(day)
        o_country, o_sector = split_code(base, lex.countries)
        kind = "org" if org.slot == "actor" else "seat"
        if o_country and not o_sector and sector:
            base = o_country + sector
        code = base
        country, sector = split_code(code, lex.countries)
        entries = [e.id] + agent_ids
    elif people:
        e = people[0].entries[0]
        p_code = e.code_on(day)
        p_country, p_sector = split_code(p_code, lex.countries)
        kind = "person"
        if sector is not None:  # a title: its sector, the run's or the person's country
            country = country or p_country
            code = (country or "") + sector
        elif p_country is None or country is None or country == p_country:
            code, country, sector = p_code, p_country, p_sector
        else:
            code, sector = country + (p_sector or ""), p_sector
        entries = entries + [e.id] + agent_ids
    elif sector is not None:
        code = (country or "") + sector
        entries = entries + agent_ids
        if pnames:
            kind = "person"
    elif country is not None:
        first = next(s for s in segs if s.slot in COUNTRY_SLOTS)
        if len(segs) == 1 and first.slot == "capital":
            kind, sector = "capital", "GOV"
        elif first.slot == "seat":
            kind, sector = "seat", "GOV"
        elif first.slot == "demonym":
            last = doc[first.end - 1]
            kind = "people" if _is_plural(last) or last.pos_ in NOUN_POS else "demonym"
            cand.plural = _is_plural(last)
        else:
            kind = "country"
        code = country + (sector or "")
    else:
        # A bare name: coded only if resolution finds who it is.
        return cand if name_parts else None
    if not code:
        return cand if name_parts else None
    cand.mention = ActorMention(
        start=run.start, end=run.end, code=code, country=country, sector=sector,
        entries=tuple(dict.fromkeys(entries)), kind=kind, head=head,
    )
    cand.ethnic = run.start > 0 and doc[run.start - 1].lower_ == "ethnic" \
        and segs[0].slot == "demonym"
    return cand
